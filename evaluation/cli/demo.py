"""`flask demo`: the demo agency, a simulated year, or a whole province of generated data."""

from __future__ import annotations

import click

from ..extensions import db


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no demo agency.")
@click.option(
    "--simulate",
    "simulate_year",
    type=int,
    default=None,
    metavar="YEAR",
    help="Run the demo agency through the whole cycle of YEAR (loads the demo first if empty).",
)
@click.option(
    "--province",
    type=click.IntRange(min=1),
    is_flag=False,
    flag_value=20000,
    default=None,
    help="Nạp cả một tỉnh với N cán bộ (mặc định 20000) trong khoảng N/67 cơ quan.",
)
@click.option("--seed", type=int, default=2026, help="Hạt giống ngẫu nhiên (--province).")
@click.option(
    "--open-year",
    is_flag=True,
    help="Với --province: không mô phỏng năm, để năm còn mở và phiếu còn trống "
    "(như những tuần trước hạn chót; dùng cho bench/load.py).",
)
def demo_command(
    if_empty: bool, simulate_year: int | None, province: int | None, seed: int, open_year: bool
) -> None:
    """Load the demo agency (Sở Nội vụ tỉnh Bắc Ninh) and print its sign-ins."""
    from ..demo.agency import DEMO_PASSWORD, demo_loaded, load_demo

    if province is not None:
        _province(province, seed, if_empty, simulate=not open_year)
        return
    if simulate_year is not None:
        _simulate_demo(simulate_year)
        return
    if demo_loaded():
        if not if_empty:
            raise click.ClickException("Dữ liệu mẫu đã có trong cơ sở dữ liệu.")
        click.echo("Dữ liệu mẫu đã có sẵn.")
    else:
        sign_ins = load_demo()
        db.session.commit()
        click.echo("Đã nạp dữ liệu mẫu: Sở Nội vụ tỉnh Bắc Ninh.")
        click.echo("Tài khoản mẫu (chỉ dùng để trình diễn):")
        for username, description in sign_ins.items():
            click.echo(f"  {username:<12} {DEMO_PASSWORD:<14} {description}")
        return
    click.echo(
        f"Tài khoản mẫu: admin, tccb, giamdoc, truongphong, capuy, congchuc, trungtam "
        f"— mật khẩu {DEMO_PASSWORD}"
    )


def _simulate_demo(year: int) -> None:
    from sqlalchemy import select

    from ..demo.agency import DEMO_CODE, demo_loaded, load_demo
    from ..demo.simulation import SimulationError, simulate_year
    from ..models import Agency

    if not demo_loaded():
        load_demo()
        db.session.commit()
        click.echo("Đã nạp dữ liệu mẫu: Sở Nội vụ tỉnh Bắc Ninh.")
    agency = db.session.scalars(select(Agency).where(Agency.code == DEMO_CODE)).one()
    try:
        summary = simulate_year(agency, year, progress=lambda text: click.echo(f"  … {text}"))
    except SimulationError as error:
        raise click.ClickException(str(error)) from error
    for line in summary.lines():
        click.echo(line)


def _province(staff_total: int, seed: int, if_empty: bool, *, simulate: bool) -> None:
    import time

    from ..demo.agency import DEMO_PASSWORD
    from ..demo.province import CODE_PREFIX, load_province, province_loaded, simulation_available

    if province_loaded():
        if not if_empty:
            raise click.ClickException("Dữ liệu mẫu cấp tỉnh đã có trong cơ sở dữ liệu.")
        click.echo("Dữ liệu mẫu cấp tỉnh đã có sẵn.")
        return
    if simulate and simulation_available() is None:
        click.echo("Chưa có evaluation/demo/simulation.py: bỏ qua bước mô phỏng một năm.")
    started = time.monotonic()
    summary = load_province(staff_total, seed=seed, simulate=simulate, progress=click.echo)
    elapsed = time.monotonic() - started
    click.echo(
        f"Đã nạp {summary['staff']} cán bộ trong {summary['agencies']} cơ quan "
        f"({elapsed:.0f} giây); mô phỏng năm: {summary['simulated']} cơ quan."
    )
    first = summary["first"]
    if first is not None:
        click.echo(
            f"Đăng nhập: mã cán bộ viết thường, ví dụ {CODE_PREFIX.lower()}001-0001 "
            f"(lãnh đạo {first.name}) — mật khẩu {DEMO_PASSWORD}"
        )
