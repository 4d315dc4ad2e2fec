"""Schemathesis against the OpenAPI document: generated requests never get a 5xx."""

from __future__ import annotations

import hashlib

import schemathesis
from hypothesis import HealthCheck, given, settings

from evaluation.extensions import db
from evaluation.models import ApiToken

TOKEN = "fuzz-token-snv"  # noqa: S105 - a test token


def test_generated_requests_never_get_a_server_error(app, world):
    db.session.add(
        ApiToken(
            agency_id=world.agency.id,
            name="fuzz",
            token_hash=hashlib.sha256(TOKEN.encode()).hexdigest(),
        )
    )
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} == {
        "GET /results",
        "POST /classify",
        "POST /classify-units",
        "POST /tasks",
    }
    answered: dict[str, set[int]] = {}
    for operation in operations:
        _fuzz(operation, answered)
    assert set(answered) == {op.label for op in operations}  # every operation was exercised
    # Not a vacuous run of 401s: the fuzzed calls carried a token the API accepts.
    assert 401 not in set().union(*answered.values())
    known_year = app.test_client().get(
        "/api/v1/results?year=2026", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert known_year.status_code == 200


def _fuzz(operation, answered: dict[str, set[int]]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def call(case):
        response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
        answered.setdefault(operation.label, set()).add(response.status_code)
        assert response.status_code < 500, (operation.label, case.body, case.query)

    call()
