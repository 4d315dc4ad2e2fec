"""Flask extensions, created once and bound in create_app()."""

import time

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import ColumnElement, Engine, Integer, MetaData, any_, event, exc, literal
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import DeclarativeBase

# One naming convention from the first migration, so constraints can be altered by name later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def id_in(column, ids) -> ColumnElement[bool]:
    """`column IN ids` for integer ids. On PostgreSQL it is `= ANY(array)`, one parameter:
    psycopg re-parses a statement with hundreds of placeholders at every execution (about
    2.5 ms each on the ranking board of a 341-person agency); one array keeps it short."""
    ids = list(ids)
    if db.engine.dialect.name == "postgresql":
        return column == any_(literal(ids, ARRAY(Integer)))
    return column.in_(ids)


def ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Check a pooled connection with a ping only when it has been idle for `idle_seconds`.

    SQLAlchemy's pool_pre_ping pings at every checkout: one more round trip on every request,
    about 3% of a save's CPU under load. A connection in steady use is known to be alive; one
    that sat idle may have been cut by a database restart or a firewall. A failed ping makes
    the pool replace the connection (SQLAlchemy's documented DisconnectionError retry). A
    restart in the last `idle_seconds` is still caught at first use: SQLAlchemy then discards
    the whole pool, so only the requests already running on the old connections fail."""

    @event.listens_for(engine, "checkin")
    def _note_checkin(_dbapi_connection, record) -> None:
        if record is not None:
            record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.get("checked_in_at")
        if idle_since is None or time.monotonic() - idle_since < idle_seconds:
            return  # new (just connected) or in steady use
        try:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.close()
        except Exception as error:  # any failure: this connection is not usable
            raise exc.DisconnectionError(str(error)) from error
