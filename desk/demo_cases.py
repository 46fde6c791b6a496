"""Demo cases for the quick start: about forty cases of Stad Voorbeeld across channels, categories and
states (some resolved or closed with a public note, some overdue), on demo streets inside the city.

Deterministic (one seeded random generator; only the references and the moment "now" differ between
runs) and idempotent: nothing is added once the desk holds a case of its own. Reporters are anonymous,
with example.invalid addresses; there are no photos, and nothing is sent (notify=False everywhere).
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from city import geo
from desk.cases import services
from desk.cases.models import Case
from desk.demo import load_desk_configuration
from desk.routing.models import Category, Department, ResponseMatrix
from desk.states import Channel, Kind, Priority, State
from registry.demo import STREETS

SEED = 1777
COUNT = 40

# category slug, kind, descriptions (one is picked per case)
TEMPLATES = [
    ("straatverlichting", Kind.REPORT, [
        "De straatlamp voor het huis brandt al een week niet meer.",
        "Twee lantaarnpalen naast elkaar zijn 's avonds donker. Het is er gevaarlijk voor fietsers.",
        "De lamp knippert de hele nacht aan en uit.",
    ]),
    ("wegdek", Kind.REPORT, [
        "Diepe put in het fietspad, vlak na het kruispunt.",
        "Het asfalt is opengebroken na de vorst. Auto's moeten uitwijken.",
        "Een rioolputdeksel ligt los en klappert als er een auto over rijdt.",
    ]),
    ("voetpad", Kind.REPORT, [
        "Een paar stoeptegels liggen los; mijn buurvrouw is er bijna over gevallen.",
        "Boomwortels duwen het voetpad omhoog. Met een rolstoel kan je er niet door.",
    ]),
    ("sluikstort", Kind.REPORT, [
        "Iemand heeft een matras en zakken met afval naast de glasbol gezet.",
        "Bouwafval gedumpt aan de rand van het veld.",
        "Zwerfvuil en gebroken glas op het speelplein.",
    ]),
    ("vuilnisbak", Kind.REPORT, [
        "De vuilnisbak aan de bushalte zit al dagen overvol.",
        "De vuilnisbak is losgerukt en ligt op de grond.",
    ]),
    ("groen", Kind.REPORT, [
        "Een grote tak hangt half afgebroken boven het voetpad.",
        "De haag groeit zo ver over het fietspad dat je er niet meer naast kan.",
    ]),
    ("verkeersbord", Kind.REPORT, [
        "Het stopbord is omvergereden en ligt in de gracht.",
        "Het bord 'zone 30' is volledig beklad en niet meer leesbaar.",
    ]),
    ("parkeren", Kind.QUESTION, [
        "Hoe vraag ik een bewonerskaart aan voor mijn tweede wagen?",
        "De parkeerautomaat aan het station neemt geen bankkaarten aan.",
    ]),
    ("overlast", Kind.REPORT, [
        "Elke nacht lawaai van bromfietsen die rondjes rijden op het plein.",
        "Er staat al drie weken een auto zonder nummerplaat in onze straat.",
    ]),
    ("burgerzaken", Kind.QUESTION, [
        "Mijn identiteitskaart vervalt volgende maand. Moet ik een afspraak maken?",
        "Hoe lang duurt het om een reispas te krijgen voor mijn dochter?",
        "Kan ik een attest van gezinssamenstelling ook op papier krijgen?",
    ]),
    ("sociaal", Kind.QUESTION, [
        "Ik zoek hulp om mijn energiefactuur te betalen. Bij wie kan ik terecht?",
        "Mijn moeder heeft hulp nodig bij het boodschappen doen. Bestaat daar iets voor?",
    ]),
    ("andere", Kind.SUGGESTION, [
        "Een extra fietsenstalling aan de bibliotheek zou welkom zijn.",
        "Kunnen er meer zitbanken komen in het park?",
    ]),
    ("andere", Kind.COMPLAINT, [
        "Ik heb drie keer gebeld over dezelfde melding en nog steeds geen antwoord gekregen.",
        "Het loket was dicht tijdens de aangekondigde openingsuren.",
    ]),
]

REPORT_CHANNELS = [Channel.WEB, Channel.WEB, Channel.WEB, Channel.APP, Channel.PHONE, Channel.EMAIL]
OTHER_CHANNELS = [Channel.PHONE, Channel.PHONE, Channel.EMAIL, Channel.COUNTER, Channel.LETTER, Channel.WEB]

# How many of every forty cases end in which state (shuffled); old cases still open are overdue.
STATE_PLAN = [
    ("received", 9), ("in_progress", 8), ("scheduled", 3), ("waiting_resident", 2), ("resolved", 12),
    ("closed_unresolved", 3), ("duplicate", 3),
]
MAX_AGE_DAYS = 45

RESOLUTION_NOTES = {
    "straatverlichting": "De straatlamp is hersteld en brandt opnieuw. Bedankt voor je melding.",
    "wegdek": "We hebben de put hersteld. Bedankt om het te melden.",
    "voetpad": "De tegels liggen weer vast.",
    "sluikstort": "We hebben het afval opgeruimd. Bedankt om het te melden.",
    "vuilnisbak": "De vuilnisbak is geledigd en hersteld.",
    "groen": "De groendienst heeft de tak verwijderd en de haag gesnoeid.",
    "verkeersbord": "Het bord staat er weer.",
}
GENERIC_RESOLUTION = "We hebben je bericht beantwoord. Heb je nog een vraag? Bel gerust naar 1777."
UNRESOLVED_NOTE = ("Dit valt niet onder de stad. We hebben je bericht doorgegeven aan de bevoegde partner; "
                   "zij nemen contact met je op.")
WAITING_NOTE = "Om je te helpen hebben we wat meer informatie nodig. Kan je ons laten weten waar het precies is?"
SCHEDULED_NOTE = "Een ploeg komt volgende week langs om het te herstellen."
IN_PROGRESS_NOTE = "We hebben je bericht bekeken en gaan ermee aan de slag."


def _place(rng: random.Random) -> tuple[float, float, str]:
    for _attempt in range(10):
        street = rng.choice(STREETS)
        found = geo.geocode(f"{street} {rng.randint(1, 80)}")
        if found is not None and geo.inside_city(found.lat, found.lon):
            return found.lat, found.lon, found.label
    latitude, longitude = geo.city_centre()
    return latitude, longitude, ""


def _between(rng: random.Random, start: datetime, end: datetime, low: float, high: float) -> datetime:
    return start + (end - start) * rng.uniform(low, high)


def _agent():
    return get_user_model().objects.filter(username="balie").first()


def _link_demo_staff() -> None:
    """The demo department employee (create_demo_staff's "verlichting") works for street lighting."""
    user = get_user_model().objects.filter(username="verlichting").first()
    department = Department.objects.filter(code="openbare-verlichting").first()
    if user is not None and department is not None:
        department.members.add(user)


def _state_plan(rng: random.Random, count: int) -> list[str]:
    plan = [state for state, times in STATE_PLAN for _time in range(times)]
    rng.shuffle(plan)
    return [plan[index % len(plan)] for index in range(count)]


def _matrix_in_force_since(moment: datetime) -> None:
    """The demo city published matrix v1 before its demo cases came in (else they would get no terms)."""
    ResponseMatrix.objects.filter(version=1, published_at__gt=moment).update(published_at=moment)


@transaction.atomic
def load_demo_cases(*, seed: int = SEED, count: int = COUNT, now: datetime | None = None) -> int:
    """Load the desk configuration, then the demo cases if the desk has none; returns the cases made."""
    load_desk_configuration()
    _link_demo_staff()
    if Case.objects.filter(linked_ref="").exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 -- reproducible demo data, not security
    now = now or timezone.now()
    _matrix_in_force_since(now - timedelta(days=MAX_AGE_DAYS + 1))
    plan = _state_plan(rng, count)
    agent = _agent()
    categories = {category.slug: category for category in Category.objects.all()}
    made: list[Case] = []
    for number in range(1, count + 1):
        slug, kind, descriptions = TEMPLATES[(number - 1) % len(TEMPLATES)]
        category = categories[slug]
        age_days = min(MAX_AGE_DAYS - 1, 0.1 + rng.expovariate(1 / 9))  # mostly recent, a few old
        created_at = now - timedelta(days=age_days, minutes=rng.randint(0, 600))
        located = category.location_required
        latitude, longitude, address = _place(rng) if located else (None, None, "")
        channel = rng.choice(REPORT_CHANNELS if kind == Kind.REPORT else OTHER_CHANNELS)
        priority = Priority.URGENT if slug == "wegdek" and rng.random() < 0.3 else Priority.NORMAL
        case = services.open_case(
            kind=kind, channel=channel, description=rng.choice(descriptions), category=category,
            reporter_email=f"melder{number:02d}@example.invalid", latitude=latitude, longitude=longitude,
            address=address, priority=priority, actor=agent if channel in (Channel.PHONE, Channel.COUNTER) else None,
            at=created_at, notify=False)
        _move(case, plan[number - 1], rng=rng, now=now, agent=agent, earlier=made)
        made.append(case)
    return len(made)


def _move(case: Case, state: str, *, rng: random.Random, now: datetime, agent, earlier: list[Case]) -> None:
    start = case.created_at
    first = _between(rng, start, now, 0.05, 0.3)
    later = _between(rng, start, now, 0.4, 0.95)
    if state == "received":
        return
    if state == "duplicate":
        original = next((other for other in reversed(earlier) if other.category_id == case.category_id
                         and other.state not in (State.DUPLICATE, State.CLOSED_UNRESOLVED, State.CANCELLED)
                         and other.created_at < case.created_at), None)
        if original is not None:
            services.change_state(
                case, State.DUPLICATE, actor=agent, at=first, notify=False, duplicate_of=original,
                public_note=f"Dit werd al gemeld. We behandelen het onder {original.reference}; je krijgt daar de "
                            "updates over.")
            services.follow(original, email=case.reporter_email, at=first)
            return
        state = "in_progress"
    if state == "closed_unresolved":
        services.change_state(case, State.CLOSED_UNRESOLVED, actor=agent, public_note=UNRESOLVED_NOTE, at=first,
                              notify=False)
        return
    if state == "waiting_resident":
        services.change_state(case, State.WAITING_RESIDENT, actor=agent, public_note=WAITING_NOTE, at=first,
                              notify=False)
        return
    services.change_state(case, State.IN_PROGRESS, actor=agent, public_note=IN_PROGRESS_NOTE, at=first,
                          notify=False)
    if state == "scheduled":
        services.change_state(case, State.SCHEDULED, actor=agent, public_note=SCHEDULED_NOTE, at=later,
                              notify=False)
    elif state == "resolved":
        note = RESOLUTION_NOTES.get(case.category.slug if case.category_id else "", GENERIC_RESOLUTION)
        services.change_state(case, State.RESOLVED, actor=agent, public_note=note, at=later, notify=False)
