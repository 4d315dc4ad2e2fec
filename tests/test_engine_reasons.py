"""The engine's per-person reasons in the interface's language (issue 17): every reason code the
engine can emit has its sentence in evaluation/engine_text.py, in step with scoring.reasons, and
reads in English with its parameters (levels, sanctions, bands, scopes, notes) translated."""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

import pytest
from flask_babel import force_locale

from evaluation.engine_text import REASON_TEXTS, reason_message
from scoring import reasons
from scoring.engine import LEAVE_OK_D233, scope_vi
from scoring.units import conditions
from tests.test_i18n import _require_compiled_catalogue

SCORING = Path(__file__).resolve().parents[1] / "scoring"
# Letters only Vietnamese uses: an English sentence holds none of them (sample data is ASCII).
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáèéìíòóùúý]", re.I)


def _emitted_codes() -> set[str]:
    """Every code the engine's source passes to reasons.make (directly or via provisional)."""
    codes = set()
    for path in SCORING.rglob("*.py"):
        codes |= set(re.findall(r'\bmake\(\s*"(\w+)"', path.read_text()))
        if "provisional(" in path.read_text():
            codes.add(reasons.PROVISIONAL)
    return codes


def _sample_values() -> dict[str, list[str]]:
    whats = [
        "Hơn 50% tiêu chí về kết quả thực hiện nhiệm vụ không bảo đảm",
        "100% nhiệm vụ đúng tiến độ, chất lượng, vượt ít nhất 30% và khắc phục 100% hạn chế",
        "100% nhiệm vụ hoàn thành đúng tiến độ, bảo đảm chất lượng",
        *(what for _ok, what in _unit_conditions()),
    ]
    notes = sorted(
        {
            note
            for path in SCORING.rglob("*.py")
            for note in re.findall(r'provisional\([^()]*?,\s*"([^"]+)"\)', path.read_text())
        }
    )
    assert notes, "the provisional notes of the engine were not found"
    return {
        "level": ["HTXS", "HTT", "HTNV", "KHTNV"],
        "band_level": ["HTXS", "HTT"],
        "unit_level": ["HTT", "HTNV"],
        "band": list(reasons.BAND_VI.values()),
        "sanction": list(reasons.SANCTION_VI),
        "what": whats,
        "why": [label for _k, label in LEAVE_OK_D233] + [", ".join(w for _k, w in LEAVE_OK_D233)],
        "year": ["2024"],
        "rate": ["20", "25"],
        "count": ["2"],
        "scope": [
            scope_vi("agency"),
            scope_vi("agency", "cong_chuc"),
            scope_vi("task_group:Finance", "vien_chuc"),
            "trong các đơn vị cùng cấp công nhận",
        ],
        "note": notes,
    }


def _unit_conditions() -> list[tuple[bool, str]]:
    fields = {
        "tasks_on_time_quality_pct": 0,
        "exceeded_pct": 0,
        "constituent_khtnv": False,
        "shortcomings_remedied": False,
        "tasks_completed_pct": 0,
        "behind_schedule_pct": 100,
    }

    class Facts:
        pass

    facts = Facts()
    facts.__dict__.update(fields)
    return list(conditions(facts).values())


def _every_reason():
    """One Reason per code and per combination of sample parameter values."""
    samples = _sample_values()
    for code, template in reasons.TEMPLATES.items():
        names = re.findall(r"\{(\w+)\}", template)
        for values in product(*(samples[n] for n in names)):
            yield reasons.make(code, "Điều 1", **dict(zip(names, values, strict=True)))


def test_every_code_the_engine_emits_has_its_sentence():
    emitted = _emitted_codes()
    assert len(emitted) >= 30
    assert emitted <= set(reasons.TEMPLATES)  # make() refuses any other code
    assert not emitted - set(REASON_TEXTS), "add these codes to evaluation/engine_text.py"
    assert set(REASON_TEXTS) == set(reasons.TEMPLATES)


@pytest.mark.parametrize("code", sorted(reasons.TEMPLATES))
def test_each_sentence_is_the_engine_template(code):
    template = reasons.TEMPLATES[code]
    if re.search(r"\{\w+\}", template):
        template = template.replace("%", "%%")
    assert REASON_TEXTS[code] == re.sub(r"\{(\w+)\}", r"%(\1)s", template)


def test_every_reason_reads_in_english_and_stays_as_stored_in_vietnamese(app):
    _require_compiled_catalogue()
    count = 0
    with app.test_request_context("/"):
        for reason in _every_reason():
            with force_locale("vi"):
                assert reason_message(reason) == reason.message
            with force_locale("en"):
                english = reason_message(reason.as_dict())  # as stored with a decision
            assert english != reason.message, reason.code
            assert not VIETNAMESE.search(english), (reason.code, english)
            count += 1
    assert count >= len(reasons.TEMPLATES)


def test_a_reason_the_template_no_longer_makes_is_shown_as_stored(app):
    stored = {"code": "score_band", "article": "Điều 1", "message": "Một câu cũ."}
    with app.test_request_context("/"), force_locale("en"):
        assert reason_message(stored) == "Một câu cũ."


def test_the_english_board_gives_each_persons_reasons_in_english(client, auth, world, monkeypatch):
    from decimal import Decimal

    import evaluation.queries.results as qr
    from evaluation.services import decisions, engine_input

    found: dict[int, dict] = {}  # the person's submitted facts, as tests/test_human_messages

    def fake(cycle, ids):
        return {i: found[i] for i in ids if i in found}

    for module in (engine_input, decisions, qr):
        monkeypatch.setattr(module, "annual_facts", fake)
    found[world.staff["clerk"].id] = {"score": Decimal("85"), "self_level": "HTT"}
    auth.login("truongphong")
    url = f"/ranking/{world.cycle.id}/units/{world.units['dept'].id}"
    assert "Điểm cả năm thuộc khung mức" in client.get(url).get_data(as_text=True)
    client.post("/lang/en", data={"next": "/"})
    html = client.get(url).get_data(as_text=True)
    assert "The year&#39;s score falls in the band of “Well completed duties”" in html
    assert "Điểm cả năm thuộc khung mức" not in html
