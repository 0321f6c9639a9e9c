"""Each PDF form's text layout and page count match the golden files in tests/reference/pdf/.

``pdftotext -layout`` keeps columns and line breaks, so a change in wording,
order, wrapping or pagination shows up as a readable diff. After an intended
change, rewrite them with ``pytest tests/reports/test_golden.py --regenerate-golden``
and review ``git diff tests/reference``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from chiso_desktop.reports.pdf.forms import build_form
from tests.support.pdf import reader, sample_for

REFERENCE = Path(__file__).resolve().parent.parent / "reference" / "pdf"
FORMS = ("period-report", "cchc", "cover", "completeness", "targets")

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="pdftotext (poppler-utils) is not installed")


def _layout_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    res = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, check=True, timeout=60)
    return res.stdout.decode("utf-8")


@pytest.mark.parametrize("form", FORMS)
def test_form_matches_its_golden_text_and_page_count(form: str, tmp_path: Path,
                                                     request: pytest.FixtureRequest) -> None:
    data, settings = sample_for(form)
    pdf = build_form(form, data, settings)
    text, pages = _layout_text(pdf, tmp_path), len(reader(pdf).pages)
    golden, counts_file = REFERENCE / f"{form}.layout.txt", REFERENCE / "pages.json"
    counts = json.loads(counts_file.read_text(encoding="utf-8")) if counts_file.exists() else {}
    if request.config.getoption("--regenerate-golden"):
        REFERENCE.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        counts[form] = pages
        counts_file.write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n",
                               encoding="utf-8")
        return
    assert golden.exists(), f"no golden file for {form}: run with --regenerate-golden"
    assert pages == counts.get(form), f"{form}: {pages} pages, golden {counts.get(form)}"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{form}: the text layout changed; if intended, run with --regenerate-golden "
        "and review git diff tests/reference")
