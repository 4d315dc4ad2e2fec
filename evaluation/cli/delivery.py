"""Commands for cron: `flask mail remind` (queue today's reminders, then send), `flask mail send`
(send what is due, retries included), `flask national send` (deliver pending results to the
national database). Each prints what it did."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..extensions import db


@click.group("mail", help="E-mail: nhắc hạn và gửi thư.")
def mail_group() -> None:
    pass


@mail_group.command("remind", help="Xếp hàng thư nhắc hạn của hôm nay rồi gửi.")
@with_appcontext
def remind() -> None:
    from ..services import mail

    queued = mail.queue_reminders()
    db.session.commit()
    sent, failed = mail.send_due()
    click.echo(f"queued {queued}, sent {sent}, failed {failed}")


@mail_group.command("send", help="Gửi các thư đến hạn (kể cả gửi lại thư lỗi).")
@with_appcontext
def send() -> None:
    from ..services import mail

    sent, failed = mail.send_due()
    click.echo(f"sent {sent}, failed {failed}")


@click.group("national", help="Đồng bộ kết quả vào Cơ sở dữ liệu quốc gia.")
def national_group() -> None:
    pass


@national_group.command("send", help="Gửi các kết quả chờ đồng bộ.")
@with_appcontext
def national_send() -> None:
    from ..services import outbox

    accepted = outbox.deliver_all()
    click.echo(f"accepted {accepted}")
