"""Disclosure of the decided levels (Law 10/2022 Arts 46–48), postings, access after the posting
period, and petitions (kiến nghị) about one's own result."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from .. import workdays
from .._time import now
from .._time import today as vn_today
from ..extensions import db
from ..models import (
    AccessRequest,
    AccessStatus,
    Cycle,
    Decision,
    DisclosureMethod,
    Level,
    Petition,
    PetitionStatus,
    Posting,
    Publication,
    Staff,
    Unit,
    User,
)
from ..permissions import subtree_ids
from ..queries.disclosure import decision_query, public_rows
from ..text import nfc
from ..workflow import transition
from . import ValidationError
from .audit import record, snapshot

PUBLICATION_FIELDS = (
    "cycle_id",
    "unit_id",
    "decided_on",
    "published_on",
    "deadline",
    "late",
    "visible_until",
    "method",
    "note",
    "notice_number",
    "notice_date",
    "signer_authority",
    "signer_post",
    "signer_name",
    "recipients",
)
# Access granted on request after the posting period (Art 48.4) lasts this many days.
ACCESS_DAYS = 20


def scope_unit_ids(publication: Publication) -> set[int] | None:
    return subtree_ids({publication.unit_id}) if publication.unit_id else None


def approved_decisions(cycle: Cycle, unit_ids: set[int] | None) -> list[Decision]:
    return [
        d for d, _s, _u in db.session.execute(decision_query(cycle, unit_ids, approved_only=True))
    ]


def default_decided_on(cycle: Cycle, unit_ids: set[int] | None) -> date | None:
    """The latest decision date in scope: the day from which the 5 working days run."""
    from ..queries.disclosure import decided_on

    dates = [decided_on(d) for d in approved_decisions(cycle, unit_ids)]
    return max((d for d in dates if d), default=None)


def lateness_warning(decided_on: date, published_on: date) -> str | None:
    deadline = workdays.disclosure_deadline(decided_on)
    if published_on <= deadline:
        return None
    return _(
        "Công khai muộn: hạn là %(deadline)s (5 ngày làm việc sau ngày quyết định "
        "%(decided)s, trừ ngày nghỉ, ngày lễ).",
        deadline=deadline.strftime("%d/%m/%Y"),
        decided=decided_on.strftime("%d/%m/%Y"),
    )


def publish(cycle: Cycle, data: dict, user: User) -> tuple[Publication, str | None]:
    """Record a publication; returns it and a warning when it is later than the legal limit."""
    errors: list[tuple[str, str]] = []
    unit_id = data.get("unit_id") or None
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit_id and (unit is None or unit.agency_id != cycle.agency_id):
        errors.append(("unit_id", _("Hãy chọn một đơn vị của cơ quan.")))
        unit_id = None
    unit_ids = subtree_ids({unit_id}) if unit_id else None
    if not approved_decisions(cycle, unit_ids):
        errors.append(("unit_id", _("Chưa có kết quả xếp loại đã được phê duyệt để công khai.")))
    decided, published = data.get("decided_on"), data.get("published_on")
    if decided and published and published < decided:
        errors.append(("published_on", _("Ngày công khai không được trước ngày quyết định.")))
    if published and published > vn_today():
        errors.append(("published_on", _("Ngày công khai không được ở tương lai.")))
    minimum = workdays.visible_until(published) if published else None
    until = data.get("visible_until") or minimum
    if minimum and until < minimum:
        errors.append(
            (
                "visible_until",
                _(
                    "Phải công khai ít nhất 20 ngày liên tục (đến hết ngày %(d)s).",
                    d=minimum.strftime("%d/%m/%Y"),
                ),
            )
        )
    try:
        method = DisclosureMethod(data.get("method"))
    except ValueError:
        errors.append(("method", _("Hãy chọn hình thức công khai.")))
        method = None
    if errors:
        raise ValidationError(errors)
    deadline = workdays.disclosure_deadline(decided)
    publication = Publication(
        agency_id=cycle.agency_id,
        cycle_id=cycle.id,
        unit_id=unit_id,
        decided_on=decided,
        published_on=published,
        deadline=deadline,
        late=published > deadline,
        visible_until=until,
        method=method,
        note=nfc(data.get("note")),
        notice_number=data.get("notice_number"),
        notice_date=data.get("notice_date"),
        signer_authority=nfc(data.get("signer_authority")),
        signer_post=nfc(data.get("signer_post")),
        signer_name=nfc(data.get("signer_name")),
        recipients=nfc(data.get("recipients")),
        created_by_id=user.id,
    )
    db.session.add(publication)
    db.session.flush()
    # The notice's number comes from the register of outgoing documents (typed or next free).
    from . import register
    from .authority import issuer_of

    issuer = issuer_of(cycle.agency, unit)
    document = register.issue(
        cycle.agency_id,
        issuer,
        "TB",
        f"notice:{publication.id}",
        publication.notice_date or published,
        subject=f"Thông báo kết quả xếp loại chất lượng năm {cycle.year}",
        signer_name=publication.signer_name or issuer.head_name,
        number=publication.notice_number,
    )
    publication.notice_number = document.number
    publication.notice_date = document.issued_on
    issue_personal_notices(publication)
    warning = lateness_warning(decided, published)
    from .mail import notify_published

    notify_published(publication)
    record(
        "publish",
        "publication",
        publication.id,
        agency_id=cycle.agency_id,
        after=snapshot(publication, PUBLICATION_FIELDS),
        reason=warning or "",
        user=user,
    )
    return publication, warning


def record_posting(publication: Publication, data: dict, user: User) -> Posting:
    errors: list[tuple[str, str]] = []
    if not nfc(data.get("place")):
        errors.append(("place", _("Hãy ghi nơi niêm yết.")))
    if not nfc(data.get("posted_by")):
        errors.append(("posted_by", _("Hãy ghi người niêm yết.")))
    posted_on = data.get("posted_on")
    if posted_on is None:
        errors.append(("posted_on", _("Hãy nhập ngày niêm yết.")))
    elif posted_on > vn_today():
        errors.append(("posted_on", _("Ngày niêm yết không được ở tương lai.")))
    elif posted_on < publication.decided_on:
        errors.append(("posted_on", _("Ngày niêm yết không được trước ngày quyết định.")))
    if errors:
        raise ValidationError(errors)
    posting = Posting(
        publication_id=publication.id,
        place=nfc(data["place"]),
        posted_on=posted_on,
        posted_by=nfc(data["posted_by"]),
        note=nfc(data.get("note")),
        recorded_by_id=user.id,
    )
    db.session.add(posting)
    db.session.flush()
    record(
        "post",
        "posting",
        posting.id,
        agency_id=publication.agency_id,
        after=snapshot(posting, ("publication_id", "place", "posted_on", "posted_by", "note")),
        user=user,
    )
    return posting


# --- who sees the results page -------------------------------------------------------------


def is_live(publication: Publication, day: date | None = None) -> bool:
    day = day or vn_today()
    return (
        not publication.withdrawn and publication.published_on <= day <= publication.visible_until
    )


def has_granted_access(publication: Publication, user: User, day: date | None = None) -> bool:
    day = day or vn_today()
    return (
        db.session.scalars(
            select(AccessRequest.id).where(
                AccessRequest.publication_id == publication.id,
                AccessRequest.user_id == user.id,
                AccessRequest.status == AccessStatus.GRANTED,
                AccessRequest.granted_until >= day,
            )
        ).first()
        is not None
    )


def results_rows(publication: Publication) -> list[dict]:
    return public_rows(publication.cycle, scope_unit_ids(publication))


def request_access(publication: Publication, user: User, reason: str) -> AccessRequest:
    if is_live(publication):
        raise ValidationError(("reason", _("Kết quả đang được công khai; không cần đề nghị.")))
    pending = db.session.scalars(
        select(AccessRequest).where(
            AccessRequest.publication_id == publication.id,
            AccessRequest.user_id == user.id,
            AccessRequest.status == AccessStatus.PENDING,
        )
    ).first()
    if pending is not None:
        raise ValidationError(("reason", _("Bạn đã có một đề nghị đang chờ xử lý.")))
    req = AccessRequest(
        agency_id=publication.agency_id,
        publication_id=publication.id,
        user_id=user.id,
        reason=nfc(reason),
    )
    db.session.add(req)
    db.session.flush()
    record(
        "request",
        "access_request",
        req.id,
        agency_id=publication.agency_id,
        after={"publication_id": publication.id, "reason": req.reason},
        user=user,
    )
    return req


def decide_access(req: AccessRequest, grant: bool, user: User) -> AccessRequest:
    if grant:
        req.granted_until = vn_today() + timedelta(days=ACCESS_DAYS - 1)
    req.decided_by_id = user.id
    transition(
        req,
        "access_request",
        "granted" if grant else "refused",
        agency_id=req.agency_id,
        reason=f"granted_until={req.granted_until}" if grant else "",
    )
    return req


# --- petitions ----------------------------------------------------------------------------------


def own_decision(publication: Publication, staff: Staff | None) -> Decision | None:
    if staff is None:
        return None
    scope = scope_unit_ids(publication)
    if scope is not None and staff.unit_id not in scope:
        return None
    decision = db.session.scalars(
        select(Decision).where(
            Decision.cycle_id == publication.cycle_id,
            Decision.staff_id == staff.id,
            Decision.current,
            Decision.approved,
        )
    ).first()
    return decision


def file_petition(publication: Publication, user: User, text: str) -> Petition:
    errors: list[tuple[str, str]] = []
    text = nfc(text)
    decision = own_decision(publication, user.staff)
    if decision is None:
        errors.append(("text", _("Bạn không có kết quả trong thông báo này.")))
    if not is_live(publication):
        errors.append(("text", _("Chỉ gửi kiến nghị trong thời gian kết quả được công khai.")))
    if not text:
        errors.append(("text", _("Hãy ghi nội dung kiến nghị.")))
    if decision is not None:
        open_one = db.session.scalars(
            select(Petition.id).where(
                Petition.decision_id == decision.id,
                Petition.status.in_([PetitionStatus.OPEN, PetitionStatus.ANSWERED]),
            )
        ).first()
        if open_one is not None:
            errors.append(("text", _("Bạn đã có một kiến nghị đang được xử lý.")))
    if errors:
        raise ValidationError(errors)
    petition = Petition(
        agency_id=publication.agency_id,
        publication_id=publication.id,
        decision_id=decision.id,
        staff_id=user.staff.id,
        filed_by_id=user.id,
        text=text,
    )
    db.session.add(petition)
    db.session.flush()
    record(
        "file",
        "petition",
        petition.id,
        agency_id=publication.agency_id,
        after={"decision_id": decision.id, "text": text},
        user=user,
    )
    return petition


def _answer(petition: Petition, answer: str, user: User) -> str:
    answer = nfc(answer)
    if not answer:
        raise ValidationError(("answer", _("Hãy ghi nội dung trả lời.")))
    petition.answer = answer
    petition.answered_by_id = user.id
    petition.answered_at = now()
    return answer


def _mail_answer(petition: Petition) -> None:
    from .mail import notify_petition_answered

    notify_petition_answered(petition)


def answer_petition(petition: Petition, answer: str, user: User) -> Petition:
    answer = _answer(petition, answer, user)
    transition(petition, "petition", "answered", agency_id=petition.agency_id, reason=answer)
    _mail_answer(petition)
    return petition


def reject_petition(petition: Petition, answer: str, user: User) -> Petition:
    answer = _answer(petition, answer, user)
    transition(petition, "petition", "rejected", agency_id=petition.agency_id, reason=answer)
    issue_petition_reply(petition)
    _mail_answer(petition)
    return petition


def accept_petition(petition: Petition, level: str, answer: str, user: User) -> Petition:
    """Accept: the contested decision is replaced by a new one (Decree 233 Art 15.4)."""
    errors: list[tuple[str, str]] = []
    try:
        new_level = Level(level)
    except ValueError:
        errors.append(("level", _("Hãy chọn mức xếp loại mới.")))
        new_level = None
    if not nfc(answer):
        errors.append(("answer", _("Hãy ghi nội dung trả lời.")))
    if errors:
        raise ValidationError(errors)
    answer = _answer(petition, answer, user)
    # The decisions module owns re-classification; imported here so this module loads without it.
    from .decisions import reclassify  # type: ignore[import-not-found]

    replacement = reclassify(petition.decision, new_level, answer, user)
    petition.replacement_decision_id = replacement.id
    transition(
        petition,
        "petition",
        "accepted",
        agency_id=petition.agency_id,
        reason=answer,  # the new decision is petition.replacement_decision
    )
    issue_petition_reply(petition)
    _mail_answer(petition)
    return petition


def issue_personal_notice(publication: Publication, decision: Decision):
    """Give one person's written notice its own number in the register of its issuer (the
    authority that classified them); None when a body outside the agency numbers it."""
    from ..queries.disclosure import personal_ref
    from . import register
    from .authority import authority_for

    authority = authority_for(publication.cycle, decision.staff)
    if authority is None or authority.issuer.external:
        return None
    return register.issue(
        publication.agency_id,
        authority.issuer,
        "TB",
        personal_ref(decision),
        publication.notice_date or publication.published_on,
        subject=f"Thông báo kết quả xếp loại chất lượng năm {publication.cycle.year}: "
        f"{decision.staff.full_name}",
        signer_name=authority.name,
    )


def issue_personal_notices(publication: Publication) -> int:
    decisions = approved_decisions(publication.cycle, scope_unit_ids(publication))
    return sum(issue_personal_notice(publication, d) is not None for d in decisions)


# --- numbered documents: the posting record and the reply to a petition -------------------


def posting_ref(posting: Posting) -> str:
    return f"posting:{posting.id}"


def petition_reply_ref(petition: Petition) -> str:
    return f"petition_reply:{petition.id}"


def issue_posting_record(posting: Posting):
    """Number the biên bản niêm yết in the register of the notice's issuer (idempotent: a
    second download keeps the number)."""
    from . import register
    from .authority import issuer_of

    publication = posting.publication
    issuer = issuer_of(publication.cycle.agency, publication.unit)
    return register.issue(
        publication.agency_id,
        issuer,
        "BB",
        posting_ref(posting),
        posting.posted_on,
        subject=f"Biên bản niêm yết kết quả xếp loại chất lượng năm {publication.cycle.year}",
        signer_name=posting.posted_by,
    )


def reply_issuer(petition: Petition):
    """The organisation that replies: the one whose authority classified the person."""
    from .authority import authority_for

    authority = authority_for(petition.publication.cycle, petition.staff)
    return None if authority is None else authority.issuer


def issue_petition_reply(petition: Petition):
    """Number the reply once the petition is settled; None while open, or when a body outside
    the agency replies (it numbers its own documents)."""
    from . import register

    if petition.status not in (PetitionStatus.ACCEPTED, PetitionStatus.REJECTED):
        return None
    issuer = reply_issuer(petition)
    if issuer is None or issuer.external:
        return None
    from .._time import local_date

    issued_on = local_date(petition.answered_at or now())
    return register.issue(
        petition.agency_id,
        issuer,
        "CV",
        petition_reply_ref(petition),
        issued_on,
        subject=f"V/v trả lời kiến nghị về kết quả đánh giá, xếp loại chất lượng: "
        f"{petition.staff.full_name}",
    )
