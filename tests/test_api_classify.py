"""POST /api/v1/classify and /classify-units: the engine's contract over HTTP."""

from __future__ import annotations

import hashlib

from evaluation.extensions import db
from evaluation.models import ApiToken

BATCH = {
    "year": 2026,
    "people": [
        {"id": "a", "group": "cong_chuc", "position": "staff", "months_worked": 12, "score": 93.5},
        {"id": "b", "group": "cong_chuc", "position": "staff", "months_worked": 12, "score": 75},
    ],
}


def _token(world, raw="tok-snv-123") -> str:
    db.session.add(
        ApiToken(
            agency_id=world.agency.id,
            name="HRM tỉnh",
            token_hash=hashlib.sha256(raw.encode()).hexdigest(),
        )
    )
    db.session.commit()
    return raw


def test_hr_session_classifies_a_batch(client, auth, world):
    auth.login("tccb")
    response = client.post("/api/v1/classify", json=BATCH)
    assert response.status_code == 200
    body = response.get_json()
    people = {p["id"]: p for p in body["people"]}
    assert people["b"]["level"] == "HTT"
    assert people["a"]["regime"] == "D335"
    assert all(r["article"] for p in body["people"] for r in p["reasons"])


def test_token_classifies_and_bad_batch_answers_422(client, world):
    token = _token(world)
    headers = {"Authorization": f"Bearer {token}"}
    bad = {
        "year": 2026,
        "people": [
            {
                "id": "x",
                "group": "cong_chuc",
                "position": "staff",
                "months_worked": 14,
                "score": 120,
            }
        ],
    }
    response = client.post("/api/v1/classify", json=bad, headers=headers)
    assert response.status_code == 422
    paths = {e["path"] for e in response.get_json()["errors"]}
    assert "people[0].score" in paths and "people[0].months_worked" in paths
    assert "people" not in response.get_json()


def test_not_json_answers_422_in_vietnamese(client, world):
    headers = {"Authorization": f"Bearer {_token(world)}"}
    response = client.post("/api/v1/classify", data="not json", headers=headers)
    assert response.status_code == 422
    assert "JSON" in response.get_json()["errors"][0]["message"]


def test_wrong_token_and_staff_session_are_refused(client, auth, world):
    response = client.post(
        "/api/v1/classify", json=BATCH, headers={"Authorization": "Bearer wrong"}
    )
    assert response.status_code == 401
    auth.login("congchuc")
    assert client.post("/api/v1/classify", json=BATCH).status_code == 403


def test_classify_units(client, world):
    headers = {"Authorization": f"Bearer {_token(world)}"}
    units = {
        "year": 2026,
        "units": [
            {
                "id": "u1",
                "kind": "public_service",
                "score": 95,
                "tasks_on_time_quality_pct": 100,
                "exceeded_pct": 40,
                "tasks_completed_pct": 100,
                "behind_schedule_pct": 0,
                "plan_completed_pct": 100,
                "force_majeure": False,
                "constituent_khtnv": False,
                "shortcomings_remedied": True,
                "personnel_violation": False,
            },
        ],
    }
    response = client.post("/api/v1/classify-units", json=units, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["units"][0]["level"] in ("HTXS", "HTT")
