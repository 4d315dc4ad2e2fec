"""The staff list in Vietnamese order (A Ă Â B C D Đ E …): the database sorts on Staff.name_sort,
the collation key the model keeps with the name (migration 0019 fills it for existing rows)."""

from __future__ import annotations

from evaluation.extensions import db
from evaluation.services import staff as staff_service
from evaluation.text import vn_collation_key, vn_sort_key

from . import factories
from .test_migrations import empty_database_url  # noqa: F401 - the fixture


def _positions(html: str, names: list[str]) -> list[int]:
    return [html.index(name) for name in names]


def test_staff_list_puts_dd_after_d_and_before_e(client, auth, world):
    dept = world.units["dept"]
    for name in ("Em Thị Hoa", "Đào Văn Bình", "Dũng Thị Lan"):
        factories.make_staff(world.agency, dept, name=name)
    db.session.commit()
    auth.login("tccb")
    html = client.get("/staff/").get_data(as_text=True)
    dung, dao, em = _positions(html, ["Dũng Thị Lan", "Đào Văn Bình", "Em Thị Hoa"])
    assert dung < dao < em
    # The same order from the query alone (the page is one of its users).
    names = [
        s.full_name
        for s in db.session.scalars(staff_service.search_query(world.agency.id))
        if s.full_name in ("Em Thị Hoa", "Đào Văn Bình", "Dũng Thị Lan")
    ]
    assert names == ["Dũng Thị Lan", "Đào Văn Bình", "Em Thị Hoa"]


def test_the_key_follows_the_name_whatever_sets_it(world):
    person = world.staff["clerk"]
    staff_service.update_staff(
        person,
        {
            "code": person.code,
            "full_name": "Ưng Văn Tú",
            "gender": person.gender.value,
            "group": person.group.value,
            "position": person.position.value,
            "unit_id": person.unit_id,
        },
    )
    assert person.name_sort == vn_collation_key("Ưng Văn Tú")
    person.full_name = "Uông Văn Tú"  # set directly (demo builders, imports)
    assert person.name_sort == vn_collation_key("Uông Văn Tú")


def test_the_string_key_sorts_like_the_python_key():
    names = ["Ư", "Uyên", "Đinh", "Dương", "Em", "An", "Ánh", "Anh", "Ăn", "Âu", "Lê An", "Lê  An"]
    names += ["Nguyễn An", "Nguyen An", "Nguyễn Anh", "A1", "Ô", "Ơ", "O", "Zô", "Y"]
    assert sorted(names, key=vn_collation_key) == sorted(names, key=vn_sort_key)
    assert vn_collation_key("Dũng") < vn_collation_key("Đào") < vn_collation_key("Em")
    assert set(vn_collation_key("Trần Thị Ngọc Ánh")) <= set("0123456789")


def test_0019_fills_the_key_and_comes_off(empty_database_url):  # noqa: F811
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect, text

    from config import TestConfig
    from evaluation import create_app

    class Fresh(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Fresh)
    with app.app_context():
        upgrade(revision="0018")
        with db.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET session_replication_role = replica"))
            else:
                conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            for row_id, name in ((1, "Em Thị Hoa"), (2, "Đào Văn Bình"), (3, "Dũng Thị Lan")):
                conn.execute(
                    text(
                        "INSERT INTO staff (id, agency_id, unit_id, code, full_name, name_ascii, "
                        'gender, title, "group", position, task_group, party_member, email, '
                        "created_at, updated_at) VALUES (:id, 1, 1, :code, :name, '', 'male', '', "
                        "'cong_chuc', 'staff', '', false, '', '2026-11-16 09:00:00', "
                        "'2026-11-16 09:00:00')"
                    ),
                    {"id": row_id, "code": f"C{row_id}", "name": name},
                )
            conn.commit()
        upgrade()
        with db.engine.connect() as conn:
            ordered = conn.execute(text("SELECT full_name FROM staff ORDER BY name_sort")).all()
        assert [r[0] for r in ordered] == ["Dũng Thị Lan", "Đào Văn Bình", "Em Thị Hoa"]
        downgrade(revision="0018")
        with db.engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("staff")}
        assert "name_sort" not in columns and "full_name" in columns
        db.engine.dispose()
