"""Access rules of the province board: HR (and the administrator) of the province's Home
Affairs department; the world's agency is made that department for the request."""

from evaluation.extensions import db

from . import HR, Rule


def _home_affairs(w) -> dict:
    if not w.agency.home_affairs:
        w.agency.province = "Hà Nam"
        w.agency.home_affairs = True
        db.session.commit()
    return {}


RULES = {
    "dashboard.province": Rule(HR, args=_home_affairs),
}
