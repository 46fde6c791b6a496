"""The contact desk (desk): cases, conversations and Open311 clients.

Cases and conversations are made through the desk's own services (``open_case``, ``start_conversation``), so
they are routed, get the terms of the response matrix and their first history row, as in production. They need
the desk configuration (the ``desk_config`` fixture) for their categories and departments."""
import factory

from city import geo
from desk.cases import services as cases
from desk.cases.open311.keys import create_api_client
from desk.conversations import services as conversations
from desk.models import ApiClient, Case, Category, Conversation
from desk.states import Channel, Kind


def _place(o) -> tuple[float, float] | tuple[None, None]:
    if not o.located:
        return None, None
    if o.street is None:
        return geo.city_centre()
    found = geo.geocode(f"{o.street} 12")
    return found.lat, found.lon


class CaseFactory(factory.django.DjangoModelFactory):
    """A streetlight report on the website at Kerkstraat 12, opened through ``desk.cases.services.open_case``.

    ``slug="overlast"`` picks another category (``slug=None``: none); the kind is a report when the category
    allows one, else a question. ``street="Stationsstraat"`` places it at number 12 of another street,
    ``street=None`` at the city centre; it has a place when its category needs one, ``with_location=True`` /
    ``without_location=True`` say otherwise. ``question=True``: a question without a category;
    ``anonymous=True``: from someone without an account who left an e-mail address (so it has a tracking token on
    ``case.tracking_token``), with the address written out. Every other
    keyword goes to ``open_case`` (``at=``, ``notify=False``, ``resident=``, ``photos=``, ``reporter_email=``)."""

    class Meta:
        model = Case

    class Params:
        slug = "straatverlichting"
        street = "Kerkstraat"
        located = factory.LazyAttribute(lambda o: bool(o.category and o.category.location_required))
        place = factory.LazyAttribute(_place)
        with_location = factory.Trait(located=True)
        without_location = factory.Trait(located=False)
        question = factory.Trait(kind=Kind.QUESTION, slug=None)
        anonymous = factory.Trait(reporter_email="an@example.be", address="Kerkstraat 12, 9999 Stad Voorbeeld")

    category = factory.LazyAttribute(lambda o: Category.objects.get(slug=o.slug) if o.slug else None)
    kind = factory.LazyAttribute(lambda o: Kind.REPORT if o.category is None or o.category.allows(Kind.REPORT)
                                 else Kind.QUESTION)
    channel = Channel.WEB
    description = "De lamp brandt niet."
    latitude = factory.LazyAttribute(lambda o: o.place[0])
    longitude = factory.LazyAttribute(lambda o: o.place[1])

    @classmethod
    def _create(cls, model_class, **kwargs):
        return cases.open_case(**kwargs)

    @classmethod
    def _build(cls, model_class, **kwargs):
        raise NotImplementedError("A case exists only as desk.cases.services.open_case opens it: use create().")


class QuietCaseFactory(CaseFactory):
    """A case as the back-office tests open them: "De straatlamp is kapot.", at the city centre when its category
    needs a place, and nobody notified (``notify=False``)."""

    class Params:
        street = None

    description = "De straatlamp is kapot."
    notify = False


class ConversationFactory(factory.django.DjangoModelFactory):
    """A live chat conversation started through ``desk.conversations.services.start_conversation``.

    ``whatsapp=True``: a WhatsApp conversation from 32470123456. ``first_message="..."``: the resident's first
    message, received through ``receive_message``. Other keywords go to ``start_conversation`` (``at=``,
    ``name=``, ``resident=``, ...)."""

    class Meta:
        model = Conversation
        skip_postgeneration_save = True

    class Params:
        whatsapp = factory.Trait(channel=Channel.WHATSAPP, external_address="32470123456")

    channel = Channel.CHAT

    @classmethod
    def _create(cls, model_class, **kwargs):
        return conversations.start_conversation(**kwargs)

    @classmethod
    def _build(cls, model_class, **kwargs):
        raise NotImplementedError("A conversation exists only as start_conversation starts it: use create().")

    @factory.post_generation
    def first_message(self, create, extracted, **kwargs):
        if create and extracted:
            conversations.receive_message(self, body=extracted, **kwargs)


class ApiClientFactory(factory.django.DjangoModelFactory):
    """An active Open311 client made by ``create_api_client``; its plain key is on ``.key`` (the only time it
    exists)."""

    class Meta:
        model = ApiClient

    name = "Fixi test"

    @classmethod
    def _create(cls, model_class, **kwargs):
        client, key = create_api_client(**kwargs)
        client.key = key
        return client
