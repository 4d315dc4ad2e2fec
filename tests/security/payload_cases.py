"""How to push hostile text through each real form and where it must come back escaped.

test_payloads.py checks that EVERY StringField/TextAreaField of every form class in forms/ is
either covered by a Case here (or in PAYLOAD_CASES of your tests/access/rules_<area>.py) or
listed in NOT_FREE_TEXT with the reason. A new form with free text fails until it is added."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from evaluation.extensions import db
from evaluation.models import Staff, Unit

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://x")',
    "+1",
    "-1",
    "@SUM(A1)",
)


@dataclass(frozen=True)
class Case:
    form: str  # "forms.staff.StaffForm"
    fields: tuple[str, ...]  # its free-text fields
    username: str  # who submits it (world account)
    url: Callable[[object], str]  # where the form posts
    data: Callable[[object, int], dict]  # a valid submission; n makes codes unique
    pages: Callable[[object, dict], list[str]]  # where the saved text is shown afterwards
    # The posted name of a field: forms rendered several times on one page carry a prefix
    # (the ranking board's "p<staff id>-reason").
    key: Callable[[object, str], str] = lambda w, name: name
    # Who reads the pages, when the text is written for someone else (a head's reason for
    # returning a sheet is read by HR in the audit log); None: the submitter.
    viewer: str | None = None
    # Prepares the world before signing in (a form that exists only in another regime year).
    setup: Callable[[object], None] | None = None


def _staff_data(w, n: int) -> dict:
    return {
        "code": f"XSS{n:03d}",
        "full_name": "Nguyễn Văn Thử",
        "gender": "male",
        "group": "cong_chuc",
        "position": "staff",
        "unit_id": w.units["dept"].id,
        "title": "Chuyên viên",
        "task_group": "Chuyên môn",
    }


def _staff_pages(w, data: dict) -> list[str]:
    staff = db.session.scalars(select(Staff).where(Staff.code == data["code"])).one()
    return [f"/staff/{staff.id}", f"/staff/?q={data['code']}", f"/staff/{staff.id}/edit"]


def _unit_data(w, n: int) -> dict:
    return {"code": f"XSS{n:03d}", "name": "Phòng Thử", "kind": "department", "parent_id": 0}


def _unit_pages(w, data: dict) -> list[str]:
    unit = db.session.scalars(select(Unit).where(Unit.code == data["code"])).one()
    return ["/units/", f"/units/{unit.id}/edit", "/staff/new"]


CASES = [
    Case(
        "forms.staff.StaffForm",
        ("full_name", "title", "task_group"),
        "tccb",
        lambda w: "/staff/new",
        _staff_data,
        _staff_pages,
    ),
    Case("forms.org.UnitForm", ("name",), "tccb", lambda w: "/units/new", _unit_data, _unit_pages),
]

# (form, field): why it is not free text that other people will see.
NOT_FREE_TEXT = {
    ("forms.staff.StaffForm", "code"): "restricted to [A-Za-z0-9_.-] by CODE_RULE",
    ("forms.org.UnitForm", "code"): "restricted to [A-Za-z0-9_.-] by CODE_RULE",
    ("forms.auth.SignInForm", "username"): "never stored; reflected only to its typist "
    "(checked in test_sign_in_reflects_username_escaped)",
    ("forms.staff.StaffSearchForm", "q"): "never stored; reflected escaped "
    "(checked in test_search_box_reflects_query_escaped)",
}
