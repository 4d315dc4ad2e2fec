"""Operations commands: audit chain check, SQLite online backup and restore.

`flask audit verify`   exit 0 when the hash chain is intact, 1 with the broken row ids.
`flask backup FILE`    consistent copy of the running SQLite database (sqlite3 backup API).
`flask restore FILE`   checks FILE is one of our SQLite databases at the current schema revision,
                       keeps a copy of the current file, then copies FILE in.
PostgreSQL deployments use pg_dump/pg_restore; the commands say so and print the command."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from .. import _time
from ..extensions import db


@click.group("audit")
def audit_group() -> None:
    """Nhật ký thao tác (audit log)."""


@audit_group.command("verify")
@with_appcontext
def audit_verify() -> None:
    """Recompute the hash chain of the audit log and check its end against the signed
    checkpoint; report the first broken row."""
    from ..services.audit import check_chain

    report = check_chain()
    total = report.rows
    problems = {
        "missing": "không có mốc ký xác nhận cuối chuỗi (có thể đã bị xóa)",
        "forged": "mốc ký xác nhận cuối chuỗi bị sửa (chữ ký không khớp)",
        "truncated": "các dòng mới nhất đã bị xóa hoặc sửa (không còn dòng cuối đã ký)",
        "appended": "có dòng được ghi thêm sau mốc đã ký, không qua ứng dụng",
    }
    if report.broken or report.checkpoint_problem:
        summary = f"Nhật ký KHÔNG toàn vẹn: {len(report.broken)} dòng sai trên {total} dòng."
        click.echo(summary, err=True)
        if report.first_broken is not None:
            click.echo(f"Dòng sai đầu tiên: id {report.first_broken}", err=True)
            click.echo(
                "Các dòng bị sửa hoặc đứt chuỗi (id): " + ", ".join(map(str, report.broken)),
                err=True,
            )
        if report.checkpoint_problem:
            click.echo("Mốc cuối chuỗi: " + problems[report.checkpoint_problem], err=True)
        sys.exit(1)
    click.echo(f"Nhật ký toàn vẹn: {total} dòng")


def _sqlite_path() -> Path:
    """The database file, or a ClickException telling PostgreSQL users what to run instead."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        plain = url.set(drivername="postgresql").render_as_string(hide_password=True)
        raise click.ClickException(
            "Cơ sở dữ liệu là PostgreSQL: lệnh này chỉ dành cho SQLite. Hãy dùng:\n"
            f"  pg_dump -Fc -f xeploai.dump '{plain}'\n"
            f"  pg_restore --clean --if-exists -d '{plain}' xeploai.dump"
        )
    if not url.database or url.database == ":memory:":
        raise click.ClickException("Cơ sở dữ liệu SQLite trong bộ nhớ: không có tệp để sao lưu.")
    return Path(url.database)


def _copy(source: sqlite3.Connection, target_path: Path) -> None:
    target = sqlite3.connect(target_path)
    try:
        # The backup API copies a consistent snapshot page by page, even while the app writes.
        source.backup(target)
    finally:
        target.close()


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Sao lưu cơ sở dữ liệu SQLite đang chạy vào FILE."""
    database = _sqlite_path()
    if file.exists():
        raise click.ClickException(f"Tệp {file} đã có; hãy chọn tên khác (không ghi đè).")
    if file.resolve() == database.resolve():
        raise click.ClickException("Tệp sao lưu không được trùng với cơ sở dữ liệu.")
    source = sqlite3.connect(database)
    try:
        _copy(source, file)
    finally:
        source.close()
    # Only integrity here: a copy of a database never stamped by Alembic is still worth keeping.
    problem = _check_backup(file, schema=False)
    if problem:
        file.unlink(missing_ok=True)
        raise click.ClickException(problem)
    click.echo(f"Đã sao lưu {database} vào {file}.")


def _head_revision() -> str | None:
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    directory = current_app.extensions["migrate"].directory
    config = AlembicConfig()
    config.set_main_option("script_location", directory)
    return ScriptDirectory.from_config(config).get_current_head()


def _check_backup(file: Path, schema: bool = True) -> str | None:
    """None when FILE is an intact SQLite database (of this application at our revision)."""
    if not file.is_file():
        return f"Không tìm thấy tệp {file}."
    with file.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            return f"Tệp {file} không phải là cơ sở dữ liệu SQLite."
    try:
        conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                return f"Tệp {file} bị hỏng (integrity_check không đạt)."
            if not schema:
                return None
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables or "audit_log" not in tables:
                return f"Tệp {file} không phải là cơ sở dữ liệu của Xếp loại."
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return f"Không đọc được tệp {file}: {error}."
    head = _head_revision()
    if revision is None or revision[0] != head:
        found = revision[0] if revision else "không có"
        return f"Tệp {file} ở phiên bản lược đồ {found}, ứng dụng cần {head}."
    return None


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Không hỏi lại.")
@with_appcontext
def restore_command(file: Path, yes: bool) -> None:
    """Khôi phục cơ sở dữ liệu SQLite từ FILE (giữ một bản của tệp hiện tại)."""
    database = _sqlite_path()
    problem = _check_backup(file)
    if problem:
        raise click.ClickException(problem + " Không khôi phục; dữ liệu hiện tại giữ nguyên.")
    if not yes:
        click.confirm(f"Thay toàn bộ dữ liệu trong {database} bằng {file}?", abort=True)
    db.session.remove()
    db.engine.dispose()  # no pooled connection may keep reading the old pages
    kept = None
    if database.exists():
        stamp = _time.now().strftime("%Y%m%dT%H%M%SZ")
        kept = database.with_name(f"{database.name}.truoc-khoi-phuc-{stamp}")
        current = sqlite3.connect(database)
        try:
            _copy(current, kept)
        finally:
            current.close()
    source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        # Copying into the live file through the backup API keeps WAL readers consistent.
        _copy(source, database)
    finally:
        source.close()
    click.echo(f"Đã khôi phục {database} từ {file}.")
    if kept:
        click.echo(f"Bản dữ liệu trước khi khôi phục: {kept}")
