from __future__ import annotations

import pytest

from chiso_desktop.reports.gather_office import head_title
from chiso_desktop.reports.pdf.forms import FORMS, UnknownFormError
from chiso_desktop.reports.render import FORM_NAMES, render_form


@pytest.mark.parametrize(("name", "title"), [
    ("Phòng Kinh tế, Hạ tầng và Đô thị", "TRƯỞNG PHÒNG"),
    ("Trung tâm Phục vụ Hành chính công", "GIÁM ĐỐC"),
    ("Văn phòng HĐND-UBND", "CHÁNH VĂN PHÒNG"),
    ("Công an phường", "TRƯỞNG CÔNG AN"),
    ("Tổ công tác", "THỦ TRƯỞNG ĐƠN VỊ"),
])
def test_cover_is_signed_by_the_departments_head(name: str, title: str) -> None:
    assert head_title(name) == title


def test_every_pdf_form_has_a_gatherer() -> None:
    assert set(FORM_NAMES) == set(FORMS)


def test_unknown_form_is_refused_before_touching_the_store() -> None:
    with pytest.raises(UnknownFormError, match="period-report"):
        render_form(None, None, "bogus")  # type: ignore[arg-type]
