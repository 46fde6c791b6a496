"""The resident's report form: one page, no JavaScript needed, nothing half-saved, spam and floods kept out."""
import io
import re

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import ExifTags, Image

from desk.cases import services
from desk.models import Attachment, Case, Category, Follower
from desk.states import Channel, Kind
from tests.factories.desk import CaseFactory
from tests.factories.identity import ResidentFactory

pytestmark = pytest.mark.django_db

ADDRESS = "Kerkstraat 12"
INSIDE = (51.0304956, 3.4224136)  # Kerkstraat 12 in the demo city
BRUSSELS = ("50,8467", "4,3525")


# --- helpers -------------------------------------------------------------------------------------
def _rational_dms(value: float):
    degrees = int(value)
    minutes_float = (value - degrees) * 60
    minutes = int(minutes_float)
    seconds = round((minutes_float - minutes) * 60 * 1000)
    return ((degrees, 1), (minutes, 1), (seconds, 1000))


def jpeg(gps: tuple[float, float] | None = None, *, camera: str = "SecretCam 3000") -> bytes:
    """A real JPEG with EXIF (camera make, optional GPS), built with Pillow."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = camera
    if gps is not None:
        from PIL import TiffImagePlugin

        info = exif.get_ifd(ExifTags.IFD.GPSInfo)
        info[ExifTags.GPS.GPSLatitudeRef] = "N"
        info[ExifTags.GPS.GPSLatitude] = tuple(TiffImagePlugin.IFDRational(*p) for p in _rational_dms(gps[0]))
        info[ExifTags.GPS.GPSLongitudeRef] = "E"
        info[ExifTags.GPS.GPSLongitude] = tuple(TiffImagePlugin.IFDRational(*p) for p in _rational_dms(gps[1]))
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 40, 40)).save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def upload(content: bytes, name: str = "lamp.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def new_url(kind: str = Kind.REPORT) -> str:
    return reverse("desk:new", args=[kind])


def report_data(category, **overrides) -> dict:
    data = {"category": category.pk, "description": "De straatlamp voor mijn deur brandt niet.",
            "address": ADDRESS, "latitude": "", "longitude": "", "name": "", "email": "", "phone": "",
            "website": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process (Celery's own testing switch), so .delay() really sends the mail."""
    from portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def resident(db):
    return ResidentFactory(user__username="inwoner-form", national_number="85073003328", given_name="An")


# --- the start page and the form -----------------------------------------------------------------
def test_start_page_offers_the_four_kinds_and_the_phone_number_in_dutch(client, desk_config):
    page = client.get(reverse("desk:start"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Melden of vragen" in html
    for kind in (Kind.REPORT, Kind.QUESTION, Kind.SUGGESTION, Kind.COMPLAINT):
        assert new_url(kind) in html
    assert "Bel gratis" in html and "1777" in html
    assert reverse("desk:map") in html


def test_report_form_works_without_javascript_and_loads_the_map_picker(client, category):
    html = client.get(new_url()).content.decode()
    assert "Wat is er aan de hand?" in html  # Dutch by default
    assert category.label() in html
    assert 'accept="image/jpeg,image/png,image/heic,image/heif"' in html
    assert '<datalist id="desk-streets">' in html and '<option value="Kerkstraat">' in html
    assert "<details" in html and "Coördinaten" in html
    assert 'class="location-picker"' in html and 'data-lat-input="id_latitude"' in html
    assert "leaflet.js" in html and "location-picker.js" in html
    assert 'name="website"' in html and 'tabindex="-1"' in html and "Laat dit veld leeg" in html
    assert "<script>" not in html and 'style="' not in html  # our CSP allows neither


def test_the_report_form_says_the_public_map_shows_the_place_approximately(client, category):
    html = client.get(new_url()).content.decode()
    hint = html.index("toont de plaats bij benadering, tot op ongeveer 10 meter")
    assert hint < html.index(">Verstuur<")  # said before sending

def test_an_unknown_kind_is_not_found(client, desk_config):
    assert client.get("/meldingen/nieuw/request/").status_code == 404
    assert client.get("/meldingen/nieuw/iets/").status_code == 404


def test_categories_are_those_that_allow_the_kind(client, desk_config):
    html = client.get(new_url(Kind.QUESTION)).content.decode()
    assert "Identiteitskaart, attesten en burgerzaken" in html
    assert "Straatverlichting defect" not in html  # reports only
    assert "leaflet.js" not in html  # no map for a question


def test_category_labels_follow_the_language(client, desk_config):
    client.cookies["django_language"] = "fr"
    html = client.get(new_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Éclairage public en panne" in html


# --- submitting ----------------------------------------------------------------------------------
def test_anonymous_report_with_photo_and_address_is_saved_clean_and_mails_a_tracking_link(
        client, category, eager_celery, django_capture_on_commit_callbacks, media_storage):
    data = report_data(category, email="an@example.be", name="An", photo=upload(jpeg(gps=INSIDE)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(new_url(), data)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:thanks", args=[case.reference])
    assert case.kind == Kind.REPORT and case.channel == Channel.WEB and case.category == category
    assert case.address == "Kerkstraat 12, 9999 Stad Voorbeeld"
    assert case.latitude == pytest.approx(INSIDE[0], abs=1e-5)
    assert case.reporter_email == "an@example.be" and case.resident is None
    assert case.tracking_token_hash

    attachment = Attachment.objects.get(case=case)
    stored = default_storage.open(attachment.file.name).read()
    assert b"SecretCam" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()  # no EXIF at all, GPS included
    assert attachment.gps_latitude == pytest.approx(INSIDE[0], abs=1e-4)  # kept privately

    link_mail = next(m for m in mail.outbox if "/meldingen/volg/" in m.body)
    assert link_mail.to == ["an@example.be"]
    token = re.search(r"/meldingen/volg/([^/\s]+)/", link_mail.body).group(1)
    tracking = client.get(reverse("desk:track", args=[token]))
    assert tracking.status_code == 200 and case.reference in tracking.content.decode()

    thanks = client.get(response["Location"]).content.decode()
    assert case.reference in thanks
    assert "We mailden je een persoonlijke link" in thanks
    assert category.handling_message in thanks


def test_thanks_page_is_only_for_the_submitter(client, category):
    client.post(new_url(), report_data(category))
    case = Case.objects.get()
    assert client.get(reverse("desk:thanks", args=[case.reference])).status_code == 200
    from django.test import Client

    assert Client().get(reverse("desk:thanks", args=[case.reference])).status_code == 404


def test_thanks_page_shows_the_due_date(client, category):
    client.post(new_url(), report_data(category))
    case = Case.objects.get()
    from django.utils import formats, timezone

    html = client.get(reverse("desk:thanks", args=[case.reference])).content.decode()
    assert case.resolution_due is not None
    assert formats.date_format(timezone.localtime(case.resolution_due), "j F Y") in html


def test_coordinates_with_a_decimal_comma_are_accepted(client, category):
    response = client.post(new_url(), report_data(category, address="", latitude="51,0304956",
                                                  longitude="3,4224136"))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.latitude == pytest.approx(51.0304956)
    assert case.address.startswith("Kerkstraat")  # named by reverse geocoding


def test_coordinates_outside_the_city_are_refused_on_the_location_and_nothing_is_saved(client, category):
    typed = "Het hangt er al weken zo bij."
    response = client.post(new_url(), report_data(category, address="", latitude=BRUSSELS[0],
                                                  longitude=BRUSSELS[1], description=typed))
    html = response.content.decode()
    assert response.status_code == 200
    assert "ligt buiten Stad Voorbeeld" in html
    assert 'href="#id_latitude"' in html  # the error summary points at the location
    assert typed in html and 'value="50,8467"' in html  # nothing typed is lost
    assert "<details class=\"desk-coordinates\" open>" in html
    assert Case.objects.count() == 0


def test_an_unknown_address_is_refused_with_what_to_do(client, category):
    response = client.post(new_url(), report_data(category, address="Nergensstraat 5"))
    assert "We vinden dit adres niet" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_report_that_needs_a_place_without_one_is_refused(client, category):
    response = client.post(new_url(), report_data(category, address=""))
    assert "Duid aan waar het is" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_pdf_as_photo_is_refused_and_nothing_is_saved(client, category):
    pdf = upload(b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n", name="lamp.jpg")
    response = client.post(new_url(), report_data(category, photo=pdf))
    html = response.content.decode()
    assert response.status_code == 200
    assert "We kunnen dit bestand niet openen als foto" in html
    assert 'href="#id_photo"' in html
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0


def test_photo_gps_is_the_place_when_none_was_given_and_the_thanks_page_says_so(client, category):
    response = client.post(new_url(), report_data(category, address="", photo=upload(jpeg(gps=INSIDE))))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.latitude == pytest.approx(INSIDE[0], abs=1e-4)
    assert case.address.startswith("Kerkstraat")
    assert "plaats die in je foto stond" in client.get(response["Location"]).content.decode()


def test_photo_gps_outside_the_city_is_not_used(client, category):
    response = client.post(new_url(), report_data(category, address="", photo=upload(jpeg(gps=(50.8467, 4.3525)))))
    assert response.status_code == 200
    assert "Duid aan waar het is" in response.content.decode()
    assert Case.objects.count() == 0


def test_script_in_the_description_is_stored_as_typed_and_never_executed(client, category):
    client.post(new_url(), report_data(category, description="<script>alert(1)</script> lamp"))
    assert Case.objects.get().description == "<script>alert(1)</script> lamp"


def test_a_question_without_a_place_works(client, desk_config):
    category = Category.objects.get(slug="burgerzaken")
    response = client.post(new_url(Kind.QUESTION), {"category": category.pk,
                                                    "description": "Hoe lang is mijn ID-kaart geldig?"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.kind == Kind.QUESTION and case.latitude is None and case.address == ""


def test_a_category_of_another_kind_is_refused(client, category):
    response = client.post(new_url(Kind.QUESTION), {"category": category.pk, "description": "?"})
    assert response.status_code == 200 and "Kies een onderwerp uit de lijst" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_signed_in_resident_reports_without_contact_fields(client, category, resident):
    client.force_login(resident.user)
    page = client.get(new_url()).content.decode()
    assert "We sturen updates naar je berichtenbox" in page
    assert 'name="email"' not in page
    response = client.post(new_url(), report_data(category, email="ignored@example.be"))
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.resident == resident and case.reporter_email == "" and not case.tracking_token_hash
    assert reverse("desk:my_case", args=[case.reference]) in client.get(response["Location"]).content.decode()


# --- spam and floods -----------------------------------------------------------------------------
def test_a_filled_honeypot_looks_like_success_but_saves_nothing(client, category, caplog):
    response = client.post(new_url(), report_data(category, website="http://spam.example"))
    assert response.status_code == 302
    assert Case.objects.count() == 0
    assert "honeypot" in caplog.text
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Bedankt" in thanks.content.decode()


def test_too_many_posts_from_one_address_get_429_and_nothing_is_saved(client, category, settings):
    settings.DESK_SUBMIT_RATE = "2/h"
    for _ in range(2):
        assert client.post(new_url(), report_data(category, description="")).status_code == 200
    response = client.post(new_url(), report_data(category))
    assert response.status_code == 429
    assert "Je bericht is niet verstuurd" in response.content.decode()
    assert response["Retry-After"] == "3600"
    assert Case.objects.count() == 0
    # Another address is not affected.
    assert client.post(new_url(), report_data(category), REMOTE_ADDR="192.0.2.55").status_code == 302


# --- duplicates ----------------------------------------------------------------------------------
@pytest.fixture
def existing_report(category):
    return CaseFactory(category=category, channel=Channel.PHONE, description="Lamp stuk",
                       reporter_name="Geheime Melder", reporter_phone="0470123456",
                       latitude=INSIDE[0] + 0.0002, longitude=INSIDE[1])  # ~22 m away


def test_a_report_near_an_open_one_offers_to_follow_it_instead(client, category, existing_report):
    response = client.post(new_url(), report_data(category, email="buur@example.be"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Is dit al gemeld?" in html
    assert existing_report.reference in html and "22 m" in html
    assert "Geheime Melder" not in html and "0470123456" not in html and "Lamp stuk" not in html
    assert reverse("desk:follow", args=[existing_report.reference]) in html
    assert 'name="confirm_new" value="1"' in html
    assert 'value="buur@example.be"' in html  # carried, and offered for following
    assert "Kies ze dan opnieuw" not in html  # no photo was chosen
    assert Case.objects.count() == 1

    followed = client.post(reverse("desk:follow", args=[existing_report.reference]), {"email": "buur@example.be"})
    assert followed.status_code == 302
    assert Case.objects.count() == 1
    assert Follower.objects.get().email == "buur@example.be"
    confirmation = client.get(followed["Location"])
    assert "Je volgt deze melding" in confirmation.content.decode()


def test_following_anonymously_needs_an_email_address(client, existing_report):
    response = client.post(reverse("desk:follow", args=[existing_report.reference]), {"email": ""})
    assert response.status_code == 200
    assert "Typ je e-mailadres" in response.content.decode()
    assert Follower.objects.count() == 0


def test_a_signed_in_resident_follows_with_one_click(client, existing_report, resident):
    client.force_login(resident.user)
    response = client.post(reverse("desk:follow", args=[existing_report.reference]))
    assert response.status_code == 302
    assert Follower.objects.get().resident == resident


def test_only_open_public_reports_can_be_followed(client, desk_config):
    question = services.open_case(kind=Kind.QUESTION, channel=Channel.WEB, description="Privé vraag",
                                  category=Category.objects.get(slug="burgerzaken"), reporter_email="x@example.be")
    assert client.get(reverse("desk:follow", args=[question.reference])).status_code == 404
    assert client.post(reverse("desk:follow", args=[question.reference]), {"email": "y@example.be"}).status_code == 404
    assert Follower.objects.count() == 0


def test_confirm_new_creates_the_case_after_all(client, category, existing_report):
    data = report_data(category, latitude=f"{INSIDE[0]:.7f}", longitude=f"{INSIDE[1]:.7f}", confirm_new="1")
    response = client.post(new_url(), data)
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_the_resend_form_asks_to_choose_the_photo_again(client, category, existing_report):
    html = client.post(new_url(), report_data(category, photo=upload(jpeg()))).content.decode()
    assert "Is dit al gemeld?" in html
    assert "Kies ze dan opnieuw" in html
    assert Attachment.objects.count() == 0  # no half-saved upload


def test_a_report_far_away_or_in_another_category_is_no_duplicate(client, desk_config, existing_report):
    other = Category.objects.get(slug="sluikstort")
    response = client.post(new_url(), report_data(other))
    assert response.status_code == 302


def test_closed_reports_are_no_duplicates(client, category, existing_report):
    services.change_state(existing_report, "resolved", public_note="Hersteld.")
    assert client.post(new_url(), report_data(category)).status_code == 302


# --- reverse geocoding for the map picker --------------------------------------------------------
def test_reverse_address_names_a_point_in_the_city(client, desk_config):
    response = client.get(reverse("desk:reverse_address"), {"lat": "51,0304956", "lon": "3.4224136"})
    assert response.status_code == 200
    assert response.json()["label"].startswith("Kerkstraat")


def test_reverse_address_outside_the_city_is_404_and_garbage_is_400(client, db):
    url = reverse("desk:reverse_address")
    assert client.get(url, {"lat": "50.8467", "lon": "4.3525"}).status_code == 404
    assert client.get(url, {"lat": "abc", "lon": "4"}).status_code == 400
    assert client.get(url).status_code == 400
    assert client.get(url, {"lat": "91", "lon": "4"}).status_code == 400
