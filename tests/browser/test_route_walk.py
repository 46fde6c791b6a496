"""The accessibility walk: every page of the project, as every role, in Chromium.

Each page in the route table (tests/browser/routes.py) is opened as its role (one signed-in browser
context per role) and must answer with the expected status, pass axe-core (WCAG 2.1 A and AA) with
zero violations, raise no CSP violation, and reflow without horizontal scrolling at 320 CSS px wide
(WCAG 1.4.10: 1280 px at 400 % zoom) and at 640 CSS px wide (200 % zoom). Pages that only exist in the
middle of a journey (sign-in steps, a form's result) are scanned by the flows below.

All problems are collected and reported together, so one run shows everything; the routes scanned per
role are printed at the end (for the closing note of the issue).
"""
from __future__ import annotations

import io
import re
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from . import routes
from .conftest import AXE, WCAG_TAGS, sign_in_resident, totp_for
from .routes import ROUTES, Demo, Excluded, Visit
from .screenshots import Photographer

PASSWORD = "Een-lang-wachtwoord-2026"
HIGH_ACR = "urn:be:fedict:iam:fas:Level500"
DESKTOP = {"width": 1280, "height": 900}
REFLOW_WIDTHS = {320: "320 px (400 % zoom)", 640: "640 px (200 % zoom)"}
# A pasted link and a long e-mail address: the words that break layouts at 320 px.
LONG_LINK = "https://www.stad-voorbeeld.be/meldingen/openbare-verlichting/straatlamp-defect?bron=bewonersbrief-2026"
LONG_EMAIL = "jan.vandenbroucke-de.smedt@voorbeeldgemeente-vlaanderen.example"

STAFF = {  # role: (username, first name, last name)
    routes.VOLUNTEER: ("mieke", "Mieke", "Wouters"),
    routes.CIVIL_AFFAIRS: ("an.peeters", "An", "Peeters"),
    routes.DESK_AGENT: ("sara.verbeke", "Sara", "Verbeke"),
    routes.DEPARTMENT_STAFF: ("piet.lampens", "Piet", "Lampens"),
    routes.ADMINISTRATOR: ("beheer", "Bert", "Beheerder"),
}

# Which elements stick out past the right edge (innermost only, outside scroll containers), when
# the page scrolls sideways. clientWidth excludes a vertical scrollbar, so a page that fits exactly
# next to it passes and one pixel more fails.
REFLOW_JS = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const limit = root.clientWidth + 1;
  const scrolls = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  // An element sticks out with its box, or with content that overflows it (a long word in a cell).
  const right = el => { const r = el.getBoundingClientRect();
    return getComputedStyle(el).overflowX === 'visible' ? Math.max(r.right, r.left + el.scrollWidth) : r.right; };
  const wide = [...document.body.querySelectorAll('*')].filter(el =>
    el.getBoundingClientRect().width > 0 && right(el) > limit && !scrolls(el));
  const inner = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  const classes = el => typeof el.className === 'string' ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes(el).map(c => '.' + c).join('');
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
          elements: inner.slice(0, 6).map(el => name(el) + ' (to ' + Math.round(right(el)) + ' px)')};
}"""


def axe_violations(page) -> list[dict]:
    """conftest.axe_violations, quicker: axe-core is injected once per document and asked only for
    violations (resultTypes), which matters over a hundred pages."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate("async (tags) => await axe.run(document, "
                           "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


AXE_SOURCE = AXE.read_text()


# --- the table covers every route -----------------------------------------------------------------
def project_routes() -> list[str]:
    """Every URL pattern as "namespace:name" (unnamed ones as "namespace:full pattern")."""
    found = []

    def walk(resolver, namespace, prefix):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    found.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
                else:  # by its namespace and full pattern (Django's admin has a few redirects like this)
                    full = f"{prefix}{pattern.pattern}"
                    found.append(f"{namespace}:{full}" if namespace else full)

    walk(get_resolver(), "", "")
    return sorted(set(found))


def test_route_table_covers_every_route():
    names = project_routes()
    missing = [name for name in names if routes.entry_for(name) is None]
    assert not missing, (
        "These routes are not in the accessibility walk: add each to the route walk "
        "(ROUTES in tests/browser/routes.py: how to visit it, as which role) or exclude it with a reason: "
        + ", ".join(missing))
    stale = [name for name in ROUTES if name not in names]
    assert not stale, f"tests/browser/routes.py names routes that no longer exist: {', '.join(stale)}"
    for name, entry in ROUTES.items():
        if isinstance(entry, Excluded):
            assert entry.reason, f"{name}: an exclusion needs a reason"
            continue
        assert entry, f"{name}: no visit"
        for item in entry:
            if isinstance(item, Visit):
                assert item.role in routes.ROLES, f"{name}: unknown role {item.role}"


# --- demo data --------------------------------------------------------------------------------------
def small_jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 80, 120)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def small_pdf() -> bytes:
    return b"%PDF-1.7\n% Gezinssamenstelling (test)\n%%EOF\n"


def make_staff_users():
    """The desk's demo configuration and cases, and one staff member per role."""
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from desk.demo_cases import load_demo_cases
    from desk.models import Department
    from identity.models import User

    load_demo_cases()  # the desk configuration and forty cases in every state: full inbox, map and reports
    users = {}
    for role, (username, first, last) in STAFF.items():
        user = User.objects.create_user(username=username, password=PASSWORD, is_staff=True, first_name=first,
                                        last_name=last, is_superuser=role == routes.ADMINISTRATOR)
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    Department.objects.get(code="openbare-verlichting").members.add(users[routes.DEPARTMENT_STAFF])
    # Department staff sign in with an app enrolled before: the walk sees the "Code ingeven" step.
    TOTPDevice.objects.create(user=users[routes.DEPARTMENT_STAFF], name="app", confirmed=True)
    return users


def build_demo(users) -> Demo:
    """A resident with requests, a mailbox message with a document and cases; public cases and links."""
    from django.core.files.base import ContentFile

    from certificates import services as certificates
    from certificates.models import IssuedCertificate
    from certificates.states import Status
    from city import geo
    from city.photos import process_photo
    from common.tokens import hash_token as news_hash_token
    from desk.cases import services as desk
    from desk.channels.chat import services as chat
    from desk.conversations import services as conversations
    from desk.feedback.models import Feedback
    from desk.feedback.services import record_feedback
    from desk.models import Category
    from desk.states import Channel, Kind, State
    from identity import services as identity
    from mailbox import services as mailbox
    from news import mailing
    from news.demo import load_news_demo
    from news.models import Subscriber
    from registry import services as registry
    from registry.demo import sign_in_personas

    agent = users[routes.DESK_AGENT]
    member = users[routes.DEPARTMENT_STAFF]
    me = sign_in_personas()[0]
    resident = identity.sign_in_resident(national_number=me["national_number"], given_name=me["given_name"],
                                         family_name=me["family_name"], acr=HIGH_ACR).resident
    demo = Demo()

    # Certificates: one ready (a stand-in PDF with a verification code), one waiting for staff, one failed.
    ready = certificates.submit_request(requester=resident, type_code="household_composition", for_whom="self",
                                        subject_number=me["national_number"], subject_name=me["family_name"],
                                        acr=HIGH_ACR)
    issued = IssuedCertificate(request=ready, verification_code="QRST-VWXY-2345", type_code=ready.type_code,
                               issued_at=timezone.now(), valid_until=timezone.localdate() + timedelta(days=90),
                               sha256="0" * 64)
    issued.pdf.save("walk.pdf", ContentFile(small_pdf()), save=False)
    issued.save()
    certificates.transition(ready, Status.READY)
    demo.ready_request, demo.verification_code = ready.public_id, issued.verification_code
    child = next(r for r in registry.persons_one_may_act_for(me["national_number"]) if r.kind == "parent_of_minor")
    demo.child_request = certificates.submit_request(
        requester=resident, type_code="household_composition", for_whom="minor_child",
        subject_number=child.subject_number, subject_name=child.subject.full_name, acr=HIGH_ACR,
        purpose="Inschrijving school", recipient="Basisschool De Regenboog").public_id
    failed = certificates.submit_request(requester=resident, type_code="main_residence", for_whom="self",
                                         subject_number=me["national_number"], subject_name=me["family_name"],
                                         acr=HIGH_ACR)
    certificates.record_failure(failed.pk, "walk: the seal service did not answer", final=True)

    demo.message = mailbox.deliver_document(
        resident=resident, subject="Je attest is klaar: Gezinssamenstelling",
        body=f"Het attest zit als PDF bij dit bericht.\nMeer uitleg: {LONG_LINK}",
        filename=f"{ready.reference}-gezinssamenstelling-{me['family_name'].lower()}.pdf", content=small_pdf(),
        source_ref="walk:ready").public_id
    mailbox.post_message(resident=resident, subject="Welkom in je berichtenbox", body="Hier komen je berichten.",
                         source_ref="walk:welcome")

    # Desk: the resident's report with a photo (routed, answered), their answered question,
    # an anonymous public report with a published photo (tracking link), an external forward.
    lat, lon = geo.city_centre()
    street = Category.objects.get(slug="straatverlichting")
    report = desk.open_case(kind=Kind.REPORT, channel=Channel.WEB, category=street, resident=resident,
                            description=f"De straatlamp voor het stadhuis brandt al drie avonden niet. Zie {LONG_LINK}",
                            latitude=lat, longitude=lon, address="Grote Markt 1, 9999 Stad Voorbeeld",
                            photos=[process_photo(small_jpeg(), filename="lamp.jpg")], notify=False)
    desk.assign(report, assignee=member, actor=agent, reason="Voor de ploeg van de verlichting")
    desk.add_note(report, actor=agent, text="Intern: de ploeg gaat donderdag langs.")
    desk.reply(report, actor=member, body="Dank je. We herstellen de lamp deze week.")
    desk.change_state(report, State.SCHEDULED, actor=member, public_note="De ploeg komt donderdag langs.")
    demo.resident_case = report.reference

    question = desk.open_case(kind=Kind.QUESTION, channel=Channel.WEB, resident=resident,
                              category=Category.objects.get(slug="parkeren"),
                              description="Hoe vraag ik een bewonerskaart aan voor mijn tweede wagen?", notify=False)
    desk.reply(question, actor=agent, body="Je vraagt een tweede kaart aan via het loket parkeren.")
    desk.change_state(question, State.RESOLVED, actor=agent, public_note="We hebben je vraag beantwoord.")
    demo.resident_question = question.reference
    # Closing the question asked the resident for feedback; another closing already got an unhappy answer.
    demo.feedback_token = Feedback.objects.get(case=question).token
    late = desk.open_case(kind=Kind.QUESTION, channel=Channel.EMAIL, description="Wanneer is het containerpark open?",
                          reporter_email="tevredenheid@example.invalid", notify=False)
    desk.change_state(late, State.RESOLVED, actor=agent, public_note="Op zaterdag van 9 tot 16 uur.")
    used = Feedback.objects.get(case=late)
    record_feedback(used, satisfied=False, reasons=[], text="Het antwoord kwam pas na drie weken.",
                    allows_contact=True)
    demo.feedback_used_token, demo.feedback_case = used.token, late.reference

    # News: recent posts, a scheduled one, an old crisis with its all-clear and an active crisis (its banner
    # is on every page of the walk); an e-mail follower with a confirmation and an unsubscribe link.
    posts = load_news_demo(active_crisis=True)
    demo.news_crisis_slug, demo.news_crisis_pk = posts["storm"].slug, posts["storm"].pk
    demo.news_scheduled_pk = posts["fietsstraten"].pk
    follower = Subscriber.objects.create(
        email="walk@example.invalid", token_hash=news_hash_token("walk-confirm-token"),
        token_expires_at=timezone.now() + timedelta(hours=48),
        pending={"topics": ["algemeen"], "crisis": True, "language": "nl"})
    demo.news_confirm_token = "walk-confirm-token"
    demo.news_unsubscribe_token = mailing.unsubscribe_token(follower)

    # Live chat: the resident's answered conversation (one answer in French, for lang="fr").
    conversation, _message = chat.post_visitor_message(
        conversation=None, body="Wanneer is het containerpark open?", resident=resident, language="nl")
    conversations.answer_conversation(conversation, actor=agent, body="Van dinsdag tot zaterdag, van 9 tot 17 uur.",
                             language="nl")
    conversations.answer_conversation(conversation, actor=agent, body="Nous pouvons aussi répondre en français.",
                             language="fr")
    demo.chat_conversation = conversation.pk

    dumping = desk.open_case(kind=Kind.REPORT, channel=Channel.WEB, category=Category.objects.get(slug="sluikstort"),
                             description="Zakken afval naast de glasbol.", reporter_name="Jan Vandenbroucke",
                             reporter_email=LONG_EMAIL, latitude=lat + 0.002, longitude=lon + 0.003,
                             address="Kerkstraat 12, 9999 Stad Voorbeeld",
                             photos=[process_photo(small_jpeg(), filename="afval.jpg")], notify=False)
    desk.publish_photo(dumping.attachments.get(), actor=agent)
    demo.public_case, demo.tracking_token = dumping.reference, dumping.tracking_token

    asked = desk.open_case(kind=Kind.QUESTION, channel=Channel.EMAIL, description="Mag ik een container plaatsen?",
                           reporter_email="bewoner@example.invalid", notify=False)
    demo.forward_token = desk.forward(asked, actor=agent, question="Kunnen jullie deze vraag beantwoorden?",
                                      to_email="partner@example.invalid").token
    return demo


# --- the walk ---------------------------------------------------------------------------------------
class Walk:
    """Scans pages and keeps every problem and every scanned route (per role)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.failures: list[str] = []
        self.scanned: dict[str, list[str]] = defaultdict(list)
        self.flow_routes: set[str] = set()
        self.pages = 0
        self.timings: list[tuple[float, str]] = []
        self.spent: dict[str, float] = defaultdict(float)  # seconds in axe, in the reflow checks
        self.photographer = Photographer(axe_violations)  # results/screenshots/ of the main pages

    def fail(self, role: str, where: str, problem: str) -> None:
        self.failures.append(f"[{role}] {where}: {problem}")

    def route_of(self, page) -> str:
        path = page.url.removeprefix(self.base_url).split("?")[0].split("#")[0] or "/"
        try:
            match = resolve(path)
        except Exception:  # noqa: BLE001 -- a page of the identity provider, say
            return path
        return match.view_name

    def scan(self, page, role: str, label: str = "", *, from_flow: bool = False) -> None:
        """axe-core at desktop width, CSP, and reflow at 320 and 640 px, for the page as it is now
        (with every <details> opened)."""
        route = self.route_of(page)
        path = page.url.removeprefix(self.base_url)
        where = f"{route} {path}" + (f" ({label})" if label else "")
        self.pages += 1
        self.scanned[role].append(where)
        if from_flow:
            self.flow_routes.add(route)
        for problem in self.photographer.capture(page, role, route, label, DESKTOP):  # before <details> open
            self.fail(role, where, problem)
        began = time.monotonic()
        # What a <details> hides (filters, help texts, coordinates, a case's actions) is checked too: open them
        # all. An exclusive group (<details name>: one open at a time) is ungrouped first, or only one would stay.
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.removeAttribute('name'); "
                      "d.open = true; })")
        try:
            for violation in axe_violations(page):
                self.fail(role, where, f"axe {violation['id']} ({violation['impact']}): {violation['help']} "
                                       f"-> {violation['targets']}")
        except Exception as error:  # noqa: BLE001 -- report it with the others
            self.fail(role, where, f"axe could not run: {error}")
        for message in page.csp_violations:
            self.fail(role, where, f"CSP violation: {message}")
        page.csp_violations.clear()
        self.spent["axe"] += time.monotonic() - began
        began = time.monotonic()
        try:
            for width, what in REFLOW_WIDTHS.items():
                page.set_viewport_size({"width": width, "height": 800})
                overflow = page.evaluate(REFLOW_JS)
                if overflow:
                    self.fail(role, where, f"scrolls sideways at {what}: page {overflow['scrollWidth']} px wide "
                                           f"in {overflow['clientWidth']} px; sticking out: {overflow['elements']}")
        finally:
            page.set_viewport_size(DESKTOP)
            self.spent["reflow"] += time.monotonic() - began

    def visit(self, page, role: str, name: str, visit: Visit, demo: Demo) -> None:
        args = visit.args(demo) if visit.args else None
        kwargs = visit.kwargs(demo) if visit.kwargs else None
        path = reverse(name, args=args, kwargs=kwargs) + (f"?{visit.query}" if visit.query else "")
        where = f"{name} {path}" + (f" ({visit.label})" if visit.label else "")
        began = time.monotonic()
        try:
            self._visit(page, role, where, path, visit)
        finally:
            self.timings.append((time.monotonic() - began, f"[{role}] {where}"))

    def set_language(self, page, code: str) -> None:
        page.context.add_cookies([{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": code,
                                   "url": self.base_url}])

    def _visit(self, page, role: str, where: str, path: str, visit: Visit) -> None:
        page.csp_violations.clear()
        if visit.language:
            self.set_language(page, visit.language)
        try:
            response = page.goto(self.base_url + path)
            if path.startswith("/meldingen/kaart/"):  # the map loads its markers after the page
                page.wait_for_load_state("networkidle", timeout=5000)
        except Exception as error:  # noqa: BLE001
            self.fail(role, where, f"did not load: {error}")
            return
        finally:
            if visit.language:
                self.set_language(page, django_settings.LANGUAGE_CODE)
        if visit.language:
            lang = page.evaluate("() => document.documentElement.lang")
            if lang != visit.language:
                self.fail(role, where, f"<html lang=\"{lang}\">, expected {visit.language}")
        status = response.status if response else None
        if status != visit.status:
            self.fail(role, where, f"HTTP {status}, expected {visit.status}")
        landed = page.url.removeprefix(self.base_url)
        expected = reverse(visit.redirects_to) if visit.redirects_to else path
        if landed.split("#")[0] != expected:
            self.fail(role, where, f"landed on {landed}, expected {expected}")
            return
        self.scan(page, role, visit.label)


def new_page(browser, base_url: str):
    context = browser.new_context(locale="nl-BE", viewport=DESKTOP)
    # Only the portal and the development provider: no map tiles from the internet (the maps work
    # without them), so the walk is quick and the same everywhere.
    context.route(re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])"), lambda route: route.abort())
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and page.csp_violations.append(msg.text))
    page.set_default_timeout(15000)
    return page


# --- flows: pages that exist only in the middle of a journey ----------------------------------------
def sign_in_staff_enrolling(walk: Walk, page, role: str, *, scan: bool) -> None:
    """Password, then the authenticator app enrolled with the shown key; the new backup codes."""
    username = STAFF[role][0]
    page.goto(walk.base_url + "/balie/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/balie/aanmelden/instellen/**")
    if scan:
        walk.scan(page, role, "enrol an authenticator app", from_flow=True)
    secret = page.locator("code.code-display").inner_text()
    page.get_by_label("Code uit de app").fill(totp_for(secret))
    page.get_by_role("button", name="App koppelen").click()
    page.wait_for_load_state()
    if scan:
        walk.scan(page, role, "the new backup codes", from_flow=True)


def sign_in_staff_verifying(walk: Walk, page, role: str, user) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.identity.test_staff_helpers import current_code

    page.goto(walk.base_url + "/balie/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/balie/aanmelden/code/**")
    walk.scan(page, role, "the code from the app", from_flow=True)
    page.get_by_label("Code", exact=True).fill(current_code(TOTPDevice.objects.get(user=user)))
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(walk.base_url + "/balie/")


def flow_register_lookup(walk: Walk, page) -> None:
    from registry.demo import sign_in_personas

    page.goto(walk.base_url + "/balie/register/")
    page.get_by_label("Rijksregisternummer of bisnummer").fill("12345678901")
    page.get_by_role("button", name="Opzoeken").click()
    page.wait_for_load_state()
    walk.scan(page, routes.CIVIL_AFFAIRS, "a wrong number and no reason: the error summary", from_flow=True)
    page.get_by_label("Rijksregisternummer of bisnummer").fill(sign_in_personas()[1]["national_number"])
    page.get_by_label("Reden van de raadpleging").select_option("loket")
    page.get_by_role("button", name="Opzoeken").click()
    page.wait_for_load_state()
    walk.scan(page, routes.CIVIL_AFFAIRS, "the register data found", from_flow=True)


def flow_wizard(walk: Walk, page) -> None:
    from registry.demo import sign_in_personas

    role = routes.RESIDENT
    page.goto(walk.base_url + "/mijn/aanvragen/nieuw/household_composition/")
    page.wait_for_url(re.compile(r".*/nieuw/household_composition/[\w-]+/$"))
    walk.scan(page, role, "wizard, first step", from_flow=True)
    page.get_by_role("button", name="Volgende").click()  # nothing chosen: the error summary
    page.wait_for_load_state()
    walk.scan(page, role, "wizard, step with an error", from_flow=True)
    page.locator(f"input[name$='choice'][value='{sign_in_personas()[0]['national_number']}']").check()
    for _step in range(5):
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()
        walk.scan(page, role, "wizard, next step", from_flow=True)
        if page.get_by_role("button", name="Aanvraag versturen").count():
            break
    # Leave the wizard and come back: "Verder waar je gebleven was?"
    page.goto(walk.base_url + "/mijn/aanvragen/nieuw/household_composition/")
    walk.scan(page, role, "wizard, resume a draft", from_flow=True)


def flow_report(walk: Walk, page) -> None:
    role = routes.ANONYMOUS
    page.goto(walk.base_url + "/meldingen/nieuw/question/")
    page.get_by_role("button", name="Verstuur").click()
    page.wait_for_load_state()
    walk.scan(page, role, "question sent empty: the error summary", from_flow=True)
    radios = page.locator("input[type=radio][name=category]")
    if radios.count():
        radios.first.check()
    page.get_by_label(re.compile("^Wat wil je weten|^Wat is je vraag|^Wat is er aan de hand")).first.fill(
        "Wanneer is het containerpark open op zaterdag?")
    page.get_by_label(re.compile("^E-mailadres")).fill(LONG_EMAIL)
    page.get_by_role("button", name="Verstuur").click()
    page.wait_for_url(re.compile(r".*/meldingen/bedankt/[\w-]+/$"))
    walk.scan(page, role, "thanks, with the reference", from_flow=True)


def flow_errors(walk: Walk, page) -> None:
    page.goto(walk.base_url + "/balie/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill("niemand")
    page.get_by_label("Wachtwoord").fill("geen-wachtwoord")
    page.get_by_role("button", name="Verder").click()
    page.wait_for_load_state()
    walk.scan(page, routes.ANONYMOUS, "a wrong password: the error summary", from_flow=True)
    page.goto(walk.base_url + "/verifieer/")
    page.get_by_label("Verificatiecode", exact=True).fill("ABC")
    page.get_by_role("button", name="Code controleren").click()
    page.wait_for_load_state()
    walk.scan(page, routes.ANONYMOUS, "a code that cannot be one: the error summary", from_flow=True)


def flow_follow(walk: Walk, page, demo: Demo) -> None:
    page.goto(walk.base_url + reverse("desk:follow", args=[demo.public_case]))
    page.get_by_role("button", name="Volg deze melding").click()  # no address yet: the error summary
    page.wait_for_load_state()
    walk.scan(page, routes.ANONYMOUS, "sent without an address: the error summary", from_flow=True)
    page.get_by_label("Je e-mailadres").fill("buur@example.invalid")
    page.get_by_role("button", name="Volg deze melding").click()
    page.wait_for_url(re.compile(r".*/gevolgd/$"))
    walk.scan(page, routes.ANONYMOUS, "following by e-mail", from_flow=True)


@contextmanager
def idle_warning_at_once(settings, prefix: str = "SESSION_IDLE"):
    """Make "Ben je er nog?" show as soon as a page loads (the warning time = the whole timeout)."""
    original = getattr(settings, f"{prefix}_WARNING")
    setattr(settings, f"{prefix}_WARNING", getattr(settings, f"{prefix}_TIMEOUT"))
    try:
        yield
    finally:
        setattr(settings, f"{prefix}_WARNING", original)


def flow_idle_warning(walk: Walk, page, settings) -> None:
    with idle_warning_at_once(settings):
        page.goto(walk.base_url + "/mijn/aanvragen/")
        page.wait_for_selector("#idle-warning:not([hidden])")
        walk.scan(page, routes.RESIDENT, "the idle warning \"Ben je er nog?\"", from_flow=True)


def flow_assisted(walk: Walk, page, demo: Demo, settings) -> None:
    """The volunteer makes this a public computer and starts an assisted session; the resident signs
    in and opens a document (on a public computer a page to open or print it, not a download);
    "Klaar — alles wissen"; the clean start page and the next visitor's home page."""
    base = walk.base_url
    page.goto(base + "/helpen/computer/")
    page.get_by_label("Naam van deze computer").fill("Bibliotheek Centrum, computer 3")
    page.get_by_role("button", name="Deze computer is een publieke computer").click()
    page.wait_for_url(base + "/helpen/computer/")
    walk.scan(page, routes.VOLUNTEER, "public computer enrolled", from_flow=True)
    page.goto(base + "/helpen/")
    walk.scan(page, routes.VOLUNTEER, "on a public computer", from_flow=True)
    page.get_by_label("Een attest aanvragen").check()
    page.get_by_role("button", name="Start een begeleide sessie").click()
    page.wait_for_url(base + "/helpen/begeleid/")
    walk.scan(page, routes.RESIDENT, "assisted: sign in yourself", from_flow=True)
    page.get_by_role("link", name="Aanmelden met eID of itsme").click()
    page.wait_for_url(re.compile(r".*/login/.*"))
    page.locator("input[name=persona][value='0']").check()
    page.locator("input[name=means][value=eid]").check()
    page.get_by_role("button", name=re.compile("^Aanmelden")).click()
    page.wait_for_url(base + "/mijn/")
    walk.scan(page, routes.RESIDENT, "assisted, on a public computer", from_flow=True)
    page.goto(base + reverse("mailbox:message", args=[demo.message]))
    walk.scan(page, routes.RESIDENT, "assisted, on a public computer", from_flow=True)
    page.get_by_role("link", name=re.compile("^Openen of afdrukken")).click()
    page.wait_for_load_state()
    walk.scan(page, routes.RESIDENT, "a document on a public computer: open or print", from_flow=True)
    page.goto(base + "/meldingen/nieuw/report/")
    walk.scan(page, routes.RESIDENT, "assisted, on a public computer", from_flow=True)
    with idle_warning_at_once(settings, "PUBLIC_COMPUTER_IDLE"):
        page.goto(base + "/mijn/")
        page.wait_for_selector("#idle-warning:not([hidden])")
        walk.scan(page, routes.RESIDENT, "the idle countdown on a public computer", from_flow=True)
    page.get_by_role("button", name="Klaar — alles wissen").click()
    page.wait_for_url(base + "/klaar/gedaan/")
    walk.scan(page, routes.ANONYMOUS, "after alles wissen, public computer", from_flow=True)
    page.goto(base + "/")
    walk.scan(page, routes.ANONYMOUS, "the next visitor at a public computer", from_flow=True)


def visits_and_flows() -> tuple[dict[str, list[tuple[str, Visit]]], dict[str, set[str]]]:
    """The route table's visits per role, and the routes each flow must reach."""
    visits: dict[str, list[tuple[str, Visit]]] = defaultdict(list)
    flows: dict[str, set[str]] = defaultdict(set)
    for name, entry in ROUTES.items():
        if isinstance(entry, Excluded):
            continue
        for item in entry:
            if isinstance(item, Visit):
                visits[item.role].append((name, item))
            else:
                flows[item.name].add(name)
    return visits, flows


def print_summary(walk: Walk, *, started: float, prepared: float, finished: float) -> None:
    """What the walk scanned per role, its slowest visits, the excluded routes and the problems."""
    print(f"\n\nRoute walk: {walk.pages} page scans in {finished - prepared:.0f} s "
          f"(demo data {prepared - started:.0f} s; axe {walk.spent['axe']:.0f} s, "
          f"reflow checks {walk.spent['reflow']:.0f} s)")
    for role in routes.ROLES:
        print(f"\n{role} ({len(walk.scanned[role])}):")
        for where in walk.scanned[role]:
            print(f"  {where}")
    print("\nslowest visits: " + "; ".join(f"{what} {seconds:.1f} s" for seconds, what in
                                            sorted(walk.timings, reverse=True)[:8]))
    excluded = sorted(name for name in project_routes() if isinstance(routes.entry_for(name), Excluded))
    admin = [name for name in excluded if name.startswith("admin:")]
    print(f"\nexcluded ({len(excluded)}): {len(admin)} admin internals, "
          + ", ".join(name for name in excluded if name not in admin))
    if walk.failures:
        print(f"\n{len(walk.failures)} problems:")
        for failure in walk.failures:
            print(f"  {failure}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_passes_axe_and_reflows_at_320_px_and_200_percent(browser, portal, devidp, settings, capsys):
    started = time.monotonic()
    settings.CHAT_OPENING_HOURS = "always"  # the chat page shows the live chat, whatever the walk's hour
    devidp.register_post_logout_uri(f"{portal.url}/klaar/gedaan/")
    users = make_staff_users()
    # No issuing jobs for the walk's requests: no worker runs here, and none should find them later.
    with mock.patch("certificates.services._enqueue"):
        demo = build_demo(users)
    walk = Walk(portal.url)
    prepared = time.monotonic()

    visits, flows = visits_and_flows()

    def run(role: str, what: str, step) -> None:
        try:
            step()
        except Exception as error:  # noqa: BLE001 -- report it with the others and walk on
            walk.fail(role, what, f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")

    pages = {role: new_page(browser, portal.url) for role in routes.ROLES}
    try:
        # Sign in once per role; the sign-in pages themselves are scanned along the way.
        run(routes.RESIDENT, "sign-in", lambda: sign_in_resident(pages[routes.RESIDENT], portal.url, 0))
        for role in (routes.CIVIL_AFFAIRS, routes.DESK_AGENT, routes.VOLUNTEER, routes.ADMINISTRATOR):
            run(role, "sign-in", lambda role=role: sign_in_staff_enrolling(
                walk, pages[role], role, scan=role == routes.CIVIL_AFFAIRS))
        run(routes.DEPARTMENT_STAFF, "sign-in", lambda: sign_in_staff_verifying(
            walk, pages[routes.DEPARTMENT_STAFF], routes.DEPARTMENT_STAFF, users[routes.DEPARTMENT_STAFF]))

        for role in routes.ROLES:
            for name, visit in visits[role]:
                walk.visit(pages[role], role, name, visit, demo)

        run(routes.CIVIL_AFFAIRS, routes.FLOW_REGISTER_LOOKUP,
            lambda: flow_register_lookup(walk, pages[routes.CIVIL_AFFAIRS]))
        run(routes.RESIDENT, routes.FLOW_WIZARD, lambda: flow_wizard(walk, pages[routes.RESIDENT]))
        run(routes.RESIDENT, "idle warning", lambda: flow_idle_warning(walk, pages[routes.RESIDENT], settings))
        run(routes.ANONYMOUS, routes.FLOW_REPORT, lambda: flow_report(walk, pages[routes.ANONYMOUS]))
        run(routes.ANONYMOUS, routes.FLOW_ERRORS, lambda: flow_errors(walk, pages[routes.ANONYMOUS]))
        run(routes.ANONYMOUS, routes.FLOW_FOLLOW, lambda: flow_follow(walk, pages[routes.ANONYMOUS], demo))
        run(routes.VOLUNTEER, routes.FLOW_ASSISTED,
            lambda: flow_assisted(walk, pages[routes.VOLUNTEER], demo, settings))
    finally:
        for page in pages.values():
            page.context.close()

    for flow, names in flows.items():
        for name in sorted(names - walk.flow_routes):
            walk.fail("-", name, f"the flow \"{flow}\" did not reach this route")

    for name in walk.photographer.missing():
        walk.fail("-", name, "no screenshot: the walk did not reach this main page (tests/browser/screenshots.py)")

    finished = time.monotonic()
    with capsys.disabled():
        print_summary(walk, started=started, prepared=prepared, finished=finished)
    assert not walk.failures, f"{len(walk.failures)} accessibility problems:\n" + "\n".join(walk.failures)
