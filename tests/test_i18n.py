"""The English catalogue covers every string of the code, and the UI really switches language.

The catalogue test extracts the strings the same way scripts/translations.sh does, so a new
_("...") without an English translation fails here with the list of missing msgids."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "evaluation" / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
# Keep in step with scripts/translations.sh.
KEYWORDS = ("_l", "lazy_gettext", "ui_text", "lazy_pgettext:1c,2")


def _extract(tmp_path: Path) -> dict[str, object]:
    pot = tmp_path / "messages.pot"
    args = ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg")]
    for keyword in KEYWORDS:
        args += ["-k", keyword]
    args += ["--ignore-dirs", ".venv tests .* _*", "-o", str(pot), str(ROOT)]
    # pybabel's CLI resets logging handlers; leave the test run's logging as it was.
    root_handlers = logging.getLogger().handlers[:]
    try:
        CommandLineInterface().run(args)
    finally:
        logging.getLogger().handlers[:] = root_handlers
    with pot.open("rb") as f:
        return {m.id: m for m in read_po(f) if m.id}


def _catalogue():
    with PO.open("rb") as f:
        return read_po(f)


def test_every_string_of_the_code_has_an_english_translation(tmp_path):
    extracted = _extract(tmp_path)
    assert len(extracted) > 500, "extraction found too few strings: is babel.cfg still right?"
    catalog = _catalogue()
    missing = [
        msgid
        for msgid in extracted
        if catalog.get(msgid) is None or not catalog.get(msgid).string or catalog.get(msgid).fuzzy
    ]
    assert not missing, (
        f"{len(missing)} msgid(s) without an English translation; run "
        "`make translations-update`, then translate them in "
        + str(PO.relative_to(ROOT))
        + ":\n"
        + "\n".join(f"  {m!r}" for m in missing)
    )


def test_catalogue_has_no_fuzzy_empty_or_broken_entry():
    catalog = _catalogue()
    entries = [m for m in catalog if m.id]
    assert entries
    fuzzy = [m.id for m in entries if m.fuzzy]
    empty = [m.id for m in entries if not m.string]
    same = [m.id for m in entries if m.string == m.id and any(ord(c) > 127 for c in m.id)]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not empty, f"untranslated entries: {empty}"
    assert not same, f"Vietnamese copied as the English text: {same}"
    # Placeholders: babel's own checks (the same ones `pybabel compile` reports as errors).
    broken = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert not broken, f"placeholder mismatches: {broken}"


def test_translations_keep_every_named_placeholder():
    for message in _catalogue():
        if not message.id or not message.string:
            continue
        for name in ("%(" + part.split(")", 1)[0] + ")" for part in message.id.split("%(")[1:]):
            assert name in message.string, (message.id, message.string, name)


def test_fixed_terms_follow_the_glossary():
    catalog = _catalogue()
    assert catalog.get("Hoàn thành xuất sắc nhiệm vụ").string == "Excellently completed duties"
    assert catalog.get("Hoàn thành tốt nhiệm vụ").string == "Well completed duties"
    assert catalog.get("Hoàn thành nhiệm vụ").string == "Completed duties"
    assert catalog.get("Không hoàn thành nhiệm vụ").string == "Did not complete duties"
    assert (
        "Decree 335/2025/ND-CP"
        in catalog.get("Áp dụng như công chức (Nghị định 335/2025/NĐ-CP)").string
    )


def _require_compiled_catalogue() -> None:
    if not MO.exists():
        pytest.fail(
            f"{MO.relative_to(ROOT)} is missing: compile the catalogue first "
            "(`make translations`; `make test` does it before pytest)."
        )
    if MO.stat().st_mtime < PO.stat().st_mtime:
        pytest.fail(f"{MO.relative_to(ROOT)} is older than the .po: run `make translations`.")


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_vietnamese_by_default_and_english_after_switching(client, auth, world):
    _require_compiled_catalogue()
    auth.login("tccb")
    cycle_url = f"/cycles/{world.cycle.id}"

    home = _text(client.get("/"))
    assert 'lang="vi"' in home and "Xin chào" in home and "Đăng xuất" in home
    assert "Hello" not in home
    assert f"Kỳ đánh giá năm {world.cycle.year}" in _text(client.get(cycle_url))
    assert "Danh sách cán bộ" in _text(client.get("/staff/"))

    client.post("/lang/en", data={"next": "/"})

    home = _text(client.get("/"))
    assert 'lang="en"' in home
    assert "Hello, " in home and "Sign out" in home and "Evaluation cycle" in home
    assert "Xin chào" not in home and "Đăng xuất" not in home
    cycle_page = _text(client.get(cycle_url))
    assert f"{world.cycle.year} evaluation cycle" in cycle_page
    assert "Self-assessment deadline" in cycle_page and "Hạn tự đánh giá" not in cycle_page
    staff_page = _text(client.get("/staff/"))
    assert "Staff list" in staff_page and "Danh sách cán bộ" not in staff_page
    assert "Add staff member" in staff_page


def test_language_choice_is_kept_with_the_account(client, auth, world):
    _require_compiled_catalogue()
    auth.login("congchuc")
    client.post("/lang/en", data={"next": "/"})
    auth.logout()
    client.delete_cookie("session")

    auth.login("congchuc")
    assert "Hello, " in _text(client.get("/"))
    # Another account on the same browser starts in Vietnamese.
    auth.logout()
    client.delete_cookie("session")
    auth.login("tccb")
    assert "Xin chào" in _text(client.get("/"))


def test_cycle_page_with_the_outstanding_rate_renders_in_both_languages(client, auth, world):
    # The msgid holds a literal percent sign: Jinja's newstyle gettext always applies `%`.
    _require_compiled_catalogue()
    world.cycle.outstanding_unit = True
    from evaluation.extensions import db

    db.session.commit()
    auth.login("tccb")
    assert "tỷ lệ 25% (thành tích nổi bật)" in _text(client.get(f"/cycles/{world.cycle.id}"))
    client.post("/lang/en", data={"next": "/"})
    assert "25% rate (outstanding achievements)" in _text(client.get(f"/cycles/{world.cycle.id}"))


def test_every_text_the_engine_returns_is_marked_for_translation():
    # The engine stays Vietnamese; evaluation/engine_text.py lists its texts for the catalogue.
    import scoring
    from evaluation.engine_text import ENGINE_TEXTS
    from scoring import periodic

    texts = {c.label_vi for crits in periodic.GENERAL_CRITERIA.values() for c in crits}
    texts |= {c.label_vi for c in periodic.MANAGER_CRITERIA}
    for year in range(2020, 2031):
        for cadre_rules in ("qd366", "d335"):
            for contract in (True, False):
                for regime in scoring.describe_regimes(
                    year, cadre_rules=cadre_rules, classify_contract_workers=contract
                ):
                    texts |= {regime["position"], regime["basis"], regime["note"]}
    missing = sorted(t for t in texts if t and t not in ENGINE_TEXTS)
    assert not missing, f"add these engine texts to evaluation/engine_text.py: {missing}"


def test_engine_texts_are_shown_in_english(client, auth, world):
    _require_compiled_catalogue()
    auth.login("tccb")
    client.post("/lang/en", data={"next": "/"})
    page = _text(client.get(f"/cycles/{world.cycle.id}"))
    assert "Decree 335/2025/ND-CP" in page and "Nghị định 335/2025/NĐ-CP" not in page
    assert "Public employee (unit has issued evaluation regulations)" in page
