"""The one way tests run the ``chiso`` command line: in-process, output captured."""

from __future__ import annotations

import contextlib
import io
import json
import os
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


def run_cli(*argv: object) -> CliResult:
    """``chiso ARGV…`` in this process; the exit code and what it printed."""
    from chiso_desktop.cli.main import main

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse usage errors and --version
            code = int(exc.code or 0)
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
