"""The recognition decision and its notice for an organisation (Decree 335 Art 9.2(b)), PDF and
Word, numbered through the register, signed by the recognising authority."""

from __future__ import annotations

import io
from decimal import Decimal

from docx import Document

from evaluation.extensions import db
from evaluation.services import unit_evaluations as service
from tests.test_documents import pdf_text
from tests.test_organisations import HTXS_FACTS, _sở

HTT = dict(HTXS_FACTS, score=Decimal("87.5"), exceeded_pct=Decimal("0"), self_level="HTT")


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _recognised(world, name: str = "Phòng chuyên môn 0"):
    _bgd, director, director_user, depts, heads = _sở(world, departments=2)
    depts[0].name = name
    director.title = "Giám đốc Sở"
    service.self_assess(world.cycle, depts[0], HTT, heads[0])
    service.require_verification(world.cycle, depts[0], "Đơn phản ánh ngày 01/12.", director_user)
    service.conclude_verification(world.cycle, depts[0], "Không có căn cứ.", director_user)
    service.decide_unit(world.cycle, depts[0], "HTT", "", director_user)
    db.session.commit()
    docs = {d.doc_type: d for d in service.documents_of(world.cycle, depts[0])}
    return director, depts, docs


def test_decision_and_notice_pdf_and_word(world, client, auth):
    director, depts, docs = _recognised(world)
    url = f"/ranking/{world.cycle.id}/collectives/{depts[0].id}/recognition"
    auth.login("giamdocso")
    response = client.get(f"{url}/decision")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(pdf_text(response.data).split())
    decision = docs["QĐ"]
    assert f"Số: {decision.number_symbol}" in text
    assert "QUYẾT ĐỊNH" in text and "DỰ THẢO" not in text
    assert (
        "Về việc công nhận kết quả đánh giá, xếp loại chất lượng năm 2026 đối với "
        "Phòng chuyên môn 0" in text
    )
    assert "Căn cứ Nghị định số 335/2025/NĐ-CP" in text
    assert "kết quả kiểm tra, xác minh: Không có căn cứ." in text
    assert "Công nhận Phòng chuyên môn 0 đạt mức xếp loại chất lượng “Hoàn thành tốt" in text
    assert "87,5/100 điểm" in text
    assert "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 6" in text
    assert "GIÁM ĐỐC SỞ NỘI VỤ TỈNH HÀ NAM Căn cứ" in text  # the recognising authority
    assert "GIÁM ĐỐC" in text.split("Nơi nhận")[1]  # signature block
    assert director.full_name in text
    notice = client.get(f"{url}/notice")
    text = " ".join(pdf_text(notice.data).split())
    assert f"Số: {docs['TB'].number_symbol}" in text and "THÔNG BÁO" in text
    assert f"Căn cứ Quyết định số {decision.number_symbol}" in text
    assert "Nghị định 335/2025/NĐ-CP, Điều 9 khoản 2 điểm b" in text
    assert "Hoàn thành tốt nhiệm vụ" in text and director.full_name in text
    word = client.get(f"{url}/decision?format=docx")
    assert word.status_code == 200 and ".docx" in word.headers["Content-Disposition"]
    text = docx_text(word.data)
    assert decision.number_symbol in text and "Hoàn thành tốt nhiệm vụ" in text
    assert director.full_name in text
    assert docs["TB"].number_symbol in docx_text(client.get(f"{url}/notice?format=docx").data)


def test_who_may_print_and_when(world, client, auth):
    _director, depts, _docs = _recognised(world)
    base = f"/ranking/{world.cycle.id}/collectives"
    auth.login("tp0")  # the department's own head
    assert client.get(f"{base}/{depts[0].id}/recognition/notice").status_code == 200
    assert client.get(f"{base}/{depts[0].id}/recognition/other").status_code == 404
    auth.logout()
    auth.login("tp1")  # another department's head
    assert client.get(f"{base}/{depts[0].id}/recognition/notice").status_code == 403
    # Its own department is not recognised yet: no document.
    assert client.get(f"{base}/{depts[1].id}/recognition/decision").status_code == 404
    auth.logout()
    auth.login("congchuc")
    assert client.get(f"{base}/{depts[0].id}/recognition/decision").status_code == 403


def test_user_text_prints_literally(world, client, auth):
    name = '<b>Phòng</b> "=SUM(A1)"'
    _director, depts, _docs = _recognised(world, name=name)
    auth.login("giamdocso")
    url = f"/ranking/{world.cycle.id}/collectives/{depts[0].id}/recognition/decision"
    assert name in " ".join(pdf_text(client.get(url).data).split())
    assert name in docx_text(client.get(url + "?format=docx").data)
