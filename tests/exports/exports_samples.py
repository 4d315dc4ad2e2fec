"""Realistic Vietnamese sample inputs for the export tests and the benchmark."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from exports.data import (
    AnnualFormData,
    MinutesData,
    NoticeData,
    NoticeRow,
    Opinion,
    PersonalNoticeData,
    QuotaRow,
    ResultRow,
    ResultsData,
)

NAMES: tuple[str, ...] = (
    "Nguyễn Thị Ánh Tuyết",
    "Trương Quốc Hưng",
    "Đặng Thùy Dương",
    "Phạm Văn Đức",
    "Lê Thị Hồng Nhung",
    "Hoàng Minh Châu",
    "Vũ Thị Ngọc Ánh",
    "Bùi Quang Huy",
)
PAYLOADS: tuple[str, ...] = ("<b>x</b>", "=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "\t=tab")
UNITS: tuple[str, ...] = (
    "Phòng Tổ chức cán bộ",
    "Văn phòng Sở",
    "Phòng Công chức, viên chức",
    "Thanh tra Sở",
)
LEVELS: tuple[str, ...] = ("HTXS", "HTT", "HTNV", "KHTNV")
LABELS: tuple[str, ...] = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
)


def notice_rows(n: int) -> tuple[NoticeRow, ...]:
    return tuple(
        NoticeRow(
            full_name=NAMES[i % len(NAMES)] if i >= len(NAMES) else NAMES[i],
            title="Chuyên viên chính" if i % 3 else "Trưởng phòng",
            unit_name=UNITS[i % len(UNITS)],
            level_label=LABELS[i % 3],
        )
        for i in range(n)
    )


def notice(n: int = 30, extra_names: tuple[str, ...] = ()) -> NoticeData:
    rows = tuple(NoticeRow(name, "Chuyên viên", UNITS[0], LABELS[1]) for name in extra_names)
    return NoticeData(
        governing_body="UBND tỉnh Bắc Ninh",
        agency_name="Sở Nội vụ",
        number=5,
        symbol="TB-SNV",
        place="Bắc Ninh",
        issued_on=date(2026, 12, 5),
        year=2026,
        summary="Kết quả đánh giá, xếp loại chất lượng công chức năm 2026",
        body_paragraphs=(
            "Căn cứ Nghị định số 335/2025/NĐ-CP của Chính phủ quy định về đánh giá, "
            "xếp loại chất lượng công chức;",
            "Sở Nội vụ thông báo công khai kết quả đánh giá, xếp loại chất lượng công chức "
            "năm 2026 như sau:",
        ),
        rows=rows + notice_rows(n),
        signer_authority="KT. GIÁM ĐỐC",
        signer_post="PHÓ GIÁM ĐỐC",
        signer_name="Trần Văn Bình",
        recipients=("- Như trên;", "- Ban Giám đốc Sở;", "- Lưu: VT, TCCB."),
    )


def result_rows(n: int, payload_every: int = 0) -> Iterator[ResultRow]:
    for i in range(n):
        name = NAMES[i % len(NAMES)]
        if payload_every and i % payload_every == 0:
            name = PAYLOADS[(i // payload_every) % len(PAYLOADS)]
        level = LEVELS[i % 4]
        yield ResultRow(
            code=f"CB{i:06d}",
            full_name=name,
            birth_date=date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
            unit_name=UNITS[i % len(UNITS)],
            group="Công chức" if i % 5 else "Viên chức",
            task_group="Tham mưu tổng hợp",
            position="Nhân viên" if i % 7 else "Quản lý",
            title="Chuyên viên",
            self_level=level,
            eligible_level=level,
            proposed_level=level,
            decided_level=level if i % 11 else None,
            score=Decimal(80) + Decimal(i % 200) / 10,
            needs_decision=i % 11 == 0,
            reasons="Đạt các tiêu chí" if i % 2 else "",
            decided_on=date(2026, 12, 10) if i % 11 else None,
        )


def results(n: int = 40, payload_every: int = 0) -> ResultsData:
    return ResultsData(
        agency_name="Sở Nội vụ tỉnh Bắc Ninh",
        year=2026,
        scope_label="Toàn Sở",
        rows=result_rows(n, payload_every),
        quotas=(
            QuotaRow("Văn phòng Sở", "A", Decimal("20"), 23, 4, 3, 6, 4),
            QuotaRow("Toàn Sở", "B", Decimal("20"), 120, 24, None, 20, 20),
        ),
        legal_basis=(
            ("Công chức", "Nghị định 335/2025/NĐ-CP, Điều 9–12"),
            ("Viên chức", "Nghị định 233/2026/NĐ-CP"),
            ("Cách tính chỉ tiêu HTXS", "Cách A: theo số được xếp loại HTT trở lên"),
        ),
        generated_on=date(2026, 12, 11),
    )


def annual_form(i: int = 0, regime: str = "D233") -> AnnualFormData:
    """A filled form: the person's own entries, the year's scores, the authority's level."""
    return AnnualFormData(
        agency_name="Trung tâm Dịch vụ việc làm",
        governing_body="Sở Nội vụ tỉnh Bắc Ninh",
        year=2025 if regime.startswith("D90") else 2026,
        full_name=NAMES[i % len(NAMES)],
        title="Viên chức tư vấn",
        unit_name="Phòng Tư vấn, giới thiệu việc làm",
        regime=regime,
        sections=(
            ("1. Chính trị tư tưởng", "Chấp hành nghiêm chủ trương, đường lối."),
            ("2. Đạo đức, lối sống", "Trung thực, giản dị."),
        )
        if regime.startswith("D90")
        else (),
        period_word="Quý",
        period_scores=(("I", Decimal("91.5")), ("II", Decimal("92")), ("III", None), ("IV", None)),
        general_score=Decimal("27.5"),
        task_score=Decimal("65"),
        total_score=Decimal("92.5"),
        self_comment="Quý III nghỉ ốm một tháng, có giấy xác nhận.",
        self_level="HTXS",
        authority_level="HTT",
        comments="Hoàn thành tốt các nhiệm vụ được giao; cần chủ động hơn trong công tác.",
        manager_comment="Nhiệt tình, trách nhiệm.",
        manager_post="TRƯỞNG PHÒNG",
        manager_name="Lê Thị Hoa",
        place="Bắc Ninh",
        self_signed_on=date(2026, 12, 2),
        authority_signed_on=date(2026, 12, 10),
        authority_post="GIÁM ĐỐC",
        authority_name="Trần Văn Bình",
    )


def minutes() -> MinutesData:
    return MinutesData(
        agency_name="Sở Nội vụ",
        governing_body="UBND tỉnh Bắc Ninh",
        unit_name="Phòng Tổ chức cán bộ",
        year=2026,
        held_on=date(2026, 12, 3),
        place="Phòng họp tầng 2, Sở Nội vụ",
        chair="Trương Quốc Hưng",
        secretary="Đặng Thùy Dương",
        present=NAMES[:6],
        absent=(("Bùi Quang Huy", "ốm"),),
        opinions=tuple(
            Opinion(n, "HTT", "Hoàn thành tốt nhiệm vụ, tác phong chuẩn mực.", "HTXS: 1, HTT: 5")
            for n in NAMES[:6]
        ),
        adopted=True,
        start_time="14 giờ 00",
        end_time="16 giờ 30",
    )


def personal_notice(name: str = "Nguyễn Thị Ánh Tuyết") -> PersonalNoticeData:
    return PersonalNoticeData(
        governing_body="UBND tỉnh Bắc Ninh",
        agency_name="Sở Nội vụ",
        number=12,
        symbol="TB-SNV",
        place="Bắc Ninh",
        issued_on=date(2026, 2, 3),
        year=2026,
        full_name=name,
        title="Chuyên viên",
        unit_name="Văn phòng Sở",
        level_code="HTXS",
        body_paragraphs=("Căn cứ kết quả đánh giá, xếp loại chất lượng năm 2026;",),
        signer_authority="KT. GIÁM ĐỐC",
        signer_post="PHÓ GIÁM ĐỐC",
        signer_name="Trần Văn Bình",
        recipients=("- Như trên;", "- Lưu: VT, hồ sơ cá nhân."),
    )


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        # Never skip: a missing tool means the environment is wrong, not the test.
        pytest.fail(f"{name} is not installed; run `make test` (it installs the system tools)")
    return path


def pdftext(pdf: bytes, tmp_path: Path, *args: str) -> str:
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(
        [tool("pdftotext"), "-enc", "UTF-8", *args, str(source), "-"],
        capture_output=True,
        check=True,
    )
    return out.stdout.decode("utf-8")


def pdftool(name: str, pdf: bytes, tmp_path: Path) -> str:
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    out = subprocess.run([tool(name), str(source)], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def docx_text(content: bytes):
    """A Word file's text (paragraphs, then every table cell) and the document itself."""
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts), document
