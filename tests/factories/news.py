"""News (news): posts, made through ``news.services.create_post`` as the editor makes them (a concept), and
e-mail subscribers."""
from datetime import timedelta

import factory
from django.utils import timezone

from news import services
from news.models import Post, Subscriber, Topic
from news.states import AreaShape, CapCategory, Certainty, Channel, Kind, ResponseType, Severity, Urgency

from .identity import StaffUserFactory

# A French translation of the crisis trait's text, for ``translations={"fr": FR_CRISIS}`` (or ``in_french=True``).
FR_CRISIS = {"title": "Fuite de gaz dans la Kerkstraat : restez à l'intérieur",
             "summary": "En raison d'une fuite de gaz, restez à l'intérieur.",
             "body": "Une conduite de gaz a été touchée.", "event": "Fuite de gaz",
             "instruction": "Restez à l'intérieur. Fermez portes et fenêtres.", "area_desc": "Kerkstraat et environs"}

_NOT_FIELDS = ("author", "channels", "topics", "translations")


class PostFactory(factory.django.DjangoModelFactory):
    """A concept news post on the page and in the Atom feed, by a member of communication staff.

    ``crisis=True``: a crisis alert (a gas leak, 500 m around a point, for 6 hours) also in CAP;
    ``in_french=True``: with the French translation FR_CRISIS (for crisis posts). Every other keyword is a
    Post field, as ``create_post`` takes them in ``fields``."""

    class Meta:
        model = Post

    class Params:
        in_french = factory.Trait(translations=factory.LazyFunction(lambda: {"fr": dict(FR_CRISIS)}))
        crisis = factory.Trait(
            kind=Kind.CRISIS,
            title="Gaslek in de Kerkstraat: blijf binnen",
            summary="Door een gaslek vragen we buren binnen te blijven.",
            body="Bij werken is een gasleiding geraakt. De brandweer is ter plaatse.",
            event="Gaslek",
            instruction="Blijf binnen. Sluit ramen en deuren.",
            area_desc="Kerkstraat en omgeving",
            cap_category=CapCategory.SAFETY,
            cap_severity=Severity.SEVERE,
            cap_urgency=Urgency.IMMEDIATE,
            cap_certainty=Certainty.OBSERVED,
            cap_response_type=ResponseType.SHELTER,
            area_shape=AreaShape.CIRCLE,
            circle_lat=51.031,
            circle_lon=3.421,
            circle_radius_km=0.5,
            expires_at=factory.LazyFunction(lambda: timezone.now() + timedelta(hours=6)),
            channels=(Channel.PAGE, Channel.ATOM, Channel.CAP),
        )

    author = factory.SubFactory(StaffUserFactory, role="communication")
    kind = Kind.NEWS
    title = "Werken in de Stationsstraat"
    summary = "De Stationsstraat is drie maanden dicht voor auto's."
    body = "Vanaf maandag vernieuwen we de riolering.\n\nFietsers kunnen door."
    channels = (Channel.PAGE, Channel.ATOM)
    topics = ()
    translations = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        author, channels, topics, translations = (kwargs.pop(name) for name in _NOT_FIELDS)
        return services.create_post(author=author, fields=kwargs, channels=list(channels), topics=list(topics),
                                    translations=translations)

    @classmethod
    def _build(cls, model_class, **kwargs):
        raise NotImplementedError("A post exists only as news.services.create_post makes it: use create().")


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed e-mail subscriber in Dutch, with crisis messages; ``topics=["werken-en-verkeer"]`` (slugs)
    adds topics; ``unconfirmed=True``: never confirmed."""

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    class Params:
        unconfirmed = factory.Trait(confirmed_at=None)

    email = factory.Sequence(lambda n: f"volger{n}@example.be")
    language = "nl"
    crisis = True
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(Topic.objects.filter(slug__in=extracted))
