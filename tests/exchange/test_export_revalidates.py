"""Issue 12 item 7: ready means ready. A period marked ready and sent, then edited so it
holds an error (a part larger than its whole, so a computed rate of 125 %), cannot be
exported again until it is fixed, and its status says "changed since sent: send again"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import CliResult, ok, run_cli
from tests.support.ward import PASSPHRASE, Ward, cchc_ward, file_state

S1 = "2026S1"


def sent_then_broken(root: Path) -> Ward:
    """VP entered 27 of 52 tasks done, marked ready and sent; then typed 65 done."""
    ward = cchc_ward(root)
    vp = ward.departments["VP"]
    ok(run_cli("--db", vp, "values", "set", "--period", S1, "BM1.2.1=52", "BM1.2.2=27"))
    ok(run_cli("--db", vp, "values", "ready", "--period", S1))
    ok(run_cli("--db", vp, "export", "--period", S1, "--out", root / "first.chiso"))
    ok(run_cli("--db", vp, "values", "set", "--period", S1, "--reason", "đối chiếu sổ",
               "BM1.2.2=65"))
    return ward


@pytest.fixture
def ward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Ward:
    monkeypatch.setenv("CHISO_PASSPHRASE", PASSPHRASE)
    return sent_then_broken(tmp_path)


def _vp(ward: Ward, *args: object) -> CliResult:
    return run_cli("--db", ward.departments["VP"], *args)


def test_the_broken_period_cannot_be_exported(ward: Ward, tmp_path: Path) -> None:
    vp = ward.departments["VP"]
    before = file_state(vp)
    result = _vp(ward, "export", "--period", S1, "--out", tmp_path / "second.chiso")
    assert result.code == 3, result
    assert "Traceback" not in result.err
    assert "Cần sửa 2 lỗi trước khi xuất" in result.err, result.err
    assert "BM1.2:" in result.err and "125,0%" in result.err  # the computed rate
    assert "BM1.2.2:" in result.err and "(65) lớn hơn" in result.err  # the part > whole
    assert not (tmp_path / "second.chiso").exists()
    assert file_state(vp) == before


def test_the_status_says_send_again_until_it_is_fixed_and_sent(ward: Ward,
                                                                tmp_path: Path) -> None:
    listed = ok(_vp(ward, "values", "list", "--period", S1)).out
    assert "Đã sửa sau khi gửi: cần gửi lại" in listed.splitlines()[0], listed
    shown = ok(_vp(ward, "period", "show", S1, "--json")).json()
    assert shown["changed_since_sent"] is True, shown
    assert "cần gửi lại" in ok(_vp(ward, "period", "show", S1)).out

    ok(_vp(ward, "values", "set", "--period", S1, "--reason", "sửa lại", "BM1.2.2=45"))
    assert ok(_vp(ward, "period", "show", S1, "--json")).json()["changed_since_sent"] is True
    ok(_vp(ward, "export", "--period", S1, "--out", tmp_path / "fixed.chiso"))
    assert ok(_vp(ward, "period", "show", S1, "--json")).json()["changed_since_sent"] is False
    assert "gửi lại" not in ok(_vp(ward, "values", "list", "--period", S1)).out
