"""Transfers (Decree 335 Art 19.1): the former agency's months travel in a versioned file; the
new agency imports them all or nothing and classifies the year from all months."""

import json
from decimal import Decimal

import pytest

import scoring
from evaluation.extensions import db
from evaluation.models import AuditLog, TransferredPeriod
from evaluation.services import ValidationError, transfers
from evaluation.services.engine_input import batch_for, people_inputs
from tests.factories import make_staff
from tests.test_periodic_results import _sheet


@pytest.fixture
def moved(world):
    """The clerk worked January-June at SNV (monthly) and moved to SYT on 1 July; SYT scored
    July-December. Both agencies score by month."""
    old, new = world.cycle, world.other["cycle"]
    old.period_kind = new.period_kind = "month"
    clerk = world.staff["clerk"]
    for month in range(1, 7):
        _sheet(world, clerk, old, month, "95")  # 95 × 6
    arrived = make_staff(
        world.other_agency,
        world.other["unit"],
        name=clerk.full_name,
        code="YT0099",
        birth_date=clerk.birth_date,
    )
    for month in range(7, 13):
        db.session.add(_sheet_row(world.other_agency.id, new.id, arrived.id, month, Decimal("80")))
    db.session.commit()
    return old, new, clerk, arrived


def _sheet_row(agency_id, cycle_id, staff_id, period, total):
    from evaluation.models import PeriodSheet

    return PeriodSheet(
        agency_id=agency_id,
        cycle_id=cycle_id,
        staff_id=staff_id,
        period=period,
        regime="D335",
        status="closed",
        general_self={},
        items=[],
        manager_general=Decimal("25"),
        manager_task=total - 25,
        manager_total=total,
    )


def test_the_year_is_classified_from_all_months(world, moved):
    old, new, clerk, arrived = moved
    document = json.loads(transfers.export_bytes(old, clerk))
    assert document["format"] == "xeploai-transfer" and document["version"] == 1
    assert [p["total"] for p in document["periods"]] == ["95.00"] * 6
    # Before the import the new agency sees only July-December: 80, "Hoàn thành tốt".
    before = people_inputs(new, [arrived])[0]
    assert before["score"] == 80.0
    content = json.dumps(document).encode()
    rows = transfers.import_file(world.other_agency, new, arrived, content, None)
    db.session.commit()
    assert len(rows) == 6
    person = people_inputs(new, [arrived])[0]
    assert person["score"] == 87.5  # (95 × 6 + 80 × 6) / 12
    result = scoring.classify(batch_for(new, [person]))
    assert result["people"][0]["eligible_level"] == "HTT"
    assert db.session.query(AuditLog).filter_by(entity="transfer", action="import").count() == 1


def test_quarters_from_a_quarterly_agency_count_three_months_each(world, moved):
    old, new, clerk, arrived = moved
    document = {
        "format": "xeploai-transfer",
        "version": 1,
        "year": new.year,
        "period_kind": "quarter",
        "source_agency": {"code": "SNV", "name": "Sở Nội vụ tỉnh Hà Nam"},
        "person": {"staff_code": "CC0001", "full_name": clerk.full_name},
        "periods": [
            {"period": 1, "general": "30", "task": "62", "total": "92"},
            {"period": 2, "general": "28", "task": "60", "total": "88"},
        ],
    }
    transfers.import_file(world.other_agency, new, arrived, json.dumps(document).encode(), None)
    person = people_inputs(new, [arrived])[0]
    assert person["score"] == 85.0  # (92 × 3 + 88 × 3 + 80 × 6) / 12


def test_an_import_with_errors_changes_nothing_and_lists_every_problem(world, moved):
    old, new, clerk, arrived = moved
    document = json.loads(transfers.export_bytes(old, clerk))
    document["periods"][1]["total"] = "120"
    document["periods"][2]["task"] = "abc"
    document["periods"][3]["total"] = "96.00"  # 25 + 70 ≠ 96
    document["periods"].append({"period": 7, "general": "25", "task": "50", "total": "75"})
    db.session.commit()  # the export's own audit row
    audit_before = db.session.query(AuditLog).count()
    with pytest.raises(ValidationError) as caught:
        transfers.import_file(world.other_agency, new, arrived, json.dumps(document).encode(), None)
    messages = [m for _f, m in caught.value.errors]
    assert any(m.startswith("Dòng 2, Tổng điểm") for m in messages)
    assert any(m.startswith("Dòng 3, Điểm kết quả thực hiện nhiệm vụ") for m in messages)
    assert any(m.startswith("Dòng 4, Tổng điểm") for m in messages)
    assert any(m.startswith("Dòng 7, Kỳ: tháng 7 đã có phiếu") for m in messages)
    db.session.rollback()
    assert db.session.query(TransferredPeriod).count() == 0
    assert db.session.query(AuditLog).count() == audit_before
    assert people_inputs(new, [arrived])[0]["score"] == 80.0


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"format": "other"}, "không phải tệp chuyển kết quả"),
        ({"version": 2}, "phiên bản tệp không được hỗ trợ"),
        ({"year": 2025}, "tệp là của năm 2025"),
        ({"person": {"full_name": "Người Khác"}}, "tên trong tệp khác tên"),
    ],
)
def test_the_wrong_file_is_refused(world, moved, change, expected):
    old, new, clerk, arrived = moved
    document = json.loads(transfers.export_bytes(old, clerk)) | change
    with pytest.raises(ValidationError) as caught:
        transfers.import_file(world.other_agency, new, arrived, json.dumps(document).encode(), None)
    assert expected in str(caught.value)


def test_the_same_file_twice_is_refused(world, moved):
    old, new, clerk, arrived = moved
    content = transfers.export_bytes(old, clerk)
    transfers.import_file(world.other_agency, new, arrived, content, None)
    with pytest.raises(ValidationError) as caught:
        transfers.import_file(world.other_agency, new, arrived, content, None)
    assert "đã nhập từ Sở Nội vụ tỉnh Hà Nam" in str(caught.value)


def test_pages_export_and_import(client, auth, world, moved):
    old, new, clerk, arrived = moved
    auth.login("tccb")
    response = client.get("/transfers/export?code=CC0001")
    assert response.status_code == 200 and response.mimetype == "application/json"
    content = response.data
    missing = client.get("/transfers/export?code=NOPE")
    assert missing.status_code == 422
    assert "Không có cán bộ nào có mã này" in missing.get_data(as_text=True)
    auth.logout()
    auth.login("tccb-yte")
    page = client.get("/transfers/")
    assert page.status_code == 200
    bad = client.post(
        "/transfers/import",
        data={"staff_code": "YT0099", "file": (__import__("io").BytesIO(b"{not json"), "x.json")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and "Không đọc được tệp" in bad.get_data(as_text=True)
    ok = client.post(
        "/transfers/import",
        data={"staff_code": "YT0099", "file": (__import__("io").BytesIO(content), "x.json")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Đã nhập 6 kỳ" in ok.get_data(as_text=True)
    assert db.session.query(TransferredPeriod).filter_by(staff_id=arrived.id).count() == 6
