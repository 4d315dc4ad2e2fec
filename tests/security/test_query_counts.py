"""Query discipline: list screens send a bounded number of SQL statements, whatever the size."""

from __future__ import annotations

from evaluation.extensions import db
from evaluation.models import Agency, Unit

from .. import factories


def _add_staff(agency_id: int, unit_ids: list[int], start: int, stop: int) -> None:
    agency = db.session.get(Agency, agency_id)
    for n in range(start, stop):
        unit = db.session.get(Unit, unit_ids[n % len(unit_ids)])
        factories.make_staff(agency, unit, code=f"Q{n:05d}")
    db.session.commit()
    # Tests share one session with their requests; a real request starts with an empty one.
    db.session.expunge_all()


def test_staff_list_of_a_big_unit_runs_a_bounded_number_of_queries(
    app, client, auth, world, count_queries, monkeypatch
):
    parent = factories.make_unit(world.agency, "LON", "Phòng Đông Người")
    units = [parent] + [
        factories.make_unit(world.agency, f"LON-{i}", f"Tổ {i}", "constituent", parent=parent)
        for i in range(1, 8)
    ]
    agency_id, unit_ids, url = world.agency.id, [u.id for u in units], f"/staff/?unit={parent.id}"
    monkeypatch.setitem(app.config, "STAFF_PAGE_SIZE", 50)  # a full page spans every sub-unit
    auth.login("tccb")

    _add_staff(agency_id, unit_ids, 0, 30)
    with count_queries() as small:
        page = client.get(url)
    assert page.status_code == 200 and "30 người" in page.get_data(as_text=True)

    _add_staff(agency_id, unit_ids, 30, 300)
    with count_queries() as big:
        page = client.get(url)
    assert page.status_code == 200 and "300 người" in page.get_data(as_text=True)

    assert big.count == small.count, big
    # user, roles, unit choices, subtree (one per level), own record, count, rows, their units.
    assert big.count <= 10, big
