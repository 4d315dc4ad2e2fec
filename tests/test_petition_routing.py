"""Issue 17, petitions: routed to whoever may decide the person's level, HR offered only what it
has the authority to do, and every answer kept and shown in order."""

from __future__ import annotations

import re

from evaluation.extensions import db
from evaluation.services import disclosure

from .disclosure_factories import publish


def _history(page: str) -> list[str]:
    block = re.search(r'<ol class="history" id="petition-history">(.*?)</ol>', page, re.S)
    assert block, "no history on the page"
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", li)).strip()
        for li in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)
    ]


def test_every_answer_is_kept_in_order_and_shown_to_the_petitioner(client, auth, world):
    publication, _d = publish(world)
    petition = disclosure.file_petition(publication, world.users["staff"], "Xin xem lại mức.")
    db.session.commit()
    auth.login("tccb")
    url = f"/disclosure/petitions/{petition.id}"
    for text in ("Đã nhận, đang xem xét.", "Đã chuyển trưởng phòng."):
        response = client.post(url, data={"action": "answer", "level": "", "answer": text})
        assert response.status_code == 302, response.get_data(as_text=True)
    auth.logout()
    auth.login("truongphong")  # the head who decides the clerk's level settles it
    response = client.post(
        url, data={"action": "reject", "level": "", "answer": "Giữ nguyên kết quả."}
    )
    assert response.status_code == 302
    auth.logout()
    auth.login("congchuc")
    steps = _history(client.get(url).get_data(as_text=True))
    assert len(steps) == 4
    assert steps[0].startswith("Gửi kiến nghị") and "Xin xem lại mức." in steps[0]
    assert steps[1].startswith("Trả lời") and "Phạm Minh Châu" in steps[1]
    assert "Đã nhận, đang xem xét." in steps[1] and "Đã chuyển trưởng phòng." in steps[2]
    assert steps[3].startswith("Không chấp nhận") and "Nguyễn Thị Ánh Tuyết" in steps[3]
    assert "Giữ nguyên kết quả." in steps[3]


def test_a_heads_own_petition_goes_above_them_never_to_themselves(client, auth, world):
    publication, _d = publish(world)
    petition = disclosure.file_petition(publication, world.users["unit_head"], "Xin xem lại.")
    db.session.commit()
    auth.login("truongphong")
    assert "Xin xem lại." not in client.get("/disclosure/petitions").get_data(as_text=True)
    url = f"/disclosure/petitions/{petition.id}"
    page = client.get(url).get_data(as_text=True)  # their own: readable, not answerable
    assert 'name="action"' not in page
    response = client.post(url, data={"action": "reject", "level": "", "answer": "Tự bác."})
    assert response.status_code == 403
    auth.logout()
    # Nobody inside the agency heads the head of the department here: HR records the outside
    # authority's decision, so HR is offered every action.
    auth.login("tccb")
    page = client.get(url).get_data(as_text=True)
    assert 'value="accept"' in page and 'value="reject"' in page
    assert "Cấp có thẩm quyền bên ngoài cơ quan" in page
