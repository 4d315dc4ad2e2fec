"""The decision of a body outside the agency (e.g. the Chairman of the provincial People's
Committee classifying the Director of a Sở, Decree 335 Art 10.2(a); the head of the managing
agency for a public service unit's head under Decree 233 Art 13.3(a) when it sits outside): HR
records the decision as issued — its body, number, date, signer and level — and the level becomes
the person's decision in the results, with the outside decision as its stated basis."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from .. import _time
from ..extensions import db
from ..models import Cycle, CycleStatus, ExternalDecision, Level, Staff, User
from . import ValidationError
from .audit import record, snapshot
from .authority import authority_for, external_decision
from .decisions import decide

FIELDS = ("issuer_body", "number", "signed_on", "signer_post", "signer_name", "level")
# Decree 30/2020 Art 15: số/ký hiệu, e.g. "125/QĐ-UBND".
NUMBER_FORM = re.compile(r"^\d+/[A-ZĐ][A-ZĐ0-9.\-]*$")


def needs_outside_decision(cycle: Cycle, staff: Staff) -> bool:
    authority = authority_for(cycle, staff)
    return authority is not None and authority.external


def _clean(cycle: Cycle, staff: Staff, data: dict) -> dict:
    errors: list[tuple[str, str]] = []
    if cycle.status != CycleStatus.OPEN:
        errors.append(("", _("Kỳ đánh giá không ở trạng thái đang mở.")))
    if not needs_outside_decision(cycle, staff):
        errors.append(
            ("", _("Mức xếp loại của người này do cấp có thẩm quyền trong cơ quan quyết định."))
        )
    clean = {name: (data.get(name) or "").strip() for name in FIELDS if name != "signed_on"}
    for name, message in (
        ("issuer_body", _("Hãy ghi cơ quan ban hành quyết định.")),
        ("signer_post", _("Hãy ghi chức vụ người ký.")),
        ("signer_name", _("Hãy ghi họ tên người ký.")),
    ):
        if not clean[name]:
            errors.append((name, message))
    clean["number"] = clean["number"].upper().replace(" ", "")
    if not NUMBER_FORM.match(clean["number"]):
        errors.append(("number", _("Số, ký hiệu theo dạng 125/QĐ-UBND.")))
    signed_on = data.get("signed_on")
    if not signed_on:
        errors.append(("signed_on", _("Hãy nhập ngày ký.")))
    elif signed_on > _time.today():
        errors.append(("signed_on", _("Ngày ký không được ở tương lai.")))
    elif signed_on.year not in (cycle.year, cycle.year + 1):
        errors.append(
            (
                "signed_on",
                _("Ngày ký phải trong năm đánh giá %(y)s hoặc đầu năm sau.", y=cycle.year),
            )
        )
    clean["signed_on"] = signed_on
    if clean["level"] not in Level.__members__:
        errors.append(("level", _("Hãy chọn một mức xếp loại.")))
    if errors:
        raise ValidationError(errors)
    return clean


def record_outside_decision(cycle: Cycle, staff: Staff, data: dict, user: User) -> ExternalDecision:
    """Store the outside decision and make its level the person's decision; nothing changes on
    error (the view rolls back)."""
    clean = _clean(cycle, staff, data)
    row = external_decision(cycle, staff)
    before = snapshot(row, FIELDS) if row is not None else None
    if row is None:
        row = ExternalDecision(agency_id=staff.agency_id, cycle_id=cycle.id, staff_id=staff.id)
        db.session.add(row)
    for name in FIELDS:
        setattr(row, name, Level(clean[name]) if name == "level" else clean[name])
    db.session.flush()
    # Stored with the decision and printed in documents: Vietnamese whatever the screen's language.
    reason = f"Theo Quyết định số {row.number} ngày {row.signed_on:%d/%m/%Y} của {row.issuer_body}."
    try:
        decide(cycle, staff, row.level.value, reason, user)
    except ValidationError as error:
        # The level field carries the decision's problems (quota, eligibility, lock).
        raise ValidationError(
            [(name or "level", message) for name, message in error.errors]
        ) from None
    record(
        "create" if before is None else "update",
        "external_decision",
        row.id,
        agency_id=row.agency_id,
        before=before,
        after=snapshot(row, FIELDS),
    )
    return row
