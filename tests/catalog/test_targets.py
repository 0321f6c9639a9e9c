"""The 2026 targets and tasks of notice 799/TB-UBND (xã Nguyễn Bình Khiêm).

Checks the transcription against the printed Phụ lục 01 and 02, and that each
printed target is parsed into a comparator and threshold a value can be judged by.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from chiso_desktop.catalog.load import load_catalog_file
from chiso_desktop.catalog.model import Catalog, CatalogKind, FieldType, Frequency
from chiso_desktop.paths import catalogs_dir


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog_file(catalogs_dir() / "nbk-799-2026.toml")


# code, target as printed, comparator, threshold, unit, responsible body as printed
TARGETS = [
    ("I.1", "Đạt 85% dân số", ">=", "85", "% dân số", "Phòng Văn hóa-Xã hội"),
    ("I.2", "100%", ">=", "100", "%", "Đảng ủy, HĐND, UBND, MTTQ Việt Nam"),
    ("I.3", "100%", ">=", "100", "%", "Đảng ủy, HĐND, UBND, MTTQ Việt Nam"),
    ("I.4", "100%", ">=", "100", "%", "Đảng ủy, HĐND, UBND, MTTQ Việt Nam"),
    ("I.5", "≥80%", ">=", "80", "%", "Các phòng, ban, đơn vị"),
    ("I.6", "≥80%", ">=", "80", "%", "Các phòng, ban, đơn vị"),
    ("I.7", "100%", ">=", "100", "%", "Các phòng, ban, đơn vị"),
    ("I.8", "100%", ">=", "100", "%", "Các phòng, ban, đơn vị"),
    ("I.9", "50%", ">=", "50", "%", "Các phòng, ban, đơn vị"),
    ("I.10", "100%", ">=", "100", "%", "Các phòng, ban, đơn vị"),
    ("I.11", "95%", ">=", "95", "%", "Các phòng, ban, đơn vị"),
    ("II.12", "≥36%", ">=", "36", "%", "Phòng Văn hóa-Xã hội, Phòng Kinh tế"),
]


def test_catalog_identity(catalog: Catalog) -> None:
    assert catalog.id == "nbk-799-2026"
    assert catalog.kind is CatalogKind.TARGETS
    assert catalog.document == "799/TB-UBND"
    assert catalog.issued == "2026-03-27"
    assert catalog.issuer == "UBND xã Nguyễn Bình Khiêm"


def test_groups_are_the_printed_headings(catalog: Catalog) -> None:
    assert [(g.code, g.name) for g in catalog.groups] == [
        ("I", "Về chuyển đổi số quốc gia"),
        ("II", "VỀ khoa học, công nghệ và đổi mới sáng tạo"),
    ]


def test_twelve_targets_in_document_order(catalog: Catalog) -> None:
    assert [i.code for i in catalog.indicators] == [t[0] for t in TARGETS]
    assert [i.number for i in catalog.indicators] == [f"{n}." for n in range(1, 13)]
    for ind in catalog.indicators:
        assert ind.group == ind.code.split(".")[0]
        assert ind.code == f"{ind.group}.{ind.number.rstrip('.')}"
        assert ind.frequencies == (Frequency.YEAR,)


def test_each_target_has_one_percent_field(catalog: Catalog) -> None:
    for ind in catalog.indicators:
        assert len(ind.fields) == 1
        (f,) = ind.fields
        assert f.code == f"{ind.code}.1"
        assert (f.type, f.unit) == (FieldType.PERCENT, "%")
        assert f.label == ind.name
        assert not f.computed


@pytest.mark.parametrize(("code", "text", "comparator", "threshold", "unit", "agency"), TARGETS)
def test_target_parsed_from_printed_text(
    catalog: Catalog, code: str, text: str, comparator: str, threshold: str, unit: str,
    agency: str,
) -> None:
    ind = catalog.indicator(code)
    assert ind is not None and ind.target is not None
    t = ind.target
    assert (t.text, t.comparator, t.threshold, t.unit) == (
        text, comparator, Decimal(threshold), unit,
    )
    assert ind.agency == agency


def test_names_as_printed(catalog: Catalog) -> None:
    first = catalog.indicator("I.1")
    assert first is not None and first.name == "Tỉ lệ dân số được phủ sóng mạng di động 5G."
    eleventh = catalog.indicator("I.11")
    assert eleventh is not None and eleventh.name == (
        "Tỉ lệ người dân, doanh nghiệp đánh giá hài lòng khi sử dụng dịch vụ công trực tuyến"
    )
    last = catalog.indicator("II.12")
    assert last is not None and last.name == "Tỉ lệ doanh nghiệp có hoạt động đổi mới sáng tạo."


def test_eight_tasks_as_printed(catalog: Catalog) -> None:
    assert [t.number for t in catalog.tasks] == [f"{n}." for n in range(1, 9)]
    second = catalog.tasks[1]
    assert second.leader == "Đồng chí Lê Văn Kiều, Trưởng Ban Xây dựng Đảng"
    assert second.lead_unit == "Ban Xây dựng Đảng"
    assert second.partners == "Các phòng, ban, đơn vị"
    assert second.output == "Văn bản/Báo cáo"
    assert second.timeline == "Thường xuyên"
    assert catalog.tasks[0].output == "Kế hoạch"
    assert "“Bình dân học vụ số”" in catalog.tasks[0].name
    assert catalog.tasks[2].leader == (
        "Đồng chí Đinh Hữu lâm, UVBTV Đảng ủy, Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã"
    )
    assert catalog.tasks[5].name.startswith("(1) Theo phạm vi quản lý thông qua Hệ thống")
    assert "(2) Chủ động báo cáo Trung ương" in catalog.tasks[5].name
    seventh = catalog.tasks[6]
    assert seventh.leader == "Đồng chí Trưởng phòng Văn hóa-Xã hội;"
    assert seventh.partners == "Phòng Kinh tế, Phòng Văn hóa-Xã hội và các đơn vị liên quan"
    assert catalog.tasks[7].name == "Tăng cường vai trò cơ quan thường trực của Ban Chỉ đạo"
    for task in catalog.tasks:
        assert all((task.leader, task.lead_unit, task.partners, task.output, task.timeline))


def test_file_is_nfc() -> None:
    raw = (catalogs_dir() / "nbk-799-2026.toml").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw
