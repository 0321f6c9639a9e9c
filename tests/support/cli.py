"""The one way tests run the ``chiso`` command line: in-process, output captured.

``run_cli`` builds the argument parser once per UI language and reuses it (building it
costs ≈20 ms, and the suite runs the CLI over a thousand times); the parser holds only
the translated help texts, so parsing and the commands are exactly those of ``chiso``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chiso_desktop import i18n


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


_PARSERS: dict[tuple[Callable[[], argparse.ArgumentParser], str], argparse.ArgumentParser] = {}


def _once_per_language(
        build: Callable[[], argparse.ArgumentParser]) -> Callable[[], argparse.ArgumentParser]:
    """``build``, remembered per UI language (the texts are the only thing that varies)."""

    def parser() -> argparse.ArgumentParser:
        key = (build, i18n.language())
        if key not in _PARSERS:
            _PARSERS[key] = build()
        return _PARSERS[key]

    return parser


def run_cli(*argv: object) -> CliResult:
    """``chiso ARGV…`` in this process; the exit code and what it printed."""
    from chiso_desktop.cli import main as cli_main

    real = cli_main.build_parser
    cli_main.build_parser = _once_per_language(real)  # type: ignore[assignment]
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = cli_main.main([str(a) for a in argv])
            except SystemExit as exc:  # argparse usage errors and --version
                code = int(exc.code or 0)
    finally:
        cli_main.build_parser = real
    # The CLI sets the language from its environment; give the next test the default back.
    i18n.set_language(os.environ.get("CHISO_LANG", "vi"))
    return CliResult(code, stdout.getvalue(), stderr.getvalue())


def ok(result: CliResult) -> CliResult:
    """``result``, after checking the command succeeded (its output in the failure)."""
    assert result.code == 0, (result.out, result.err)
    return result


def run(*argv: object) -> str:
    """``chiso ARGV…`` that must succeed; its standard output."""
    result = run_cli(*argv)
    assert result.code == 0, (
        f"chiso {' '.join(map(str, argv))} → {result.code}\n{result.out}{result.err}")
    return result.out
