"""Mẫu số 01 section II items 4-5 (Ưu điểm; Hạn chế, khuyết điểm): entered by the direct
manager with the score and the comment, locked with them, printed on the PDF and Word copies
(issue 16, point 3)."""

from __future__ import annotations

import io
import json
import re

from docx import Document
from sqlalchemy import select

from evaluation.extensions import db
from evaluation.models import AuditLog, SheetStatus
from evaluation.services import assessments as svc
from tests.test_assessments import _manager_post, _sheet, _url, sheet_post
from tests.test_periodic_sheet_documents import _docx_text, _pdf_text

STRENGTHS = "Chủ động <b>tham mưu</b>, đúng hạn"
WEAKNESSES = "=Còn chậm báo cáo & chưa sát"


def _submitted(client, auth, world) -> None:
    auth.login("congchuc")
    assert client.post(_url(world), data=sheet_post(action="submit")).status_code == 302
    client.post("/logout")
    auth.login("truongphong")


def _score(client, world, action="score", **extra):
    data = {**_manager_post(_sheet(world), action=action), **extra}
    return client.post(_url(world, suffix="/score"), data=data)


def test_the_manager_enters_both_they_are_shown_and_printed(client, auth, world):
    _submitted(client, auth, world)
    response = _score(client, world, strengths=STRENGTHS, weaknesses=WEAKNESSES)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    sheet = _sheet(world)
    assert (sheet.manager_strengths, sheet.manager_weaknesses) == (STRENGTHS, WEAKNESSES)
    # Shown back: on the sheet's page, escaped, and in the fields of the scoring page.
    view = client.get(_url(world, suffix="/view")).get_data(as_text=True)
    assert "Chủ động &lt;b&gt;tham mưu&lt;/b&gt;, đúng hạn" in view
    assert "=Còn chậm báo cáo &amp; chưa sát" in view
    form = client.get(_url(world, suffix="/score")).get_data(as_text=True)
    assert "\nChủ động &lt;b&gt;tham mưu&lt;/b&gt;, đúng hạn</textarea>" in form
    assert "\n=Còn chậm báo cáo &amp; chưa sát</textarea>" in form
    # Audited with the scoring.
    audit = db.session.scalars(
        select(AuditLog).where(AuditLog.entity == "period_sheet", AuditLog.action == "score")
    ).all()[-1]
    after = audit.after if isinstance(audit.after, dict) else json.loads(audit.after)
    assert after["manager_strengths"] == STRENGTHS
    assert after["manager_weaknesses"] == WEAKNESSES
    # Printed in items 4 and 5, literally, before item 6.
    url = _url(world, suffix="/document")
    pdf = " ".join(_pdf_text(client.get(url).data, layout=False).split())
    # (a page number may fall between items 5 and 6)
    summary = rf"4\. Ưu điểm: {re.escape(STRENGTHS)} 5\. Hạn chế, khuyết điểm: "
    assert re.search(summary + rf"{re.escape(WEAKNESSES)} (\d+ )?6\.", pdf), pdf
    word = Document(io.BytesIO(client.get(url + "?format=docx").data))
    text = _docx_text(word)
    lines = [p.text for p in word.paragraphs]
    assert lines[lines.index("4. Ưu điểm:") + 1] == STRENGTHS
    assert lines[lines.index("5. Hạn chế, khuyết điểm:") + 1] == WEAKNESSES
    assert "<b>" not in text.replace(STRENGTHS, "")


def test_empty_summary_prints_the_dotted_lines(client, auth, world):
    _submitted(client, auth, world)
    assert _score(client, world, strengths="Tốt").status_code == 302
    word = Document(io.BytesIO(client.get(_url(world, suffix="/document?format=docx")).data))
    lines = [p.text for p in word.paragraphs]
    at = lines.index("5. Hạn chế, khuyết điểm:")
    assert lines[lines.index("4. Ưu điểm:") + 1] == "Tốt"
    # Empty: the form's two dotted lines, and item 6 right after them.
    assert set(lines[at + 1]) == {"."} and set(lines[at + 2]) == {"."}
    assert lines[at + 3].startswith("6. Ý kiến nhận xét")
    assert lines[lines.index("4. Ưu điểm:") + 2] == "5. Hạn chế, khuyết điểm:"


def test_too_long_is_refused_next_to_the_field_and_changes_nothing(client, auth, world):
    _submitted(client, auth, world)
    assert _score(client, world, strengths="Cũ", weaknesses="Cũ").status_code == 302
    db.session.expire_all()
    before = (_sheet(world).version, _sheet(world).manager_comment)
    long = "x" * (svc.SUMMARY_MAX + 1)
    response = _score(client, world, weaknesses=long, comment="Mới")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    message = f"Tối đa {svc.SUMMARY_MAX} ký tự (đang có {svc.SUMMARY_MAX + 1})."
    # The message sits in the weaknesses field's block, right after its textarea.
    field = page[page.index('id="weaknesses"') :]
    assert field.index(message) < field.index("</div>")
    assert message not in page[: page.index('id="weaknesses"')].split('id="strengths"')[-1]
    db.session.expire_all()
    sheet = _sheet(world)
    assert (sheet.version, sheet.manager_comment) == before
    assert (sheet.manager_strengths, sheet.manager_weaknesses) == ("Cũ", "Cũ")
    # Exactly the limit is fine.
    exact = "y" * svc.SUMMARY_MAX
    assert _score(client, world, weaknesses=exact).status_code == 302
    db.session.expire_all()
    assert _sheet(world).manager_weaknesses == exact


def test_the_person_cannot_set_them(client, auth, world):
    auth.login("congchuc")
    data = sheet_post(action="submit", strengths="Tự khen", weaknesses="Không có")
    assert client.post(_url(world), data=data).status_code == 302
    db.session.expire_all()
    sheet = _sheet(world)
    assert (sheet.manager_strengths, sheet.manager_weaknesses) == ("", "")
    # The manager's page is not theirs.
    posted = client.post(
        _url(world, suffix="/score"), data={**_manager_post(sheet), "strengths": "Tự khen"}
    )
    assert posted.status_code == 403
    db.session.expire_all()
    assert _sheet(world).manager_strengths == ""


def test_locked_once_closed_and_kept_when_tasks_rescore(client, auth, world):
    _submitted(client, auth, world)
    assert _score(client, world, strengths="Giữ", weaknesses="Giữ nữa").status_code == 302
    db.session.expire_all()
    # A confirmed task re-scores the sheet: the summary stays.
    svc.rescore_from_tasks(_sheet(world), world.users["unit_head"])
    db.session.commit()
    assert (_sheet(world).manager_strengths, _sheet(world).manager_weaknesses) == (
        "Giữ",
        "Giữ nữa",
    )
    assert _score(client, world, action="close", strengths="Giữ").status_code == 302
    db.session.expire_all()
    assert _sheet(world).status == SheetStatus.CLOSED
    page = _score(client, world, strengths="Đổi").get_data(as_text=True)
    assert "đã được chốt" in page and "<textarea" not in page
    db.session.expire_all()
    assert _sheet(world).manager_strengths == "Giữ"
