"""A post (news, service or crisis), its translations, its append-only history and its reactions."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.history import AppendOnlyError, AppendOnlyModel

from ..states import (
    LANGUAGES,
    REACTIONS,
    TRANSLATED_LANGUAGES,
    AreaShape,
    CapCategory,
    Certainty,
    Channel,
    Kind,
    MsgType,
    ResponseType,
    Severity,
    Status,
    Urgency,
)

TITLE_MAX = 160
SUMMARY_MAX = 120  # a push notification shows about this much
TRANSLATED_FIELDS = ("title", "summary", "body", "event", "instruction", "area_desc")


class Topic(models.Model):
    """What a post is about (filter on /nieuws/, choice of e-mail followers). Managed in the admin."""

    slug = models.SlugField(unique=True, max_length=50)
    name_nl = models.CharField(_("naam"), max_length=80)
    name_fr = models.CharField(_("naam in het Frans"), max_length=80, blank=True)
    name_en = models.CharField(_("naam in het Engels"), max_length=80, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["position", "name_nl"]
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")

    def __str__(self) -> str:
        return self.name_nl

    def name(self, language: str | None = None) -> str:
        language = (language or get_language() or "nl")[:2]
        return getattr(self, f"name_{language}", "") or self.name_nl


@dataclass
class Content:
    """A post's text in one language, each field falling back to Dutch on its own (``langs`` says which)."""

    language: str  # the language asked for
    title: str = ""
    summary: str = ""
    body: str = ""
    event: str = ""
    instruction: str = ""
    area_desc: str = ""
    langs: dict[str, str] = field(default_factory=dict)

    @property
    def fell_back(self) -> bool:
        """True when the main text (title and body) is Dutch although another language was asked for."""
        return self.langs.get("body") != self.language

    @property
    def text_language(self) -> str:
        return self.langs.get("body", "nl")


class Post(models.Model):
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    slug = models.SlugField(unique=True, max_length=90)
    title = models.CharField(_("titel"), max_length=TITLE_MAX)
    summary = models.CharField(_("samenvatting"), max_length=SUMMARY_MAX)
    body = models.TextField(_("tekst"))
    topics = models.ManyToManyField(Topic, blank=True, related_name="posts", verbose_name=_("onderwerpen"))
    # The channels chosen for this post (one flag each: filterable on every database).
    on_page = models.BooleanField(_("nieuwspagina"), default=True)
    on_atom = models.BooleanField(_("Atom-feed"), default=True)
    on_push = models.BooleanField(_("webpush"), default=True)
    on_email = models.BooleanField(_("e-mail"), default=True)
    on_cap = models.BooleanField(_("CAP-feed"), default=False)
    on_whatsapp = models.BooleanField(_("WhatsApp-kanaal (met de hand)"), default=False)
    reactions_enabled = models.BooleanField(_("reacties met emoji toestaan"), default=True)

    scheduled_at = models.DateTimeField(_("gepland op"), null=True, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("geldig tot"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # a crisis that expired, was updated or cancelled
    corrected_at = models.DateTimeField(null=True, blank=True)  # changed after publication (Atom <updated>)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="news_posts")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="news_posts_approved")
    approved_at = models.DateTimeField(null=True, blank=True)
    fast_lane = models.BooleanField(default=False)  # published at once as a crisis, second check afterwards
    second_check_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="news_posts_checked")
    second_check_at = models.DateTimeField(null=True, blank=True)
    whatsapp_done_at = models.DateTimeField(null=True, blank=True)
    whatsapp_done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="+")

    # --- crisis: what the CAP 1.2 message says (news.cap)
    msg_type = models.CharField(_("soort crisisbericht"), max_length=8, choices=MsgType.choices,
                                default=MsgType.ALERT)
    references = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="followups", verbose_name=_("vervolg op"))
    event = models.CharField(_("soort gebeurtenis"), max_length=100, blank=True)
    instruction = models.TextField(_("wat moet je doen"), blank=True)
    area_desc = models.CharField(_("omschrijving van het gebied"), max_length=200, blank=True)
    cap_category = models.CharField(_("categorie"), max_length=10, choices=CapCategory.choices, blank=True)
    cap_response_type = models.CharField(_("gevraagde reactie"), max_length=10, choices=ResponseType.choices,
                                         blank=True)
    cap_severity = models.CharField(_("ernst"), max_length=10, choices=Severity.choices, blank=True)
    cap_urgency = models.CharField(_("dringendheid"), max_length=10, choices=Urgency.choices, blank=True)
    cap_certainty = models.CharField(_("zekerheid"), max_length=10, choices=Certainty.choices, blank=True)
    area_shape = models.CharField(_("gebied"), max_length=8, choices=AreaShape.choices, default=AreaShape.CITY)
    circle_lat = models.FloatField(_("breedtegraad"), null=True, blank=True)
    circle_lon = models.FloatField(_("lengtegraad"), null=True, blank=True)
    circle_radius_km = models.FloatField(_("straal in km"), null=True, blank=True)
    polygon = models.TextField(_("veelhoek"), blank=True)
    cap_identifier = models.CharField(max_length=200, blank=True)
    cap_sent = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        permissions = [
            ("manage_posts", _("Nieuwsberichten schrijven en plannen")),
            ("approve_posts", _("Nieuwsberichten van anderen goedkeuren")),
            ("publish_crisis", _("Crisisberichten meteen publiceren (tweede controle achteraf)")),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="news_post_status_pub"),
            models.Index(fields=["kind", "status"], name="news_post_kind_status"),
            models.Index(fields=["status", "scheduled_at"], name="news_post_status_sched"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_crisis(self) -> bool:
        return self.kind == Kind.CRISIS

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def second_check_pending(self) -> bool:
        return self.fast_lane and self.second_check_at is None

    @property
    def channels(self) -> list[str]:
        return [channel for channel in Channel.values if getattr(self, f"on_{channel}")]

    def set_channels(self, channels) -> None:
        chosen = set(channels)
        for channel in Channel.values:
            setattr(self, f"on_{channel}", channel in chosen)

    def has_channel(self, channel: str) -> bool:
        return bool(getattr(self, f"on_{channel}", False))

    def is_active_crisis(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.is_crisis and self.is_published and self.msg_type != MsgType.CANCEL and self.ended_at is None
                and (self.expires_at is None or self.expires_at > now))

    def date_for_calendar(self):
        return self.published_at or self.scheduled_at

    def chain_root(self) -> Post:
        post, seen = self, set()
        while post.references_id and post.pk not in seen:
            seen.add(post.pk)
            post = post.references
        return post

    def translation(self, language: str) -> PostTranslation | None:
        if language == "nl" or language not in TRANSLATED_LANGUAGES:
            return None
        cache = getattr(self, "_prefetched_objects_cache", {}).get("translations")
        if cache is not None:
            return next((row for row in cache if row.language == language), None)
        return self.translations.filter(language=language).first()

    def content(self, language: str | None = None) -> Content:
        language = (language or get_language() or "nl")[:2]
        if language not in LANGUAGES:
            language = "nl"
        row = self.translation(language)
        content = Content(language=language)
        # Title, summary and body go together (a translation has all three); the rest falls back per field.
        main_translated = row is not None and row.title and row.body
        for name in TRANSLATED_FIELDS:
            value = getattr(row, name, "") if row is not None else ""
            if name in ("title", "summary", "body"):
                use = main_translated and (value or name == "summary")
            else:
                use = bool(value)
            if use and value:
                setattr(content, name, value)
                content.langs[name] = language
            else:
                setattr(content, name, getattr(self, name))
                content.langs[name] = "nl"
        return content

    def available_languages(self) -> list[str]:
        """Dutch plus every language with a complete translation (title and body)."""
        rows = self.translations.all()
        return ["nl"] + [code for code in TRANSLATED_LANGUAGES
                         if any(row.language == code and row.title and row.body for row in rows)]


class PostTranslation(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=2, choices=[("fr", _("Frans")), ("en", _("Engels"))])
    title = models.CharField(_("titel"), max_length=TITLE_MAX, blank=True)
    summary = models.CharField(_("samenvatting"), max_length=SUMMARY_MAX, blank=True)
    body = models.TextField(_("tekst"), blank=True)
    event = models.CharField(_("soort gebeurtenis"), max_length=100, blank=True)
    instruction = models.TextField(_("wat moet je doen"), blank=True)
    area_desc = models.CharField(_("omschrijving van het gebied"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "language"], name="news_translation_unique")]

    def __str__(self) -> str:
        return f"{self.post_id}:{self.language}"


class PostEventQuerySet(models.QuerySet):
    # update() would bypass save(); delete() stays open: removing a post removes its events.
    def update(self, **kwargs):
        raise AppendOnlyError("PostEvent rows are append-only")


class PostEvent(AppendOnlyModel):
    """Who did what to a post, when. Rows are only ever added (the audit trail of the calendar)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    actor_label = models.CharField(max_length=100, blank=True)  # "systeem" for the beat
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = PostEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.post_id}:{self.action}@{self.at:%Y-%m-%d %H:%M}"


class PostReaction(models.Model):
    """The total of one emoji on one post. No row per person: nobody's reaction can be traced back."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    emoji = models.CharField(max_length=12, choices=[(key, key) for key in REACTIONS])
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "emoji"], name="news_reaction_unique")]

    def __str__(self) -> str:
        return f"{self.post_id}:{self.emoji}={self.count}"


class ChannelDelivery(models.Model):
    """How far the fan-out to one channel got (shown to staff: a failure is visible, not silent)."""

    class State(models.TextChoices):
        PENDING = "pending", _("bezig")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")
        SKIPPED = "skipped", _("niet beschikbaar")
        MANUAL = "manual", _("met de hand")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    detail = models.TextField(blank=True)
    count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "channel"], name="news_delivery_unique")]

    def __str__(self) -> str:
        return f"{self.post_id}:{self.channel}={self.state}"
