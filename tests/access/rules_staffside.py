"""Access rules of the self-assessment screens (issue 4). The clerk (congchuc) fills their own
sheet and form; their head (truongphong) scores and reopens; HR follows up."""

from flask import current_app

from evaluation.extensions import db
from tests.factories import PASSWORD
from tests.security.payload_cases import Case
from tests.security.scope_targets import Target

from . import EVERYONE, HR, Rule


def _clerk(w) -> dict:
    return {"staff_id": w.staff["clerk"].id}


def _clerk_q1(w) -> dict:
    return {"staff_id": w.staff["clerk"].id, "period": 1}


OWNER = frozenset({"staff"})
HEAD = frozenset({"unit_head"})
VIEWERS = OWNER | HEAD | HR

RULES = {
    "assessments.index": Rule(EVERYONE),
    "assessments.sheet": Rule(OWNER, args=_clerk_q1),
    "assessments.sheet_autosave": Rule(OWNER, args=_clerk_q1, methods=("POST",)),
    "assessments.view_sheet": Rule(VIEWERS, args=_clerk_q1),
    "assessments.sheet_document": Rule(VIEWERS, args=_clerk_q1),
    "assessments.score": Rule(HEAD, args=_clerk_q1),
    "assessments.return_sheet": Rule(HEAD, args=_clerk_q1, methods=("POST",)),
    "assessments.annual": Rule(OWNER, args=_clerk),
    "assessments.annual_autosave": Rule(OWNER, args=_clerk, methods=("POST",)),
    "assessments.eligibility": Rule(VIEWERS, args=_clerk),
    "assessments.view_annual": Rule(VIEWERS, args=_clerk),
    "assessments.reopen": Rule(HEAD, args=_clerk, methods=("POST",)),
    "assessments.missing": Rule(HR),
    "assessments.records": Rule(HR, args=_clerk),
    "assessments.add_discipline": Rule(HR, args=_clerk, methods=("POST",)),
    "assessments.history": Rule(HR),
    "assessments.request_reopen": Rule(OWNER, args=_clerk, methods=("POST",)),
    "assessments.reopen_requests": Rule(HR),
    "assessments.decide_reopen": Rule(HR, args=lambda w: _reopen_request(w), methods=("POST",)),
}


# --- requests to reopen after the deadline (services/reopen.py) ----------------------------


def _past_deadline(w) -> None:
    from datetime import timedelta

    from evaluation._time import today

    w.cycle.self_assessment_deadline = today() - timedelta(days=1)
    db.session.commit()


def _reopen_request(w) -> dict:
    """A pending request of the clerk's (a new one each call), as the HR answer's target."""
    from evaluation.models import ReopenRequest

    req = ReopenRequest(
        agency_id=w.agency.id,
        cycle_id=w.cycle.id,
        staff_id=w.staff["clerk"].id,
        requested_by_id=w.users["staff"].id,
        period=1,
        reason="Tôi ốm trong tuần hạn nộp.",
        status="pending",
    )
    db.session.add(req)
    db.session.commit()
    w._reopen_request_id = req.id
    return {"reopen_id": req.id}


def _reopen_request_data(w, n: int) -> dict:
    """The clerk's earlier request is answered first, so each post makes a new one."""
    from evaluation.models import ReopenRequest

    for req in db.session.scalars(
        db.select(ReopenRequest).where(ReopenRequest.status == "pending")
    ):
        req.status = "refused"
    db.session.commit()
    return {"period": "1", "reason": "Lý do"}


def _reopen_decision_data(w, n: int) -> dict:
    request_id = _reopen_request(w)["reopen_id"]
    return {f"r{request_id}-decision": "refuse", f"r{request_id}-answer": "Không đủ lý do"}


# The quarter number of /sheet/<staff_id>/<period>: not an object of its own. The sheet it
# selects belongs to staff_id, which the cross-scope test points at another agency/unit.
SCOPE_TARGETS = {
    "period": Target(other_agency=None, other_unit=None),
    # A request to reopen: the other agency's, and one of a person in another unit.
    "reopen_id": Target(
        other_agency=lambda w: _reopen_of(w.other["cycle"], w.other["staff"], w.other["user"]),
        other_unit=lambda w: _reopen_of(w.cycle, w.staff["outsider"], w.users["outsider"]),
        secrets=lambda r: [r.reason],
    ),
}


def _reopen_of(cycle, staff, user):
    from evaluation.models import ReopenRequest

    req = ReopenRequest(
        agency_id=cycle.agency_id,
        cycle_id=cycle.id,
        staff_id=staff.id,
        requested_by_id=user.id,
        period=None,
        reason="Lý do mở lại bí mật",
        status="pending",
    )
    db.session.add(req)
    db.session.flush()
    return req


# --- hostile text through the real forms (tests/security/test_payloads.py) -----------------

_ANNUAL_TEXT = (
    "political",
    "ethics",
    "style",
    "discipline",
    "task_results",
    "citizens",
    "leader_unit_results",
    "leader_capacity",
    "leader_uniting",
    "self_comment",
)


def _annual_data(w, n: int) -> dict:
    from evaluation.services import assessments as svc

    db.session.expire_all()
    form = svc.find_form(w.cycle, w.staff["head"])
    data = {name: "Tốt" for name in _ANNUAL_TEXT}
    data.update({"self_level": "HTT", "save": "1"})
    if form is not None:
        data["version"] = str(form.version)
    return data


def _d90_year(w) -> None:
    w.cycle.year = 2025
    db.session.commit()


def _annual_pages(w, d) -> list[str]:
    head = w.staff["head"].id
    return [f"/assessments/annual/{head}", f"/assessments/annual/{head}/view"]


def _sheet_url(w, tail: str = "") -> str:
    return f"/assessments/sheet/{w.staff['clerk'].id}/1{tail}"


def _sheet_form(w) -> dict:
    from scoring import periodic

    data = {}
    for i, criterion in enumerate(periodic.GENERAL_CRITERIA["D335"]):
        data[f"general-{i}-code"] = criterion.code
        data[f"general-{i}-score"] = "2"
    data.update(
        {
            "items-0-title": "Báo cáo quý",
            "items-0-units": "1",
            "items-0-assigned_on": f"05/01/{w.cycle.year}",
            "items-0-due_on": f"20/01/{w.cycle.year}",
            "items-0-completed_on": f"18/01/{w.cycle.year}",
            "items-0-quality_ok": "y",
        }
    )
    return data


def _draft_sheet_data(w, n: int) -> dict:
    from evaluation.services import assessments as svc

    db.session.expire_all()
    sheet = svc.find_sheet(w.cycle, w.staff["clerk"], 1)
    data = {"save": "1", **_sheet_form(w)}
    if sheet is not None:
        data["version"] = str(sheet.version)
    return data


def _submitted_sheet(w):
    """The clerk's first-quarter sheet, submitted through the clerk's own form (a second
    client, so the case's signed-in session is untouched)."""
    from evaluation.models import SheetStatus
    from evaluation.services import assessments as svc

    db.session.expire_all()
    sheet = svc.find_sheet(w.cycle, w.staff["clerk"], 1)
    if sheet is None or sheet.status not in (SheetStatus.SUBMITTED, SheetStatus.SCORED):
        data = {"submit": "1", "confirm": "y", **_sheet_form(w)}
        if sheet is not None:
            data["version"] = str(sheet.version)
        clerk = current_app.test_client()
        assert (
            clerk.post("/login", data={"username": "congchuc", "password": PASSWORD}).status_code
            == 302
        )
        response = clerk.post(_sheet_url(w), data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
        db.session.expire_all()
        sheet = svc.find_sheet(w.cycle, w.staff["clerk"], 1)
    return sheet


def _score_data(w, n: int) -> dict:
    from scoring import periodic

    sheet = _submitted_sheet(w)
    data = {
        "score": "1",
        "version": str(sheet.version),
        "comment": "Cần chú ý tiến độ.",
        "strengths": "Tham mưu kịp thời.",
        "weaknesses": "Còn chậm một tờ trình.",
    }
    for i, _criterion in enumerate(periodic.GENERAL_CRITERIA["D335"]):
        data[f"general-{i}-score"] = "2"
    data["item_flags-0-quality_ok"] = "y"
    return data


def _discipline_data(w, n: int) -> dict:
    return {
        "sanction": "reprimand",
        "system": "state",
        "duty_related": "y",
        "effective_on": f"01/03/{w.cycle.year}",
        "act": f"HV{n}",
        "note": "Ghi chú",
    }


PAYLOAD_CASES = [
    # Decree 90 forms (years up to 2025): a leading civil servant's form 02 has every content
    # field 1-9; the world's cycle is moved to 2025 so the head gets that form.
    Case(
        "forms.assessment.AnnualFormForm",
        _ANNUAL_TEXT[:-1],
        "truongphong",
        lambda w: f"/assessments/annual/{w.staff['head'].id}",
        _annual_data,
        _annual_pages,
        setup=_d90_year,
    ),
    # From 2026 the annual sheet keeps only the person's own comment.
    Case(
        "forms.assessment.AnnualFormForm",
        ("self_comment",),
        "truongphong",
        lambda w: f"/assessments/annual/{w.staff['head'].id}",
        _annual_data,
        _annual_pages,
    ),
    # A work item's title, typed by the owner, read by the owner and their head.
    Case(
        "forms.assessment.PeriodSheetForm",
        ("items.title",),
        "congchuc",
        lambda w: _sheet_url(w),
        _draft_sheet_data,
        lambda w, d: [_sheet_url(w), _sheet_url(w, "/view")],
        key=lambda w, name: name.replace(".", "-0-"),
    ),
    Case(
        "forms.assessment.ManagerScoreForm",
        ("comment", "strengths", "weaknesses"),
        "truongphong",
        lambda w: _sheet_url(w, "/score"),
        _score_data,
        lambda w, d: [_sheet_url(w, "/view"), _sheet_url(w, "/score")],
    ),
    # The reason for sending a sheet back is kept in the audit log, which HR reads.
    Case(
        "forms.assessment.ReasonForm",
        ("reason",),
        "truongphong",
        lambda w: _sheet_url(w, "/return"),
        lambda w, n: (_submitted_sheet(w), {"reason": "Thiếu minh chứng"})[1],
        lambda w, d: ["/audit/"],
        viewer="tccb",
    ),
    Case(
        "forms.assessment.DisciplineForm",
        ("act", "note"),
        "tccb",
        lambda w: f"/assessments/hr/records/{w.staff['clerk'].id}/discipline",
        _discipline_data,
        lambda w, d: [f"/assessments/hr/records/{w.staff['clerk'].id}"],
    ),
    Case(
        "forms.assessment.HistoryForm",
        ("note",),
        "tccb",
        lambda w: "/assessments/hr/history",
        lambda w, n: {"staff_code": w.staff["clerk"].code, "year": str(2000 + n), "level": "HTT"},
        lambda w, d: ["/assessments/hr/history"],
    ),
    # After the deadline: the clerk's reason is read by HR; HR's answer by HR and the clerk.
    Case(
        "forms.assessment.ReopenRequestForm",
        ("reason",),
        "congchuc",
        lambda w: f"/assessments/reopen/{w.staff['clerk'].id}",
        _reopen_request_data,
        lambda w, d: ["/assessments/reopen-requests"],
        viewer="tccb",
        setup=_past_deadline,
    ),
    Case(
        "forms.assessment.ReopenDecisionForm",
        ("answer",),
        "tccb",
        lambda w: f"/assessments/reopen-requests/{w._reopen_request_id}",
        _reopen_decision_data,
        lambda w, d: ["/assessments/reopen-requests"],
        key=lambda w, name: f"r{w._reopen_request_id}-{name}",
    ),
]

NOT_FREE_TEXT = {
    ("forms.assessment.PeriodSheetForm", "general.code"): "ignored: the view takes the "
    "criteria codes from the regime, by row position",
    ("forms.assessment.ManagerScoreForm", "general.code"): "ignored: the view takes the "
    "criteria codes from the regime, by row position",
    ("forms.assessment.AnnualFormForm", "version"): "a hidden row version, read as an int",
    ("forms.assessment.ManagerScoreForm", "version"): "a hidden row version, read as an int",
    ("forms.assessment.PeriodSheetForm", "version"): "a hidden row version, read as an int",
    ("forms.assessment.HistoryForm", "staff_code"): "looked up among the agency's staff codes; "
    "an unknown code is refused and never stored",
    ("forms.assessment.ManagerScoreForm", "item_flags.row"): "a hidden marker that keeps each "
    "row's place in the post; never read or stored (shown back only by WTForms, escaped)",
    ("forms.assessment.ReopenRequestForm", "period"): "read as a period number in the cycle's "
    "range (404 otherwise), never stored as text",
}
