"""The report to the superior body and HR's summary list on the web and on the command line:
HR only, the register's number given once, "Kính gửi" remembered, unsigned reports refused."""

from __future__ import annotations

import io
import re
import subprocess

from docx import Document
from sqlalchemy import func, select

from evaluation.extensions import db
from evaluation.models import AuditLog, OutgoingDocument

from .disclosure_factories import decide_all
from .factories import make_staff


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())


def _reports() -> int:
    return db.session.scalar(
        select(func.count(OutgoingDocument.id)).where(OutgoingDocument.doc_type == "BC")
    )


def test_hr_issues_the_report_once_and_the_addressee_is_remembered(client, auth, world):
    decide_all(world)
    make_staff(world.agency, world.units["dept"], name="Lò Văn Pao", group="nguoi_lao_dong")
    world.agency.head_id = world.staff["head"].id
    db.session.commit()
    auth.login("tccb")
    base = f"/disclosure/cycles/{world.cycle.id}"
    draft = pdf_text(client.get(f"{base}/report.pdf").data)
    assert "DỰ THẢO" in draft and "/BC-" in draft and not re.search(r"\d/BC-", draft)

    # Bad input: a clear message next to the field, nothing registered.
    page = client.post(f"{base}/report", data={"addressee": "  ", "issued_on": "16/11/2026"})
    assert page.status_code == 200
    assert "Hãy ghi cơ quan nhận báo cáo (Kính gửi)." in page.get_data(as_text=True)
    assert _reports() == 0

    sent = client.post(
        f"{base}/report",
        data={"addressee": "Ủy ban nhân dân tỉnh Bắc Ninh", "issued_on": "16/11/2026"},
    )
    assert sent.status_code == 302
    document = db.session.scalars(
        select(OutgoingDocument).where(OutgoingDocument.doc_type == "BC")
    ).one()
    assert document.number == 1 and document.ref == f"report:{world.cycle.id}"
    assert world.agency.superior_body == "Ủy ban nhân dân tỉnh Bắc Ninh"
    assert db.session.scalar(
        select(func.count(AuditLog.id)).where(
            AuditLog.entity == "agency", AuditLog.action == "update"
        )
    )
    # Issuing again keeps the number.
    client.post(
        f"{base}/report", data={"addressee": "Sở Nội vụ tỉnh Bắc Ninh", "issued_on": "16/11/2026"}
    )
    assert _reports() == 1

    # The issued report stays addressed as issued when the agency's superior body changes later.
    world.agency.superior_body = "Bộ Nội vụ"
    db.session.commit()
    shown = client.get(f"{base}/report").get_data(as_text=True)
    assert '<ul class="addressees"><li>Ủy ban nhân dân tỉnh Bắc Ninh</li></ul>' in shown
    text = pdf_text(client.get(f"{base}/report.pdf").data)
    symbol = document.number_symbol
    assert f"Số: {symbol}" in text and "DỰ THẢO" not in text
    assert "Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh." in text
    assert world.staff["head"].full_name in text  # the head of the agency signs
    # The world's levels: the head HTXS, a clerk HTNV; HTXS and KHTNV lists follow.
    assert "Nguyễn Thị Ánh Tuyết" in text and "III. DANH SÁCH HOÀN THÀNH XUẤT SẮC" in text
    word = client.get(f"{base}/report.pdf?format=docx")
    assert word.mimetype.endswith("wordprocessingml.document")
    document_x = Document(io.BytesIO(word.data))
    cells = [c.text for t in document_x.tables for r in t.rows for c in r.cells]
    words = " ".join([p.text for p in document_x.paragraphs] + cells)
    assert f"Số: {symbol}" in words and "Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh." in words

    summary = pdf_text(client.get(f"{base}/summary-list.pdf").data)
    assert "DANH SÁCH TỔNG HỢP" in summary and "NGƯỜI LAO ĐỘNG" in summary
    assert "Lò Văn Pao" in summary  # listed apart, not classified
    assert "Không thuộc đối tượng xếp loại" in summary


def test_other_roles_get_403(client, auth, world):
    decide_all(world)
    auth.login("truongphong")
    for url in ("report", "report.pdf", "summary-list.pdf"):
        assert client.get(f"/disclosure/cycles/{world.cycle.id}/{url}").status_code == 403


def test_command_refuses_an_unsigned_final_report_and_prints_a_draft(runner, world, tmp_path):
    decide_all(world)
    world.agency.head_id = None
    db.session.commit()
    out = tmp_path / "bc.pdf"
    refused = runner.invoke(
        args=["export", "report", "--year", "2026", "--agency", world.agency.code, "-o", str(out)]
    )
    assert refused.exit_code != 0 and "chưa có người ký" in refused.output
    assert not out.exists() and _reports() == 0
    drafted = runner.invoke(
        args=[
            "export",
            "report",
            "--year",
            "2026",
            "--agency",
            world.agency.code,
            "--draft",
            "-o",
            str(out),
        ]
    )
    assert drafted.exit_code == 0, drafted.output
    assert "DỰ THẢO" in pdf_text(out.read_bytes()) and _reports() == 0

    world.agency.head_id = world.staff["head"].id
    db.session.commit()
    args = [
        "export",
        "report",
        "--year",
        "2026",
        "--agency",
        world.agency.code,
        "--to",
        "UBND tỉnh Bắc Ninh",
        "-o",
        str(out),
    ]
    first = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    again = runner.invoke(args=[*args[:-2], "-o", str(tmp_path / "bc.docx")])
    assert again.exit_code == 0 and "số 01/BC-" in first.output and "số 01/BC-" in again.output
    assert _reports() == 1
    listed = runner.invoke(
        args=[
            "export",
            "summary",
            "--year",
            "2026",
            "--agency",
            world.agency.code,
            "-o",
            str(tmp_path / "ds.docx"),
        ]
    )
    assert listed.exit_code == 0, listed.output
