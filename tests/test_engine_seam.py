"""The one seam to the engine (services/engine_input.py, issue 14 point 2): the panel, the ranking
board and the decisions build a person's input by one recipe, scores stay Decimal from the
columns to the results, and a refused person's problems are keyed by their staff id."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaluation.extensions import db
from evaluation.models import AnnualForm, FormStatus, Level, PeriodSheet, SheetStatus
from evaluation.services import assessments, engine_input
from evaluation.services import decisions as service


def _sheet(world, staff, period: int, total: str, *, scored: bool = True) -> PeriodSheet:
    """A period sheet as the manager left it (or, unscored, as the person submitted it)."""
    total_d = Decimal(total)
    general, task = Decimal("27.00"), total_d - Decimal("27.00")
    sheet = PeriodSheet(
        agency_id=world.agency.id,
        cycle_id=world.cycle.id,
        staff_id=staff.id,
        period=period,
        regime="D335",
        status=SheetStatus.SCORED if scored else SheetStatus.SUBMITTED,
        general_self={},
        items=[],
        self_general=general,
        self_task=task,
        self_total=total_d,
        manager_general=general if scored else None,
        manager_task=task if scored else None,
        manager_total=total_d if scored else None,
    )
    db.session.add(sheet)
    return sheet


def _form(world, staff, status: FormStatus) -> AnnualForm:
    form = AnnualForm(
        agency_id=world.agency.id,
        cycle_id=world.cycle.id,
        staff_id=staff.id,
        regime="D335",
        form_kind="sheet",
        status=status,
        content={},
        criteria={},
        self_level=Level.HTT,
    )
    db.session.add(form)
    return form


@pytest.fixture
def clerk(world):
    """The clerk's year: two manager-scored months, 87.00 and 87.50 (the year: 87.25)."""
    person = world.staff["clerk"]
    _sheet(world, person, 1, "87.00")
    _sheet(world, person, 2, "87.50")
    _form(world, person, FormStatus.SUBMITTED)
    db.session.commit()
    return person


@pytest.fixture
def calls(monkeypatch):
    """Every call of the seam's classify(): its switches and the input the engine was given."""
    seen: list[tuple[dict, engine_input.EngineAnswer]] = []
    real = engine_input.classify

    def spy(*args, **kwargs):
        answer = real(*args, **kwargs)
        seen.append((kwargs, answer))
        return answer

    monkeypatch.setattr(engine_input, "classify", spy)
    return seen


def test_the_panel_and_the_decision_give_the_engine_the_same_input(app, world, clerk, calls):
    with app.test_request_context():
        panel = assessments.eligibility(
            world.cycle, clerk, assessments.find_form(world.cycle, clerk)
        )
        service.decide(world.cycle, clerk, "HTT", "", world.users["unit_head"])
    assert panel["ok"], panel
    (panel_switches, panel_answer), (decision_switches, decision_answer) = calls[0], calls[-1]
    assert panel_switches == {"drafts": True, "self_scores": True}
    assert decision_switches == {}  # submitted facts, manager scores
    assert panel_answer.inputs[clerk.id] == decision_answer.inputs[clerk.id]
    assert panel_answer.inputs[clerk.id]["score"] == Decimal("87.25")
    # The board classifies through the same function.
    calls.clear()
    service.ranking_board(world.cycle, world.units["dept"])
    assert [switches for switches, _answer in calls] == [{}]
    assert calls[0][1].inputs[clerk.id] == decision_answer.inputs[clerk.id]


def test_the_switches_choose_drafts_and_self_scores(app, world, calls):
    """A month the manager has not scored and a draft form count for the panel only."""
    colleague = world.staff["colleague"]
    _sheet(world, colleague, 1, "91.00")
    _sheet(world, colleague, 2, "93.00", scored=False)
    form = _form(world, colleague, FormStatus.DRAFT)
    form.criteria = {"tasks_completed_pct": 100}
    db.session.commit()
    with app.test_request_context():
        panel = assessments.eligibility(world.cycle, colleague, form)
    assert panel["provisional"] is True
    assert panel["result"]["score"] == Decimal("92.00")
    mine = engine_input.annual_facts(world.cycle, [colleague.id], drafts=True, self_scores=True)
    assert mine[colleague.id]["criteria"] == {"tasks_completed_pct": 100}
    counted = engine_input.annual_facts(world.cycle, [colleague.id])
    assert counted[colleague.id]["score"] == Decimal("91.00")
    assert counted[colleague.id]["criteria"] is None  # the draft is not the decision's
    assert counted[colleague.id]["provisional"] is False


def test_decimal_from_the_columns_to_the_decision_and_the_board(client, auth, world, clerk):
    people = engine_input.people_inputs(world.cycle, [clerk])
    assert type(people[0]["score"]) is Decimal and people[0]["score"] == Decimal("87.25")
    classification = service.classify_agency(world.cycle)
    result = classification.results[clerk.id]
    assert type(result["score"]) is Decimal
    assert str(result["score"]) == "87.25"  # never 87.25000000000001 nor a float
    assert result["eligible_level"] == "HTT"
    assert any("Nghị định 335/2025/NĐ-CP" in r["article"] for r in result["reasons"])
    decision = service.decide(world.cycle, clerk, "HTT", "", world.users["unit_head"])
    db.session.commit()
    assert decision.score == Decimal("87.25")
    auth.login("truongphong")
    page = client.get(f"/ranking/{world.cycle.id}/units/{world.units['dept'].id}")
    assert "87,25" in page.get_data(as_text=True)


def test_a_refused_persons_problems_are_keyed_by_their_staff_id(world, clerk):
    colleague = world.staff["colleague"]  # D335 without any score: the engine refuses them
    answer = engine_input.classify(world.cycle, [colleague, clerk])
    assert colleague.id in answer.refused and clerk.id not in answer.refused
    assert {p.field for p in answer.refused[colleague.id]} == {"score"}
    assert all(p.person == str(colleague.id) for p in answer.refused[colleague.id])
    assert set(answer.results) == {clerk.id}  # the others are still classified
    classification = service.classify_agency(world.cycle)
    assert colleague.id in classification.excluded
    assert clerk.id in classification.results
    assert "(score)" not in " ".join(classification.excluded[colleague.id])
