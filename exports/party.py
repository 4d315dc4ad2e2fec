"""Party documents (Hướng dẫn 36-HD/VPTW on the format of Party documents): plain data in, PDF or
Word bytes out. Header: the superior committee, then the issuing committee (bold), then the star
"*", then "Số 05-TB/ĐU" on the left; "ĐẢNG CỘNG SẢN VIỆT NAM" (bold, underlined) with the place and
date (italic) on the right."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from exports.pdf import _get_renderer, vn_date
from scoring.vocabulary import LEVEL_NAMES

NATION = "ĐẢNG CỘNG SẢN VIỆT NAM"

FORM_TITLES = {
    "2A": "cá nhân giữ chức vụ lãnh đạo, quản lý",
    "2B": "cá nhân không giữ chức vụ lãnh đạo, quản lý",
    "2C": "đảng viên không làm việc trong hệ thống chính trị",
}


@dataclass(frozen=True)
class PartyHeader:
    superior: str  # "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"
    committee: str  # "ĐẢNG ỦY SỞ NỘI VỤ" (or "CHI BỘ ..." on a member's form)
    place: str
    issued_on: date | None
    number: int | None = None  # None: a form, no number
    doc_type: str = ""  # TB | QĐ
    symbol: str = ""  # ĐU

    @property
    def number_line(self) -> str:
        if self.number is None:
            return ""
        return f"Số {self.number:02d}-{self.doc_type}/{self.symbol}"

    @property
    def place_date(self) -> str:
        day = vn_date(self.issued_on) if self.issued_on else "ngày … tháng … năm …"
        return f"{self.place}, {day}" if self.place else day.capitalize()


@dataclass(frozen=True)
class MemberLine:
    full_name: str
    cell: str
    state_level: str  # code
    level: str  # code


@dataclass(frozen=True)
class ResultsDoc:
    """The results notice to members (TB) or the committee's decision (QĐ)."""

    header: PartyHeader
    organisation: str
    year: int
    members: tuple[MemberLine, ...]
    signer_post: str = "T/M ĐẢNG ỦY"
    signer_title: str = "BÍ THƯ"
    signer_name: str = ""
    basis: tuple[str, ...] = ()  # căn cứ
    recipients: tuple[str, ...] = ("Như trên,", "Lưu Văn phòng Đảng ủy.")


@dataclass(frozen=True)
class ReviewFormDoc:
    """A member's filled review (Mẫu 2A/2B/2C), with the cell's and the committee's parts."""

    header: PartyHeader
    form: str  # 2A | 2B | 2C
    form_title: str
    year: int
    full_name: str
    joined_on: date | None
    post: str
    cell: str
    items: tuple[tuple[str, str], ...]  # (label, text)
    general_score: str
    task_score: str
    total: str
    self_level: str  # code or ""
    state_level: str  # code or ""
    cell_comment: str
    cell_level: str
    level: str
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CollectiveFormDoc:
    """A collective's review report (Mẫu 01): a cell's, or the grassroots organisation's."""

    header: PartyHeader
    title: str  # "BÁO CÁO KIỂM ĐIỂM TẬP THỂ CHI BỘ 1"
    year: int
    report: str
    score: str
    conditions: tuple[tuple[str, str], ...]  # (condition, answer)
    self_level: str  # code or ""
    reasons: tuple[str, ...]
    level: str  # the committee's (or the superior committee's) level, code or ""
    decided_by: str  # who decides: "Đảng ủy …" or "Cấp ủy cấp trên"
    signer_post: str = ""
    signer_title: str = "BÍ THƯ"


@dataclass(frozen=True)
class PartyCommentDoc:
    """The committee's written comments about one head or deputy (Decree 335 Art 21.1(c),
    21.2(c); Decree 233 Art 15.2(c)): kept in the person's file. A draft carries no number."""

    header: PartyHeader
    draft: bool
    committee: str  # "Ban Thường vụ Đảng ủy Sở Nội vụ" / "Đảng ủy Sở Nội vụ", as in the title
    full_name: str
    post: str
    unit: str
    year: int
    comment: str  # as typed
    signer_post: str = "T/M ĐẢNG ỦY"
    signer_title: str = "BÍ THƯ"
    signer_name: str = ""
    recipients: tuple[str, ...] = ()

    @property
    def subject(self) -> str:
        return f"của {self.committee} đối với đồng chí {self.full_name}"

    @property
    def opening(self) -> str:
        return (
            f"Thực hiện việc đánh giá, xếp loại chất lượng năm {self.year}, {self.committee} "
            f"nhận xét, đánh giá đối với đồng chí {self.full_name} như sau:"
        )

    @property
    def facts(self) -> tuple[tuple[str, str], ...]:
        return (
            ("Họ và tên", self.full_name),
            ("Chức vụ", self.post or "……"),
            ("Đơn vị công tác", self.unit or "……"),
            ("Năm đánh giá", str(self.year)),
        )

    @property
    def comment_lines(self) -> tuple[str, ...]:
        lines = tuple(line.strip() for line in self.comment.splitlines() if line.strip())
        return lines or ("……",)


def level_text(code: str) -> str:
    return LEVEL_NAMES.get(code, "")


def _context(doc) -> dict:
    return {"d": doc, "h": doc.header, "nation": NATION, "level_text": level_text}


def results_pdf(doc: ResultsDoc) -> bytes:
    template = "party_decision.html" if doc.header.doc_type == "QĐ" else "party_notice.html"
    return _get_renderer().render(template, _context(doc))


def review_form_pdf(doc: ReviewFormDoc) -> bytes:
    return _get_renderer().render("party_form.html", _context(doc))


def collective_form_pdf(doc: CollectiveFormDoc) -> bytes:
    return _get_renderer().render("party_collective.html", _context(doc))


def party_comment_pdf(doc: PartyCommentDoc) -> bytes:
    return _get_renderer().render("party_comment.html", _context(doc))


def party_comment_docx(doc: PartyCommentDoc) -> bytes:
    """The same HTML the PDF prints, laid out in Word (exports/word.py): one content."""
    from exports.pdf import _ENV
    from exports.word import html_to_docx

    return html_to_docx(_ENV.get_template("party_comment.html").render(**_context(doc)))


# --- Word ----------------------------------------------------------------------------------------


def _docx():
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    return document, WD_ALIGN_PARAGRAPH, Pt


def _header(document, align, h: PartyHeader) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    lines = [(h.superior, False, False), (h.committee, True, False), ("*", False, False)]
    if h.number_line:
        lines.append((h.number_line, False, False))
    first = True
    for text, bold, italic in lines:
        if not text:
            continue
        p = left.paragraphs[0] if first else left.add_paragraph()
        first = False
        p.alignment = align.CENTER
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
    p = right.paragraphs[0]
    p.alignment = align.CENTER
    run = p.add_run(NATION)
    run.bold, run.underline = True, True
    p = right.add_paragraph()
    p.alignment = align.CENTER
    p.add_run(h.place_date).italic = True


def _title(document, align, *lines: str) -> None:
    for i, text in enumerate(lines):
        p = document.add_paragraph()
        p.alignment = align.CENTER
        p.add_run(text).bold = i == 0


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _members_table(document, members: tuple[MemberLine, ...]) -> None:
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        ("TT", "Họ và tên", "Chi bộ", "Xếp loại chính quyền", "Xếp loại đảng viên"),
        strict=True,
    ):
        cell.text = text
    for i, m in enumerate(members, start=1):
        row = table.add_row().cells
        for cell, text in zip(
            row,
            (str(i), m.full_name, m.cell, level_text(m.state_level), level_text(m.level)),
            strict=True,
        ):
            cell.text = text


def _signature(document, align, post: str, title: str, name: str) -> None:
    for text, bold in ((post, True), (title, True), ("", False), (name, True)):
        p = document.add_paragraph()
        p.alignment = align.RIGHT
        p.add_run(text).bold = bold


def results_docx(doc: ResultsDoc) -> bytes:
    document, align, _pt = _docx()
    _header(document, align, doc.header)
    if doc.header.doc_type == "QĐ":
        _title(
            document,
            align,
            "QUYẾT ĐỊNH",
            f"công nhận kết quả xếp loại chất lượng đảng viên năm {doc.year}",
            "-----",
        )
        _title(document, align, doc.header.committee)
        for line in doc.basis:
            document.add_paragraph(line)
        document.add_paragraph("QUYẾT ĐỊNH").alignment = align.CENTER
        document.add_paragraph(
            f"Điều 1. Công nhận kết quả xếp loại chất lượng năm {doc.year} đối với "
            f"{len(doc.members)} đảng viên thuộc {doc.organisation} (danh sách kèm theo)."
        )
        document.add_paragraph(
            "Điều 2. Các chi bộ trực thuộc và các đồng chí có tên tại Điều 1 chịu trách nhiệm "
            "thi hành Quyết định này."
        )
    else:
        _title(
            document,
            align,
            "THÔNG BÁO",
            f"kết quả xếp loại chất lượng đảng viên năm {doc.year}",
            "-----",
        )
        for line in doc.basis:
            document.add_paragraph(line)
        document.add_paragraph(
            f"Ban Chấp hành {doc.organisation} thông báo kết quả xếp loại chất lượng năm "
            f"{doc.year} của các đảng viên như sau:"
        )
    _members_table(document, doc.members)
    _signature(document, align, doc.signer_post, doc.signer_title, doc.signer_name)
    return _save(document)


def review_form_docx(doc: ReviewFormDoc) -> bytes:
    document, align, _pt = _docx()
    _header(document, align, doc.header)
    _title(
        document,
        align,
        "BẢN KIỂM ĐIỂM CÁ NHÂN",
        f"Năm {doc.year} (Mẫu {doc.form}: {doc.form_title})",
        "-----",
    )
    for label, value in (
        ("Họ và tên", doc.full_name),
        ("Ngày vào Đảng", doc.joined_on.strftime("%d/%m/%Y") if doc.joined_on else ""),
        ("Chức vụ", doc.post),
        ("Sinh hoạt tại", doc.cell),
    ):
        document.add_paragraph(f"{label}: {value}")
    for label, text in doc.items:
        document.add_paragraph().add_run(label).bold = True
        document.add_paragraph(text or "……")
    document.add_paragraph(
        f"Tự chấm điểm: tiêu chí chung {doc.general_score}/30, kết quả thực hiện nhiệm vụ "
        f"{doc.task_score}/70, tổng {doc.total}/100."
    )
    document.add_paragraph(f"Tự xếp loại: {level_text(doc.self_level) or '……'}")
    document.add_paragraph(
        f"Xếp loại chất lượng (chính quyền) năm {doc.year}: {level_text(doc.state_level) or '……'}"
    )
    document.add_paragraph().add_run("Nhận xét, đánh giá của chi bộ").bold = True
    document.add_paragraph(doc.cell_comment or "……")
    document.add_paragraph(f"Chi bộ đề xuất xếp loại: {level_text(doc.cell_level) or '……'}")
    document.add_paragraph(
        f"Cấp ủy có thẩm quyền quyết định xếp loại: {level_text(doc.level) or '……'}"
    )
    return _save(document)


def collective_form_docx(doc: CollectiveFormDoc) -> bytes:
    document, align, _pt = _docx()
    _header(document, align, doc.header)
    _title(document, align, doc.title, f"Năm {doc.year} (Mẫu 01)", "-----")
    document.add_paragraph().add_run("I. Kết quả thực hiện nhiệm vụ").bold = True
    for line in (doc.report or "……").splitlines() or ["……"]:
        document.add_paragraph(line)
    document.add_paragraph().add_run("II. Điều kiện xếp loại").bold = True
    for condition, answer in doc.conditions:
        document.add_paragraph(f"{condition}: {answer}")
    document.add_paragraph(f"Tự chấm điểm: {doc.score}/100.")
    document.add_paragraph(f"Tự xếp loại: {level_text(doc.self_level) or '……'}")
    for reason in doc.reasons:
        document.add_paragraph(f"– {reason}")
    document.add_paragraph(f"{doc.decided_by} quyết định xếp loại: {level_text(doc.level) or '……'}")
    _signature(document, align, doc.signer_post, doc.signer_title, "")
    return _save(document)
