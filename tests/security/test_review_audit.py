"""Issue 18 finding 2: the audit log must not let HR, an admin or the head infer who wrote a
peer review, by content, by ordering or by adjacency to the reviewer's own named rows."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from evaluation import _time
from evaluation.extensions import db
from evaluation.models import AuditLog, PeerReview

from .. import factories

IN_WINDOW = date(2026, 12, 3)
NEW_PASSWORD = "mat-khau-moi-dai-hon"


@pytest.fixture
def reviews_written(app, client, world, monkeypatch):
    """The clerk changes a password, reviews two colleagues, changes it back: the finding's
    sandwich of named rows around the reviews."""
    monkeypatch.setattr(_time, "today", lambda: IN_WINDOW)
    client.post("/login", data={"username": "congchuc", "password": factories.PASSWORD})
    first = db.session.scalar(select(func.max(AuditLog.id))) or 0
    client.post(
        "/account/password",
        data={"current": factories.PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    for target, level in (("colleague", "HTXS"), ("head", "KHTNV")):
        response = client.post(
            f"/reviews/{world.staff[target].id}",
            data={"strengths": "Nhiệt tình", "shortcomings": "", "proposed_level": level},
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:400]
    client.post(
        "/account/password",
        data={"current": NEW_PASSWORD, "new": factories.PASSWORD, "confirm": factories.PASSWORD},
    )
    client.post("/logout")
    client.delete_cookie("session")
    assert db.session.scalar(select(func.count()).select_from(PeerReview)) == 2
    return first


def test_no_audit_row_is_written_between_the_reviewers_named_rows(reviews_written):
    rows = db.session.scalars(
        select(AuditLog).where(AuditLog.id > reviews_written).order_by(AuditLog.id)
    ).all()
    # Only the clerk's own acts: nothing about the reviews sits between them.
    assert [r.action for r in rows if r.action != "change_password"] == []
    assert len(rows) == 2


@pytest.mark.parametrize("viewer", ["admin", "tccb", "truongphong"])
def test_no_audit_page_ties_a_review_to_its_author(app, client, world, reviews_written, viewer):
    client.post("/login", data={"username": viewer, "password": factories.PASSWORD})
    reviewees = [world.staff["colleague"].full_name, world.staff["head"].full_name]
    urls = [
        "/audit/",
        "/audit/?entity=peer_review",
        "/audit/?user=congchuc",
        "/audit/?entity=user",
        f"/audit/?entity_id={world.staff['colleague'].id}",
        f"/audit/?entity_id={world.staff['head'].id}",
    ]
    for url in urls:
        response = client.get(url)
        if response.status_code == 403:
            assert viewer == "truongphong"  # a head has no audit viewer at all
            continue
        html = response.get_data(as_text=True)
        assert "KHTNV" not in html and "HTXS" not in html, url
        rows = re.findall(r"<tr>.*?</tr>", html, re.S)
        review_rows = [r for r in rows if "peer_review" in r or "Nhiệt tình" in r]
        assert review_rows == [], url
        if "entity=peer_review" in url:
            assert world.units["dept"].name in html  # the count per unit and day
            for name in reviewees:
                assert name not in html, url


def test_the_count_per_day_is_all_that_is_kept(app, client, world, reviews_written):
    client.post("/login", data={"username": "admin", "password": factories.PASSWORD})
    html = client.get("/audit/?entity=peer_review").get_data(as_text=True)
    cells = re.findall(r"<td>([^<]*)</td>", html)
    assert cells == ["03/12/2026", world.units["dept"].name, "2", "0"]
