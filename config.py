"""Configuration classes. SQLite in instance/ by default; DATABASE_URL selects PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET = "dev-only-not-secret"  # noqa: S105 - refused in production below


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Heroku-style and plain postgres URLs select psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{BASE_DIR / 'instance' / 'xeploai.db'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # A pooled PostgreSQL connection idle this long is pinged before use (ping_when_idle).
    DB_PING_IDLE_SECONDS = 10.0
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    WTF_CSRF_TIME_LIMIT = None
    # WTForms ships no Vietnamese catalogue and every message users see is ours: Flask-WTF's
    # i18n would only re-read WTForms' catalogue from disk on every request (2% of a save).
    WTF_I18N_ENABLED = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024  # uploads (Excel imports) above this are refused
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a secret
    REDIS_URL = os.environ.get("REDIS_URL", "")
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Failed sign-ins only (a correct one never counts): per address, loosely, so an office
    # behind one NAT gateway signs in at 8:00; per account, tightly, against guessing.
    LOGIN_RATE_LIMIT = "30 per minute"
    SIGN_IN_FAILURES_PER_ACCOUNT = 10
    SIGN_IN_LOCK_MINUTES = 15
    STAFF_PAGE_SIZE = 25
    # Number of reverse proxies (load balancer, nginx) in front of the app; 0 = direct.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # Background jobs: RQ when REDIS_URL is set, else a thread; JOBS_SYNC runs them in the request.
    JOBS_SYNC = False
    # E-mail (evaluation/services/mail.py). No MAIL_SERVER: messages are queued, not sent.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"  # STARTTLS
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "xeploai@localhost")
    MAIL_TIMEOUT = 10
    # The national database of cadres, civil servants and public employees (services/outbox.py).
    NATIONAL_DB_URL = os.environ.get("NATIONAL_DB_URL", "")  # https://…; empty: records wait
    NATIONAL_DB_TOKEN = os.environ.get("NATIONAL_DB_TOKEN", "")
    NATIONAL_DB_CA_FILE = os.environ.get("NATIONAL_DB_CA_FILE", "")
    # Digital signatures (services/signing.py): the organisation's key as a PKCS#12 file, and
    # the roots an uploaded signed PDF is checked against (PEM or DER files, comma-separated).
    SIGNING_PKCS12_FILE = os.environ.get("SIGNING_PKCS12_FILE", "")
    SIGNING_PKCS12_PASSPHRASE = os.environ.get("SIGNING_PKCS12_PASSPHRASE", "")
    SIGNING_TRUST_ROOTS = os.environ.get("SIGNING_TRUST_ROOTS", "")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
    WTF_CSRF_ENABLED = False  # tests that check CSRF switch it back on
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - fast hashing in tests only
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    JOBS_SYNC = True  # one in-memory database: a worker thread would share its connection
    MAIL_SERVER = ""  # tests that send start their own SMTP server (tests/test_mail.py)
    NATIONAL_DB_URL = ""


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def check(cls) -> None:
        """Fail fast on unsafe production settings."""
        if cls.SECRET_KEY == DEV_SECRET or len(cls.SECRET_KEY) < 32:
            raise RuntimeError("SECRET_KEY must be set to a random value of 32+ characters")
        if "DATABASE_URL" not in os.environ:
            raise RuntimeError("DATABASE_URL must point to PostgreSQL in production")
        if os.environ.get("XEPLOAI_CLOCK_START"):
            raise RuntimeError("XEPLOAI_CLOCK_START moves the clock: never in production")


CONFIGS = {"development": Config, "testing": TestConfig, "production": ProductionConfig}
