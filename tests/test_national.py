"""Results to the national database (Decree 335 Art 26.1(d)): a final result becomes an outbox
record due five days later; the HTTPS connector delivers a package once despite a retry; the HR
dashboard shows pending, sent, confirmed and overdue; the package schema in JSON and Excel."""

from __future__ import annotations

import io
import json
import ssl
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openpyxl
import pytest
from sqlalchemy import select

from evaluation._time import today
from evaluation.extensions import db
from evaluation.models import Job, ResultRecord
from evaluation.services import decisions as decisions_service
from evaluation.services import jobs, outbox
from evaluation.services.connector import DeliveryError, HttpsConnector
from exports import national
from tests.pki import TestCA, ca_file, server_files
from tests.test_decisions import _decide_dept, facts  # noqa: F401 - facts: the engine's inputs


class Receiver:
    """The national database's test endpoint: stores each package once per Idempotency-Key; it
    can lose its first answers (the package stored, the reply never sent) to force a retry."""

    def __init__(self, lose_answers: int = 0, confirm: bool = True) -> None:
        self.stored: dict[str, dict] = {}
        self.posts: list[str] = []
        self.lose_answers = lose_answers
        self.confirm = confirm


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's hook name
            key = self.headers["Idempotency-Key"]
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            receiver.posts.append(key)
            assert self.headers["Authorization"] == "Bearer ma-csdl-quoc-gia"
            receiver.stored.setdefault(key, body)
            if receiver.lose_answers:
                receiver.lose_answers -= 1
                self.send_response(503)
                self.end_headers()
                return
            ids = [r["record_id"] for r in receiver.stored[key]["records"]]
            answer = {
                "receipt": f"CSDL-{list(receiver.stored).index(key) + 1}",
                "accepted": ids,
                "confirmed": ids if receiver.confirm else [],
            }
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def https_receiver(tmp_path):
    ca = TestCA.make("CA máy chủ thử nghiệm")
    cert, key = server_files(ca, tmp_path)
    receiver = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"https://127.0.0.1:{server.server_address[1]}/api/ket-qua-xep-loai"
    yield receiver, url, str(ca_file(ca, tmp_path))
    server.shutdown()
    server.server_close()


def _approve_dept(world) -> list[ResultRecord]:
    head = world.users["unit_head"]
    _decide_dept(world)
    decisions_service.decide(world.cycle, world.staff["colleague"], "HTT", "", head)
    decisions_service.approve_unit(world.cycle, world.units["dept"], head)
    db.session.commit()
    return list(db.session.scalars(select(ResultRecord).order_by(ResultRecord.id)))


def test_final_results_become_outbox_records_due_in_five_days(world):
    records = _approve_dept(world)
    dept_people = {world.staff[k].id for k in ("head", "clerk", "colleague")}
    assert {r.staff_id for r in records} == dept_people
    for r in records:
        assert r.status == "pending" and r.final_on == today() == date(2026, 11, 16)
        assert r.due_on == date(2026, 11, 21)
        assert r.level == r.decision.level.value and r.period == "2026"
        assert r.decision_ref == f"SNV/2026/XL-{r.decision_id}/v1"
    # Approving again or recording again adds nothing; a re-classification is a new record.
    assert outbox.record_final(records[0].decision).id == records[0].id
    clerk_record = next(r for r in records if r.staff_id == world.staff["clerk"].id)
    new = decisions_service.reclassify(
        clerk_record.decision,
        "HTNV",
        "Phát hiện kê khai không trung thực.",
        world.users["unit_head"],
    )
    db.session.commit()
    again = db.session.scalar(select(ResultRecord).where(ResultRecord.decision_id == new.id))
    assert again.level == "HTNV" and again.decision_ref.endswith("/v2")
    package = outbox.package(world.agency, [again])
    assert package.records[0].replaces_record_id == clerk_record.idempotency_key


def test_connector_delivers_once_despite_a_retry(app, world, https_receiver):
    receiver, url, ca = https_receiver
    receiver.lose_answers = 1  # the first answer is lost after the package was stored
    records = _approve_dept(world)
    pauses: list[float] = []
    connector = HttpsConnector(
        url, token="ma-csdl-quoc-gia", ca_file=ca, pauses=(0.5, 1), sleep=pauses.append
    )
    assert outbox.deliver(world.agency, connector) == 3
    assert len(receiver.posts) == 2 and len(set(receiver.posts)) == 1  # a retry, one key
    assert len(receiver.stored) == 1 and pauses == [0.5]
    (package,) = receiver.stored.values()
    assert package["schema"] == national.SCHEMA and package["version"] == national.VERSION
    assert sorted(r["record_id"] for r in package["records"]) == sorted(
        r.idempotency_key for r in records
    )
    for r in records:
        db.session.refresh(r)
        assert r.status == "confirmed" and r.receipt == "CSDL-1" and r.attempts == 1
    assert outbox.deliver(world.agency, connector) == 0  # nothing pending: nothing sent
    assert len(receiver.posts) == 2


def test_unreachable_endpoint_leaves_records_pending(world, https_receiver):
    receiver, url, ca = https_receiver
    receiver.lose_answers = 10
    records = _approve_dept(world)
    connector = HttpsConnector(
        url, token="ma-csdl-quoc-gia", ca_file=ca, pauses=(0, 0), sleep=lambda s: None
    )
    with pytest.raises(DeliveryError):
        connector.send(b"{}", "k")
    assert outbox.deliver(world.agency, connector) == 0
    for r in records:
        db.session.refresh(r)
        assert r.status == "pending" and r.attempts == 1 and "503" in r.last_error
    with pytest.raises(ValueError):
        HttpsConnector("http://127.0.0.1/khong-ma-hoa")


def test_untrusted_certificate_is_refused(world, https_receiver):
    _receiver, url, _ca = https_receiver
    connector = HttpsConnector(url, pauses=(), sleep=lambda s: None)  # system roots only
    with pytest.raises(DeliveryError, match="CERTIFICATE_VERIFY_FAILED"):
        connector.send(b"{}", "k")


def test_sync_job_uses_the_configured_endpoint(app, world, https_receiver):
    receiver, url, ca = https_receiver
    receiver.confirm = False
    _approve_dept(world)
    app.config.update(
        NATIONAL_DB_URL=url, NATIONAL_DB_TOKEN="ma-csdl-quoc-gia", NATIONAL_DB_CA_FILE=ca
    )
    try:
        job = jobs.create_job("national_sync", world.agency.id, {}, None)
        db.session.commit()
        jobs.start(job)
    finally:
        app.config.update(NATIONAL_DB_URL="", NATIONAL_DB_TOKEN="", NATIONAL_DB_CA_FILE="")
    assert db.session.get(Job, job.id).status == "done"
    statuses = set(db.session.scalars(select(ResultRecord.status)))
    assert statuses == {"sent"}  # accepted, not yet confirmed


def test_dashboard_shows_pending_sent_confirmed_and_overdue(client, auth, world, clock):
    records = _approve_dept(world)
    records[0].status = "sent"
    records[1].status = "confirmed"
    db.session.commit()
    counts = outbox.counts(world.agency.id)
    assert (counts.pending, counts.sent, counts.confirmed, counts.overdue) == (1, 1, 1, 0)
    clock.shift(timedelta(days=6))  # past the five days
    assert outbox.counts(world.agency.id).overdue == 1
    auth.login("tccb")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Đồng bộ kết quả vào Cơ sở dữ liệu quốc gia" in page
    late = records[2]
    assert "Kết quả quá hạn đồng bộ" in page and late.staff.full_name in page
    assert late.due_on.strftime("%d/%m/%Y") in page
    auth.logout()
    auth.login("truongphong")  # a unit head sees the dashboard, not the agency's sync
    assert "Cơ sở dữ liệu quốc gia" not in client.get("/dashboard").get_data(as_text=True)


def test_package_schema_json_and_excel(world):
    records = _approve_dept(world)
    package = outbox.package(world.agency, records)
    data = json.loads(national.package_json(package))
    assert data["count"] == 3 and data["sender"]["agency_code"] == "SNV"
    first = data["records"][0]
    assert set(first) == {f.name for f in national.NationalRecord.__dataclass_fields__.values()}
    assert first["due_on"] == "2026-11-21" and first["period_kind"] == "year"
    # The same records always make the same package id (the idempotency key of the send).
    assert outbox.package(world.agency, list(reversed(records))).package_id == package.package_id
    formula = national.NationalRecord(
        **{**national.package_dict(package)["records"][0], "full_name": '=HYPERLINK("x")'}
        | {
            "birth_date": None,
            "score": None,
            "decided_on": date(2026, 11, 14),
            "final_on": date(2026, 11, 16),
            "due_on": date(2026, 11, 21),
        }
    )
    book = openpyxl.load_workbook(
        io.BytesIO(
            national.package_xlsx(
                national.NationalPackage(
                    package.package_id, package.created_at, "SNV", "Sở", (formula,)
                )
            )
        )
    )
    sheet = book["Kết quả"]
    assert [c.value for c in sheet[1]][:3] == ["Mã bản ghi", "Mã cán bộ", "Họ và tên"]
    cell = sheet.cell(row=2, column=3)
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s" and cell.quotePrefix
    assert book["Lược đồ"]["B2"].value == national.VERSION


def test_a_closed_quarter_becomes_an_outbox_record_and_travels_in_the_package(
    client, auth, world, https_receiver
):
    """Decree 335 Art 17 and 26.1(d): a quarter's result is the score the manager closed; it is
    owed to the national database within five days, like the annual classification."""
    from tests.test_assessments import _manager_post, _sheet, _url, sheet_post

    auth.login("congchuc")
    client.post(_url(world), data=sheet_post(action="submit"))
    assert db.session.query(ResultRecord).count() == 0  # sent, not yet a result
    client.post("/logout")
    auth.login("truongphong")
    client.post(_url(world, suffix="/score"), data=_manager_post(_sheet(world)))
    assert db.session.query(ResultRecord).count() == 0  # scored but not closed
    response = client.post(
        _url(world, suffix="/score"), data=_manager_post(_sheet(world), action="close")
    )
    assert response.status_code == 302
    sheet = _sheet(world)
    record = db.session.scalars(select(ResultRecord)).one()
    assert (record.sheet_id, record.period_kind, record.period) == (sheet.id, "quarter", "2026-Q1")
    assert record.score == sheet.manager_total and record.decision_id is None
    assert record.final_on == date(2026, 11, 16) and record.due_on == date(2026, 11, 21)
    assert record.idempotency_key == f"SNV-2026-Q1-TD{sheet.id}"
    data = json.loads(national.package_json(outbox.package(world.agency, [record])))
    assert data["version"] == "1.1"
    (sent,) = data["records"]
    assert sent["period_kind"] == "quarter" and sent["period"] == "2026-Q1"
    assert sent["level"] is None and sent["score"] == f"{sheet.manager_total:.2f}"
    assert sent["decision_ref"] == f"SNV/2026-Q1/TD-{sheet.id}"
    receiver, url, ca = https_receiver
    connector = HttpsConnector(url, token="ma-csdl-quoc-gia", ca_file=ca, pauses=())
    assert outbox.deliver(world.agency, connector) == 1
    db.session.refresh(record)
    assert record.status == "confirmed"
    (stored,) = receiver.stored.values()
    assert stored["records"][0]["record_id"] == f"SNV-2026-Q1-TD{sheet.id}"
