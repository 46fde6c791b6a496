"""Following up a case as a resident: the private tracking link and "Mijn meldingen en vragen"."""
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from city import photos
from desk.cases import services
from desk.models import Case, Follower
from desk.states import Channel, Kind, State
from identity.staff.roles import ensure_roles
from tests.factories.desk import CaseFactory
from tests.factories.identity import ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db

INSIDE = (51.0304956, 3.4224136)


@pytest.fixture
def resident(db):
    return ResidentFactory(national_number="85073003328", user__username="inwoner-an", given_name="An")


@pytest.fixture
def other_resident(db):
    return ResidentFactory(national_number="90020110028", user__username="inwoner-els", given_name="Els")


@pytest.fixture
def agent(db):
    ensure_roles()
    return UserFactory(username="agent-jan", first_name="Jan", last_name="Balie", is_staff=True)


def a_photo():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 10)).save(buffer, format="JPEG")
    return photos.process_photo(buffer.getvalue())


def track_url(case) -> str:
    return reverse("desk:track", args=[case.tracking_token])


def closed(case, agent, *, days_ago: int):
    services.change_state(case, State.RESOLVED, actor=agent, public_note="De lamp brandt opnieuw.",
                          at=timezone.now() - timedelta(days=days_ago))
    case.refresh_from_db()
    return case


# --- the tracking link ---------------------------------------------------------------------------
def test_tracking_page_shows_the_public_history_without_staff_names(client, category, agent):
    case = CaseFactory(anonymous=True, category=category)
    services.reply(case, actor=agent, body="We komen de lamp herstellen.")
    services.add_note(case, actor=agent, text="Interne notitie: ladder nodig")
    response = client.get(track_url(case))
    html = response.content.decode()
    assert response.status_code == 200
    assert case.reference in html and "De lamp brandt niet." in html
    assert "Bericht van de stad" in html and "We komen de lamp herstellen." in html
    assert "Jan" not in html and "Balie" not in html and "agent-jan" not in html
    assert "ladder nodig" not in html  # internal notes are never shown
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_an_unknown_token_gets_a_friendly_404(client, db):
    response = client.get(reverse("desk:track", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "We vinden deze link niet" in response.content.decode()
    assert response["Referrer-Policy"] == "no-referrer"


def test_html_in_the_description_is_escaped_on_the_tracking_page(client, category):
    case = CaseFactory(anonymous=True, category=category, description='<script>alert("x")</script><b>vet</b>')
    html = client.get(track_url(case)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;vet&lt;/b&gt;" in html


def test_reacting_moves_a_case_waiting_for_the_resident_back_to_work(client, category, agent):
    case = CaseFactory(anonymous=True, category=category)
    services.change_state(case, State.WAITING_RESIDENT, actor=agent, public_note="Welke paal is het?")
    response = client.post(track_url(case), {"action": "react", "text": "De paal voor nummer 14."})
    assert response.status_code == 302 and response["Location"] == track_url(case)
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS
    html = client.get(track_url(case)).content.decode()
    assert "Jouw bericht" in html and "De paal voor nummer 14." in html
    assert "Je reactie is verstuurd" in html


def test_an_empty_reaction_is_refused(client, category):
    case = CaseFactory(anonymous=True, category=category)
    response = client.post(track_url(case), {"action": "react", "text": "  "})
    assert response.status_code == 200 and "Typ je reactie" in response.content.decode()
    assert not case.events.filter(kind="message_in").exists()


def test_reopening_within_30_days_works(client, category, agent):
    case = closed(CaseFactory(anonymous=True, category=category), agent, days_ago=29)
    page = client.get(track_url(case)).content.decode()
    assert "Dossier heropenen" in page
    response = client.post(track_url(case), {"action": "reopen", "reason": "Ze brandt nog altijd niet."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.REOPENED and case.reopened_count == 1


def test_reopening_after_31_days_is_refused_with_the_message(client, category, agent):
    case = closed(CaseFactory(anonymous=True, category=category), agent, days_ago=31)
    assert "Dossier heropenen" not in client.get(track_url(case)).content.decode()
    response = client.post(track_url(case), {"action": "reopen", "reason": "Ze brandt nog altijd niet."})
    assert response.status_code == 200
    assert "Dit dossier kan je niet meer heropenen" in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.RESOLVED


# --- "Mijn meldingen en vragen" ------------------------------------------------------------------
def test_my_cases_needs_a_signed_in_resident(client, db, agent):
    assert client.get(reverse("desk:my_cases")).status_code == 302  # to sign in
    client.force_login(agent)
    assert client.get(reverse("desk:my_cases")).status_code == 403


def test_a_resident_sees_own_cases_including_a_certificate_request(client, category, resident, other_resident):
    report = services.open_case(kind=Kind.REPORT, channel=Channel.WEB, description="Lamp stuk", category=category,
                                resident=resident, latitude=INSIDE[0], longitude=INSIDE[1])
    linked = services.open_linked_case(linked_ref="certificate:ABC", resident=resident,
                                       title="Uittreksel uit het bevolkingsregister",
                                       url="/mijn/aanvragen/abc/", status_label="In behandeling bij Burgerzaken")
    others = services.open_case(kind=Kind.QUESTION, channel=Channel.WEB, description="?", resident=other_resident)
    client.force_login(resident.user)
    response = client.get(reverse("desk:my_cases"))
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Mijn meldingen en vragen" in html
    assert report.reference in html and "Straatverlichting defect" in html and "ontvangen" in html
    assert linked.reference in html and "Uittreksel uit het bevolkingsregister" in html
    assert "In behandeling bij Burgerzaken" in html
    assert 'href="/mijn/aanvragen/abc/"' in html and "Bekijk je aanvraag" in html
    assert others.reference not in html


def test_a_resident_cannot_see_another_residents_case_or_photo(client, category, resident, other_resident):
    case = services.open_case(kind=Kind.REPORT, channel=Channel.WEB, description="Lamp stuk", category=category,
                              resident=other_resident, latitude=INSIDE[0], longitude=INSIDE[1], photos=[a_photo()])
    photo = case.attachments.get()
    client.force_login(resident.user)
    assert client.get(reverse("desk:my_case", args=[case.reference])).status_code == 404
    assert client.get(reverse("desk:my_photo", args=[case.reference, photo.pk])).status_code == 404
    assert client.post(reverse("desk:my_case", args=[case.reference]),
                       {"action": "react", "text": "hallo"}).status_code == 404


def test_a_resident_sees_the_own_case_with_photo_history_and_reacts(client, category, resident, agent):
    case = services.open_case(kind=Kind.REPORT, channel=Channel.WEB, description="Lamp stuk", category=category,
                              resident=resident, latitude=INSIDE[0], longitude=INSIDE[1], photos=[a_photo()])
    services.change_state(case, State.WAITING_RESIDENT, actor=agent, public_note="Welke paal?")
    photo = case.attachments.get()
    client.force_login(resident.user)
    html = client.get(reverse("desk:my_case", args=[case.reference])).content.decode()
    photo_url = reverse("desk:my_photo", args=[case.reference, photo.pk])
    assert photo_url in html and "Welke paal?" in html and "we wachten op je antwoord" in html
    served = client.get(photo_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert "no-store" in served["Cache-Control"]
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"

    response = client.post(reverse("desk:my_case", args=[case.reference]), {"action": "react", "text": "Nummer 14"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS


def test_a_followed_case_shows_status_but_not_the_reporters_text_or_photos(client, category, resident, agent):
    case = CaseFactory(anonymous=True, category=category, description="Privé: mijn buurman Jef", photos=[a_photo()])
    services.follow(case, resident=resident)
    services.reply(case, actor=agent, body="Beste melder, bedankt")
    client.force_login(resident.user)
    assert case.reference in client.get(reverse("desk:my_cases")).content.decode()
    response = client.get(reverse("desk:my_case", args=[case.reference]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Je volgt deze melding" in html and "in behandeling" in html  # the answer started the handling
    assert "mijn buurman Jef" not in html and "Beste melder" not in html
    assert "Reactie versturen" not in html
    photo = case.attachments.get()
    assert client.get(reverse("desk:my_photo", args=[case.reference, photo.pk])).status_code == 404
    assert Follower.objects.filter(case=case, resident=resident).exists()


def test_reopen_from_my_cases_within_the_term(client, category, resident, agent):
    case = services.open_case(kind=Kind.QUESTION, channel=Channel.WEB, description="Vraag", resident=resident)
    closed(case, agent, days_ago=2)
    client.force_login(resident.user)
    response = client.post(reverse("desk:my_case", args=[case.reference]),
                           {"action": "reopen", "reason": "Mijn vraag is niet beantwoord."})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == State.REOPENED
