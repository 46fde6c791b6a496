"""Demo posts for the quick start and the browser tests: a few weeks of news, a service post, a scheduled
post, a concept, and a crisis that is over (with its all-clear). ``active_crisis=True`` adds a crisis
that is going on now (the banner on every page)."""
from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from news.topics import DEFAULT_TOPICS

from . import cap
from .models import Post, PostEvent, PostReaction, PostTranslation, Topic
from .selectors import forget_banner
from .states import (
    Action,
    AreaShape,
    CapCategory,
    Certainty,
    Kind,
    MsgType,
    ResponseType,
    Severity,
    Status,
    Urgency,
)

AUTHORS = ("communicatie", "beheerder")
APPROVERS = ("communicatie2", "beheerder")

NEWS = [
    # slug, kind, days from now, topic, title, summary, body, translations
    ("werken-stationsstraat", Kind.NEWS, -20, "werken-en-verkeer",
     "Werken in de Stationsstraat vanaf 2 maart",
     "De Stationsstraat krijgt nieuwe riolering. Auto's kunnen er drie maanden niet door.",
     "Vanaf 2 maart vernieuwen we de riolering in de Stationsstraat.\n\nAuto's volgen een omleiding via de "
     "Molenlaan. Fietsers en voetgangers kunnen altijd door. De werken duren ongeveer drie maanden.",
     {"fr": ("Travaux dans la Stationsstraat à partir du 2 mars",
             "La Stationsstraat reçoit de nouveaux égouts. Les voitures ne peuvent pas passer pendant trois mois.",
             "À partir du 2 mars, nous renouvelons les égouts de la Stationsstraat.\n\nLes voitures suivent une "
             "déviation par la Molenlaan. Les cyclistes et les piétons peuvent toujours passer."),
      "en": ("Roadworks in Stationsstraat from 2 March",
             "Stationsstraat gets new sewers. Cars cannot pass for three months.",
             "From 2 March we are renewing the sewers in Stationsstraat.\n\nCars follow a diversion via "
             "Molenlaan. Cyclists and pedestrians can always pass.")}),
    ("gratis-compostvaten", Kind.NEWS, -13, "afval-en-milieu",
     "Gratis compostvat voor elk gezin",
     "Haal tot eind april gratis een compostvat op bij het containerpark.",
     "Wil je je groenafval zelf verwerken? Elk gezin kan tot eind april gratis een compostvat ophalen bij "
     "het containerpark. Breng je identiteitskaart mee.", {}),
    ("zomerfeest-stadspark", Kind.NEWS, -6, "vrije-tijd",
     "Zomerfeest in het stadspark op 21 juni",
     "Muziek, spelletjes en eten voor jong en oud. De toegang is gratis.",
     "Op 21 juni vieren we de zomer in het stadspark, van 14 tot 22 uur.\n\nEr is muziek, er zijn spelletjes "
     "voor kinderen en eetkraampjes van verenigingen uit de stad.",
     {"en": ("Summer party in the city park on 21 June", "Music, games and food for all ages. Entry is free.",
             "On 21 June we celebrate summer in the city park, from 2 pm to 10 pm.")}),
    ("loket-burgerzaken-gesloten", Kind.SERVICE, -2, "dienstverlening",
     "Loket burgerzaken maandag gesloten",
     "Door een computerupdate is het loket burgerzaken maandag de hele dag dicht.",
     "Maandag werken we aan de computers van burgerzaken. Het loket is die dag gesloten.\n\nVeel attesten "
     "vraag je ook online aan via het Thuisloket.",
     {"fr": ("Guichet de la population fermé lundi",
             "En raison d'une mise à jour, le guichet de la population est fermé toute la journée de lundi.",
             "Lundi, nous mettons à jour les ordinateurs du service population. Le guichet est fermé ce jour-là.")}),
]


def _user(names):
    User = get_user_model()
    for name in names:
        user = User.objects.filter(username=name).first()
        if user is not None:
            return user
    user, _created = User.objects.get_or_create(username="redactie", defaults={"first_name": "Redactie",
                                                                               "is_active": False})
    return user


def _post(slug, *, author, approver, status, kind, title, summary, body, published_at=None, scheduled_at=None,
          topic=None, translations=None, **fields) -> Post:
    post, created = Post.objects.get_or_create(slug=slug, defaults={
        "author": author, "approver": approver, "approved_at": (published_at or scheduled_at) if approver else None,
        "status": status, "kind": kind, "title": title, "summary": summary, "body": body,
        "published_at": published_at, "scheduled_at": scheduled_at,
        "created_at": (published_at or scheduled_at or timezone.now()) - timedelta(days=1),
        "reactions_enabled": kind != Kind.CRISIS, **fields})
    if not created:
        return post
    if topic:
        post.topics.set(Topic.objects.filter(slug=topic))
    for language, (t_title, t_summary, t_body) in (translations or {}).items():
        PostTranslation.objects.create(post=post, language=language, title=t_title, summary=t_summary, body=t_body)
    PostEvent.objects.create(post=post, action=Action.CREATED, actor=author, at=post.created_at, to_status="draft")
    if status == Status.PUBLISHED:
        PostEvent.objects.create(post=post, action=Action.PUBLISHED, actor=approver or author, at=published_at,
                                 from_status="approved", to_status=status)
    elif status == Status.SCHEDULED:
        PostEvent.objects.create(post=post, action=Action.SCHEDULED, actor=approver or author, at=timezone.now(),
                                 from_status="approved", to_status=status)
    return post


def _crisis(slug, *, author, approver, published_at, expires_at, title, summary, body, instruction, msg_type,
            references=None, ended_at=None, fr=None) -> Post:
    fields = {"event": "Gaslek", "instruction": instruction, "area_desc": "Kerkstraat en omgeving",
              "cap_category": CapCategory.SAFETY, "cap_severity": Severity.SEVERE if msg_type != MsgType.CANCEL
              else Severity.MINOR, "cap_urgency": Urgency.IMMEDIATE if msg_type != MsgType.CANCEL else Urgency.PAST,
              "cap_certainty": Certainty.OBSERVED,
              "cap_response_type": ResponseType.SHELTER if msg_type != MsgType.CANCEL else ResponseType.ALL_CLEAR,
              "area_shape": AreaShape.CIRCLE, "circle_lat": 51.031, "circle_lon": 3.421, "circle_radius_km": 0.5,
              "on_cap": True, "msg_type": msg_type, "references": references, "expires_at": expires_at,
              "ended_at": ended_at}
    post = _post(slug, author=author, approver=approver, status=Status.PUBLISHED, kind=Kind.CRISIS, title=title,
                 summary=summary, body=body, published_at=published_at, **fields)
    if not post.cap_identifier:
        Post.objects.filter(pk=post.pk).update(cap_identifier=cap.identifier_for(post), cap_sent=published_at)
        post.refresh_from_db()
        if fr:
            PostTranslation.objects.get_or_create(post=post, language="fr", defaults=fr)
    return post


@transaction.atomic
def _ensure_default_topics() -> None:
    """The migration's topics (a flushed test database has lost them)."""
    for position, (slug, nl, fr, en) in enumerate(DEFAULT_TOPICS):
        Topic.objects.get_or_create(slug=slug, defaults={"name_nl": nl, "name_fr": fr, "name_en": en,
                                                         "position": position})


def load_news_demo(*, active_crisis: bool = False) -> dict[str, Post]:
    now = timezone.now().replace(second=0, microsecond=0)
    _ensure_default_topics()
    author, approver = _user(AUTHORS), _user(APPROVERS)
    approver = approver if approver.pk != author.pk else None
    posts = {}
    for slug, kind, days, topic, title, summary, body, translations in NEWS:
        at = now + timedelta(days=days)
        posts[slug] = _post(slug, author=author, approver=approver, status=Status.PUBLISHED, kind=kind, title=title,
                            summary=summary, body=body, published_at=at.replace(hour=10, minute=0), topic=topic,
                            translations=translations)
    for key, count in (("thumbs_up", 14), ("heart", 5), ("surprised", 1)):
        PostReaction.objects.get_or_create(post=posts["zomerfeest-stadspark"], emoji=key, defaults={"count": count})
    posts["fietsstraten"] = _post(
        "fietsstraten-centrum", author=author, approver=approver, status=Status.SCHEDULED, kind=Kind.NEWS,
        title="Nieuwe fietsstraten in het centrum",
        summary="Vier straten in het centrum worden fietsstraat: auto's rijden er achter de fietsers.",
        body="Vanaf volgende maand zijn de Kerkstraat, de Molenlaan, de Schoolstraat en de Nieuwstraat "
             "fietsstraten. Auto's mogen er rijden, maar niet sneller dan 30 km per uur en nooit voorbij fietsers.",
        scheduled_at=(now + timedelta(days=7)).replace(hour=9, minute=0), topic="werken-en-verkeer")
    posts["concept"] = _post(
        "bewonersbevraging-resultaten", author=author, approver=None, status=Status.DRAFT, kind=Kind.NEWS,
        title="Resultaten van de bewonersbevraging", summary="Wat vinden inwoners van hun buurt? De resultaten.",
        body="Concept: tekst volgt na de gemeenteraad.")
    started = (now - timedelta(days=9)).replace(hour=15, minute=5)
    posts["gaslek"] = _crisis(
        "gaslek-kerkstraat", author=author, approver=None, published_at=started,
        expires_at=started + timedelta(hours=6), ended_at=started + timedelta(hours=3),
        title="Gaslek in de Kerkstraat: blijf binnen",
        summary="Door een gaslek in de Kerkstraat vragen we buren binnen te blijven.",
        body="Bij werken in de Kerkstraat is een gasleiding geraakt. De brandweer is ter plaatse.",
        instruction="Blijf binnen. Sluit ramen en deuren. Zet ventilatie uit.", msg_type=MsgType.ALERT,
        fr={"title": "Fuite de gaz dans la Kerkstraat : restez à l'intérieur",
            "summary": "En raison d'une fuite de gaz dans la Kerkstraat, nous demandons aux voisins de rester "
                       "à l'intérieur.",
            "body": "Une conduite de gaz a été touchée lors de travaux dans la Kerkstraat.",
            "event": "Fuite de gaz", "instruction": "Restez à l'intérieur. Fermez portes et fenêtres.",
            "area_desc": "Kerkstraat et environs"})
    posts["gaslek-voorbij"] = _crisis(
        "gaslek-kerkstraat-voorbij", author=author, approver=None, published_at=started + timedelta(hours=3),
        expires_at=started + timedelta(hours=9), title="Voorbij: gaslek in de Kerkstraat",
        summary="Het gaslek is gedicht. Je mag weer naar buiten en ramen openzetten.",
        body="De netbeheerder heeft het lek gedicht. Het gevaar is voorbij.", instruction="",
        msg_type=MsgType.CANCEL, references=posts["gaslek"])
    if active_crisis:
        posts["storm"] = _crisis(
            "zware-storm-vandaag", author=author, approver=None, published_at=now - timedelta(minutes=20),
            expires_at=now + timedelta(hours=6), title="Zware storm: blijf zo veel mogelijk binnen",
            summary="Vandaag tot 22 uur waait het heel hard. Blijf binnen en zet losse spullen vast.",
            body="Het KMI geeft code oranje voor de hele stad. Er kunnen takken en dakpannen vallen.",
            instruction="Blijf binnen. Zet tuinmeubels en vuilnisbakken vast. Vermijd parken en bossen.",
            msg_type=MsgType.ALERT)
        Post.objects.filter(pk=posts["storm"].pk).update(event="Zware storm", area_desc="De hele stad",
                                                         area_shape=AreaShape.CITY, circle_lat=None, circle_lon=None,
                                                         circle_radius_km=None, cap_category=CapCategory.MET,
                                                         fast_lane=True)
    transaction.on_commit(forget_banner)
    return posts
