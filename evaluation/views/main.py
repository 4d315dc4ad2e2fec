from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..services.cycles import current_cycle

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def home():
    cycle = current_cycle(current_user.agency_id)
    return render_template("home.html", cycle=cycle, cards=home_cards(cycle))


def home_cards(cycle) -> list:
    """Feature modules contribute reminder cards to the home page (see HOME_CARD_PROVIDERS)."""
    cards = []
    for provider in HOME_CARD_PROVIDERS:
        cards.extend(provider(current_user, cycle))
    return cards


HOME_CARD_PROVIDERS: list = []


@bp.route("/profile")
@login_required
def profile():
    return render_template("account/profile.html", staff=current_user.staff)


@bp.route("/healthz")
def healthz():
    return {"status": "ok"}
