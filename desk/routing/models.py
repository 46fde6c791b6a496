"""Who handles what, and within which term: departments, categories, routing and the response matrix."""
from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from desk.states import Channel, Kind, Priority


class TranslatedNameMixin:
    """Categories and departments are data: their names carry their own translations."""

    def label(self, language: str | None = None) -> str:
        language = (language or translation.get_language() or "nl")[:2]
        if language == "fr" and self.name_fr:
            return self.name_fr
        if language == "en" and self.name_en:
            return self.name_en
        return self.name


class Department(TranslatedNameMixin, models.Model):
    class Kind(models.TextChoices):
        INTERNAL = "internal", _("dienst van de stad")
        AUTONOMOUS = "autonomous", _("partner (politie, brandweer, parkeerbedrijf, sociaal huis)")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    name_fr = models.CharField(_("naam (Frans)"), max_length=200, blank=True)
    name_en = models.CharField(_("naam (Engels)"), max_length=200, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.INTERNAL)
    email = models.EmailField(_("e-mailadres"), blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="desk_departments",
                                     verbose_name=_("medewerkers"))
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")

    def __str__(self):
        return self.label()


class Category(TranslatedNameMixin, models.Model):
    """What a case is about. Public categories appear on the map and in Open311 (service_code = slug)."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("hoofdcategorie"))
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    name_fr = models.CharField(_("naam (Frans)"), max_length=200, blank=True)
    name_en = models.CharField(_("naam (Engels)"), max_length=200, blank=True)
    description = models.CharField(_("uitleg"), max_length=500, blank=True)
    kinds = models.JSONField(_("soorten"), default=list, help_text=_("Welke soorten (melding, vraag, …) deze "
                                                                     "categorie toelaat; leeg = alle."))
    is_public = models.BooleanField(_("openbaar"), default=False,
                                    help_text=_("Meldingen verschijnen op de openbare kaart en in Open311."))
    location_required = models.BooleanField(_("plaats verplicht"), default=False)
    handling_message = models.TextField(_("wat we doen"), blank=True,
                                        help_text=_("Belofte aan de melder (Open311 service_notice)."))
    keywords = models.CharField(_("trefwoorden"), max_length=300, blank=True)
    group = models.CharField(_("groep (Open311)"), max_length=100, blank=True)
    duplicate_radius_m = models.PositiveIntegerField(_("straal voor dubbele meldingen (m)"), default=50)
    duplicate_days = models.PositiveIntegerField(_("dagen voor dubbele meldingen"), default=30)
    order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")

    def __str__(self):
        return self.label()

    def allows(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


class RoutingRule(models.Model):
    """Sends a new case to a department; the lowest rank that matches wins (empty = any)."""

    rank = models.PositiveIntegerField(_("volgorde"), default=100)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE,
                                 verbose_name=_("categorie"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, blank=True)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices, blank=True)
    district = models.CharField(_("wijk"), max_length=40, blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, verbose_name=_("dienst"))
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["rank", "pk"]
        verbose_name = _("routeringsregel")
        verbose_name_plural = _("routeringsregels")

    def __str__(self):
        return f"#{self.rank} → {self.department}"

    def matches(self, *, category_id, kind, channel, district) -> bool:
        return ((self.category_id is None or self.category_id == category_id)
                and (not self.kind or self.kind == kind)
                and (not self.channel or self.channel == channel)
                and (not self.district or self.district == district))


class ResponseMatrix(models.Model):
    """One version of the response matrix ("antwoordmatrix"). Published versions are never edited:
    a change is a new version, so a case keeps the terms it was given."""

    version = models.PositiveIntegerField(_("versie"), unique=True)
    label = models.CharField(_("omschrijving"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("antwoordmatrix")
        verbose_name_plural = _("antwoordmatrices")

    def __str__(self):
        return f"v{self.version} {self.label}".strip()

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()


class ResponseTerm(models.Model):
    """One row of the matrix: the most specific row that matches a case gives its department and terms."""

    matrix = models.ForeignKey(ResponseMatrix, on_delete=models.CASCADE, related_name="terms")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT,
                                 verbose_name=_("categorie"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, blank=True)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices, blank=True)
    priority = models.CharField(_("prioriteit"), max_length=10, choices=Priority.choices, blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, verbose_name=_("verantwoordelijke dienst"))
    first_response_hours = models.DecimalField(_("eerste antwoord binnen (werkuren)"), max_digits=6,
                                               decimal_places=1)
    resolution_days = models.PositiveIntegerField(_("afhandeling binnen (werkdagen)"))
    calendar_days = models.BooleanField(_("kalenderdagen in plaats van werkdagen"), default=False)

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")

    def __str__(self):
        return f"{self.category or '*'} / {self.kind or '*'} / {self.channel or '*'} / {self.priority or '*'}"

    def specificity(self) -> int:
        return sum(bool(value) for value in (self.category_id, self.kind, self.channel, self.priority))

    def matches(self, *, category_id, kind, channel, priority) -> bool:
        return ((self.category_id is None or self.category_id == category_id)
                and (not self.kind or self.kind == kind)
                and (not self.channel or self.channel == channel)
                and (not self.priority or self.priority == priority))


class ClosingDay(models.Model):
    """A day the city is closed besides the Belgian public holidays (terms skip it)."""

    date = models.DateField(_("datum"), unique=True)
    name = models.CharField(_("omschrijving"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("sluitingsdag")
        verbose_name_plural = _("sluitingsdagen")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"


class CannedAnswer(models.Model):
    """A standard answer agents pick per category and status, in the resident's language."""

    title = models.CharField(_("titel"), max_length=200)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE,
                                 verbose_name=_("categorie"))
    state = models.CharField(_("status"), max_length=30, blank=True,
                             help_text=_("Alleen aanbieden bij dossiers in deze status (leeg: bij elke status)."))
    # Choosing the answer proposes this status in the form (the agent can still pick another one).
    proposed_state = models.CharField(_("stelt deze status voor"), max_length=30, blank=True,
                                      help_text=_("Wie dit antwoord kiest, krijgt deze nieuwe status voorgesteld."))
    body = models.TextField(_("tekst"))
    body_fr = models.TextField(_("tekst (Frans)"), blank=True)
    body_en = models.TextField(_("tekst (Engels)"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("standaardantwoord")
        verbose_name_plural = _("standaardantwoorden")

    def __str__(self):
        return self.title

    def text(self, language: str | None = None) -> str:
        language = (language or "nl")[:2]
        return {"fr": self.body_fr, "en": self.body_en}.get(language) or self.body
