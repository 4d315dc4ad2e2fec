"""The year's summary list (danh sách tổng hợp) and the report to the superior body (báo cáo),
as PDF (WeasyPrint) and Word (python-docx) from the same autoescaped templates as the other
documents, in the Decree 30/2020 layout (docs/rules/rules.md §8.5)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from exports.data import GroupResults, ReportData, SummaryListData
from exports.pdf import _get_renderer, numbered_context, place_date, recipient_lines


def percent_text(count: int, base: int) -> str:
    """'33,3%': one decimal, the Vietnamese decimal comma; an empty base gives '0,0%'."""
    if base <= 0:
        return "0,0%"
    value = (Decimal(count) * 100 / Decimal(base)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value}%".replace(".", ",")


def group_lines(group: GroupResults) -> tuple[str, tuple[str, ...]]:
    """'Công chức: 20 người được xếp loại, trong đó:' and one '- level: n người (x%);' line per
    level; the percentage base is the group's classified people."""
    head = f"{group.name}: {group.total} người được xếp loại, trong đó:"
    lines = tuple(
        f"- {label}: {count} người ({percent_text(count, group.total)})"
        f"{'.' if n == len(group.counts) - 1 else ';'}"
        for n, (label, count) in enumerate(group.counts)
    )
    return head, lines


def _overall(groups: tuple[GroupResults, ...]) -> GroupResults | None:
    """Every classified group added up, level by level (None with fewer than two groups)."""
    classified = [g for g in groups if g.classified]
    if len(classified) < 2:
        return None
    labels = [label for label, _n in classified[0].counts]
    counts = tuple(
        (label, sum(dict(g.counts).get(label, 0) for g in classified)) for label in labels
    )
    return GroupResults("Tổng cộng", (), counts)


def _addressee_lines(addressees: tuple[str, ...]) -> tuple[str, ...]:
    """One addressee: 'Kính gửi: X.'; several: '- X;' lines under 'Kính gửi:' (Decree 30)."""
    lines = recipient_lines(addressees)  # the same "- X;" … "- Y." form as Nơi nhận
    return lines if len(lines) > 1 else ()


def report_context(data: ReportData) -> dict[str, Any]:
    items = [a.strip() for a in data.addressees if a.strip()]
    return numbered_context(
        data,
        single_addressee=items[0].rstrip(";.") if len(items) == 1 else "",
        addressee_lines=_addressee_lines(data.addressees),
        classified=[g for g in data.groups if g.classified],
        unclassified=[g for g in data.groups if not g.classified],
        overall=_overall(data.groups),
        group_lines=group_lines,
        percent=percent_text,
    )


def summary_list_context(data: SummaryListData) -> dict[str, Any]:
    return {
        "d": data,
        "made_date": place_date(data.place, data.made_on),
        "classified": [g for g in data.groups if g.classified],
        "unclassified": [g for g in data.groups if not g.classified],
        "overall": _overall(data.groups),
        "percent": percent_text,
        "roman": ("I", "II", "III", "IV", "V", "VI"),
    }


def report_pdf(data: ReportData) -> bytes:
    """Báo cáo kết quả đánh giá, xếp loại chất lượng to the superior body."""
    return _get_renderer().render("report.html", report_context(data))


def summary_list_pdf(data: SummaryListData) -> bytes:
    """HR's summary list of the year's results, per group."""
    return _get_renderer().render("summary_list.html", summary_list_context(data))


def report_docx(data: ReportData) -> bytes:
    from exports.word import _render

    return _render("report.html", report_context(data))


def summary_list_docx(data: SummaryListData) -> bytes:
    from exports.word import _render

    return _render("summary_list.html", summary_list_context(data))
