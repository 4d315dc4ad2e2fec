"""`flask demo --simulate YEAR`: walk one agency through a whole evaluation cycle.

Every step calls the SAME service as the screen that does it, acting as the user who would do
it there (the person, their direct manager, HR, the party committee, the unit's head, the
recognising authority). The simulator only invents what people would type; every rule (scores,
eligibility, quotas, who may decide whom) stays in the services and the engine. When a service
refuses an invented choice (an override above the quota, say), the simulator falls back to what
the screen would offer next (the engine's proposal) and counts the refusal.

The clock: the services read today's date from evaluation/_time.py. The review window (and the
self-assessment deadline when it has passed) is opened for the run through cycles.update_cycle,
as HR would do on the cycle screen, and put back afterwards (both changes are audited). After the
cycle's classification deadline the run happens on that deadline (_time.travel). Other dates are
passed explicitly (work items, meeting dates).

Deterministic: every random choice comes from random.Random seeded with (seed, person code).
One commit per phase, so a failure leaves the finished phases in place and the report says
where it stopped."""

from __future__ import annotations

import random
import secrets
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app, g
from flask_login import login_user
from sqlalchemy import func, select

from scoring.vocabulary import LEVELS, RANK

from .. import _time
from ..extensions import db
from ..models import (
    Agency,
    AuditLog,
    Cycle,
    Decision,
    Level,
    RoleName,
    Staff,
    Unit,
    User,
)
from ..permissions import headed_units, is_hr, is_party_committee
from ..permissions.assessments import is_direct_manager
from ..permissions.decisions import (
    can_approve_unit,
    can_decide_for,
    can_decide_unit,
    can_self_assess_unit,
)
from ..permissions.reviews import can_edit_meeting, can_write_party_comment, needs_party_comment
from ..services import (
    ValidationError,
    accounts,
    assessments,
    cycles,
    decisions,
    meetings,
    products,
    reviews,
    tasks,
)
from ..services import unit_evaluations as unit_eval
from ..services.cycles import CYCLE_FIELDS

Progress = Callable[[str], None]


class SimulationError(Exception):
    """The agency cannot be simulated (no open cycle, already simulated, …)."""


@dataclass
class SimulationSummary:
    agency: str
    year: int
    people_classified: int = 0
    levels_by_group: dict[str, dict[str, int]] = field(default_factory=dict)
    caps: list[tuple[str, int, int]] = field(default_factory=list)  # label, HTXS used, cap
    sheets: int = 0
    forms: int = 0
    over_claims: int = 0
    reviews: int = 0
    meetings: int = 0
    party_comments: int = 0
    unit_levels: dict[str, str] = field(default_factory=dict)
    overrides: int = 0
    refused: list[str] = field(default_factory=list)  # invented choices a service refused
    approvals: int = 0
    party_self_reviews: int = 0
    party_decided: int = 0
    party_lowered: int = 0
    audit_rows: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [
            f"Mô phỏng năm {self.year} — {self.agency}",
            f"  Phiếu theo dõi kỳ: {self.sheets}; phiếu năm: {self.forms} "
            f"(tự nhận cao hơn mức đủ điều kiện: {self.over_claims})",
            f"  Góp ý đồng nghiệp: {self.reviews}; cuộc họp: {self.meetings}; "
            f"ý kiến cấp ủy: {self.party_comments}",
            "  Đơn vị: " + ", ".join(f"{k} {v}" for k, v in sorted(self.unit_levels.items())),
            f"  Người được xếp loại: {self.people_classified}; quyết định khác đề xuất: "
            f"{self.overrides}; đơn vị đã phê duyệt: {self.approvals}",
        ]
        for group, counts in sorted(self.levels_by_group.items()):
            text = ", ".join(f"{lv.value} {counts.get(lv.value, 0)}" for lv in Level)
            out.append(f"    {group}: {text}")
        out.append("  Chỉ tiêu HTXS (đã dùng/tối đa):")
        for label, used, cap in self.caps:
            out.append(f"    {label}: {used}/{cap}")
        out.append(
            f"  Kiểm điểm đảng viên: tự kiểm điểm {self.party_self_reviews}; cấp ủy quyết định "
            f"{self.party_decided} (hạ mức vì tỷ lệ: {self.party_lowered})"
        )
        for item in self.refused:
            out.append(f"  Bị từ chối (giữ mức đề xuất): {item}")
        out.append(f"  Dòng nhật ký ghi thêm: {self.audit_rows}; thời gian: {self.seconds:.1f} s")
        return out


# --- what people type -------------------------------------------------------------------------

TASKS = (
    "Thẩm định hồ sơ",
    "Báo cáo chuyên đề",
    "Dự thảo văn bản hướng dẫn",
    "Tổng hợp số liệu",
    "Kiểm tra, rà soát hồ sơ",
    "Tham mưu kế hoạch",
    "Trả lời kiến nghị",
    "Chuẩn bị hội nghị",
    "Cập nhật cơ sở dữ liệu",
    "Xử lý văn bản đến",
    "Chỉnh lý tài liệu",
    "Số hóa hồ sơ",
)
STRENGTHS = (
    "chủ động trong công việc, tham mưu kịp thời",
    "nắm vững chuyên môn, xử lý hồ sơ cẩn thận",
    "tinh thần trách nhiệm cao, sẵn sàng hỗ trợ đồng nghiệp",
    "có ý thức kỷ luật tốt, đúng giờ",
    "giao tiếp với người dân, doanh nghiệp niềm nở",
    "nhiều sáng kiến cải tiến cách làm",
    "hoàn thành nhanh các việc đột xuất",
    "đoàn kết, hòa nhã với mọi người",
)
SHORTCOMINGS = (
    "đôi khi còn chậm tiến độ",
    "cần chủ động hơn trong đề xuất",
    "báo cáo đôi lúc chưa đầy đủ số liệu",
    "cần nâng cao kỹ năng tin học",
    "còn ngại phát biểu trong cuộc họp",
    "",
    "",
)
PASTED = "Hoàn thành tốt nhiệm vụ được giao, không có ý kiến gì thêm."
CAUSES = (
    "Hồ sơ của đơn vị khác gửi chậm",
    "Thay đổi văn bản quy phạm giữa kỳ",
    "Hệ thống phần mềm gặp sự cố",
)
LEAVES = (("maternity", 6), ("sick", 2), ("sick", 1))


def _rng(seed: int, *parts) -> random.Random:
    return random.Random("|".join(str(p) for p in (seed, *parts)))


def _given(person: Staff) -> str:
    return person.full_name.split()[-1]


@dataclass(frozen=True)
class Profile:
    """How a person works this year: general score range, lateness and quality failures."""

    general: tuple[float, float]
    late: float
    bad_quality: float
    over_claims: bool


def _profile(seed: int, person: Staff) -> Profile:
    """A fifth excellent, most good, some weaker; about one in seven over-claims their level."""
    rng = _rng(seed, "profile", person.code)
    roll = rng.random()
    if roll < 0.2:
        general, late, bad = (27.5, 30.0), 0.0, 0.0
    elif roll < 0.85:
        general, late, bad = (24.0, 28.5), 0.08, 0.05
    else:
        general, late, bad = (20.0, 25.0), 0.25, 0.15
    return Profile(general, late, bad, rng.random() < 0.15)


def _half(value: float) -> str:
    return str(Decimal(round(value * 2)) / 2)


def _general_scores(rng: random.Random, sheet, profile: Profile) -> dict[str, str]:
    criteria = assessments.criteria_for(sheet)
    total_max = sum(float(c.max_points) for c in criteria)  # 30 on both Form 01 sets
    share = rng.uniform(*profile.general) / total_max
    return {
        c.code: _half(
            min(float(c.max_points), float(c.max_points) * share * rng.uniform(0.95, 1.05))
        )
        for c in criteria
    }


def _items(rng: random.Random, cycle: Cycle, period: int, profile: Profile) -> list[dict]:
    end = assessments.period_end(cycle, period)
    months = 1 if cycle.period_count == 12 else 3
    start = date(end.year, end.month - months + 1, 1)
    span = (end - start).days
    rows = []
    for i in range(rng.randint(3, 8)):
        assigned = start + timedelta(days=rng.randint(0, max(1, span * 2 // 3)))
        due = min(end - timedelta(days=3), assigned + timedelta(days=rng.randint(7, 30)))
        due = max(due, assigned)
        late = rng.random() < profile.late
        if late:
            done = min(end, due + timedelta(days=rng.randint(2, 12)))
        else:
            done = due - timedelta(days=rng.randint(0, min(5, (due - assigned).days)))
        bad = rng.random() < profile.bad_quality
        rows.append(
            {
                "title": f"{rng.choice(TASKS)} (việc {i + 1})",
                "units": str(rng.choice((1, 1, 1, 2, 2, 3))),
                "assigned_on": assigned,
                "due_on": due,
                "completed_on": done,
                "quality_ok": not bad,
                # Failed quality reviews (25 % each, Decree 335 Art 14.2(b)).
                "failed_reviews": rng.choice((1, 1, 2)) if bad and rng.random() < 0.2 else 0,
                "delays": 0,  # derived from the dates: one delay when finished late
                # A late item sometimes had a cause outside the person's control.
                "objective_cause": late and rng.random() < 0.4,
            }
        )
    return rows


def _tasks_from(
    catalogue: list, person: Staff, manager: User, items: list[dict], rng: random.Random
) -> None:
    """The invented work as the screens record it (Decree 335 Art 18): the manager assigns
    each piece from the catalogue, the person reports it done with its output on the day it
    was done, and the manager confirms the quantity, failed reviews and delays."""
    unit = person.unit
    own = [
        p for p in catalogue if p.proposed_by_unit_id in (unit.id, unit.parent_id)
    ] or catalogue  # the products of the person's own unit where it proposed some
    for item in items:
        product = rng.choice(own)
        with acting(manager):
            task = tasks.assign(
                person,
                product,
                {
                    "quantity": item["units"],
                    "expected_output": item["title"],
                    "assigned_on": item["assigned_on"],
                    "due_on": item["due_on"],
                },
                by=manager,
            )
        tasks.report(task, link=f"https://vanban.example.gov.vn/{task.id}", on=item["completed_on"])
        late = item["completed_on"] > item["due_on"]
        with acting(manager):
            tasks.confirm(
                task,
                {
                    "confirmed_quantity": item["units"],
                    "failed_reviews": item["failed_reviews"] or int(not item["quality_ok"]),
                    "delays": int(late),
                    "objective_cause": item["objective_cause"],
                },
                by=manager,
            )


def _pct(rng: random.Random, name: str, profile: Profile) -> str:
    """The year's percentages as the person reports them: strong people finish everything on
    time and exceed; weaker ones leave a little unfinished or late."""
    strong, weak = profile.general[0] >= 27, profile.general[0] < 24
    if name == "not_assured_pct":
        return str(rng.randint(1, 8) if weak else 0)
    if name in ("exceeded_pct", "unit_exceeded_pct"):
        return str(rng.randint(30, 50) if strong else rng.randint(5, 30))
    if weak or rng.random() < 0.1:
        return str(rng.randint(90, 99))
    return "100"


def _leader(rng: random.Random) -> dict[str, str]:
    return {name: str(rng.randint(80, 100)) for name in assessments.LEADER_FIELDS}


# --- acting as a user ---------------------------------------------------------------------


@contextmanager
def acting(user: User | None) -> Iterator[None]:
    """A request context signed in as `user`, as the screens run (audit rows name them, Babel
    has its locale). The signed-in user lives in `g` (app context): forget it on both ends."""
    with current_app.test_request_context():
        g.pop("_login_user", None)
        if user is not None:
            login_user(user, force=True)
        try:
            yield
        finally:
            g.pop("_login_user", None)


class Cast:
    """The agency's users by role, and who acts for whom (decided by the permission
    predicates, never by rules of its own)."""

    def __init__(self, agency: Agency, cycle: Cycle) -> None:
        self.agency = agency
        self.cycle = cycle
        users = list(
            db.session.scalars(
                select(User).where(User.agency_id == agency.id, User.is_enabled.is_(True))
            )
        )
        self.by_staff = {u.staff_id: u for u in users if u.staff_id}
        # HR proper first; an admin also counts as HR to the permission predicates (it decides
        # for the HR person when no head may).
        self.hr = sorted(
            (u for u in users if is_hr(u)), key=lambda u: (not u.has_role(RoleName.HR), u.id)
        )
        self.party = [u for u in users if is_party_committee(u)]
        # The most direct head first: a smaller subtree answers for fewer units.
        scopes = [(u, headed_units(u)) for u in users if u.has_role(RoleName.UNIT_HEAD)]
        scopes.sort(key=lambda pair: (len(pair[1]), pair[0].id))
        self.heads = scopes

    def ensure_hr(self) -> User:
        if not any(u.has_role(RoleName.HR) for u in self.hr):
            user = accounts.create_user(
                self.agency,
                f"he-thong-tccb-{self.agency.code.lower()}",
                secrets.token_urlsafe(24),  # nobody signs in with it: it only acts here
                roles=[(RoleName.HR, None)],
            )
            self.hr.insert(0, user)
        return self.hr[0]

    def pick(self, unit_id: int, allowed: Callable[[User], bool]) -> User | None:
        """The most direct head whose units include unit_id and whom `allowed` accepts, else
        the first HR user `allowed` accepts."""
        for user, scope in self.heads:
            if unit_id in scope and allowed(user):
                return user
        for user in self.hr:
            if allowed(user):
                return user
        return None


# --- the phases -------------------------------------------------------------------------------


class _Clock:
    """Seconds since the previous phase ended, for the progress lines."""

    def __init__(self) -> None:
        self.mark = time.perf_counter()

    def lap(self) -> float:
        previous, self.mark = self.mark, time.perf_counter()
        return self.mark - previous


_CLOCK = _Clock()


def _commit(progress: Progress | None, text: str) -> None:
    db.session.commit()
    seconds = _CLOCK.lap()
    if progress:
        progress(f"{text} ({seconds:.1f} s)")


def _cycle_data(cycle: Cycle) -> dict:
    return {name: getattr(cycle, name) for name in CYCLE_FIELDS if name not in ("status",)}


def _open_window(cycle: Cycle, hr: User) -> dict:
    """As HR on the cycle screen: open the review window today (and move a passed
    self-assessment deadline to today). Returns the dates to put back."""
    original = _cycle_data(cycle)
    data = dict(original)
    now = _time.today()
    data["review_opens_on"] = min(now, cycle.review_opens_on)
    data["review_closes_on"] = max(now, cycle.review_closes_on)
    data["self_assessment_deadline"] = max(now, cycle.self_assessment_deadline)
    data["classification_deadline"] = max(data["review_closes_on"], cycle.classification_deadline)
    if data != original:
        with acting(hr):
            try:
                cycles.update_cycle(cycle, data)
            except ValidationError as error:
                raise SimulationError(
                    f"Không mở được thời gian góp ý hôm nay ({now:%d/%m/%Y}): {error}"
                ) from error
    return original


def _restore_window(cycle: Cycle, hr: User, original: dict) -> None:
    if _cycle_data(cycle) != original:
        with acting(hr):
            cycles.update_cycle(cycle, original)


def _hr_records(cycle: Cycle, cast: Cast, people: list[Staff], seed: int) -> None:
    """HR keeps a few year facts: leave for some, one duty-related reprimand."""
    rng = _rng(seed, "hr", cycle.agency_id)
    staff = [p for p in people if p.group.value != "nguoi_lao_dong"]
    # The reprimand goes to someone without a leading post (the last one chosen).
    plain = [p for p in staff if not assessments.is_leader(p)] or staff
    culprit = rng.choice(plain)
    others = [p for p in staff if p.id != culprit.id]
    chosen = rng.sample(others, min(len(others), len(LEAVES))) + [culprit]
    with acting(cast.hr[0]):
        for person, (kind, months) in zip(chosen, LEAVES, strict=False):
            assessments.save_year_record(
                person,
                cycle.year,
                {"months_worked": 12 - months, "leave": [{"kind": kind, "months": months}]},
            )
        if len(chosen) > len(LEAVES):
            # A degradation finding would be too harsh for a late report: a reprimand instead.
            assessments.add_discipline(
                chosen[-1],
                {
                    "sanction": "reprimand",
                    "system": "state",
                    "duty_related": True,
                    "effective_on": date(cycle.year, 8, 15),
                    "act": f"chậm báo cáo {cycle.year}",
                    "note": "Chậm gửi báo cáo tổng hợp, gây ảnh hưởng tiến độ chung.",
                },
            )


def _sheets(cycle: Cycle, cast: Cast, people: list[Staff], seed: int, summary) -> None:
    """Every period: the person fills and submits; the direct manager scores and closes."""
    hr = cast.hr[0]
    periodic_people = [
        p
        for p in people
        if assessments.periodic_criteria_set(assessments.person_regime(cycle, p)) is not None
    ]
    submitted: dict[int, list] = defaultdict(list)  # manager user id -> sheets
    managers: dict[int, User] = {}
    in_force = products.version_in_force(cycle.agency_id, date(cycle.year, 1, 1))
    catalogue = list(in_force.products) if in_force else []
    for person in periodic_people:
        profile = _profile(seed, person)
        with acting(cast.by_staff.get(person.id) or hr):  # HR types it for people without account
            for period in range(1, cycle.period_count + 1):
                rng = _rng(seed, "sheet", person.code, period)
                sheet = assessments.find_sheet(cycle, person, period) or assessments.new_sheet(
                    cycle, person, period
                )
                data = {
                    "general": _general_scores(rng, sheet, profile),
                    "items": _items(rng, cycle, period, profile),
                    "leader": _leader(rng) if assessments.is_leader(person) else None,
                }
                manager = (
                    cast.pick(person.unit_id, lambda u, p=person: is_direct_manager(u, p)) or hr
                )
                if catalogue:  # the work goes through assignment, report and confirmation
                    _tasks_from(catalogue, person, manager, data["items"], rng)
                    data["items"] = []
                assessments.save_sheet(sheet, data, submit=True, version=None)
                managers[manager.id] = manager
                submitted[manager.id].append((sheet, data, rng))
                summary.sheets += 1
    for manager_id, rows in submitted.items():
        with acting(managers[manager_id]):
            for sheet, data, rng in rows:
                general = dict(data["general"])
                if _profile(seed, sheet.staff).over_claims or rng.random() < 0.2:
                    # The manager takes half a point off a criterion the person rated highly.
                    code = max(general, key=lambda k: Decimal(general[k]))
                    general[code] = str(max(Decimal(0), Decimal(general[code]) - Decimal("0.5")))
                flags = []
                for item in data["items"]:
                    row = {f: item[f] for f in assessments.ITEM_FLAGS}
                    row.update({f: item.get(f) or 0 for f in assessments.ITEM_COUNTS})
                    if item["completed_on"] > item["due_on"] and rng.random() < 0.2:
                        row["objective_cause"] = True  # the manager accepts the cause
                    flags.append(row)
                comment = rng.choice(
                    ("", "Đạt yêu cầu.", "Cần bảo đảm tiến độ hơn.", "Hoàn thành tốt.")
                )
                assessments.score_by_manager(
                    sheet,
                    {
                        "general": general,
                        "item_flags": flags,
                        "leader": data["leader"],
                        "comment": comment,
                    },
                    close=True,
                    version=None,
                    user=managers[manager_id],
                )


def _forms(cycle: Cycle, cast: Cast, people: list[Staff], seed: int, summary) -> dict[int, str]:
    """The annual form: drafted, checked against the engine's panel, submitted with a
    self-proposed level (some over-claim one step). Returns staff id -> eligible level."""
    order = [lv.value for lv in Level]  # HTXS first
    eligible: dict[int, str] = {}
    for person in people:
        if (
            assessments.annual_form_kind(assessments.person_regime(cycle, person), person.group)
            is None
        ):
            continue
        rng = _rng(seed, "form", person.code)
        with acting(cast.by_staff.get(person.id) or cast.hr[0]):
            form = assessments.find_form(cycle, person) or assessments.new_form(cycle, person)
            data: dict = {}
            for name in assessments.text_fields(form, person):
                short = rng.choice(SHORTCOMINGS) or "không có hạn chế lớn"
                data[name] = f"{_given(person)}: {rng.choice(STRENGTHS)}; {short}."
            for name in assessments.shown_pct(form, person):
                data[name] = _pct(rng, name, _profile(seed, person))
            if form.form_kind != "sheet":
                data["general"] = rng.choice(("done_well", "done_well", "met"))
            data["shortcomings_remedied"] = True
            assessments.save_form(form, person, data, submit=False, version=None)
            panel = assessments.eligibility(cycle, person, form)
            level = (panel.get("result") or {}).get("eligible_level") or "HTT"
            eligible[person.id] = level
            claim = level
            if _profile(seed, person).over_claims and order.index(level) > 0:
                claim = order[order.index(level) - 1]
                summary.over_claims += 1
            assessments.save_form(
                form, person, {**data, "self_level": claim}, submit=True, version=form.version
            )
            summary.forms += 1
    return eligible


def _reviews(cycle: Cycle, people: list[Staff], eligible: dict[int, str], seed: int, summary):
    """Most colleagues review each other; in a couple of units one person pastes the same text
    for everyone (the dashboard's same-text flag)."""
    by_unit: dict[int, list[Staff]] = defaultdict(list)
    for person in people:
        by_unit[person.unit_id].append(person)
    rng = _rng(seed, "reviews", cycle.agency_id)
    big = sorted((u for u, ps in by_unit.items() if len(ps) >= 4), key=lambda u: u)
    pasters = {by_unit[u][-1].id for u in rng.sample(big, min(2, len(big)))}
    order = [lv.value for lv in Level]
    with acting(None):  # reviews are anonymous: the audit row names no one anyway
        for person in people:
            prng = _rng(seed, "review", person.code)
            for colleague in reviews.colleagues(person):
                if person.id not in pasters and prng.random() < 0.15:
                    continue  # not everybody reviews everybody
                base = eligible.get(colleague.id, "HTT")
                step = prng.choice((0, 0, 0, 0, 1, -1))
                level = order[min(3, max(0, order.index(base) + step))]
                if person.id in pasters:
                    strengths, shortcomings = PASTED, ""
                else:
                    # Full names: given names repeat within a unit, and a comment written
                    # about two people must not look pasted.
                    first, second = prng.sample(STRENGTHS, 2)
                    strengths = f"Đồng chí {colleague.full_name} {first}, {second}"
                    short = prng.choice(SHORTCOMINGS)
                    shortcomings = f"{colleague.full_name}: {short}" if short else ""
                reviews.save_review(
                    cycle,
                    person,
                    colleague,
                    {"proposed_level": level, "strengths": strengths, "shortcomings": shortcomings},
                )
                summary.reviews += 1


def _meetings(cycle: Cycle, cast: Cast, units: list[Unit], seed: int, summary) -> None:
    """Each unit with members meets after the review window, records attendance and an opinion
    per person, and adopts the minutes; the party committee comments on heads and deputies."""
    # Minutes record a meeting that was held: never a day ahead of today (when the decisions
    # are taken), whatever the review window says.
    held = min(
        max(cycle.review_closes_on + timedelta(days=1), date(cycle.year, 12, 1)), _time.today()
    )
    everyone = meetings.agency_people(cycle.agency_id)
    for unit in units:
        members = meetings.unit_members(unit.id)
        if not members:
            continue
        rng = _rng(seed, "meeting", unit.code)
        editor = cast.pick(unit.id, lambda u, un=unit: can_edit_meeting(u, un))
        if editor is None:
            continue
        # A unit too small to meet alone meets with its parent, chaired by the parent's head.
        joint = meetings.joint_unit(unit)
        called = meetings.participants(unit)
        chair_id = joint.head_id if joint else unit.head_id
        chair = next((m for m in called if m.id == chair_id), called[0])
        secretary = next((m for m in called if m.id != chair.id), None) or next(
            (p for p in everyone if p.id != chair.id), None
        )
        if secretary is None:  # a one-person agency: minutes need a chair and a secretary
            summary.refused.append(f"{unit.name}: không đủ người để họp (chủ trì và thư ký)")
            continue
        facts = assessments.annual_facts(cycle, [m.id for m in members])
        evaluated = {m.id for m in members}
        attendance = {p.id: p.id in (chair.id, secretary.id) or rng.random() > 0.08 for p in called}
        for representative in meetings.party_representatives(unit):  # the meeting needs one
            attendance[representative.id] = True
        voters = sum(attendance.values()) + (secretary.id not in attendance)
        rows = []
        for person in called:
            present = attendance[person.id]
            row = {
                "staff_id": person.id,
                "present": present,
                "absence_reason": "" if present else rng.choice(("Đi công tác", "Nghỉ ốm")),
            }
            if person.id in evaluated:
                level = (facts.get(person.id) or {}).get("self_level") or "HTT"
                against = 1 if voters > 3 and rng.random() < 0.15 else 0
                row.update(
                    summary=f"{person.full_name} {rng.choice(STRENGTHS)}.",
                    votes_for=voters - against,
                    votes_against=against,
                    votes_abstain=0,
                    conclusion=(
                        "Cuộc họp thống nhất đề xuất mức tự xếp loại"
                        if not against
                        else "Đa số tán thành đề xuất mức tự xếp loại"
                    ),
                    proposed_level=level if person.group.value != "nguoi_lao_dong" else "",
                )
            rows.append(row)
        with acting(editor):
            meeting = meetings.save_meeting(
                cycle,
                unit,
                {
                    "held_on": held,
                    "start_time": "14:00",
                    "end_time": "16:30",
                    "place": f"Phòng họp {unit.name}",
                    "chair_id": chair.id,
                    "secretary_id": secretary.id,
                    "written_comments": False,
                },
                rows,
            )
            meetings.adopt(meeting)
        summary.meetings += 1
        for member in members:
            if not needs_party_comment(member):
                continue
            writer = next((u for u in cast.party if can_write_party_comment(u, member)), None)
            if writer is None:
                continue
            with acting(writer):
                meetings.save_party_comment(
                    cycle,
                    member,
                    f"Cấp ủy nhất trí: đồng chí {member.full_name} {rng.choice(STRENGTHS)}.",
                    writer,
                )
            summary.party_comments += 1


def _depth(unit: Unit, by_id: dict[int, Unit]) -> int:
    depth = 0
    while unit.parent_id and unit.parent_id in by_id:
        unit = by_id[unit.parent_id]
        depth += 1
    return depth


def _units(cycle: Cycle, cast: Cast, seed: int, summary) -> None:
    """Heads self-assess their collectives; the authority decides, constituents first."""
    units = unit_eval.evaluated_units(cycle)
    by_id = {u.id: u for u in units}
    for unit in units:
        rng = _rng(seed, "unit", unit.code)
        head = cast.pick(unit.id, lambda u, un=unit: can_self_assess_unit(u, un))
        own = cast.by_staff.get(unit.head_id)
        if head is None and own is not None and can_self_assess_unit(own, unit):
            head = own  # e.g. the head of the party office, without a head's role
        if head is None and unit.head_id is None and unit_eval.regime_of(unit) == "administrative":
            continue  # a department without a head has nobody to propose (D335 Art 9.2(a))
        if head is None:  # only the unit's own head proposes its level (Decree 233 Art 9.2)
            summary.refused.append(f"{unit.name}: không có người đứng đầu để tự đánh giá đơn vị")
            continue
        score = rng.randint(82, 97)
        data = {
            "score": score,
            # Most collectives finish every task on time; a few had some late.
            "tasks_on_time_quality_pct": 100 if rng.random() < 0.85 else rng.randint(90, 99),
            "exceeded_pct": rng.randint(10, 40),
            "tasks_completed_pct": 100,
            "behind_schedule_pct": rng.randint(0, 5),
            "plan_completed_pct": rng.randint(95, 100),
            "shortcomings_remedied": True,
            "self_level": "HTXS" if score >= 90 else "HTT",
            "self_note": "Đơn vị hoàn thành kế hoạch năm.",
        }
        with acting(head):
            unit_eval.self_assess(cycle, unit, data, head)
    # Subordinates first (Art 9.1); the agency itself last, recognised outside it (Decree 335
    # Art 5.2): HR records the superior's decision.
    order = sorted(units, key=lambda u: (unit_eval.is_agency_unit(u), -_depth(u, by_id)))
    for unit in order:
        authority = cast.pick(unit.id, lambda u, un=unit: can_decide_unit(u, un))
        ev = unit_eval.evaluation_of(cycle, unit)
        if authority is None or ev is None or ev.submitted_at is None:
            continue
        if unit_eval.is_agency_unit(unit):
            external = {
                "number": f"{_rng(seed, 'outside', unit.code).randint(100, 999)}/QĐ-UBND",
                "date": min(cycle.classification_deadline, _time.today()),
                "signer": unit.agency.superior_name or "Chủ tịch Ủy ban nhân dân tỉnh",
            }
            results, _quotas = unit_eval.classify_group(cycle, [unit], units)
            proposal = (results.get(unit.id) or {}).get("level") or "HTT"
            with acting(authority):
                try:
                    unit_eval.decide_unit(cycle, unit, proposal, "", authority, external=external)
                except ValidationError as error:  # e.g. the chairman's quota already used
                    summary.refused.append(f"{unit.name} {proposal}: {error}")
                    if proposal != "HTXS":
                        continue
                    proposal = "HTT"
                    unit_eval.decide_unit(
                        cycle,
                        unit,
                        proposal,
                        "Chỉ tiêu tổ chức xuất sắc của tỉnh đã đủ.",
                        authority,
                        external=external,
                    )
            summary.unit_levels[unit.code] = proposal
            continue
        results, _quotas = unit_eval.classify_group(
            cycle, unit_eval.authority_group(unit, units), units
        )
        proposal = (results.get(unit.id) or {}).get("level") or "HTT"
        with acting(authority):
            try:
                unit_eval.decide_unit(cycle, unit, proposal, "", authority)
            except ValidationError as error:  # e.g. the unit quota already used
                summary.refused.append(f"{unit.name} {proposal}: {error}")
                unit_eval.decide_unit(
                    cycle, unit, "HTT", "Chỉ tiêu đơn vị xuất sắc đã đủ.", authority
                )
        summary.unit_levels[unit.code] = unit_eval.evaluation_of(cycle, unit).level.value


DOWNGRADE = (
    "Tập thể đơn vị đề nghị; trong năm còn để chậm một số việc được giao nên đề nghị mức "
    "Hoàn thành tốt nhiệm vụ."
)
UPGRADE = (
    "Có sáng kiến được áp dụng toàn cơ quan; tập thể đơn vị thống nhất đề nghị mức Hoàn thành "
    "xuất sắc nhiệm vụ trong chỉ tiêu còn lại."
)
NO_PROPOSAL = "Chưa đủ dữ liệu đánh giá trên hệ thống; căn cứ biên bản họp đơn vị."


def _decide(cycle: Cycle, cast: Cast, seed: int, summary) -> None:
    """The competent person decides everyone: the engine's proposal for most, a few overrides
    with a written reason (downgrades first, then the freed HTXS places)."""
    classification = decisions.classify_agency(cycle)
    staff = classification.staff
    todo = [sid for sid in sorted(staff) if classification.needs_level(sid)]
    rng = _rng(seed, "decide", cycle.agency_id)
    top = [s for s in todo if classification.proposal(s) == "HTXS"]
    cut = [
        s
        for s in todo
        if classification.proposal(s) == "HTT"
        and any(r.get("code") == "over_quota" for r in classification.results[s]["reasons"])
    ]
    # A swap inside one similar-task group of one staff group (from 2026 each decree counts
    # its own group: Decree 335 Art 20.5(a), Decree 233 Art 12.6(a)): a head prefers someone
    # the quota cut to someone the engine selected (the HTXS count and the base stay the same).
    n = max(1, len(todo) // 30)
    down: set[int] = set()
    up: list[int] = []
    for candidate in rng.sample(cut, len(cut)):
        group = staff[candidate].task_group
        kind = staff[candidate].group
        peers = [
            s
            for s in top
            if staff[s].task_group == group and staff[s].group == kind and s not in down
        ]
        if peers and len(up) < n:
            up.append(candidate)
            down.add(rng.choice(peers))
    # People without a proposal first: deciding them below HTT lowers the quota's base (they
    # were counted at the expected level, decisions.EXPECTED_LEVEL), so every HTXS decided
    # afterwards is checked against the cap that will hold at the end.
    plan: list[tuple[int, str, str]] = [
        (s, "HTNV", NO_PROPOSAL) for s in todo if not classification.proposal(s)
    ]
    plan += [(s, "HTT", DOWNGRADE) for s in sorted(down)]
    for sid in todo:
        proposal = classification.proposal(sid)
        if sid in down or sid in up or not proposal:
            continue
        plan.append((sid, proposal, ""))
    plan += [(s, "HTXS", UPGRADE) for s in up]
    for sid, level, reason in plan:
        person = staff[sid]
        decider = cast.pick(person.unit_id, lambda u, p=person: can_decide_for(u, p))
        if decider is None:
            summary.refused.append(f"{person.full_name}: không có người có thẩm quyền")
            continue
        with acting(decider):
            _decide_one(
                cycle, person, level, reason, classification.proposal(sid), decider, summary
            )


def _decide_one(
    cycle: Cycle,
    person: Staff,
    level: str,
    reason: str,
    proposal: str | None,
    decider: User,
    summary: SimulationSummary,
) -> None:
    """Decide `level`; when the decision service refuses it, what the screen offers next: the
    engine's proposal, then each lower level with the service's refusal as the written reason.
    The proposal rests on the facts alone (decisions.settle_quota), so earlier decisions that
    lowered the quota's base (someone decided below HTT) can leave it one HTXS too many: the
    person then gets the next level the rules allow, never a crash."""
    tried: list[str] = []
    while True:
        try:
            decisions.decide(cycle, person, level, reason, decider)
        except ValidationError as error:
            tried.append(level)
            summary.refused.append(f"{person.full_name} {level}: {error}")
            floor = min(RANK[code] for code in tried)
            lower = [code for code in LEVELS if RANK[code] < floor]  # best first
            if proposal and proposal not in tried:
                level, reason = proposal, ""
            elif lower:
                level, reason = lower[0], str(error)
            else:
                raise
            continue
        summary.overrides += bool(reason and level != proposal)
        return


def _approve(cycle: Cycle, cast: Cast, people: list[Staff], summary) -> None:
    classification = decisions.classify_agency(cycle)
    unit_ids = sorted({p.unit_id for p in people if classification.needs_level(p.id)})
    for unit in db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids)).order_by(Unit.id)):
        approver = cast.pick(unit.id, lambda u, un=unit: can_approve_unit(u, un))
        if approver is None:
            summary.refused.append(f"{unit.name}: không có người phê duyệt")
            continue
        with acting(approver):
            try:
                decisions.approve_unit(cycle, unit, approver)
            except ValidationError as error:  # e.g. the unit's own level could not be decided
                summary.refused.append(f"{unit.name}: chưa phê duyệt được — {error}")
                continue
        summary.approvals += 1


def _tally(cycle: Cycle, summary: SimulationSummary) -> None:
    classification = decisions.classify_agency(cycle)
    current = decisions.current_decisions(cycle)
    groups: dict[str, Counter] = defaultdict(Counter)
    for sid, decision in current.items():
        if decision.level is not None:
            groups[classification.staff[sid].group.value][decision.level.value] += 1
    summary.people_classified = sum(sum(c.values()) for c in groups.values())
    summary.levels_by_group = {k: dict(v) for k, v in groups.items()}
    task_groups = {s.task_group or "" for s in classification.staff.values()}
    summary.caps = [
        (m.label, m.decided, m.cap)
        for m in decisions.quota_meters(cycle, classification, task_groups)
    ]


def simulate_year(
    agency: Agency, year: int, *, seed: int = 2026, progress: Progress | None = None
) -> SimulationSummary:
    """Run the agency's open cycle of `year` from the first periodic sheet to the approval of
    every unit. Commits once per phase.

    Run after the cycle's classification deadline (a demo of last year's round loaded in
    February), the simulator acts on that last lawful day, as the agency would have."""
    last_day = db.session.scalar(
        select(Cycle.classification_deadline).where(
            Cycle.agency_id == agency.id, Cycle.year == year
        )
    )
    if last_day is not None and _time.today() > last_day:
        with _time.travel(last_day):
            return _simulate_year(agency, year, seed=seed, progress=progress)
    return _simulate_year(agency, year, seed=seed, progress=progress)


def _simulate_year(
    agency: Agency, year: int, *, seed: int, progress: Progress | None
) -> SimulationSummary:
    started = time.perf_counter()
    _CLOCK.lap()
    cycle = db.session.scalars(
        select(Cycle).where(Cycle.agency_id == agency.id, Cycle.year == year)
    ).first()
    if cycle is None or cycle.status.value != "open":
        raise SimulationError(f"{agency.name}: không có kỳ đánh giá năm {year} đang mở.")
    if db.session.scalars(select(Decision.id).where(Decision.cycle_id == cycle.id)).first():
        raise SimulationError(f"{agency.name}: năm {year} đã có quyết định xếp loại.")
    audit_before = db.session.scalar(select(func.count(AuditLog.id))) or 0
    summary = SimulationSummary(agency=agency.name, year=year)
    cast = Cast(agency, cycle)
    hr = cast.ensure_hr()
    people = decisions.year_staff(cycle)
    original = _open_window(cycle, hr)
    _commit(progress, "Đã mở thời gian góp ý (như tổ chức cán bộ).")
    _hr_records(cycle, cast, people, seed)
    _commit(progress, "Tổ chức cán bộ: nghỉ phép, kỷ luật.")
    _sheets(cycle, cast, people, seed, summary)
    _commit(progress, f"Phiếu theo dõi kỳ: {summary.sheets}.")
    eligible = _forms(cycle, cast, people, seed, summary)
    _commit(progress, f"Phiếu năm: {summary.forms}.")
    _reviews(cycle, people, eligible, seed, summary)
    _restore_window(cycle, hr, original)
    _commit(progress, f"Góp ý đồng nghiệp: {summary.reviews}.")
    all_units = list(
        db.session.scalars(select(Unit).where(Unit.agency_id == agency.id).order_by(Unit.id))
    )
    _meetings(cycle, cast, all_units, seed, summary)
    _commit(progress, f"Cuộc họp: {summary.meetings}.")
    _units(cycle, cast, seed, summary)
    _commit(progress, "Xếp loại đơn vị.")
    _decide(cycle, cast, seed, summary)
    _commit(progress, "Quyết định mức xếp loại cá nhân.")
    _approve(cycle, cast, people, summary)
    _commit(progress, f"Phê duyệt: {summary.approvals} đơn vị.")
    _tally(cycle, summary)
    # The party round of the same people, after the State round is approved (rules.md §7.3).
    from .party import simulate_party

    with acting(hr):
        simulate_party(agency, year, seed, hr, summary)
    _commit(progress, f"Kiểm điểm đảng viên: {summary.party_decided} đảng viên.")
    summary.audit_rows = (db.session.scalar(select(func.count(AuditLog.id))) or 0) - audit_before
    summary.seconds = time.perf_counter() - started
    return summary
