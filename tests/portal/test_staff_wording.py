"""Every staff page speaks about the applicant in the third person, in Dutch, French and English.

The pages are those of the accessibility walk's route table (tests/browser/routes.py), opened with Django's
test client on the walk's own demo data (requests, cases, conversations, news), as each staff role, plus the
states the walk does not reach (a request waiting for the applicant, a delivered and a failed request and
their desk cases). The forbidden phrases are the resident's own labels in the first or second person
("voor mijn minderjarig kind", "we wachten op je antwoord"), taken from the code in each language, and the
raw sign-in values. Texts staff wrote *to* the resident (a reply, a public note, a chat message) are in the
second person by nature: they are quoted (<q>, the message thread) and left out of the check.
"""
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from certificates import services as certificates
from certificates.models import CertificateRequest
from certificates.states import Status
from certificates.types import ForWhom
from desk.models import Case
from desk.states import State
from tests.browser import routes
from tests.browser.test_route_walk import build_demo, make_staff_users

pytestmark = pytest.mark.django_db
LANGUAGES = ("nl", "fr", "en")

# The resident's labels in the first or second person: never on a staff page.
RESIDENT_LABELS = (
    ForWhom.SELF.label, ForWhom.MINOR_CHILD.label, ForWhom.DECEASED_RELATIVE.label, ForWhom.PROXY.label,
    CertificateRequest.Delivery.MAILBOX.label, CertificateRequest.Delivery.PICKUP.label,
    Status.INFO_REQUESTED.label, Status.READY.label, Status.FAILED.label, State.WAITING_RESIDENT.label,
)
# The phrases the issue quotes, and the raw sign-in values.
QUOTED = ("voor mijn minderjarig kind", "je minderjarige kind", "in mijn berichtenbox", "klaar in je berichtenbox",
          "we wachten op je antwoord")
RAW = ("urn:be:fedict:iam", "itsme.services", "urn:be:vlaanderen:authmech")

QUOTES = re.compile(r"<q\b.*?</q>|<ol class=\"conversation\".*?</ol>|<ol class=\"chat[^\"]*\".*?</ol>"
                    r"|<textarea\b.*?</textarea>", re.S)


def forbidden(language: str) -> list[str]:
    with translation.override(language):
        labels = [str(label) for label in RESIDENT_LABELS]
    return sorted({*labels, *(QUOTED if language == "nl" else ()), *RAW})


def staff_text(response) -> str:
    """The page without what staff quote to the resident (see the module's docstring)."""
    return QUOTES.sub("", response.content.decode())


@pytest.fixture
def world(demo_registry):
    users = make_staff_users()
    demo = build_demo(users)
    child = CertificateRequest.objects.get(public_id=demo.child_request)
    # A second request for the child, waiting for the applicant's answer: the queue's other tab.
    waiting = certificates.submit_request(
        requester=child.requester, type_code="main_residence", for_whom="minor_child",
        subject_number=child.subject_number, subject_name=child.subject_name, acr="urn:be:fedict:iam:fas:Level500")
    if waiting.status == Status.AWAITING_APPROVAL:
        certificates.ask_for_information(waiting, actor=users[routes.CIVIL_AFFAIRS], question="Wie is de voogd?")
    return users, demo


def sign_in(client, user) -> None:
    """Both factors given (the sign-in itself is tested in tests/identity)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or \
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def staff_pages(demo) -> list[tuple[str, str]]:
    """(role, url) of every staff page of the route table, and the request and case pages the walk skips."""
    pages = []
    for name, entry in routes.ROUTES.items():
        for visit in entry if isinstance(entry, tuple) else ():
            if isinstance(visit, routes.Visit) and visit.role in routes.STAFF_ROLES and visit.status == 200 \
                    and not name.startswith("admin:"):
                args = visit.args(demo) if visit.args else None
                kwargs = visit.kwargs(demo) if visit.kwargs else None
                url = reverse(name, args=args, kwargs=kwargs) + (f"?{visit.query}" if visit.query else "")
                pages.append((visit.role, url))
    pages.append((routes.CIVIL_AFFAIRS, reverse("certificate_staff:queue") + "?tab=info"))
    for item in CertificateRequest.objects.all():
        pages.append((routes.CIVIL_AFFAIRS, reverse("certificate_staff:detail", args=[item.public_id])))
    for case in Case.objects.exclude(linked_ref=""):
        pages.append((routes.DESK_AGENT, reverse("desk_staff:case", args=[case.reference])))
    return sorted(set(pages))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_staff_page_uses_the_residents_first_or_second_person(client, world, language):
    users, demo = world
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    words = forbidden(language)
    problems, seen = [], 0
    for role, url in staff_pages(demo):
        sign_in(client, users[role])
        response = client.get(url)
        assert response.status_code == 200, f"{role} {url}: {response.status_code}"
        text = staff_text(response)
        problems += [f"{role} {url}: “{word}”" for word in words if word in text]
        seen += 1
    assert seen > 25  # the table's staff pages and the extra ones, not an empty walk
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("language", "expected"), [
    ("nl", ("voor een minderjarig kind", "Aanvrager", "Over wie", "Wacht op de aanvrager", "Mislukte aanmaak")),
    ("fr", ("pour un enfant mineur", "Demandeur", "En attente du demandeur")),
    ("en", ("for a minor child", "Applicant", "Waiting for the applicant")),
])
def test_the_queue_names_applicant_and_subject_in_staff_words(client, world, language, expected):
    users, demo = world
    child = CertificateRequest.objects.get(public_id=demo.child_request)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    sign_in(client, users[routes.CIVIL_AFFAIRS])
    page = client.get(reverse("certificate_staff:queue")).content.decode()
    for text in (*expected, str(child.requester), child.subject_name):
        assert text in page
    assert re.search(r'<a href="[^"]*tab=wachtend"[^>]*aria-current="page"', page)


@pytest.mark.parametrize(("language", "expected"), [
    ("nl", ("eID (hoog)", "in de berichtenbox van de aanvrager", "wacht op beoordeling")),
    ("fr", ("eID (élevé)", "dans la boîte aux lettres du demandeur", "en attente d'évaluation")),
    ("en", ("eID (high)", "in the applicant's mailbox", "waiting for assessment")),
])
def test_a_request_shows_sign_in_delivery_and_status_in_staff_words(client, world, language, expected):
    users, demo = world
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    sign_in(client, users[routes.CIVIL_AFFAIRS])
    page = client.get(reverse("certificate_staff:detail", args=[demo.child_request])).content.decode()
    for text in expected:
        assert text.replace("'", "&#x27;") in page


def test_a_delivered_request_and_its_desk_case_read_in_the_third_person(client, world):
    users, demo = world
    sign_in(client, users[routes.CIVIL_AFFAIRS])
    page = client.get(reverse("certificate_staff:detail", args=[demo.ready_request])).content.decode()
    assert "afgeleverd in de berichtenbox van de aanvrager" in page
    case = Case.objects.get(linked_ref=f"certificate-request:{demo.ready_request}")
    sign_in(client, users[routes.DESK_AGENT])
    page = client.get(reverse("desk_staff:case", args=[case.reference])).content.decode()
    assert "afgeleverd in de berichtenbox van de aanvrager" in page  # the history's update, in staff words
    assert reverse("certificate_staff:detail", args=[demo.ready_request]) in page  # staff's page, not /mijn/
