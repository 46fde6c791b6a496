"""The French and English catalogs: complete, compiled, placeholder-safe, and used by the pages.

The source language of every string is Dutch (the msgids); locale/{fr,en}/LC_MESSAGES/django.po hold
the translations and the compiled django.mo files are committed, because a fresh machine may lack
gettext. Refresh the catalogs with the command in MAKEMESSAGES_ARGS (see test_catalog_is_up_to_date).
"""
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
LANGUAGES = ["fr", "en"]
NPLURALS = {"fr": 2, "en": 2}

# The same arguments the team uses to refresh the catalogs (devidp is a Dutch-only development tool).
IGNORES = [".venv/*", "node_modules/*", "devidp/*", "tests/*", "bench/*", "var/*"]
MAKEMESSAGES_ARGS = ["makemessages", "-l", "fr", *[f"--ignore={p}" for p in IGNORES], "--no-obsolete"]

# %(name)s, %(minutes)d, %s, %d ... but not a literal %%.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
HTML_TAG = re.compile(r"<[^>]+>")


def po_path(lang):
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def mo_path(lang):
    return LOCALE / lang / "LC_MESSAGES" / "django.mo"


def load_po(lang):
    return polib.pofile(str(po_path(lang)))


def key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def value(entry):
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
    return entry.msgstr


def placeholders(text):
    found = PLACEHOLDER.findall(text.replace("%%", ""))
    named = {p for p in found if p.startswith("%(")}
    positional = Counter(p for p in found if not p.startswith("%("))
    return named, positional


def translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_files_exist(lang):
    assert po_path(lang).is_file(), f"run makemessages -l {lang}"
    assert mo_path(lang).is_file(), "run compilemessages and commit the .mo file"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated_and_checked(lang):
    po = load_po(lang)
    assert len(po) > 0
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    obsolete = [e.msgid for e in po.obsolete_entries()]
    assert not untranslated, f"{lang}: untranslated entries: {untranslated}"
    assert not fuzzy, f"{lang}: fuzzy entries (check them and remove the flag): {fuzzy}"
    assert not obsolete, f"{lang}: obsolete entries (rerun makemessages with --no-obsolete): {obsolete}"
    assert not po.metadata_is_fuzzy, f"{lang}: the header is still marked fuzzy"
    assert po.metadata.get("Language") == lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_entries_have_every_form(lang):
    problems = []
    for entry in load_po(lang):
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if sorted(forms) != list(range(NPLURALS[lang])) or not all(forms.values()):
                problems.append(entry.msgid)
    assert not problems, f"{lang}: plural entries without all {NPLURALS[lang]} forms: {problems}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_placeholders_and_html(lang):
    """A translation that drops or renames %(name)s breaks the page (KeyError or a missing value)."""
    problems = []
    for entry in load_po(lang):
        if entry.obsolete:
            continue
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        want_named, want_positional = placeholders(entry.msgid)
        for extra in sources[1:]:
            named, _positional = placeholders(extra)
            want_named |= named
        want_tags = sorted(HTML_TAG.findall(entry.msgid))
        for text in translations(entry):
            named, positional = placeholders(text)
            if named != want_named or positional != want_positional:
                problems.append((entry.msgid, text, "placeholders"))
            if sorted(HTML_TAG.findall(text)) != want_tags:
                problems.append((entry.msgid, text, "HTML"))
    assert not problems, f"{lang}: " + "\n".join(f"{p[2]}: {p[0]!r} -> {p[1]!r}" for p in problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalog_matches_po(lang):
    """A .po edited without running compilemessages fails here."""
    po = load_po(lang)
    mo = polib.mofile(str(mo_path(lang)))
    expected = {key(e): value(e) for e in po.translated_entries()}
    compiled = {key(e): value(e) for e in mo if e.msgid}
    missing = sorted(k[1] for k in expected.keys() - compiled.keys())
    stale = sorted(k[1] for k in compiled.keys() - expected.keys())
    different = sorted(k[1] for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
    assert not (missing or stale or different), (
        f"{lang}: django.mo is out of date; run compilemessages. "
        f"Missing: {missing}; not in .po: {stale}; different: {different}"
    )


def test_catalog_is_up_to_date(tmp_path):
    """Every string marked for translation in the code is in the catalog, and nothing more.

    makemessages writes into the locale folder it finds, so it runs on a copy of the project.
    """
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("gettext (xgettext, msgmerge) is not installed; apt-get install gettext to run this check")
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT, copy,
        ignore=shutil.ignore_patterns(".venv", "node_modules", ".git", "var", "__pycache__", "*.mo",
                                      ".pytest_cache", ".ruff_cache"),
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "portal.settings.test")}
    env["PYTHONPATH"] = str(copy)
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES_ARGS],
        cwd=copy, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    fresh = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    committed = load_po("fr")
    fresh_keys = {key(e) for e in fresh if not e.obsolete}
    committed_keys = {key(e) for e in committed if not e.obsolete}
    new = sorted(k[1] for k in fresh_keys - committed_keys)
    gone = sorted(k[1] for k in committed_keys - fresh_keys)
    assert not (new or gone), (
        "The catalogs are out of date: run `manage.py " + " ".join(MAKEMESSAGES_ARGS).replace("-l fr", "-l fr -l en")
        + "`, translate, then compilemessages. "
        f"New strings: {new}; strings no longer in the code: {gone}"
    )


def test_english_catalog_has_the_same_entries_as_french():
    fr = {key(e) for e in load_po("fr") if not e.obsolete}
    en = {key(e) for e in load_po("en") if not e.obsolete}
    assert fr == en, f"only in fr: {sorted(k[1] for k in fr - en)}; only in en: {sorted(k[1] for k in en - fr)}"


# --- The pages really use the catalogs ------------------------------------------------------------

HOME = {
    "nl": ("Welkom", "Het Thuisloket van"),
    "fr": ("Bienvenue", "Le Thuisloket de"),
    "en": ("Welcome", "The Thuisloket of"),
}


def assert_home_in(response, lang):
    title, heading = HOME[lang]
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<html lang=\"{lang}\">" in html
    assert f"<title>{title} · {settings.CITY_NAME}</title>" in html
    assert heading in html


@pytest.mark.django_db
def test_home_page_is_dutch_by_default(client):
    assert_home_in(client.get("/"), "nl")


@pytest.mark.django_db
def test_browser_language_alone_does_not_switch(client):
    """Dutch unless the resident chose otherwise (portal.middleware.ChosenLanguageMiddleware, language law)."""
    assert_home_in(client.get("/", HTTP_ACCEPT_LANGUAGE="fr"), "nl")
    assert_home_in(client.get("/", HTTP_ACCEPT_LANGUAGE="en"), "nl")


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_shows_the_home_page_in_that_language(client, lang):
    response = client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == lang
    assert_home_in(client.get("/"), lang)


@pytest.mark.django_db
def test_choosing_dutch_again_switches_back(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert_home_in(client.get("/"), "en")
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert_home_in(client.get("/"), "nl")
