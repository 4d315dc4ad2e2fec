"""The members' self-review items (HD 43 Mẫu 2A/2B/2C): the contents the texts name are the
default; the party organisation configures its own, a whole set per year (docs/party.md). The
items of a year are the set of the latest year not after it. A year whose round already has a
submitted self-review is closed: what members wrote stays under the items they answered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from ..extensions import db
from ..models import PartyMemberReview, PartyOrganisation, PartyReviewItem, PartyRound, User
from ..text import N_, nfc
from . import ValidationError
from .audit import record
from .party_structure import can_manage

FORMS = ("2A", "2B", "2C")
LABEL_LIMIT = 500


@dataclass(frozen=True)
class Item:
    key: str
    label: str  # Vietnamese, as the organisation wrote it (defaults: translated on pages)
    forms: tuple[str, ...]


DEFAULT_ITEMS = (
    Item("politics", N_("Tư tưởng chính trị"), FORMS),
    Item("ethics", N_("Phẩm chất đạo đức, lối sống"), FORMS),
    Item("discipline", N_("Ý thức tổ chức kỷ luật, tác phong, lề lối làm việc"), FORMS),
    Item("tasks", N_("Kết quả thực hiện chức trách, nhiệm vụ được giao"), FORMS),
    Item("leadership", N_("Kết quả lãnh đạo, quản lý của đơn vị, bộ phận phụ trách"), ("2A",)),
    Item("shortcomings", N_("Hạn chế, khuyết điểm và nguyên nhân"), FORMS),
    Item("remedied", N_("Kết quả khắc phục hạn chế, khuyết điểm đã được chỉ ra"), FORMS),
    Item("plan", N_("Phương hướng, biện pháp khắc phục"), FORMS),
)


def version_year(org: PartyOrganisation, year: int) -> int | None:
    """The year of the set in force for ``year`` (None: the default items)."""
    return db.session.scalar(
        select(func.max(PartyReviewItem.year)).where(
            PartyReviewItem.organisation_id == org.id, PartyReviewItem.year <= year
        )
    )


def items_for(org: PartyOrganisation, year: int, form: str | None = None) -> list[Item]:
    """The items in force for the round of ``year`` (those of review form ``form`` only)."""
    version = version_year(org, year)
    if version is None:
        items = list(DEFAULT_ITEMS)
    else:
        rows = db.session.scalars(
            select(PartyReviewItem)
            .where(PartyReviewItem.organisation_id == org.id, PartyReviewItem.year == version)
            .order_by(PartyReviewItem.position)
        )
        items = [Item(r.key, r.label, tuple(r.forms.split())) for r in rows]
    return [i for i in items if form is None or form in i.forms]


def is_default(org: PartyOrganisation, year: int) -> bool:
    return version_year(org, year) is None


def closed_year(org: PartyOrganisation, year: int) -> bool:
    """A self-review of ``year`` (or later) was already submitted under the items in force."""
    return (
        db.session.scalar(
            select(func.count(PartyMemberReview.id))
            .join(PartyRound, PartyRound.id == PartyMemberReview.round_id)
            .where(
                PartyRound.organisation_id == org.id,
                PartyRound.year >= year,
                PartyMemberReview.submitted_at.is_not(None),
            )
        )
        > 0
    )


def save_items(
    org: PartyOrganisation, year: int, rows: list[dict[str, Any]], user: User
) -> list[PartyReviewItem]:
    """The whole set of items from ``year`` on: each row a label, the forms it appears on and
    (for a kept item) its key; a row with an empty label is dropped. Audited."""
    if not can_manage(user) or org.agency_id != user.agency_id:
        raise ValidationError(("", _("Bạn không có quyền khai báo tổ chức đảng.")))
    errors: list[tuple[str, str]] = []
    if closed_year(org, year):
        errors.append(
            (
                "year",
                _(
                    "Đã có đảng viên gửi bản kiểm điểm từ năm %(year)s: nội dung mới chỉ áp dụng "
                    "từ năm sau.",
                    year=year,
                ),
            )
        )
    known = {i.key for i in items_for(org, year)} | {i.key for i in DEFAULT_ITEMS}
    used_numbers = [int(k[4:]) for k in known if k.startswith("item") and k[4:].isdigit()]
    next_number = max(used_numbers, default=0) + 1
    kept: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        label = nfc(str(row.get("label") or "")).strip()
        if not label:
            continue
        forms = [f for f in FORMS if f in (row.get("forms") or ())]
        if len(label) > LABEL_LIMIT:
            errors.append(
                (f"row-{n}", _("Dòng %(n)s: tối đa %(max)s ký tự.", n=n, max=LABEL_LIMIT))
            )
        if not forms:
            errors.append((f"row-{n}", _("Dòng %(n)s: chọn ít nhất một mẫu.", n=n)))
        key = str(row.get("key") or "")
        if key not in known or key in seen:
            key = f"item{next_number}"
            next_number += 1
        seen.add(key)
        kept.append((key, label, " ".join(forms)))
    if not kept:
        errors.append(("", _("Bản kiểm điểm cần ít nhất một nội dung.")))
    if errors:
        raise ValidationError(errors)
    before = [(i.key, i.label, " ".join(i.forms)) for i in items_for(org, year)]
    db.session.execute(
        delete(PartyReviewItem).where(
            PartyReviewItem.organisation_id == org.id, PartyReviewItem.year == year
        )
    )
    saved = []
    for position, (key, label, forms) in enumerate(kept, start=1):
        row = PartyReviewItem(
            organisation_id=org.id, year=year, position=position, key=key, label=label, forms=forms
        )
        db.session.add(row)
        saved.append(row)
    db.session.flush()
    record(
        "update",
        "party_review_items",
        org.id,
        agency_id=org.agency_id,
        before={"items": before},
        after={"year": year, "items": kept},
        user=user,
    )
    return saved
