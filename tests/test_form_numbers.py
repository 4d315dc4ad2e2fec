"""Issue 15 point 5 on the forms: "NaN" or "Infinity" typed in a number field is a Vietnamese
message next to the field, never an exception."""

import pytest
from werkzeug.datastructures import MultiDict

from forms.assessment import parse_number
from forms.decision import UnitSelfAssessmentForm


@pytest.mark.parametrize("typed", ["NaN", "nan", "Infinity", "-Infinity", "sNaN", "inf"])
def test_parse_number_refuses_non_finite(typed: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_number(typed)
    assert "Phải là một số" in str(err.value)


def test_parse_number_keeps_vietnamese_decimals() -> None:
    assert str(parse_number("7,5")) == "7.5"


@pytest.mark.parametrize("typed", ["NaN", "Infinity", "-inf"])
def test_unit_self_assessment_score_nan_is_a_field_error(app, typed: str) -> None:
    data = {
        "score": typed,
        "tasks_on_time_quality_pct": "100",
        "exceeded_pct": "30",
        "tasks_completed_pct": "100",
        "behind_schedule_pct": "0",
        "plan_completed_pct": "100",
    }
    with app.test_request_context(method="POST"):
        form = UnitSelfAssessmentForm(formdata=MultiDict(data), meta={"csrf": False})
        form.validate()
        assert form.score.errors
        assert any("Phải là một số" in str(e) for e in form.score.errors)
        assert not form.exceeded_pct.errors
