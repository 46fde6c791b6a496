"""The demo configuration of the contact desk: departments, categories, the response matrix, routing
rules and standard answers of Stad Voorbeeld. Idempotent; used by the quick start and the tests."""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from desk.routing.models import CannedAnswer, Category, Department, ResponseMatrix, ResponseTerm, RoutingRule
from desk.states import Channel, Kind, Priority

DEPARTMENTS = [
    # code, nl, fr, en, kind, e-mail
    ("contactcenter", "Contactcenter 1777", "Centre de contact 1777", "Contact centre 1777", "internal",
     "1777@stadvoorbeeld.invalid"),
    ("openbare-werken", "Openbare werken", "Travaux publics", "Public works", "internal",
     "openbarewerken@stadvoorbeeld.invalid"),
    ("openbare-verlichting", "Openbare verlichting", "Éclairage public", "Street lighting", "internal",
     "verlichting@stadvoorbeeld.invalid"),
    ("netheid", "Netheid", "Propreté", "Cleanliness", "internal", "netheid@stadvoorbeeld.invalid"),
    ("groen", "Groendienst", "Service des espaces verts", "Parks and green spaces", "internal",
     "groen@stadvoorbeeld.invalid"),
    ("burgerzaken", "Burgerzaken", "Affaires civiles", "Civil affairs", "internal",
     "burgerzaken@stadvoorbeeld.invalid"),
    ("sociaal-huis", "Sociaal Huis", "Maison sociale", "Social welfare", "autonomous",
     "sociaalhuis@stadvoorbeeld.invalid"),
    ("politie", "Politiezone", "Zone de police", "Police zone", "autonomous", "politie@stadvoorbeeld.invalid"),
    ("brandweer", "Brandweerzone", "Zone de secours", "Fire brigade", "autonomous",
     "brandweer@stadvoorbeeld.invalid"),
    ("parkeerbedrijf", "Parkeerbedrijf", "Régie du stationnement", "Parking company", "autonomous",
     "parkeren@stadvoorbeeld.invalid"),
    ("klachtendienst", "Klachtendienst", "Service des plaintes", "Complaints office", "internal",
     "klachten@stadvoorbeeld.invalid"),
]

REPORT = [Kind.REPORT]
# slug, nl, fr, en, kinds, public, location required, group, handling message (nl), department
CATEGORIES = [
    ("straatverlichting", "Straatverlichting defect", "Éclairage public en panne", "Street light out", REPORT,
     True, True, "openbare ruimte", "We herstellen een defecte straatlamp meestal binnen 10 werkdagen.",
     "openbare-verlichting"),
    ("wegdek", "Put of schade in de weg of het fietspad", "Nid-de-poule ou route abîmée",
     "Pothole or damaged road", REPORT, True, True, "openbare ruimte",
     "Gevaarlijke schade maken we binnen 2 werkdagen veilig; herstel volgt zo snel mogelijk.",
     "openbare-werken"),
    ("voetpad", "Voetpad beschadigd", "Trottoir abîmé", "Damaged pavement", REPORT, True, True,
     "openbare ruimte", "We bekijken de schade en plannen het herstel.", "openbare-werken"),
    ("sluikstort", "Sluikstort of zwerfvuil", "Dépôt clandestin ou déchets", "Fly-tipping or litter", REPORT,
     True, True, "netheid", "We ruimen sluikstorten meestal binnen 3 werkdagen op.", "netheid"),
    ("vuilnisbak", "Vuilnisbak vol of kapot", "Poubelle pleine ou cassée", "Litter bin full or broken", REPORT,
     True, True, "netheid", "We ledigen of herstellen de vuilnisbak zo snel mogelijk.", "netheid"),
    ("groen", "Bomen, hagen en plantsoenen", "Arbres, haies et espaces verts", "Trees, hedges and green areas",
     REPORT, True, True, "groen", "De groendienst bekijkt je melding.", "groen"),
    ("verkeersbord", "Verkeersbord of signalisatie", "Panneau de signalisation", "Traffic sign", REPORT, True,
     True, "openbare ruimte", "We herstellen of vervangen het bord.", "openbare-werken"),
    ("parkeren", "Parkeren en parkeerautomaten", "Stationnement et horodateurs", "Parking and parking meters",
     [Kind.REPORT, Kind.QUESTION, Kind.COMPLAINT], False, False, "parkeren",
     "Het parkeerbedrijf behandelt je bericht.", "parkeerbedrijf"),
    ("overlast", "Overlast en veiligheid", "Nuisances et sécurité", "Nuisance and safety",
     [Kind.REPORT, Kind.QUESTION], False, False, "veiligheid",
     "De politie bekijkt je melding. Bij nood: bel 101 of 112.", "politie"),
    ("burgerzaken", "Identiteitskaart, attesten en burgerzaken", "Carte d'identité, certificats et état civil",
     "ID cards, certificates and civil affairs", [Kind.QUESTION, Kind.COMPLAINT, Kind.SUGGESTION], False, False,
     "burgerzaken", "", "burgerzaken"),
    ("sociaal", "Welzijn en sociale hulp", "Bien-être et aide sociale", "Welfare and social support",
     [Kind.QUESTION, Kind.COMPLAINT, Kind.SUGGESTION], False, False, "welzijn", "", "sociaal-huis"),
    ("andere", "Iets anders", "Autre chose", "Something else",
     [Kind.REPORT, Kind.QUESTION, Kind.SUGGESTION, Kind.COMPLAINT], False, False, "", "", "contactcenter"),
]

# Matrix v1: (category or None, kind or "", channel or "", priority or "", department, first hours, days, calendar)
TERMS = [
    (None, "", "", "", "contactcenter", "8", 10, False),                 # the default: 1 working day / 10 days
    (None, Kind.QUESTION, "", "", "contactcenter", "8", 5, False),
    # Live channels: the contact centre answers chat and WhatsApp within 1 working hour.
    (None, Kind.QUESTION, Channel.CHAT, "", "contactcenter", "1", 5, False),
    (None, Kind.QUESTION, Channel.WHATSAPP, "", "contactcenter", "1", 5, False),
    (None, Kind.COMPLAINT, "", "", "klachtendienst", "16", 30, True),    # complaints: 30 calendar days
    (None, Kind.SUGGESTION, "", "", "contactcenter", "16", 20, False),
    ("straatverlichting", "", "", "", "openbare-verlichting", "8", 10, False),
    ("wegdek", "", "", "", "openbare-werken", "4", 10, False),
    ("wegdek", "", "", Priority.URGENT, "openbare-werken", "1", 2, False),
    ("voetpad", "", "", "", "openbare-werken", "8", 15, False),
    ("sluikstort", "", "", "", "netheid", "8", 3, False),
    ("vuilnisbak", "", "", "", "netheid", "8", 3, False),
    ("groen", "", "", "", "groen", "8", 15, False),
    ("verkeersbord", "", "", "", "openbare-werken", "8", 10, False),
    ("parkeren", "", "", "", "parkeerbedrijf", "8", 10, False),
    ("overlast", "", "", "", "politie", "4", 5, False),
    ("burgerzaken", "", "", "", "burgerzaken", "8", 5, False),
    (None, Kind.REQUEST, Channel.PORTAL, "", "burgerzaken", "8", 5, False),
    ("sociaal", "", "", "", "sociaal-huis", "8", 10, False),
]

CANNED = [
    ("Ontvangen — we plannen het herstel", "straatverlichting", "in_progress",
     "We hebben je melding bekeken. Een ploeg van de openbare verlichting komt langs om de lamp te herstellen.",
     "Nous avons examiné votre signalement. Une équipe de l'éclairage public viendra réparer la lampe.",
     "We have looked at your report. A street-lighting team will come and repair the lamp."),
    ("Lamp hersteld", "straatverlichting", "resolved",
     "De straatlamp brandt opnieuw. Bedankt voor je melding.",
     "Le lampadaire fonctionne à nouveau. Merci pour votre signalement.",
     "The street light is working again. Thank you for your report."),
    ("Sluikstort opgeruimd", "sluikstort", "resolved",
     "We hebben het afval opgeruimd. Bedankt om het te melden.",
     "Nous avons enlevé les déchets. Merci de nous l'avoir signalé.",
     "We have cleared the waste. Thank you for reporting it."),
    ("Niet van de stad", "", "closed_unresolved",
     "Dit valt niet onder de stad. We hebben je bericht doorgegeven aan de bevoegde partner.",
     "Ceci ne relève pas de la ville. Nous avons transmis votre message au partenaire compétent.",
     "This is not the city's responsibility. We have passed your message to the responsible partner."),
    ("Meer informatie nodig", "", "waiting_resident",
     "Om je te helpen hebben we wat meer informatie nodig. Kan je ons laten weten waar het precies is?",
     "Pour vous aider, nous avons besoin de plus d'informations. Pouvez-vous nous dire où exactement ?",
     "To help you we need a little more information. Could you tell us exactly where it is?"),
]


@transaction.atomic
def load_desk_configuration() -> None:
    """Create or update the demo departments, categories, matrix v1, routing rules and standard answers."""
    departments = {}
    for code, nl, fr, en, kind, email in DEPARTMENTS:
        departments[code], _ = Department.objects.update_or_create(
            code=code, defaults={"name": nl, "name_fr": fr, "name_en": en, "kind": kind, "email": email})
    categories = {}
    for order, (slug, nl, fr, en, kinds, public, location, group, message, _dept) in enumerate(CATEGORIES):
        categories[slug], _ = Category.objects.update_or_create(
            slug=slug, defaults={"name": nl, "name_fr": fr, "name_en": en, "kinds": [str(k) for k in kinds],
                                 "is_public": public, "location_required": location, "group": group,
                                 "handling_message": message, "order": order})
    matrix, created = ResponseMatrix.objects.get_or_create(
        version=1, defaults={"label": "Antwoordmatrix Stad Voorbeeld", "published_at": timezone.now()})
    if created:
        for slug, kind, channel, priority, dept, hours, days, calendar_days in TERMS:
            ResponseTerm.objects.create(
                matrix=matrix, category=categories[slug] if slug else None, kind=kind, channel=channel,
                priority=priority, department=departments[dept], first_response_hours=Decimal(hours),
                resolution_days=days, calendar_days=calendar_days)
    if not RoutingRule.objects.exists():
        # The matrix names the department per category; routing rules add what the matrix cannot say.
        RoutingRule.objects.create(rank=10, category=categories["overlast"], channel=Channel.PHONE,
                                   department=departments["politie"])
    for title, slug, state, nl, fr, en in CANNED:
        CannedAnswer.objects.update_or_create(
            # The third column is the status an answer leads to: offered in every status, it proposes that one.
            title=title, defaults={"category": categories.get(slug), "state": "", "proposed_state": state,
                                   "body": nl, "body_fr": fr, "body_en": en})
