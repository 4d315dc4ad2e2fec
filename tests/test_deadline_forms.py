"""Issue 17, forms that lose or confuse input: the head's unticked boxes keep their row, a
criterion's error names its row and criterion with an example within its maximum, and an
impossible date in the work-item grid is reported as such next to its cell."""

from __future__ import annotations

import re

from evaluation.extensions import db
from tests.test_assessments import GENERAL, _manager_post, _sheet, _url, sheet_post


def _messages(page: str) -> list[str]:
    return re.findall(r'<p class="error" role="alert">(.*?)</p>', page)


def test_impossible_date_in_the_grid_is_invalid_not_missing_and_nothing_is_saved(
    client, auth, world
):
    auth.login("congchuc")
    data = sheet_post(action="submit")
    data["items-1-assigned_on"] = "31/02/2026"
    response = client.post(_url(world), data=data)
    page = response.get_data(as_text=True)
    assert "Công việc 2, Ngày giao: Ngày không hợp lệ (nhập dd/mm/yyyy)." in _messages(page)
    assert "chưa nhập ngày giao" not in page  # one true message, not a second wrong one
    assert 'value="31/02/2026"' in page  # kept as typed
    assert _sheet(world) is None


def test_a_criterion_error_names_row_and_criterion_with_an_example_under_its_maximum(
    client, auth, world
):
    auth.login("congchuc")
    data = sheet_post(action="save")
    data["general-0-score"] = "bốn"  # I.1, at most 5 points
    data["general-2-score"] = "x"  # II.1, at most 2.5 points
    page = client.post(_url(world), data=data).get_data(as_text=True)
    messages = _messages(page)
    assert (
        "Dòng 1, tiêu chí I.1 “Phẩm chất chính trị, đạo đức; văn hóa thực thi công vụ”: "
        "phải là một số, ví dụ 4,5 (tối đa 5 điểm)."
    ) in messages
    assert any(
        m.startswith("Dòng 3, tiêu chí II.1 ") and "ví dụ 2 (tối đa 2,5 điểm)" in m
        for m in messages
    ), messages
    assert "7,5" not in page
    assert _sheet(world) is None


def test_missing_criterion_on_submit_names_its_row(client, auth, world):
    auth.login("congchuc")
    data = sheet_post(action="submit")
    data["general-2-score"] = ""
    page = client.post(_url(world), data=data).get_data(as_text=True)
    assert any(
        m.startswith("Dòng 3, tiêu chí II.1 “") and m.endswith("”: chưa chấm điểm.")
        for m in _messages(page)
    ), _messages(page)


def test_head_unticked_boxes_keep_their_row_after_an_error_and_are_saved_as_no(client, auth, world):
    auth.login("congchuc")
    client.post(_url(world), data=sheet_post(action="submit"))
    client.post("/logout")
    auth.login("truongphong")
    sheet = _sheet(world)
    assert sheet.items[0]["quality_ok"] and sheet.items[1]["quality_ok"]
    # The head unticks every box of the first work item: a browser posts nothing for it but
    # the row's marker (the counts are left out here too, as the tests' posts do).
    post = _manager_post(sheet, GENERAL, {(0, "quality_ok"): False})
    for i in range(len(sheet.items)):
        post[f"item_flags-{i}-row"] = "1"
    post["general-0-score"] = "abc"
    page = client.post(_url(world, suffix="/score"), data=post).get_data(as_text=True)
    boxes = re.findall(r'<input[^>]*name="item_flags-(\d)-quality_ok"[^>]*>', page)
    tags = re.findall(r'<input[^>]*name="item_flags-\d-quality_ok"[^>]*>', page)
    assert boxes == ["0", "1", "2"]  # every row in its place
    assert "checked" not in tags[0] and "checked" in tags[1]
    post["general-0-score"] = "4,5"
    response = client.post(_url(world, suffix="/score"), data=post)
    assert response.status_code == 302, _messages(response.get_data(as_text=True))
    db.session.expire_all()
    sheet = _sheet(world)
    assert [item["quality_ok"] for item in sheet.items_manager] == [False, True, False]


# --- item 9: small inconsistencies ---------------------------------------------------------


def test_dashboard_says_no_decision_yet_instead_of_approved_zero_of_zero(client, auth, world):
    auth.login("tccb")
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Chưa có quyết định" in html
    # the approved column (after the decided one) never reads "0/0"
    assert not re.search(r'<td class="num">\d+/\d+</td>\s*<td class="num">0/0</td>', html)


def test_refused_unit_decision_keeps_the_other_rows_levels(client, auth, world):
    from evaluation.models import RoleName
    from evaluation.services import unit_evaluations
    from tests import factories
    from tests.test_decisions import UNIT_FACTS, _unit_heads

    _boss, _boss_user, _sub_head, sub_user = _unit_heads(world)
    sub, center = world.units["sub"], world.units["center"]
    # A second constituent unit of the centre: its director decides both.
    sub2 = factories.make_unit(world.agency, "TT-TL", "Phòng Tin học", "constituent", center)
    head2 = factories.make_staff(
        world.agency, sub2, name="Cao Văn Sơn", group="vien_chuc", position="manager"
    )
    sub2.head_id = head2.id
    user2 = factories.make_user(world.agency, "truongth", [(RoleName.UNIT_HEAD, sub2.id)], head2)
    unit_evaluations.self_assess(world.cycle, sub, UNIT_FACTS, sub_user)
    unit_evaluations.self_assess(world.cycle, sub2, UNIT_FACTS, user2)
    db.session.commit()
    auth.login("giamdoctt")
    board = f"/ranking/{world.cycle.id}/collectives"

    def chosen(html: str) -> dict[str, str]:
        selects = re.findall(r'<select[^>]*name="(u\d+-level)"[^>]*>(.*?)</select>', html, re.S)
        return {
            name: (
                re.search(r'<option selected value="([^"]*)"', body)
                or re.search(r'<option value="([^"]*)" selected', body)
                or [None, ""]
            )[1]
            for name, body in selects
        }

    before = chosen(client.get(board).get_data(as_text=True))
    assert before.get(f"u{sub.id}-level")  # the proposal is preselected
    p = f"u{sub.id}-"
    response = client.post(
        f"{board}/{sub.id}/decide",
        data={p + "level": "HTNV", p + "reason": "", p + "version": "1"},
    )
    assert response.status_code == 422
    after = chosen(response.get_data(as_text=True))
    assert after[f"u{sub.id}-level"] == "HTNV"  # what the head chose stays
    others = {k: v for k, v in before.items() if k != f"u{sub.id}-level"}
    # and no other row resets to "— chọn mức —"
    assert others and {k: after[k] for k in others} == others


def test_notice_order_follows_vietnamese_collation(app):
    from evaluation.queries.disclosure import in_organisation_order

    rows = [
        {"unit_id": None, "position": "staff", "full_name": name}
        for name in ("Nguyễn Văn Võ", "Trần Thị Đào", "Lê Văn Dũng", "Phạm Anh Em")
    ]
    ordered = [r["full_name"] for r in in_organisation_order(rows, agency_id=-1)]
    # By given name, Vietnamese alphabet: D < Đ < E < … < V (never Đ folded into D or after V).
    assert ordered == ["Lê Văn Dũng", "Trần Thị Đào", "Phạm Anh Em", "Nguyễn Văn Võ"]
