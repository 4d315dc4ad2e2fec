from . import EVERYONE, HR, Rule

RULES = {
    "static": Rule(EVERYONE, args=lambda w: {"filename": "app.css"}, public=True),
    "main.healthz": Rule(EVERYONE, public=True),
    "auth.login": Rule(EVERYONE, public=True),
    "auth.set_language": Rule(EVERYONE, args=lambda w: {"code": "en"}, public=True),
    "auth.logout": Rule(EVERYONE),
    "auth.password": Rule(EVERYONE),
    "main.home": Rule(EVERYONE),
    "main.profile": Rule(EVERYONE),
    "org.tree": Rule(HR),
    "org.create": Rule(HR),
    "org.edit": Rule(HR, args=lambda w: {"unit_id": w.units["dept"].id}),
    "org.move": Rule(HR, args=lambda w: {"unit_id": w.units["dept"].id}),
    "org.head": Rule(HR, args=lambda w: {"unit_id": w.units["dept"].id}),
    "staff.index": Rule(HR | {"unit_head"}),
    "staff.create": Rule(HR),
    # The clerk's record: HR, the clerk's head and the party committee may see it.
    "staff.show": Rule(
        HR | {"unit_head", "party_committee", "staff"},
        args=lambda w: {"staff_id": w.staff["clerk"].id},
    ),
    "staff.edit": Rule(HR, args=lambda w: {"staff_id": w.staff["clerk"].id}),
    "staff.end": Rule(HR, args=lambda w: {"staff_id": w.staff["clerk"].id}),
    "cycles.index": Rule(EVERYONE),
    "cycles.create": Rule(HR),
    "cycles.show": Rule(EVERYONE, args=lambda w: {"cycle_id": w.cycle.id}),
    "cycles.edit": Rule(HR, args=lambda w: {"cycle_id": w.cycle.id}),
    "cycles.change_status": Rule(HR, args=lambda w: {"cycle_id": w.cycle.id, "action": "close"}),
    "api.classify": Rule(HR, methods=("POST",)),
    "api.classify_units": Rule(HR, methods=("POST",)),
}
