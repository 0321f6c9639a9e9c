"""Text the CLI prints (notes, names, history, messages) cannot drive the terminal."""

from __future__ import annotations

import json
from pathlib import Path

from chiso_desktop.cli.context import one_line, terminal_safe
from tests.support.cli import run_cli
from tests.support.ward import MONTH, Ward

HOSTILE = "Lan\x1b]0;owned\x07\x1b[2J\r\u202eabc\x9b31m"
UNSAFE = ("\x1b", "\x07", "\r", "\u202e", "\x9b")


def test_terminal_safe_escapes_controls_and_bidi_overrides() -> None:
    shown = terminal_safe(HOSTILE)
    assert not any(c in shown for c in UNSAFE)
    assert shown == "Lan\\x1b]0;owned\\x07\\x1b[2J\\x0d\\u202eabc\\x9b31m"
    assert terminal_safe("Nguyễn Thị Hà\ndòng 2") == "Nguyễn Thị Hà\ndòng 2"  # text stays
    assert one_line("ghi chú\nOK: giả") == "ghi chú\\nOK: giả"


def test_history_notes_and_reasons_print_escaped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CHISO_USER", HOSTILE)
    ward = Ward(run_cli, tmp_path / "w")
    ward.add_department("KT")
    assert ward.run("KT", "values", "set", "--period", MONTH, "D.3.1=12").code == 0
    assert ward.run("KT", "values", "set", "--period", MONTH, "D.3.1=13", "--reason",
                    "sửa\nOK: nothing changed\x1b[1A").code == 0
    res = ward.run("KT", "values", "history", "D.3.1", "--period", MONTH)
    assert res.code == 0
    assert not any(c in res.out for c in UNSAFE), repr(res.out)
    assert "\\x1b" in res.out and "\\nOK: nothing changed" in res.out
    assert len(res.out.strip().splitlines()) == 2  # one line per change, none forged
    data = ward.run("KT", "values", "history", "D.3.1", "--period", MONTH, "--json")
    assert not any(c in data.out for c in UNSAFE)
    assert json.loads(data.out)[0]["actor"] == HOSTILE  # JSON keeps the exact text
