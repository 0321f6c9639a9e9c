"""Finding items as a clerk types: codes, names and notes, with or without accents."""

from __future__ import annotations

from chiso_desktop.catalog.model import Field, FieldType, Indicator
from chiso_desktop.entry.form import Row
from chiso_desktop.entry.search import fold, row_matches


def row(note: str = "") -> Row:
    field = Field(code="D.3.1", label="Dân cư", unit="Người", type=FieldType.INTEGER)
    ind = Indicator(code="D.3", name="Các thông tin về dân sinh - kinh tế", group="D",
                    fields=(field,), note="Số liệu từ Công an phường")
    return Row(catalog_id="c", indicator=ind, field=field, state="value", value="24509",
               display="24.509", note=note)


def test_fold_drops_accents_and_case() -> None:
    assert fold("Đường ĐI Dân số") == "duong di dan so"


def test_matches_code_name_and_notes_without_accents() -> None:
    r = row(note="Theo số liệu rà soát tháng 3")
    assert row_matches(r, "D.3.1") and row_matches(r, "d.3")
    assert row_matches(r, "dan cu") and row_matches(r, "DÂN SINH")
    assert row_matches(r, "ra soat")  # the value's own note
    assert row_matches(r, "cong an")  # the catalog's note on the indicator
    assert row_matches(r, "pham vi", plan_note="Báo cáo trong phạm vi quản lý")
    assert not row_matches(r, "hợp tác xã")
    assert row_matches(r, "  ")  # an empty search shows everything
