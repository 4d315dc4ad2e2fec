"""Plain inputs of the export functions.

Primitives only (str, int, Decimal, date, tuples, bool) so that the package never depends on the
application's models: the caller (a service or a background job) turns rows into these.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# Documents are in Vietnamese: the levels, best first, in the decrees' words.
from scoring.vocabulary import LEVEL_NAMES

# Annual form regimes (docs/rules/rules.md §6) and their official titles. D335 is Decree 335
# Mẫu số 02, D233 Decree 233 Phụ lục II, QD366 the cán bộ form of 2026 on, D90-0x Decree 90/2020
# Mẫu 01–03.
FORM_TITLES: dict[str, str] = {
    "D233": "PHIẾU XẾP LOẠI CHẤT LƯỢNG VIÊN CHỨC",
    "D335": "PHIẾU XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC",
    "QD366": "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÁN BỘ",
    "D90-01": "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÁN BỘ",
    "D90-02": "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC",
    "D90-03": "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG VIÊN CHỨC",
}
# Who signs the left block of each form.
FORM_SELF_SIGNERS: dict[str, str] = {
    "D233": "VIÊN CHỨC TỰ XẾP LOẠI",
    "D335": "CÔNG CHỨC TỰ XẾP LOẠI",
    "QD366": "CÁN BỘ TỰ XẾP LOẠI",
    "D90-01": "NGƯỜI TỰ NHẬN XÉT, XẾP LOẠI",
    "D90-02": "NGƯỜI TỰ NHẬN XÉT, XẾP LOẠI",
    "D90-03": "NGƯỜI TỰ NHẬN XÉT, XẾP LOẠI",
}


def nfc(text: str) -> str:
    """Text typed in NFD renders fine but extracts and compares badly (pdf-excel-notes.md)."""
    return unicodedata.normalize("NFC", text)


def level_label(code: str | None) -> str:
    """The Vietnamese label of a level code; unknown codes pass through unchanged."""
    if code is None:
        return ""
    return LEVEL_NAMES.get(code, code)


@dataclass(frozen=True, slots=True)
class ResultRow:
    code: str
    full_name: str
    birth_date: date | None
    unit_name: str
    group: str
    task_group: str
    position: str
    title: str
    self_level: str | None
    eligible_level: str | None
    proposed_level: str | None
    decided_level: str | None
    score: Decimal | None
    needs_decision: bool
    reasons: str
    decided_on: date | None
    # False: outside the classification (e.g. người lao động): own sheet, outside the base.
    classified: bool = True


@dataclass(frozen=True, slots=True)
class QuotaRow:
    """One HTXS cap: ``cap = rate × base // 100`` under ``reading`` (docs/rules/rules.md §4.2)."""

    scope: str
    reading: str
    rate: Decimal  # percent, e.g. Decimal("20")
    base: int
    cap: int
    cap_other_reading: int | None
    candidates: int
    selected: int


@dataclass(frozen=True)
class ResultsData:
    agency_name: str
    year: int
    scope_label: str
    # An iterable (often a generator over a database cursor) so 100,000 rows stream through.
    rows: Iterable[ResultRow]
    generated_on: date  # the caller's today: exports never read the clock
    quotas: tuple[QuotaRow, ...] = ()
    legal_basis: tuple[tuple[str, str], ...] = ()  # (label, value)


@dataclass(frozen=True, slots=True)
class NoticeRow:
    full_name: str
    title: str
    unit_name: str
    level_label: str


@dataclass(frozen=True)
class NoticeData:
    """Public notice of results in the Decree 30/2020 layout (docs/rules/rules.md §8.5).

    ``number`` None or ``draft``: a draft, printed "DỰ THẢO" with a blank number. ``basis``
    are the "Căn cứ …" lines, ``totals`` (level label, count) pairs, ``closing_paragraphs``
    come after the list (the right to petition and its time limit)."""

    governing_body: str
    agency_name: str
    number: int | None
    symbol: str  # e.g. "TB-SNV"
    place: str
    issued_on: date | None
    year: int
    summary: str  # trích yếu
    body_paragraphs: tuple[str, ...]
    rows: tuple[NoticeRow, ...]
    signer_authority: str  # e.g. "KT. GIÁM ĐỐC"; "" when the head signs
    signer_post: str  # e.g. "PHÓ GIÁM ĐỐC"
    signer_name: str
    recipients: tuple[str, ...]
    basis: tuple[str, ...] = ()
    totals: tuple[tuple[str, int], ...] = ()
    closing_paragraphs: tuple[str, ...] = ()
    draft: bool = False


@dataclass(frozen=True)
class AnnualFormData:
    """The annual classification form of one person, filled (docs/rules/rules.md §6).

    ``regime`` is one of FORM_TITLES' keys. ``sections`` are the Decree 90 self-assessment items
    (heading, the person's text); ``period_scores`` the rows of Decree 335 Mẫu 02 section I
    (period label, total score) whose mean is ``total_score``."""

    agency_name: str
    year: int
    full_name: str
    title: str
    unit_name: str
    regime: str
    governing_body: str = ""
    form_title: str = ""
    sections: tuple[tuple[str, str], ...] = ()
    period_word: str = "Tháng"  # Tháng | Quý
    period_scores: tuple[tuple[str, Decimal | None], ...] = ()
    general_score: Decimal | None = None  # up to 30 (D233/D335/QD366)
    task_score: Decimal | None = None  # up to 70
    total_score: Decimal | None = None
    self_comment: str = ""  # the person's explanation
    self_level: str | None = None
    authority_level: str | None = None
    comments: str = ""  # the authority's comments
    proposed_handling: str = ""  # Decree 335 Art 23 / Decree 233 Art 16
    manager_comment: str = ""  # direct manager (D90 forms 02/03)
    manager_post: str = ""
    manager_name: str = ""
    place: str = ""
    self_signed_on: date | None = None
    authority_signed_on: date | None = None
    authority_post: str = ""
    authority_name: str = ""

    @property
    def resolved_title(self) -> str:
        return self.form_title or FORM_TITLES.get(self.regime, "PHIẾU XẾP LOẠI CHẤT LƯỢNG")

    @property
    def self_signer(self) -> str:
        return FORM_SELF_SIGNERS.get(self.regime, "NGƯỜI TỰ XẾP LOẠI")


@dataclass(frozen=True, slots=True)
class Opinion:
    full_name: str
    self_level: str | None
    summary: str
    tally: str  # the anonymous peer reviews, e.g. "HTXS: 2, HTT: 5, HTNV: 0, KHTNV: 0"
    present: bool = True  # an absent person did not present their report
    votes: tuple[int, int, int] | None = None  # the meeting's vote: for, against, abstain
    conclusion: str = ""
    proposed_level: str | None = None


@dataclass(frozen=True)
class MinutesData:
    """Minutes (biên bản) of the unit's evaluation meeting (docs/rules/rules.md §5.1 step 2)."""

    agency_name: str
    unit_name: str
    year: int
    held_on: date
    place: str
    chair: str
    secretary: str
    present: tuple[str, ...]
    absent: tuple[tuple[str, str], ...]  # (name, reason)
    opinions: tuple[Opinion, ...]
    adopted: bool
    governing_body: str = ""
    start_time: str = ""  # e.g. "14 giờ 00"
    end_time: str = ""
    joint_unit_name: str = ""  # a unit too small to meet alone meets with its parent unit
    # "Số …/BB-…" from the register once adopted; None (or not adopted): a draft, no number.
    number: int | None = None
    symbol: str = "BB"
    issuer_place: str = ""  # the place name of the date line (the meeting's room is `place`)
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonalNoticeData:
    """Written notice of the level to the person (Decree 335 Art 21.1(đ), 21.2(đ); Decree 233
    Art 15): its own number, "Ông/Bà", the legal basis, the reason of a KHTNV level and the
    right to petition."""

    governing_body: str
    agency_name: str
    number: int | None
    symbol: str
    place: str
    issued_on: date | None
    year: int
    full_name: str
    title: str
    unit_name: str
    level_code: str
    body_paragraphs: tuple[str, ...] = ()
    signer_authority: str = ""
    signer_post: str = ""
    signer_name: str = ""
    recipients: tuple[str, ...] = ()
    salutation: str = ""  # Ông | Bà
    basis: tuple[str, ...] = ()
    reason: str = ""  # why KHTNV
    closing_paragraphs: tuple[str, ...] = ()
    draft: bool = False


@dataclass(frozen=True)
class DecisionDocData:
    """Quyết định công nhận kết quả đánh giá, xếp loại chất lượng (Decree 30 layout): the
    articles, and the list annexed to it."""

    governing_body: str
    agency_name: str
    number: int | None
    symbol: str  # e.g. QĐ-SNV
    place: str
    issued_on: date | None
    year: int
    issuing_authority: str  # e.g. GIÁM ĐỐC SỞ NỘI VỤ TỈNH BẮC NINH
    summary: str
    basis: tuple[str, ...]
    articles: tuple[str, ...]
    rows: tuple[NoticeRow, ...]
    signer_authority: str
    signer_post: str
    signer_name: str
    recipients: tuple[str, ...]
    draft: bool = False


@dataclass(frozen=True)
class PostingRecordData:
    """Biên bản niêm yết: a printed notice posted at a place, for the posting period (Law
    10/2022 Art 48.2), with its register number; signed by the poster, the HR officer who
    drew it up and a representative of the trade union (docs/rules/decisions.md)."""

    governing_body: str
    agency_name: str
    number: int | None
    symbol: str  # e.g. BB-SNV
    place: str  # place name of the date line
    issued_on: date | None
    year: int
    posted_on: date
    posting_place: str
    posted_by: str
    notice: str  # "Thông báo số 07/TB-SNV ngày 16/11/2026 của …"
    notice_subject: str
    visible_until: date
    removed_on: date | None = None
    note: str = ""
    recorder_name: str = ""  # the HR officer who recorded the posting
    recipients: tuple[str, ...] = ()
    draft: bool = False


@dataclass(frozen=True)
class PetitionReplyData:
    """Công văn trả lời kiến nghị về kết quả xếp loại (Decree 335 Art 22; Decree 233 Art 15)."""

    governing_body: str
    agency_name: str
    number: int | None
    symbol: str  # e.g. SNV-TCCB
    place: str
    issued_on: date | None
    year: int
    salutation: str  # Ông | Bà
    full_name: str
    unit_name: str
    filed_on: date
    petition_text: str
    answer: str
    level_label: str  # the contested level
    accepted: bool
    new_level_label: str = ""
    new_decision: str = ""  # "Quyết định số …" of the replacing decision, when registered
    basis: tuple[str, ...] = ()
    article: str = ""  # the article on petitions the reply rests on
    signer_authority: str = ""
    signer_post: str = ""
    signer_name: str = ""
    recipients: tuple[str, ...] = ()
    draft: bool = False


# Decree 335 Mẫu số 01, section I, in the form's own words (docs/rules/rules.md, "Corrections
# from the primary texts"): (TT, criterion, maximum, the app's criterion code or None for a
# sub-item the app scores as part of its group). Group rows carry the group's code.
MAU01_CRITERIA: tuple[tuple[str, str, Decimal, str | None], ...] = (
    (
        "I",
        "Phẩm chất chính trị, phẩm chất đạo đức, văn hóa thực thi công vụ và ý thức kỷ luật, "
        "kỷ cương trong thực thi công vụ",
        Decimal(10),
        "I",
    ),
    (
        "1",
        "Phẩm chất chính trị, phẩm chất đạo đức, văn hóa thực thi công vụ",
        Decimal(5),
        "I.1",
    ),
    ("2", "Ý thức kỷ luật, kỷ cương trong thực thi công vụ", Decimal(5), "I.2"),
    (
        "II",
        "Năng lực chuyên môn, nghiệp vụ theo yêu cầu của vị trí việc làm; khả năng đáp ứng yêu "
        "cầu thực thi nhiệm vụ được giao; tinh thần trách nhiệm trong thực thi công vụ; thái độ "
        "phục vụ người dân, doanh nghiệp và khả năng phối hợp với đồng nghiệp",
        Decimal(10),
        "II",
    ),
    (
        "1",
        "Năng lực chuyên môn, nghiệp vụ theo yêu cầu của vị trí việc làm",
        Decimal("2.5"),
        "II.1",
    ),
    (
        "2",
        "Khả năng đáp ứng yêu cầu thực thi nhiệm vụ được giao thường xuyên, đột xuất",
        Decimal("2.5"),
        "II.2",
    ),
    ("3", "Tinh thần trách nhiệm trong thực thi công vụ", Decimal("2.5"), "II.3"),
    (
        "4",
        "Thái độ phục vụ người dân, doanh nghiệp và khả năng phối hợp với đồng nghiệp",
        Decimal("2.5"),
        "II.4",
    ),
    (
        "III",
        "Năng lực đổi mới, sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích chung "
        "trong thực thi công vụ",
        Decimal(10),
        "III",
    ),
    (
        "1",
        "Có sản phẩm, giải pháp đột phá, sáng tạo đem lại giá trị, hiệu quả thiết thực, tác động "
        "tích cực đến kết quả thực hiện nhiệm vụ của cơ quan, tổ chức, đơn vị.",
        Decimal("2.5"),
        None,
    ),
    (
        "2",
        "Sẵn sàng tham gia thực hiện nhiệm vụ chính trị đặc biệt quan trọng, nhiệm vụ có tính "
        "chất đột xuất, phức tạp hoặc trong điều kiện khó khăn.",
        Decimal("2.5"),
        None,
    ),
    (
        "3",
        "Có tinh thần chịu trách nhiệm trước kết quả công việc; chủ động nhận trách nhiệm khi có "
        "sai sót và có biện pháp khắc phục rõ ràng, cụ thể.",
        Decimal("2.5"),
        None,
    ),
    (
        "4",
        "Chủ động đưa ra quyết định trong phạm vi thẩm quyền, không né tránh; có tinh thần tiên "
        "phong trong thực hiện những nhiệm vụ mới.",
        Decimal("2.5"),
        None,
    ),
)


@dataclass(frozen=True, slots=True)
class SheetCriterionRow:
    """One row of Mẫu số 01 section I; ``group`` rows (I, II, III) print in bold."""

    number: str
    label: str
    max_points: Decimal
    self_score: Decimal | None
    group: bool = False


@dataclass(frozen=True, slots=True)
class SheetWorkRow:
    """One product or piece of work of the period, as the person or the manager entered it."""

    title: str
    units: Decimal  # converted count (số quy đổi)
    due_on: date | None
    completed_on: date | None
    quality_ok: bool
    failed_reviews: int  # deductions of 25 % each (Decree 335 Art 14.2(b))
    delays: int  # deductions of 25 % each (Decree 335 Art 14.2(c))
    objective_cause: bool = False
    extra: bool = False  # taken over or ad hoc work, counted above the assigned total


@dataclass(frozen=True)
class PeriodSheetDocData:
    """Decree 335 Mẫu số 01, Phiếu theo dõi, đánh giá công chức, of one month or quarter.

    ``criteria`` are section I's rows with the person's own scores; ``self_*`` are the
    person's totals, ``general_score``/``task_score``/``total_score`` the confirmed ones (the
    direct manager's score when given, else None); ``items`` and ``manager_items`` the
    period's work as each entered it.
    ``draft``: not yet sent, printed "DỰ THẢO" (this form is never numbered)."""

    agency_name: str
    full_name: str
    title: str
    unit_name: str
    period_line: str  # e.g. "tháng 3 năm 2026", "quý I năm 2026"
    criteria: tuple[SheetCriterionRow, ...]
    governing_body: str = ""
    self_general: Decimal | None = None
    self_task: Decimal | None = None
    self_total: Decimal | None = None
    general_score: Decimal | None = None
    task_score: Decimal | None = None
    total_score: Decimal | None = None
    # Quantity, quality and progress (%) behind the task score (Decree 335 Art 14.2), and a
    # leader's three extra ratios (Art 15.3).
    task_ratios: tuple[Decimal, Decimal, Decimal] | None = None
    leader_ratios: tuple[Decimal, ...] = ()
    items: tuple[SheetWorkRow, ...] = ()
    manager_items: tuple[SheetWorkRow, ...] = ()
    strengths: str = ""
    weaknesses: str = ""
    comments: str = ""  # the assessing authority's comments
    place: str = ""
    self_signed_on: date | None = None
    authority_signed_on: date | None = None
    authority_post: str = ""
    authority_name: str = ""
    draft: bool = False


@dataclass(frozen=True, slots=True)
class ListedPerson:
    """One person on the summary list or the report's lists; ``reason`` only for KHTNV."""

    full_name: str
    title: str
    unit_name: str
    level_label: str
    reason: str = ""


@dataclass(frozen=True)
class GroupResults:
    """One group (cán bộ, công chức, viên chức) in the order of the organisation, with its
    counts per level, best first. ``classified`` False: người lao động, listed apart and outside
    every percentage base."""

    name: str
    rows: tuple[ListedPerson, ...]
    counts: tuple[tuple[str, int], ...]  # (level label, count)
    classified: bool = True

    @property
    def total(self) -> int:
        return sum(n for _label, n in self.counts)


@dataclass(frozen=True)
class SummaryListData:
    """HR's summary list of the year's results (danh sách tổng hợp), per group."""

    governing_body: str
    agency_name: str
    place: str
    year: int
    made_on: date | None
    groups: tuple[GroupResults, ...]
    signer_post: str
    signer_name: str


@dataclass(frozen=True)
class ReportData:
    """The report to the superior body (báo cáo): counts and percentages per group and level,
    the HTXS quota check, the lists of HTXS and KHTNV people. A number None prints a draft."""

    governing_body: str
    agency_name: str
    number: int | None
    symbol: str  # e.g. BC-SNV
    place: str
    issued_on: date | None
    year: int
    summary: str  # trích yếu
    addressees: tuple[str, ...]  # Kính gửi
    basis: tuple[str, ...]
    opening: str
    groups: tuple[GroupResults, ...]
    quota_lines: tuple[str, ...]
    htxs: tuple[ListedPerson, ...]
    khtnv: tuple[ListedPerson, ...]
    closing_paragraphs: tuple[str, ...]
    signer_authority: str
    signer_post: str
    signer_name: str
    recipients: tuple[str, ...]
    draft: bool = False
