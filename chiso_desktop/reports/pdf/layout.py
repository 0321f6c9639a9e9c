"""The Decree 30/2020/NĐ-CP page: A4, margins, header, title, signature, page numbers.

Every form builder hands its body flowables to :func:`build_document`, which
wraps them in the same frame, so the official parts look alike across forms.
Everything drawn passes through :func:`nfc` and :func:`escape`: decomposed
accents stack badly and a stray ``&`` would break Paragraph markup.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape as _xml_escape

from babel.numbers import format_decimal
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import _listWrapOn

from chiso_desktop.reports.pdf.data import CellValue, DocumentSettings
from chiso_desktop.reports.pdf.fonts import FontFamily, serif_family
from chiso_desktop.values.display import format_number as display_number

PAGE_SIZE = A4
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT
BODY_SIZE = 13
TABLE_SIZE = 11
DASH = "—"
NUMBER_LOCALES = {"vi": "vi_VN", "en": "en_US"}


def nfc(text: object) -> str:
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def escape(text: object) -> str:
    """NFC text made safe for Paragraph markup."""
    return _xml_escape(nfc(text))


def number_locale(lang: str) -> str:
    return NUMBER_LOCALES.get(lang, "vi_VN")


def format_number(value: Decimal | int, lang: str = "vi") -> str:
    """``9.275``, ``51,9`` — the thousands dot and decimal comma users expect.

    A Decimal keeps its own decimal places up to three (``50.0`` prints
    ``50,0`` as the source reports write it); longer ones round to three.
    """
    places = 0
    if isinstance(value, Decimal) and value.is_finite():
        places = min(max(-value.as_tuple().exponent, 0), 3)  # type: ignore[operator]
    if places == 0 and isinstance(value, Decimal) and value != value.to_integral_value():
        places = 3
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(value, format=pattern, locale=number_locale(lang))


def format_signed(value: Decimal | int, lang: str = "vi") -> str:
    """A change with an explicit sign, ``+125`` or ``−3,2``; zero stays ``0``."""
    if value == 0:
        return "0"
    magnitude: Decimal | int = -value if value < 0 else value
    text = format_number(magnitude, lang)
    return ("+" if value > 0 else "\u2212") + text


def format_stored(value: Decimal, lang: str = "vi") -> str:
    """A value as it was entered, every decimal it has (``0,000001`` never prints as
    ``0,000``): the forms print what the store holds, as the screens show it."""
    if not value.is_finite():
        return str(value)
    return display_number(value, lang)  # what the screens show, long legacy numbers too


def format_cell(value: CellValue, lang: str = "vi", empty: str = "") -> str:
    """A value cell of a form: stored numbers exactly (computed items come as their text)."""
    if value is None:
        return empty
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, Decimal):
        return format_stored(value, lang)
    if isinstance(value, int):
        return format_number(value, lang)
    return nfc(value)


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """``part/whole*100`` to one decimal, exactly; ``None`` when ``whole`` is zero."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def lower_first(text: str) -> str:
    """``Tháng 6/2026`` inside a sentence reads ``tháng 6/2026``."""
    text = nfc(text)
    return text[:1].lower() + text[1:]


def date_line(place: str, when: date | None) -> str:
    """``Nhị Chiểu, ngày 09 tháng 6 năm 2026``: Decree 30 pads days below 10 and months 1–2."""
    if when is None:
        return f"{nfc(place)}, ngày      tháng      năm      "
    month = f"{when.month:02d}" if when.month < 3 else str(when.month)
    return f"{nfc(place)}, ngày {when.day:02d} tháng {month} năm {when.year}"


@dataclass(frozen=True)
class Styles:
    """Paragraph styles in one family, so every face is the embedded font."""

    fonts: FontFamily
    body: ParagraphStyle
    body_center: ParagraphStyle
    heading: ParagraphStyle
    head_small: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    recipients: ParagraphStyle


def make_styles(fonts: FontFamily | None = None) -> Styles:
    fonts = fonts or serif_family()
    base = ParagraphStyle(
        "base", fontName=fonts.regular, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.25
    )
    cell = ParagraphStyle(
        "cell", parent=base, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2, alignment=TA_LEFT
    )
    return Styles(
        fonts=fonts,
        body=ParagraphStyle(
            "body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=4
        ),
        body_center=ParagraphStyle("body_center", parent=base, alignment=TA_CENTER),
        heading=ParagraphStyle(
            "heading",
            parent=base,
            fontName=fonts.bold,
            alignment=TA_CENTER,
            spaceBefore=6,
            spaceAfter=4,
        ),
        head_small=ParagraphStyle(
            "head_small", parent=base, fontSize=12, leading=14.5, alignment=TA_CENTER
        ),
        cell=cell,
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_head=ParagraphStyle(
            "cell_head", parent=cell, fontName=fonts.bold, alignment=TA_CENTER
        ),
        recipients=ParagraphStyle(
            "recipients", parent=base, fontSize=11, leading=13, alignment=TA_LEFT
        ),
    )


def table_style(commands: Sequence[tuple]) -> TableStyle:
    """A TableStyle whose plain-string cells use our font, not reportlab's Helvetica default."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), serif_family().regular), *commands])


def para(text: object, style: ParagraphStyle, markup: str = "") -> Paragraph:
    """A Paragraph of plain ``text``; ``markup`` (``b``, ``i``, ``bi``) wraps it in tags."""
    body = escape(text)
    for tag in reversed(markup):
        body = f"<{tag}>{body}</{tag}>"
    return Paragraph(body, style)


def _rule(width: float) -> HRFlowable:
    return HRFlowable(
        width=width, thickness=0.6, color="black", hAlign="CENTER", spaceBefore=2, spaceAfter=4
    )


def _issuer_markup(issuer: str, font: str, size: float, width: float) -> str:
    """The issuing body in caps; when too wide, break after "ỦY BAN NHÂN DÂN" as offices do.

    An explicit newline in the setting always wins.
    """
    lines = [escape(line.strip().upper()) for line in nfc(issuer).splitlines() if line.strip()]
    if len(lines) == 1 and stringWidth(lines[0], font, size) > width:
        for lead in ("ỦY BAN NHÂN DÂN", "UBND"):
            if lines[0].startswith(lead + " "):
                lines = [lead, lines[0][len(lead) + 1 :]]
                break
    return "<br/>".join(lines)


def header_block(settings: DocumentSettings, styles: Styles) -> Table:
    """Issuing body top left, national title and motto top right, number and date under them."""
    left_width = 76 * mm
    right_width = CONTENT_WIDTH - left_width
    small = styles.head_small
    motto = "Độc lập - Tự do - Hạnh phúc"
    motto_style = ParagraphStyle("motto", parent=small, fontSize=13, leading=15)
    motto_width = stringWidth(motto, styles.fonts.bold, 13)
    issuer = _issuer_markup(settings.issuer, styles.fonts.bold, 12, left_width - 2)
    issuer_width = max(stringWidth(line, styles.fonts.bold, 12) for line in issuer.split("<br/>"))
    left = [
        para(nfc(settings.parent_body).upper(), small),
        Paragraph(f"<b>{issuer}</b>", small),
        _rule(min(issuer_width, left_width) / 3),
    ]
    right = [
        para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", small, "b"),
        para(motto, motto_style, "b"),
        _rule(motto_width),
    ]
    number = nfc(settings.number) or "\u00a0" * 6
    numbered = para(
        f"Số: {number}/{nfc(settings.symbol)}",
        ParagraphStyle("number", parent=small, fontSize=13, leading=15),
    )
    dated = para(
        date_line(settings.place, settings.date),
        ParagraphStyle("dated", parent=small, fontSize=13, leading=15),
        "i",
    )
    table = Table(
        [[left, right], [numbered, dated]],
        colWidths=[left_width, right_width],
        hAlign="CENTER",
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def title_block(doc_type: str, summary: str, styles: Styles) -> list[Flowable]:
    """The document type in bold caps, centred, and its summary line in bold."""
    title_style = ParagraphStyle(
        "doc_type", parent=styles.heading, fontSize=14, leading=17, spaceBefore=14, spaceAfter=2
    )
    flow: list[Flowable] = [para(nfc(doc_type).upper(), title_style, "b")]
    if summary:
        flow.append(
            para(
                summary,
                ParagraphStyle("summary", parent=styles.heading, spaceBefore=0, spaceAfter=10),
                "b",
            )
        )
    return flow


def signature_column(
    lines: Sequence[str], name: str, styles: Styles, date_text: str = ""
) -> list[Flowable]:
    """Capacity lines in bold, room for the hand signature and seal, then the name in bold."""
    sign = ParagraphStyle("sign", parent=styles.heading, spaceBefore=0, spaceAfter=0)
    flow: list[Flowable] = []
    if date_text:
        flow.append(para(date_text, styles.body_center, "i"))
    flow += [para(line, sign, "b") for line in lines]
    flow.append(Spacer(1, 24 * mm))
    flow.append(para(name or "\u00a0", sign, "b"))
    return flow


def recipients_column(recipients: Sequence[str], styles: Styles) -> list[Flowable]:
    head = ParagraphStyle("recipients_head", parent=styles.recipients, fontSize=12, leading=14)
    flow: list[Flowable] = [para("Nơi nhận:", head, "bi")]
    flow += [para(f"- {nfc(r)}", styles.recipients) for r in recipients]
    return flow


def two_columns(left: list[Flowable], right: list[Flowable], left_width: float = 80 * mm) -> Table:
    table = Table([[left, right]], colWidths=[left_width, CONTENT_WIDTH - left_width])
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def closing_block(settings: DocumentSettings, styles: Styles) -> Flowable:
    """Recipients ("Nơi nhận:") bottom left, signature bottom right, kept on one page."""
    block = two_columns(
        recipients_column(settings.recipients, styles),
        signature_column(settings.signature_lines, settings.signer_name, styles),
    )
    return KeepTogether([Spacer(1, 8), block])


class TableThenClosing(Flowable):
    """The last table and the signature block, never a signature alone on a page.

    When the closing block does not fit under the table, the table is split
    so that its last ``tail_rows`` rows move over with the closing (with the
    repeated header), rather than leaving the signature by itself on the
    next page. ``wrap`` always claims more than the space offered, so the
    frame asks :meth:`split`, which hands back ordinary flowables.
    """

    def __init__(self, table: Table, closing: Flowable, tail_rows: int = 2) -> None:
        super().__init__()
        self.table, self.closing, self.tail_rows = table, closing, tail_rows

    def _table_height(self, avail_width: float, avail_height: float) -> float:
        _w, h = self.table.wrapOn(self.canv, avail_width, avail_height)
        return h + self.table.getSpaceBefore() + self.table.getSpaceAfter()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, availHeight + 1

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        table_h = self._table_height(availWidth, availHeight)
        # KeepTogether claims 0xffffff from wrap to force a split; measure its content.
        content = getattr(self.closing, "_content", [self.closing])
        _w, closing_h = _listWrapOn(content, availWidth, self.canv)
        if table_h + closing_h <= availHeight:
            return [self.table, self.closing]
        heights = list(getattr(self.table, "_rowHeights", []) or [])
        repeat = getattr(self.table, "repeatRows", 0) or 0
        body_rows = len(heights) - repeat
        if body_rows <= self.tail_rows:
            return []  # too few rows to split: table and closing move on together
        tail_h = sum(h or 0 for h in heights[-self.tail_rows:])
        limit = min(availHeight, table_h - tail_h - 1)
        parts = self.table.splitOn(self.canv, availWidth, limit)
        if len(parts) < 2:
            return []
        return [parts[0], TableThenClosing(parts[1], self.closing, self.tail_rows)]

    def draw(self) -> None:  # pragma: no cover - split always replaces this flowable
        raise AssertionError("TableThenClosing is always split")


def data_table(
    header_rows: Sequence[Sequence[object]],
    body_rows: Sequence[Sequence[object]],
    widths_mm: Sequence[float],
    *,
    extra_style: Sequence[tuple] = (),
    font_size: float = TABLE_SIZE,
) -> LongTable:
    """A gridded table whose header rows repeat on every page it spans.

    Cells are expected to be Paragraphs already (so long names wrap); widths
    are scaled to fill the text width exactly.
    """
    total = sum(widths_mm)
    widths = [w / total * CONTENT_WIDTH for w in widths_mm]
    rows = [list(r) for r in header_rows] + [list(r) for r in body_rows]
    table = LongTable(rows, colWidths=widths, repeatRows=len(header_rows), hAlign="CENTER")
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
    ]
    table.setStyle(table_style(style + list(extra_style)))
    table.spaceBefore = 2
    table.spaceAfter = 6
    return table


def _page_number(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """Decree 30: page numbers from page 2, centred in the top margin."""
    page = canvas.getPageNumber()
    if page < 2:
        return
    canvas.saveState()
    canvas.setFont(doc.chiso_font, BODY_SIZE)
    canvas.drawCentredString(
        MARGIN_LEFT + CONTENT_WIDTH / 2, PAGE_SIZE[1] - MARGIN_TOP / 2 - 2 * mm, str(page)
    )
    canvas.restoreState()


def build_document(
    body: Sequence[Flowable],
    settings: DocumentSettings,
    styles: Styles,
    *,
    doc_type: str,
    summary: str,
    closing: Flowable | None = None,
) -> bytes:
    """Lay ``body`` out between the header and the closing block; same input, same bytes."""
    doc_type = nfc(settings.doc_type if settings.doc_type is not None else doc_type)
    summary = nfc(settings.summary if settings.summary is not None else summary)
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        invariant=1,
        initialFontName=styles.fonts.regular,
        initialFontSize=BODY_SIZE,
        title=f"{doc_type} {summary}".strip(),
        author=nfc(settings.issuer),
        creator="Chỉ số Desktop",
        producer="Chỉ số Desktop",
        subject=summary,
        lang="vi-VN",
    )
    doc.chiso_font = styles.fonts.regular
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="decree30", frames=[frame], onPage=_page_number)])
    story: list[Flowable] = [header_block(settings, styles)]
    story += title_block(doc_type, summary, styles)
    closing = closing if closing is not None else closing_block(settings, styles)
    if body and isinstance(body[-1], Table):
        story += list(body[:-1])
        story.append(TableThenClosing(body[-1], closing))
    else:
        story += list(body)
        story.append(closing)
    doc.build(story)
    return out.getvalue()
