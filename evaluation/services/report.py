"""Issuing the year's report to the superior body: its addressee and its number."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _

from ..models import Cycle, OutgoingDocument
from ..queries.report import report_ref, year_rows
from ..text import nfc
from . import ValidationError, register
from .audit import record
from .authority import agency_issuer

# The "- " HR types before each addressee, as the printed list shows it (not "-1", a text).
_LIST_DASH = re.compile(r"^[-–]\s+")


def addressee_lines(text: str | None) -> str:
    """One addressee a line, without the '- ' and ';' HR may have typed."""
    lines = [
        _LIST_DASH.sub("", nfc(line).strip()).rstrip(";.").strip()
        for line in (text or "").splitlines()
    ]
    return "\n".join(line for line in lines if line)


def issue_report(cycle: Cycle, addressee: str | None, issued_on: date | None) -> OutgoingDocument:
    """Register the report (Decree 30 type BC) and remember its addressee for the agency.
    Issuing it again returns the number it already has."""
    agency = cycle.agency
    issued = register.find(agency.id, report_ref(cycle))
    if issued is not None:  # an issued report is fixed: its number and its addressee
        return issued
    issuer = agency_issuer(agency)
    errors: list[tuple[str, str]] = []
    text = addressee_lines(addressee)
    if not text:
        errors.append(("addressee", _("Hãy ghi cơ quan nhận báo cáo (Kính gửi).")))
    elif len(text) > 255:
        errors.append(("addressee", _("Tên cơ quan nhận báo cáo dài quá 255 ký tự.")))
    if issued_on is None:
        errors.append(("issued_on", _("Hãy nhập ngày ký báo cáo.")))
    if not issuer.head_name:
        errors.append(("addressee", _("Chưa ghi nhận người đứng đầu cơ quan để ký báo cáo.")))
    if not year_rows(cycle):
        errors.append(("addressee", _("Chưa có kết quả xếp loại đã được phê duyệt để báo cáo.")))
    if errors:
        raise ValidationError(errors)
    if text != agency.superior_body:
        record(
            "update",
            "agency",
            agency.id,
            agency_id=agency.id,
            before={"superior_body": agency.superior_body},
            after={"superior_body": text},
        )
        agency.superior_body = text
    return register.issue(
        agency.id,
        issuer,
        "BC",
        report_ref(cycle),
        issued_on,
        subject=f"Báo cáo kết quả đánh giá, xếp loại chất lượng năm {cycle.year}",
        signer_name=issuer.head_name,
        addressee=text,
    )
