"""The unit meeting: minutes, attendance, adoption locks, written and party comments, PDF."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from evaluation import _time
from evaluation.extensions import db
from evaluation.models import AuditLog, Meeting, PartyComment, RoleName
from evaluation.services import ValidationError
from evaluation.services import meetings as meeting_service
from evaluation.services import reviews as review_service

from . import factories
from .exports.exports_samples import pdftext


@pytest.fixture(autouse=True)
def _in_window(monkeypatch):
    monkeypatch.setattr(_time, "today", lambda: date(2026, 12, 3))


def _url(world, tail=""):
    return f"/meetings/{world.cycle.id}/{world.units['dept'].id}{tail}"


def _form(world, **overrides):
    s = world.staff
    data = {
        "held_on": "13/11/2026",  # a meeting already held on the pinned day
        "start_time": "14:00",
        "end_time": "16:30",
        "place": "Phòng họp tầng 2",
        "chair_id": s["head"].id,
        "secretary_id": s["clerk"].id,
    }
    members = sorted([s["head"], s["clerk"], s["colleague"]], key=lambda p: p.name_ascii)
    for i, person in enumerate(members):
        data[f"members-{i}-staff_id"] = person.id
        data[f"members-{i}-present"] = "y"
        data[f"members-{i}-absence_reason"] = ""
        data[f"members-{i}-summary"] = f"Ý kiến về {person.full_name}"
        data[f"members-{i}-proposed_level"] = "HTT"
    data.update(overrides)
    return data, members


def test_head_records_and_adopts_the_minutes(client, auth, world, tmp_path):
    auth.login("truongphong")
    page = client.get(_url(world, "/edit")).get_data(as_text=True)
    assert "Đặng Thùy Dương" in page
    data, members = _form(world)
    absent = members.index(world.staff["colleague"])
    data.pop(f"members-{absent}-present")  # unticked: absent, and no reason given
    response = client.post(_url(world, "/edit"), data=data)
    html = response.get_data(as_text=True)
    assert "Hãy ghi lý do vắng mặt của Đặng Thùy Dương." in html
    assert "Phòng họp tầng 2" in html  # what was typed stays
    assert db.session.scalars(select(Meeting)).first() is None
    data[f"members-{absent}-absence_reason"] = "Nghỉ ốm"
    clerk = members.index(world.staff["clerk"])
    # The secretary's count of the vote: 3 ballots with 2 people present is refused.
    data.update({f"members-{clerk}-votes_for": "2", f"members-{clerk}-votes_against": "1"})
    html = client.post(_url(world, "/edit"), data=data).get_data(as_text=True)
    assert "Biểu quyết về Trương Quốc Hưng có 3 phiếu, nhiều hơn số người có mặt (2)." in html
    assert db.session.scalars(select(Meeting)).first() is None
    data[f"members-{clerk}-votes_against"] = "0"
    data[f"members-{clerk}-conclusion"] = "Cuộc họp thống nhất"
    data[f"members-{absent}-proposed_level"] = ""
    response = client.post(_url(world, "/edit"), data=data, follow_redirects=True)
    assert "Đã lưu biên bản cuộc họp." in response.get_data(as_text=True)
    meeting = db.session.scalars(select(Meeting)).one()
    assert meeting.status == "draft"
    assert {a.staff_id: a.present for a in meeting.attendance}[world.staff["colleague"].id] is False

    pdf = client.get(_url(world, "/minutes.pdf"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = pdftext(pdf.data, tmp_path)
    assert "BIÊN BẢN" in text and "Nghỉ ốm" in text
    assert "chưa được thông qua" in text
    flat = " ".join(text.split())
    assert "Tán thành: 2; không tán thành: 0; không biểu quyết: 0" in flat
    assert "Cuộc họp thống nhất. Đề xuất: Hoàn thành tốt nhiệm vụ" in flat
    # The absent colleague is not recorded as presenting.
    assert "Đặng Thùy Dương (vắng mặt)" in flat
    assert "Đặng Thùy Dương vắng mặt nên không trình bày" in flat

    # No conclusion on the absent colleague's level yet: the minutes cannot be adopted.
    response = client.post(_url(world, "/adopt"), data={"confirm": "y"}, follow_redirects=True)
    assert "Biên bản chưa ghi mức xếp loại cuộc họp đề xuất cho Đặng Thùy Dương." in (
        response.get_data(as_text=True)
    )
    data[f"members-{absent}-proposed_level"] = "HTNV"
    client.post(_url(world, "/edit"), data=data)
    response = client.post(_url(world, "/adopt"), data={"confirm": "y"}, follow_redirects=True)
    assert "Đã thông qua biên bản." in response.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.adopted
    adopted = db.session.scalars(
        select(AuditLog).where(AuditLog.entity == "meeting", AuditLog.action == "adopted")
    ).one()
    assert adopted.before == {"status": "draft"} and adopted.user_id == world.users["unit_head"].id
    # Locked: the edit page sends back, the service refuses, nothing changes.
    response = client.post(_url(world, "/edit"), data=_form(world, place="Khác")[0])
    assert response.status_code == 302
    with pytest.raises(ValidationError):
        meeting_service.save_meeting(world.cycle, world.units["dept"], {}, [])
    db.session.rollback()
    assert db.session.get(Meeting, meeting.id).place == "Phòng họp tầng 2"
    text = pdftext(client.get(_url(world, "/minutes.pdf")).data, tmp_path)
    assert "thông qua tại cuộc họp" in text


def test_minutes_carry_peer_counts_but_no_reviewer(client, auth, world, tmp_path):
    review_service.save_review(
        world.cycle,
        world.staff["clerk"],
        world.staff["colleague"],
        {"strengths": "Chu đáo", "shortcomings": "", "proposed_level": "HTT"},
    )
    db.session.commit()
    auth.login("truongphong")
    client.post(_url(world, "/edit"), data=_form(world)[0])
    html = client.get(_url(world)).get_data(as_text=True)
    assert "1 đồng nghiệp đã góp ý." in html
    assert "Chu đáo" not in html  # fewer than three reviewers: counts only
    text = " ".join(pdftext(client.get(_url(world, "/minutes.pdf")).data, tmp_path).split())
    assert "HTT: 1" in text, text
    assert "Chu đáo" not in text


def test_written_comments_need_the_large_unit_flag(client, auth, world):
    auth.login("truongphong")
    client.post(_url(world, "/edit"), data=_form(world)[0])
    comment = {
        "staff_id": world.staff["colleague"].id,
        "author_name": "Trưởng phòng Bảo quản",
        "text": "Phối hợp tốt",
    }
    response = client.post(_url(world, "/written"), data=comment)
    assert "Cuộc họp này không nhận góp ý bằng văn bản." in response.get_data(as_text=True)
    client.post(_url(world, "/edit"), data=_form(world, written_comments="y")[0])
    response = client.post(_url(world, "/written"), data=comment, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Góp ý bằng văn bản của Trưởng phòng Bảo quản" in html and "Phối hợp tốt" in html


def test_party_committee_comments_on_heads_only(client, auth, world):
    auth.login("capuy")
    url = f"/meetings/party/{world.cycle.id}/{world.staff['head'].id}"
    response = client.post(url, data={"text": ""})
    assert "Hãy ghi ý kiến." in response.get_data(as_text=True)
    response = client.post(url, data={"text": "Gương mẫu, đoàn kết"}, follow_redirects=True)
    assert "Gương mẫu, đoàn kết" in response.get_data(as_text=True)
    assert db.session.scalars(select(PartyComment)).one().text == "Gương mẫu, đoàn kết"
    clerk = f"/meetings/party/{world.cycle.id}/{world.staff['clerk'].id}"
    assert client.post(clerk, data={"text": "x"}).status_code == 403


def test_a_head_of_another_unit_cannot_see_the_meeting(client, auth, world):
    other_head = factories.make_staff(
        world.agency, world.units["other_dept"], name="Lý Công Uẩn", position="unit_head"
    )
    factories.make_user(
        world.agency,
        "chanhthanhtra",
        [(RoleName.UNIT_HEAD, world.units["other_dept"].id)],
        other_head,
    )
    db.session.commit()
    auth.login("chanhthanhtra")
    assert client.get(_url(world)).status_code == 403
    assert client.get(_url(world, "/minutes.pdf")).status_code == 403


def _rows(people, absent=(), extra=None):
    return [
        {
            "staff_id": p.id,
            "present": p not in absent,
            "absence_reason": "Đi công tác" if p in absent else "",
            "summary": "",
            "proposed_level": "HTT",
            **(extra or {}).get(p.id, {}),
        }
        for p in people
    ]


def test_minutes_refuse_an_absent_chair_a_lone_member_and_a_bad_count(world):
    s, dept = world.staff, world.units["dept"]
    people = meeting_service.unit_members(dept.id)
    data = {
        "held_on": date(2026, 11, 13),
        "place": "Phòng họp",
        "chair_id": s["head"].id,
        "secretary_id": s["clerk"].id,
    }
    with pytest.raises(ValidationError) as refused:
        meeting_service.save_meeting(
            world.cycle,
            dept,
            data,
            _rows(
                people,
                absent=(s["head"], s["colleague"]),
                extra={s["clerk"].id: {"votes_for": "1", "votes_against": "x"}},
            ),
        )
    text = str(refused.value)
    assert "Chủ trì phải có mặt tại cuộc họp." in text
    # Only the secretary is there: one person cannot agree on anything.
    assert "Cuộc họp chỉ có một người dự nên không thể thống nhất ý kiến" in text
    assert "Số phiếu biểu quyết về Trương Quốc Hưng phải là số nguyên không âm." in text
    # Everyone must be on the attendance list, present or absent with a reason.
    with pytest.raises(ValidationError) as partial:
        meeting_service.save_meeting(world.cycle, dept, data, _rows(people[:2]))
    assert "còn thiếu" in str(partial.value)
    assert db.session.scalars(select(Meeting)).first() is None


def test_a_unit_too_small_meets_with_its_parent(world, tmp_path):
    from evaluation.queries.minutes import minutes_data
    from exports import pdf

    center, sub = world.units["center"], world.units["sub"]
    director = factories.make_staff(world.agency, center, name="Dương Thị Mỹ Lệ", group="vien_chuc")
    deputy = factories.make_staff(world.agency, center, name="Ngô Thành Lợi", group="vien_chuc")
    db.session.commit()
    employee = world.staff["employee"]
    assert meeting_service.joint_unit(sub) == center
    called = meeting_service.participants(sub)
    assert [p.id for p in called] == [
        employee.id,
        *(p.id for p in sorted((director, deputy), key=lambda p: p.name_ascii)),
    ]
    meeting = meeting_service.save_meeting(
        world.cycle,
        sub,
        {
            "held_on": date(2026, 11, 13),
            "place": "Trung tâm",
            "chair_id": director.id,
            "secretary_id": deputy.id,
        },
        _rows(
            called,
            extra={
                employee.id: {
                    "votes_for": "2",
                    "votes_against": "0",
                    "votes_abstain": "1",
                    "conclusion": "Đa số tán thành",
                }
            },
        ),
    )
    assert meeting.joint_unit_id == center.id
    # Only the unit's own member is evaluated; the parent's members attend.
    assert [o.staff_id for o in meeting.opinions] == [employee.id]
    assert len(meeting.attendance) == 3
    text = " ".join(pdftext(pdf.minutes_pdf(minutes_data(meeting)), tmp_path).split())
    assert "Phòng Bảo quản (họp cùng Trung tâm Lưu trữ lịch sử)" in text
    assert "Thành phần có mặt (3 người)" in text
    assert "Tán thành: 2; không tán thành: 0; không biểu quyết: 1 (trên 3 người có mặt)" in text
    meeting_service.adopt(meeting)
    assert meeting.adopted


def test_the_leadership_meeting_calls_the_party_committee_and_the_unit_heads(world, tmp_path):
    """Decree 335 Art 21.1(b), 21.2(b): on the head and the deputies, the leadership collective,
    a representative of the party committee and the heads of the constituent units meet."""
    from evaluation.queries.minutes import minutes_data
    from evaluation.services import org
    from exports import pdf

    agency, s = world.agency, world.staff
    board = factories.make_unit(agency, "BGD", "Ban Giám đốc")
    director = factories.make_staff(agency, board, name="Lý Công Uẩn", position="unit_head")
    deputy = factories.make_staff(agency, board, name="Ngô Thành Lợi", position="manager")
    org.set_head(board, director.id)
    agency.head = director
    db.session.commit()
    called = meeting_service.participants(board)
    # The collective is evaluated; the guests (the party committee's member and the head of the
    # one constituent unit with a head) attend. A public service unit's head is not called.
    assert [p.id for p in called[:2]] == [
        p.id for p in sorted((director, deputy), key=lambda p: p.name_ascii)
    ]
    assert {p.id for p in called[2:]} == {s["party"].id, s["head"].id}
    # Another unit's meeting calls no guest.
    assert meeting_service.leadership_guests(world.units["dept"]) == []
    data = {
        "held_on": date(2026, 11, 13),
        "place": "Phòng họp Ban Giám đốc",
        "chair_id": director.id,
        "secretary_id": deputy.id,
    }
    # Without the party committee's representative the meeting lacks its prescribed members.
    with pytest.raises(ValidationError) as refused:
        meeting_service.save_meeting(world.cycle, board, data, _rows(called, absent=(s["party"],)))
    assert "phải có đại diện cấp ủy dự" in str(refused.value)
    assert db.session.scalars(select(Meeting)).first() is None
    # A head of a constituent unit may be away (and may send a written opinion instead).
    meeting = meeting_service.save_meeting(
        world.cycle, board, data, _rows(called, absent=(s["head"],))
    )
    assert sorted(o.staff_id for o in meeting.opinions) == sorted((director.id, deputy.id))
    text = " ".join(pdftext(pdf.minutes_pdf(minutes_data(meeting)), tmp_path).split())
    assert f"Vũ Đình Khải ({s['party'].title})" in text
    assert "Nguyễn Thị Ánh Tuyết" in text and "Vắng mặt" in text
