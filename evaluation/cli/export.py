"""The `flask export` group: `results` here; `notice` and `decision` (evaluation/cli/disclosure.py)
are attached to the group in evaluation/cli/__init__.py."""

from __future__ import annotations

import click
from sqlalchemy import select

from ..extensions import db
from ..models import Agency, Cycle


@click.group("export")
def export_group() -> None:
    """Xuất tài liệu (PDF, Excel)."""


@export_group.command("results")
@click.option("--year", type=int, required=True, help="Năm đánh giá.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="Tệp .xlsx.")
@click.option("--agency", "agency_code", default=None, help="Mã cơ quan (khi có nhiều cơ quan).")
def export_results(year: int, output: str, agency_code: str | None) -> None:
    """Kết quả xếp loại của năm: mỗi người một dòng."""
    from exports.excel import write_results_workbook

    from ..queries.results import results_data

    query = select(Cycle).join(Agency, Agency.id == Cycle.agency_id).where(Cycle.year == year)
    if agency_code:
        query = query.where(Agency.code == agency_code)
    cycles = list(db.session.scalars(query))
    if not cycles:
        raise click.ClickException(f"Không có kỳ đánh giá năm {year}.")
    if len(cycles) > 1:
        codes = ", ".join(sorted(c.agency.code for c in cycles))
        raise click.ClickException(
            f"Năm {year} có kỳ đánh giá của nhiều cơ quan ({codes}): hãy chọn --agency."
        )
    with open(output, "wb") as target:
        count = write_results_workbook(results_data(cycles[0]), target)
    click.echo(f"Đã xuất {count} người, năm {year}, vào {output}.")
