"""The city's face: one name, its mark and its colours, configured by the city and checked for contrast."""
import importlib
from email.utils import parseaddr

import pytest
from django.contrib.staticfiles import finders

from city import branding
from common.development import is_development
from portal.checks import check_city_identity
from tests.factories.identity import ResidentFactory


def test_contrast_ratio_follows_wcag():
    assert branding.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert branding.contrast_ratio("#ffffff", "#fff") == pytest.approx(1.0)
    assert branding.contrast_ratio(branding.DEFAULT_COLOUR, branding.WHITE) > 7  # our blue: AAA even
    assert branding.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the classic AA edge


@pytest.mark.parametrize("value", ["red", "#12345", "#00507a; } body { display: none", "", "url(x)", "#00507aff"])
def test_only_hex_colours_are_read(value):
    with pytest.raises(branding.ColourError):
        branding.parse_colour(value)
    assert branding.theme_css(value, "#003a59") == ""  # nothing of it reaches a stylesheet


def test_the_default_identity_passes_the_start_up_check():
    assert check_city_identity(None) == []


def test_a_light_colour_is_warned_about_at_start_up(settings):
    settings.CITY_COLOUR = "#ffe615"  # yellow: white text on it is unreadable
    warnings = check_city_identity(None)
    assert [w.id for w in warnings] == ["thuisloket.W031"]
    assert "CITY_COLOUR #ffe615" in warnings[0].msg and "4.5:1" in warnings[0].msg


def test_an_unreadable_colour_and_a_missing_mark_are_warned_about(settings):
    settings.CITY_COLOUR_DARK = "donkerblauw"
    settings.CITY_LOGO = "city/bestaat-niet.svg"
    assert sorted(w.id for w in check_city_identity(None)) == ["thuisloket.W030", "thuisloket.W032"]


@pytest.mark.django_db
def test_header_shows_the_mark_and_the_footer_links_to_the_verification_page(client):
    html = client.get("/").content.decode()
    assert '<img class="brand-logo" src="/static/city/logo.svg" alt=""' in html
    assert 'href="/verifieer/">Attest controleren</a>' in html
    assert "stad/kleuren.css" not in html  # our own colours: no extra stylesheet to load
    assert '<summary class="site-menu__toggle">Menu</summary>' in html  # the phone menu, without script


@pytest.mark.django_db
def test_a_city_with_its_own_colours_gets_them_through_a_stylesheet(client, settings):
    settings.CITY_COLOUR, settings.CITY_COLOUR_DARK = "#7a0026", "#520019"
    html = client.get("/").content.decode()
    assert '<link rel="stylesheet" href="/stad/kleuren.css">' in html
    css = client.get("/stad/kleuren.css")
    assert css["Content-Type"].startswith("text/css")
    assert css.content.decode() == ":root { --brand: #7a0026; --brand-dark: #520019; }\n"


def test_a_city_folder_overrides_our_mark(settings, tmp_path):
    (tmp_path / "city").mkdir()
    (tmp_path / "city" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><title>Wapen</title></svg>')
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    assert finders.find("city/logo.svg") == str(tmp_path / "city" / "logo.svg")


def test_the_city_folder_setting_comes_first(monkeypatch, tmp_path):
    monkeypatch.setenv("THUISLOKET_CITY_STATIC_DIR", str(tmp_path))
    from portal.settings import core

    try:
        assert importlib.reload(core).STATICFILES_DIRS[0] == tmp_path
    finally:
        monkeypatch.delenv("THUISLOKET_CITY_STATIC_DIR")
        importlib.reload(core)


@pytest.mark.django_db
def test_mailbox_sender_is_the_one_city_name(settings):
    from mailbox import services

    settings.CITY_NAME = "Stad Voorbeeld"
    resident = ResidentFactory()
    document = services.deliver_document(resident=resident, subject="Attest", body="Klaar", filename="a.pdf",
                                         content=b"%PDF-1.7\n", source_ref="test-sender-1")
    note = services.post_message(resident=resident, subject="Vraag", body="?", source_ref="test-sender-2")
    assert document.sender_label == note.sender_label == "Stad Voorbeeld"


def test_e_mails_come_from_the_city_by_name_and_bare_addresses_stay_bare(settings):
    from news.push import vapid

    assert settings.DEFAULT_FROM_EMAIL == "Stad Voorbeeld <thuisloket@example.invalid>"
    assert parseaddr(settings.DEFAULT_FROM_EMAIL)[1] == "thuisloket@example.invalid"
    settings.WEBPUSH_VAPID_SUBJECT = ""
    assert vapid.subject() == "mailto:thuisloket@example.invalid"


def test_quick_start_allows_development_conveniences_with_debug_off(settings):
    settings.DEBUG, settings.QUICK_START = False, True
    assert is_development()
    settings.QUICK_START = False
    assert not is_development()  # production: neither DEBUG nor the quick start


def test_quick_start_settings_run_without_debug_and_serve_static_files_themselves():
    from portal.settings import dev

    assert dev.DEBUG is False and dev.QUICK_START is True
    assert dev.WHITENOISE_USE_FINDERS and dev.WHITENOISE_AUTOREFRESH
