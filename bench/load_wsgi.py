"""The app as the load test serves it: the normal configuration (DATABASE_URL from the
environment), except the sign-in rate limit, since 50 users sign in from 127.0.0.1 at once."""

from config import Config
from evaluation import create_app


class LoadTestConfig(Config):
    LOGIN_RATE_LIMIT = "100000 per minute"


app = create_app(LoadTestConfig)
