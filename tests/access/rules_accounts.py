"""Accounts: HR and admins see them and lift throttles; only admins disable or re-enable."""

from . import HR, Rule


def _colleague(w) -> dict:
    return {"user_id": w.users["colleague"].id}


RULES = {
    "accounts.index": Rule(HR),
    "accounts.disable": Rule(frozenset({"admin"}), args=_colleague),
    "accounts.enable": Rule(frozenset({"admin"}), args=_colleague),
    "accounts.unlock": Rule(HR, args=_colleague),
}
