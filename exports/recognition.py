"""The recognition of an organisation's level (Decree 335 Art 9.2(b), Decree 233 Art 9.2): the
decision of the recognising authority and the notice to the organisation and the bodies
concerned, in the Decree 30/2020 layout, as PDF (WeasyPrint) and Word (python-docx) from the same
autoescaped templates as the other documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from exports.data import level_label
from exports.pdf import _get_renderer, _issued, number_line, recipient_lines, vn_date


@dataclass(frozen=True)
class RecognitionData:
    """One organisation's recognised level and the two documents that carry it. A number None
    prints as a draft ("DỰ THẢO", blank number)."""

    governing_body: str
    issuer_name: str  # the organisation whose header the documents carry
    authority: str  # who recognises, e.g. Giám đốc Sở Nội vụ tỉnh Bắc Ninh
    place: str
    year: int
    unit_name: str
    level_code: str
    score: Decimal | None  # printed the Vietnamese way: 87,5
    decision_number: int | None
    decision_symbol: str  # e.g. QĐ-SNV
    decision_date: date | None
    notice_number: int | None
    notice_symbol: str  # e.g. TB-SNV
    notice_date: date | None
    basis: tuple[str, ...]  # "Căn cứ …;" lines
    head_cap_article: str  # the head is never rated above the organisation
    order_article: str  # the article of the notice (Art 9.2(b))
    signer_post: str
    signer_name: str
    reason: str = ""  # why the level differs from the proposal
    verification: str = ""  # the conclusion of the check before the decision


def _common(d: RecognitionData, number: int | None, symbol: str, on: date | None) -> dict:
    draft = not number
    return {
        "d": d,
        "draft": draft,
        "number_line": number_line(None if draft else number, symbol),
        "place_date": _issued(d.place, None if draft else on),
        "level": level_label(d.level_code),
    }


def decision_ref_text(d: RecognitionData) -> str:
    """'Quyết định số 05/QĐ-SNV ngày 10 tháng 12 năm 2026' as the notice cites it."""
    if not d.decision_number:
        return "Quyết định"
    text = f"Quyết định số {d.decision_number:02d}/{d.decision_symbol}"
    return f"{text} {vn_date(d.decision_date)}" if d.decision_date else text


def decision_context(d: RecognitionData) -> dict[str, Any]:
    context = _common(d, d.decision_number, d.decision_symbol, d.decision_date)
    context["recipients"] = recipient_lines(("Như Điều 3", "Lưu: VT, TCCB"))
    return context


def notice_context(d: RecognitionData) -> dict[str, Any]:
    context = _common(d, d.notice_number, d.notice_symbol, d.notice_date)
    context["decision_ref"] = decision_ref_text(d)
    context["recipients"] = recipient_lines(
        (d.unit_name, "Các cơ quan, đơn vị có liên quan", "Lưu: VT, TCCB")
    )
    return context


def recognition_decision_pdf(d: RecognitionData) -> bytes:
    return _get_renderer().render("recognition_decision.html", decision_context(d))


def recognition_notice_pdf(d: RecognitionData) -> bytes:
    return _get_renderer().render("recognition_notice.html", notice_context(d))


def recognition_decision_docx(d: RecognitionData) -> bytes:
    from exports.word import _render

    return _render("recognition_decision.html", decision_context(d))


def recognition_notice_docx(d: RecognitionData) -> bytes:
    from exports.word import _render

    return _render("recognition_notice.html", notice_context(d))
