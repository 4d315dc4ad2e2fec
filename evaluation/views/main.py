from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..navigation import home_card_providers
from ..services.cycles import current_cycle

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def home():
    cycle = current_cycle(current_user.agency_id)
    return render_template("home.html", cycle=cycle, cards=home_cards(cycle))


def home_cards(cycle) -> list:
    """The reminder cards of every area that has some (evaluation/navigation.py lists them)."""
    cards = []
    for provider in home_card_providers():
        cards.extend(provider(current_user, cycle))
    return cards


@bp.route("/profile")
@login_required
def profile():
    return render_template("account/profile.html", staff=current_user.staff)


@bp.route("/healthz")
def healthz():
    return {"status": "ok"}
