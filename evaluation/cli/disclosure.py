"""Commands: `flask export notice`, `flask import staff|history`, `flask token create`.

They call the same services as the views and commit once; on any problem they print every
problem, write nothing and exit non-zero."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from pathlib import Path

import click
from sqlalchemy import select

from .._time import today as vn_today
from ..extensions import db


def _agency(code: str | None):
    from ..models import Agency

    if code:
        agency = db.session.scalars(select(Agency).where(Agency.code == code)).first()
        if agency is None:
            raise click.ClickException(f"Không có cơ quan mã “{code}”.")
        return agency
    agencies = db.session.scalars(select(Agency)).all()
    if len(agencies) != 1:
        raise click.ClickException("Có nhiều cơ quan: hãy chọn bằng --agency MÃ.")
    return agencies[0]


def _vn_date(text: str | None) -> date | None:
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise click.BadParameter(f"“{text}” không phải là ngày (dd/mm/yyyy).")


@click.command("notice")
@click.option("--year", type=int, required=True, help="Năm đánh giá.")
@click.option("--unit", "unit_code", default=None, help="Mã đơn vị (bỏ trống: toàn cơ quan).")
@click.option("--agency", "agency_code", default=None, help="Mã cơ quan.")
@click.option(
    "--number", type=int, default=None, help="Số đã ghi trong sổ văn bản đi (bỏ trống: số tiếp)."
)
@click.option("--date", "issued", default=None, help="Ngày ký (dd/mm/yyyy).")
@click.option("--signer-authority", default=None, help="Thẩm quyền ký (KT., TL., …).")
@click.option("--signer-post", default=None, help="Chức vụ người ký.")
@click.option("--signer-name", default=None, help="Họ tên người ký.")
@click.option("--draft", is_flag=True, help="In dự thảo: chưa có số, không cấp số.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_notice(
    year,
    unit_code,
    agency_code,
    number,
    issued,
    signer_authority,
    signer_post,
    signer_name,
    draft,
    output,
):
    """Thông báo công khai kết quả (PDF, thể thức Nghị định 30/2020).

    A final notice takes its number from the register of outgoing documents (the recorded
    publication's, or the next one, issued now) and must be signed; --draft prints "DỰ THẢO"."""
    from exports.pdf import notice_pdf

    from ..models import Cycle, Publication, Unit
    from ..permissions import subtree_ids
    from ..queries.disclosure import notice_data
    from ..services import ValidationError, register
    from ..services.authority import issuer_of
    from ..services.disclosure import approved_decisions, default_decided_on

    agency = _agency(agency_code)
    cycle = db.session.scalars(
        select(Cycle).where(Cycle.agency_id == agency.id, Cycle.year == year)
    ).first()
    if cycle is None:
        raise click.ClickException(f"Không có kỳ đánh giá năm {year}.")
    unit = None
    if unit_code:
        unit = db.session.scalars(
            select(Unit).where(Unit.agency_id == agency.id, Unit.code == unit_code)
        ).first()
        if unit is None:
            raise click.ClickException(f"Không có đơn vị mã “{unit_code}”.")
    unit_ids = subtree_ids({unit.id}) if unit else None
    if not approved_decisions(cycle, unit_ids):
        raise click.ClickException("Chưa có kết quả đã phê duyệt để thông báo.")
    # The last recorded publication of this scope gives the number and signer.
    published = db.session.scalars(
        select(Publication)
        .where(Publication.cycle_id == cycle.id, Publication.unit_id == (unit.id if unit else None))
        .order_by(Publication.id.desc())
    ).first()
    issuer = issuer_of(agency, unit)
    template = published or Publication(
        cycle=cycle, unit=unit, decided_on=default_decided_on(cycle, unit_ids)
    )
    publication = Publication(
        cycle=cycle,
        unit=unit,
        decided_on=template.decided_on,
        published_on=template.published_on or vn_today(),
        visible_until=template.visible_until,
        notice_number=template.notice_number,
        notice_date=_vn_date(issued) or template.notice_date or vn_today(),
        signer_authority=signer_authority or template.signer_authority or "",
        signer_post=signer_post or template.signer_post or issuer.head_post,
        signer_name=signer_name or template.signer_name or issuer.head_name,
        recipients=template.recipients or "",
    )
    if not draft:
        if not (publication.signer_name and publication.signer_post):
            db.session.rollback()
            raise click.ClickException(
                "Thông báo chưa có người ký: dùng --signer-post và --signer-name "
                "(hoặc --draft để in dự thảo)."
            )
        if not publication.notice_number:
            scope = unit.code if unit else "all"
            try:
                document = register.issue(
                    agency.id,
                    issuer,
                    "TB",
                    f"notice-cli:{cycle.id}:{scope}",
                    publication.notice_date,
                    subject=f"Thông báo kết quả xếp loại chất lượng năm {year}",
                    signer_name=publication.signer_name,
                    number=number,
                )
            except ValidationError as error:
                db.session.rollback()
                raise click.ClickException(str(error)) from error
            publication.notice_number = document.number
            publication.notice_date = document.issued_on
        elif number and number != publication.notice_number:
            db.session.rollback()
            raise click.ClickException(
                f"Thông báo đã ghi nhận công khai với số {publication.notice_number:02d}: "
                "số văn bản không đổi được."
            )
    data = notice_data(publication, unit_ids, draft=draft)
    if publication in db.session:
        db.session.expunge(publication)  # the transient Publication above is never stored
    db.session.commit()  # the register's new number, if one was issued
    Path(output).write_bytes(notice_pdf(data))
    kind = "dự thảo" if draft else f"số {data.number:02d}/{data.symbol}"
    click.echo(f"Đã ghi {output} ({kind}, {len(data.rows)} người).")


@click.command("decision")
@click.option("--year", type=int, required=True, help="Năm đánh giá.")
@click.option("--unit", "unit_code", default=None, help="Mã đơn vị sự nghiệp (bỏ trống: cơ quan).")
@click.option("--agency", "agency_code", default=None, help="Mã cơ quan.")
@click.option("--date", "issued", default=None, help="Ngày ký (dd/mm/yyyy).")
@click.option("--draft", is_flag=True, help="In dự thảo: chưa có số, không cấp số.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_decision(year, unit_code, agency_code, issued, draft, output):
    """Quyết định công nhận kết quả đánh giá, xếp loại chất lượng (PDF hoặc .docx)."""
    from ..models import Cycle, Unit
    from ..queries.disclosure import approval_ref, decision_doc_data
    from ..services import register
    from ..services.authority import issuer_of

    agency = _agency(agency_code)
    cycle = db.session.scalars(
        select(Cycle).where(Cycle.agency_id == agency.id, Cycle.year == year)
    ).first()
    if cycle is None:
        raise click.ClickException(f"Không có kỳ đánh giá năm {year}.")
    unit = None
    if unit_code:
        unit = db.session.scalars(
            select(Unit).where(Unit.agency_id == agency.id, Unit.code == unit_code)
        ).first()
        if unit is None:
            raise click.ClickException(f"Không có đơn vị mã “{unit_code}”.")
    issuer = issuer_of(agency, unit)
    data = decision_doc_data(cycle, unit, draft=True)
    if not data.rows:
        raise click.ClickException("Chưa có kết quả đã phê duyệt để công nhận.")
    document = None
    if not draft:
        if not issuer.head_name:
            raise click.ClickException(
                "Chưa ghi nhận người đứng đầu ký quyết định (hoặc dùng --draft để in dự thảo)."
            )
        document = register.issue(
            agency.id,
            issuer,
            "QĐ",
            approval_ref(cycle, issuer),
            _vn_date(issued) or vn_today(),
            subject=data.summary,
            signer_name=issuer.head_name,
        )
        db.session.commit()
        data = decision_doc_data(cycle, unit, document=document)
    if output.lower().endswith(".docx"):
        from exports.word import decision_docx

        Path(output).write_bytes(decision_docx(data))
    else:
        from exports.pdf import decision_pdf

        Path(output).write_bytes(decision_pdf(data))
    kind = "dự thảo" if document is None else f"số {document.number_symbol}"
    click.echo(f"Đã ghi {output} ({kind}, {len(data.rows)} người).")


def _cycle(agency, year: int):
    from ..models import Cycle

    cycle = db.session.scalars(
        select(Cycle).where(Cycle.agency_id == agency.id, Cycle.year == year)
    ).first()
    if cycle is None:
        raise click.ClickException(f"Không có kỳ đánh giá năm {year}.")
    return cycle


@click.command("report")
@click.option("--year", type=int, required=True, help="Năm đánh giá.")
@click.option("--agency", "agency_code", default=None, help="Mã cơ quan.")
@click.option("--date", "issued", default=None, help="Ngày ký (dd/mm/yyyy).")
@click.option(
    "--to", "addressee", default=None, help="Kính gửi (bỏ trống: cơ quan đã ghi lần trước)."
)
@click.option("--draft", is_flag=True, help="In dự thảo: chưa có số, không cấp số.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_report(year, agency_code, issued, addressee, draft, output):
    """Báo cáo kết quả đánh giá, xếp loại chất lượng gửi cấp trên (PDF hoặc .docx).

    A final report takes its number from the register of outgoing documents (the same number
    when issued again) and must be signed by the head of the agency; --draft prints "DỰ THẢO"."""
    from exports import report as report_export

    from ..queries.report import report_data, report_ref, year_rows
    from ..services import ValidationError, register
    from ..services.report import issue_report

    agency = _agency(agency_code)
    cycle = _cycle(agency, year)
    if not year_rows(cycle):
        raise click.ClickException("Chưa có kết quả đã phê duyệt để báo cáo.")
    document = register.find(agency.id, report_ref(cycle))
    if not draft:
        if agency.head is None:
            raise click.ClickException(
                "Báo cáo chưa có người ký: chưa ghi nhận người đứng đầu cơ quan "
                "(hoặc dùng --draft để in dự thảo)."
            )
        try:
            document = issue_report(
                cycle,
                addressee or agency.superior_body,
                _vn_date(issued) or vn_today(),
            )
        except ValidationError as error:
            db.session.rollback()
            raise click.ClickException(
                "; ".join(message for _field, message in error.errors)
            ) from error
        db.session.commit()
    data = report_data(cycle, document, draft=draft)
    if output.lower().endswith(".docx"):
        Path(output).write_bytes(report_export.report_docx(data))
    else:
        Path(output).write_bytes(report_export.report_pdf(data))
    kind = "dự thảo" if data.draft else f"số {document.number_symbol}"
    click.echo(f"Đã ghi {output} ({kind}).")


@click.command("summary")
@click.option("--year", type=int, required=True, help="Năm đánh giá.")
@click.option("--agency", "agency_code", default=None, help="Mã cơ quan.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_summary(year, agency_code, output):
    """Danh sách tổng hợp kết quả đánh giá, xếp loại chất lượng (PDF hoặc .docx)."""
    from exports import report as report_export

    from ..queries.report import summary_list_data

    cycle = _cycle(_agency(agency_code), year)
    data = summary_list_data(cycle, vn_today())
    if output.lower().endswith(".docx"):
        Path(output).write_bytes(report_export.summary_list_docx(data))
    else:
        Path(output).write_bytes(report_export.summary_list_pdf(data))
    people = sum(len(g.rows) for g in data.groups)
    click.echo(f"Đã ghi {output} ({people} người).")


@click.group("import")
def import_group() -> None:
    """Nhập dữ liệu từ Excel (ghi tất cả hoặc không ghi gì)."""


def _run_import(kind: str, path: str, agency_code: str | None) -> None:
    from ..services import ValidationError
    from ..services import imports as import_service

    agency = _agency(agency_code)
    content = Path(path).read_bytes()
    check = import_service.CHECKS[kind](agency, content) if content else None
    if check is None or not check.ok:
        problems = (
            check.problems
            if check
            else [{"sheet": "", "row": 0, "column": "", "message": "Tệp trống."}]
        )
        for p in problems:
            where = " ".join(
                x for x in (p["sheet"], f"dòng {p['row']}" if p["row"] else "", p["column"]) if x
            )
            click.echo(f"{where}: {p['message']}" if where else p["message"], err=True)
        db.session.rollback()
        raise click.ClickException(f"{len(problems)} lỗi; không ghi gì.")
    try:
        batch = import_service.upload(agency, kind, Path(path).name, content, None)
        summary = import_service.confirm(batch, None)
    except ValidationError as error:
        db.session.rollback()
        for _field, message in error.errors:
            click.echo(message, err=True)
        raise click.ClickException("Không ghi gì.") from error
    db.session.commit()
    click.echo(f"Đã nhập: {import_service.describe(summary)}.")


@import_group.command("staff")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--agency", "agency_code", default=None, help="Mã cơ quan.")
def import_staff(path: str, agency_code: str | None) -> None:
    """Nhập cán bộ và đơn vị từ tệp theo mẫu (khớp theo mã: cập nhật, không nhân bản)."""
    _run_import("staff", path, agency_code)


@import_group.command("history")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--agency", "agency_code", default=None, help="Mã cơ quan.")
def import_history(path: str, agency_code: str | None) -> None:
    """Nhập kết quả xếp loại của các năm trước."""
    _run_import("history", path, agency_code)


@click.group("token")
def token_group() -> None:
    """Mã truy cập API của cơ quan."""


@token_group.command("create")
@click.option("--agency", "agency_code", required=True, help="Mã cơ quan.")
@click.option("--name", required=True, help="Tên gợi nhớ (hệ thống dùng mã).")
def token_create(agency_code: str, name: str) -> None:
    """Tạo mã truy cập; mã chỉ hiện một lần (hệ thống chỉ lưu bản băm)."""
    from ..api import token_hash
    from ..models import ApiToken
    from ..services.audit import record
    from ..text import nfc

    agency = _agency(agency_code)
    if not nfc(name):
        raise click.ClickException("Tên không được để trống.")
    token = secrets.token_urlsafe(32)
    row = ApiToken(agency_id=agency.id, name=nfc(name)[:120], token_hash=token_hash(token))
    db.session.add(row)
    db.session.flush()
    record("create", "api_token", row.id, agency_id=agency.id, after={"name": row.name})
    db.session.commit()
    click.echo(token)
    click.echo("Lưu mã này ngay: hệ thống không hiển thị lại.", err=True)
