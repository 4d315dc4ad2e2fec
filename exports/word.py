"""Word (.docx) copies of the PDF documents, for the văn thư to edit before signing.

Same data, same content: each document's autoescaped HTML (the one WeasyPrint prints) is read
back and laid out with python-docx in the Decree 30/2020 form: A4 portrait, margins top/bottom
20 mm, left 30 mm, right 15 mm, Times New Roman 13-14 pt, page numbers centred in the top
margin from page 2. The templates use a small fixed set of elements and classes; this module
maps each of them, so a template change shows here as a missing class, not as lost text.
"""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import html as lxml_html

from exports.data import (
    AnnualFormData,
    DecisionDocData,
    MinutesData,
    NoticeData,
    PeriodSheetDocData,
    PersonalNoticeData,
    PetitionReplyData,
    PostingRecordData,
)
from exports.pdf import (
    _ENV,
    annual_form_context,
    decision_context,
    minutes_context,
    notice_context,
    period_sheet_context,
    personal_notice_context,
    petition_reply_context,
    posting_record_context,
)

FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
# Paragraph classes: (alignment, bold, italic, size pt, upper case, first-line indent)
_P_STYLES: dict[str, tuple[Any, bool, bool, float, bool, bool]] = {
    "doc-type": (CENTER, True, False, 14, False, False),
    "summary": (CENTER, True, False, 14, False, False),
    "form-title": (CENTER, True, False, 14, False, False),
    "form-year": (CENTER, True, False, 14, False, False),
    "addressee": (CENTER, False, False, 14, False, False),
    "addressee-line": (CENTER, False, False, 14, False, False),
    "section-heading": (WD_ALIGN_PARAGRAPH.LEFT, True, False, 14, False, False),
    "recipients-title": (WD_ALIGN_PARAGRAPH.LEFT, True, True, 12, False, False),
    "governing": (CENTER, False, False, 13, True, False),
    "agency": (CENTER, True, False, 13, True, False),
    "nation-title": (CENTER, True, False, 12, False, False),
    "motto": (CENTER, True, False, 13, False, False),
    "number": (CENTER, False, False, 13, False, False),
    "place-date": (CENTER, False, True, 14, False, False),
    "subject-vv": (CENTER, False, False, 12, False, False),
    "sign-date": (CENTER, False, True, 14, False, False),
    "signer-authority": (CENTER, True, False, 14, True, False),
    "signer-post": (CENTER, True, False, 14, True, False),
    "sign-note": (CENTER, False, True, 13, False, False),
    "signer-name": (CENTER, True, False, 14, False, False),
    "draft-mark": (WD_ALIGN_PARAGRAPH.LEFT, True, False, 14, False, False),
    "party-star": (CENTER, False, False, 13, False, False),
    "recipient": (WD_ALIGN_PARAGRAPH.LEFT, False, False, 11, False, False),
    "basis-italic": (WD_ALIGN_PARAGRAPH.JUSTIFY, False, True, 14, False, True),
}
_SKIP = {"short-line", "summary-line"}
_ASCII_SPACE = " \t\r\n\f\v"
_FOLD = re.compile(r"[ \t\r\n\f\v]+")


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _runs(paragraph: Paragraph, element, bold: bool, italic: bool, size: float, upper: bool):
    """The element's text with its <b>/<i> parts, whitespace folded as HTML does."""

    def add(text: str, b: bool, i: bool) -> None:
        if not text:
            return
        # HTML folds spaces, tabs and newlines but keeps non-breaking spaces (a draft's blank
        # number) and one space at either end.
        core = _FOLD.sub(" ", text).strip(_ASCII_SPACE)
        if not core:
            text = " "
        else:
            lead = " " if text[0] in _ASCII_SPACE else ""
            text = lead + core + (" " if text[-1] in _ASCII_SPACE else "")
        run = paragraph.add_run(text.upper() if upper else text)
        run.bold, run.italic = b, i
        run.font.size = Pt(size)
        run.font.name = FONT

    add(element.text or "", bold, italic)
    for child in element:
        if child.tag in ("b", "strong"):
            add(_text(child), True, italic)
        elif child.tag in ("i", "em"):
            add(_text(child), bold, True)
        elif child.tag == "span" and "box" in _classes(child):
            add("☒ " if _text(child) else "☐ ", bold, italic)
        else:
            add(_text(child), bold, italic)
        add(child.tail or "", bold, italic)
    if paragraph.runs:  # no stray space at either end of a line
        paragraph.runs[0].text = paragraph.runs[0].text.lstrip(_ASCII_SPACE)
        paragraph.runs[-1].text = paragraph.runs[-1].text.rstrip(_ASCII_SPACE)


def _paragraph(container, element, *, keep: bool, justify: bool = False) -> None:
    classes = _classes(element)
    if classes & _SKIP:
        return
    style = next((_P_STYLES[c] for c in classes if c in _P_STYLES), None)
    align, bold, italic, size, upper, indent = style or (None, False, False, 14, False, False)
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(4)
    fmt.space_before = Pt(0)
    if "signer-name" in classes:
        fmt.space_before = Pt(60)
    if "section-heading" in classes:  # apart from the table above it
        fmt.space_before = Pt(6)
    if "dots" in classes:
        paragraph.add_run("." * 110).font.size = Pt(11)
        return
    if style is None and justify:
        align, indent = WD_ALIGN_PARAGRAPH.JUSTIFY, "basis" not in classes
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if "level" in classes:
        fmt.left_indent = Cm(1.27)
    fmt.keep_with_next = keep or "section-heading" in classes  # never alone at a page end
    if "recipient" in classes:  # "Nơi nhận" lines sit tight, as in the PDF
        fmt.space_after = Pt(0)
    _runs(paragraph, element, bold, italic, size, upper)
    if "motto" in classes:  # the line under the motto (a border in the PDF)
        for run in paragraph.runs:
            run.underline = True
    if "section-text" in classes:  # line breaks typed by the person are kept
        text = "".join(element.itertext())
        paragraph.clear()
        lines = text.strip().splitlines()
        for n, line in enumerate(lines):
            run = paragraph.add_run(line.strip())
            run.font.size, run.font.name = Pt(14), FONT
            if n < len(lines) - 1:
                run.add_break()
        # Word and LibreOffice stretch a justified line that ends in a break: keep typed lines
        # left-aligned, justify a single paragraph.
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if len(lines) == 1 else None


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:val"), "nil")
        borders.append(node)
    table._tbl.tblPr.append(borders)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    node = OxmlElement("w:tblHeader")
    node.set(qn("w:val"), "true")
    tr_pr.append(node)


def _cell_blocks(cell: _Cell, element, *, keep: bool) -> None:
    """A cell of a header or signature table: each div/p/li its own paragraph."""
    first = cell.paragraphs[0]
    blocks = list(element.iter("div", "p", "li"))
    leaves = [b for b in blocks if not any(x.tag in ("div", "p", "li") for x in b)]
    for block in leaves or [element]:
        motto = block.find("./span[@class='motto']")
        if motto is not None:  # the motto's own style, on its own line
            block = motto
        if not _text(block) and "signer-post" not in _classes(block):
            continue
        parent = block.getparent()
        if block.tag == "li" and parent is not None and "recipients-list" in _classes(parent):
            block.set("class", "recipient")
        _paragraph(cell, block, keep=keep)
    if len(cell.paragraphs) > 1 and not first.text:
        first._element.getparent().remove(first._element)


_TEXT_WIDTH_MM = 165  # A4 210 mm less the 30 mm and 15 mm margins


def _column_widths(element, columns: int) -> list[Mm]:
    """Widths from the template's <col style="width: N%"> (header: 40/60), else equal."""
    shares = []
    for col in element.iter("col"):
        found = re.search(r"width:\s*([\d.]+)%", col.get("style") or "")
        if found:
            shares.append(float(found.group(1)))
        elif "agency" in _classes(col):
            shares.append(40.0)
        elif "nation" in _classes(col):
            shares.append(60.0)
    if len(shares) != columns:
        shares = [100.0 / columns] * columns
    return [Mm(_TEXT_WIDTH_MM * share / 100) for share in shares]


def _cant_split(row) -> None:
    node = OxmlElement("w:cantSplit")
    node.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(node)


def _span(cell) -> int:
    try:
        return max(1, int(cell.get("colspan") or 1))
    except ValueError:
        return 1


def _table(document, element, *, keep: bool) -> None:
    classes = _classes(element)
    rows = element.findall(".//tr")
    if not rows:
        return
    columns = max(sum(_span(c) for c in r.findall("./td") + r.findall("./th")) for r in rows)
    table = document.add_table(rows=0, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    grid = "list" in classes
    if grid:
        table.style = "Table Grid"
    else:
        _no_borders(table)
    widths = _column_widths(element, columns)
    # The grid's own widths: LibreOffice lays a table out from these, not from the cells'.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    size = 12 if "items" in classes else 13  # eight narrow columns: dates kept whole
    for index, tr in enumerate(rows):
        cells = tr.findall("./td") + tr.findall("./th")
        row = table.add_row()
        _cant_split(row)
        if grid and tr.getparent().tag == "thead":
            _repeat_header(row)
        column = 0
        for td in cells:
            span = min(_span(td), columns - column)
            cell = row.cells[column]
            if span > 1:  # a merged cell, e.g. Mẫu 01's "Tổng cộng" over two columns
                cell = cell.merge(row.cells[column + span - 1])
            cell.width = sum(widths[column : column + span], Mm(0))
            column += span
            if grid:
                paragraph = cell.paragraphs[0]
                center = td.tag == "th" or "num" in _classes(td)
                paragraph.alignment = CENTER if center else None
                # The last rows stay with what follows (the signature never stands alone).
                paragraph.paragraph_format.keep_with_next = index >= len(rows) - 2
                _runs(paragraph, td, td.tag == "th", False, size, False)
            else:
                _cell_blocks(cell, td, keep=keep)


def _blocks(document, parent, *, keep: bool = False, justify: bool = False) -> None:
    for element in parent:
        if not isinstance(element.tag, str):
            continue
        classes = _classes(element)
        if element.tag == "table":
            _table(document, element, keep=keep or "sign" in classes)
        elif element.tag == "div" and "levels" in classes:
            for span in element.findall("./span"):
                _paragraph(document, span, keep=keep)
        elif element.tag == "div" and classes & {"body", "keep"}:
            _blocks(
                document,
                element,
                keep=keep or "keep" in classes,
                justify=justify or "body" in classes,
            )
        elif element.tag in ("p", "div"):
            if "page-break" in classes:
                document.add_page_break()
            _paragraph(document, element, keep=keep, justify=justify)


def _page_number_header(section) -> None:
    """Arabic page numbers centred in the top margin, none on page 1 (Decree 30)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        else:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        run._r.append(node)
    run.font.size, run.font.name = Pt(13), FONT


def html_to_docx(html: str) -> bytes:
    """Lay out one document's HTML in Word (A4, Decree 30 margins, Times New Roman)."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    _page_number_header(section)
    body = lxml_html.document_fromstring(html).find("body")
    _blocks(document, body)
    first = document.paragraphs[0] if document.paragraphs else None
    if first is not None and not first.text and len(document.paragraphs) > 1:
        first._element.getparent().remove(first._element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _render(template: str, context: dict[str, Any]) -> bytes:
    return html_to_docx(_ENV.get_template(template).render(**context))


def notice_docx(data: NoticeData) -> bytes:
    return _render("notice.html", notice_context(data))


def personal_notice_docx(data: PersonalNoticeData) -> bytes:
    return _render("personal_notice.html", personal_notice_context(data))


def annual_form_docx(data: AnnualFormData) -> bytes:
    template, context = annual_form_context(data)
    return _render(template, context)


def period_sheet_docx(data: PeriodSheetDocData) -> bytes:
    return _render("period_sheet.html", period_sheet_context(data))


def minutes_docx(data: MinutesData) -> bytes:
    return _render("minutes.html", minutes_context(data))


def decision_docx(data: DecisionDocData) -> bytes:
    return _render("decision.html", decision_context(data))


def posting_record_docx(data: PostingRecordData) -> bytes:
    return _render("posting_record.html", posting_record_context(data))


def petition_reply_docx(data: PetitionReplyData) -> bytes:
    return _render("petition_reply.html", petition_reply_context(data))
