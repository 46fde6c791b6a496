"""The content calendar under /balie/nieuws/ (identity.middleware already demands a verified second factor).

Every view asks ``news.manage_posts`` (the communication role and administrators). Actions are POST forms
on the post's page: on success back to the post (PRG) with a message; a services.PostError shows on the
page (status 400), never a 500.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import cap, selectors, services
from ..forms import NoteForm, PostForm, ScheduleForm, TranslationForm, initial_for, initial_for_new, show_post_error
from ..models import ChannelDelivery, Post
from ..services.post_events import person
from ..services.post_rules import PostError
from ..services.publishing import push_available
from ..states import TRANSLATED_LANGUAGES, Action, Channel, Kind, MsgType, Status

MANAGE = "news.manage_posts"
WEEKS_SHOWN = 8
WEEKS_BEFORE = 2


def news_staff_page(view):
    return never_cache(login_required(permission_required(MANAGE, raise_exception=True)(view),
                                      login_url="staff:login"))


def _post_or_404(pk: int) -> Post:
    try:
        return Post.objects.select_related("author", "approver", "second_check_by", "references").get(pk=pk)
    except Post.DoesNotExist:
        raise Http404("No such post") from None


# ------------------------------------------------------------------------------------------------ calendar


@news_staff_page
@require_GET
def calendar(request):
    now = timezone.now()
    first = selectors.parse_week(request.GET.get("week"))
    if first is None:
        first = selectors.week_of(now - timedelta(weeks=WEEKS_BEFORE))
    start = selectors.week_start(*first)
    weeks = selectors.calendar(first, WEEKS_SHOWN, now=now)
    earlier = selectors.week_of(start - timedelta(weeks=WEEKS_SHOWN) + timedelta(hours=12))
    later = selectors.week_of(start + timedelta(weeks=WEEKS_SHOWN, hours=12))
    return render(request, "news/staff/calendar.html", {
        "weeks": weeks,
        "earlier": f"{earlier[0]}-W{earlier[1]:02d}",
        "later": f"{later[0]}-W{later[1]:02d}",
        "in_review": list(selectors.posts_in_status(Status.IN_REVIEW)),
        "second_checks": list(selectors.pending_second_checks()),
        "whatsapp": list(selectors.whatsapp_to_do()),
        "undated": list(selectors.undated_posts()),
        "active_crises": list(selectors.active_crisis_posts(now)),
        "limit": settings.NEWS_WEEKLY_LIMIT,
        "now": now,
    })


# ------------------------------------------------------------------------------------------------ writing


def _translation_forms(data, *, crisis: bool, post: Post | None = None) -> dict[str, TranslationForm]:
    forms = {}
    for language in TRANSLATED_LANGUAGES:
        initial = {}
        if post is not None:
            row = post.translation(language)
            if row is not None:
                initial = {name: getattr(row, name) for name in ("title", "summary", "body", "event",
                                                                  "instruction", "area_desc")}
        forms[language] = TranslationForm(data, prefix=language, crisis=crisis, initial=initial)
    return forms


def _render_form(request, form, translations, *, post: Post | None, crisis: bool, status: int = 200):
    return render(request, "news/staff/post_form.html", {
        "form": form, "translations": translations, "post": post, "crisis": crisis,
        "fr_form": translations["fr"], "en_form": translations["en"],
    }, status=status)


def _save(request, *, post: Post | None, crisis: bool):
    data = request.POST if request.method == "POST" else None
    initial = initial_for(post) if post is not None else initial_for_new(Kind.CRISIS if crisis else Kind.NEWS)
    form = PostForm(data, crisis=crisis, initial=initial)
    translations = _translation_forms(data, crisis=crisis, post=post)
    if request.method != "POST":
        return _render_form(request, form, translations, post=post, crisis=crisis)
    if form.is_valid() and all(item.is_valid() for item in translations.values()):
        values = {language: item.cleaned_data for language, item in translations.items()}
        try:
            if post is None:
                post = services.create_post(author=request.user, fields=form.post_fields(),
                                            channels=form.cleaned_data["channels"],
                                            topics=list(form.cleaned_data["topics"]), translations=values)
                messages.success(request, _("Het bericht is bewaard als concept."))
            else:
                before = post.status
                post = services.update_post(post=post, editor=request.user, fields=form.post_fields(),
                                            channels=form.cleaned_data["channels"],
                                            topics=list(form.cleaned_data["topics"]), translations=values)
                if before != post.status:
                    messages.warning(request, _("Het bericht is gewijzigd na goedkeuring en is terug een concept. "
                                                "Laat het opnieuw nakijken."))
                else:
                    messages.success(request, _("De wijzigingen zijn bewaard."))
        except PostError as error:
            if error.field and "-" in error.field:
                language, name = error.field.split("-", 1)
                translations[language].add_error(name if name in translations[language].fields else None,
                                                 error.message)
            else:
                show_post_error(form, error)
        else:
            return redirect("news_staff:post", pk=post.pk)
    return _render_form(request, form, translations, post=post, crisis=crisis, status=400)


@news_staff_page
@require_http_methods(["GET", "POST"])
def new_post(request):
    return _save(request, post=None, crisis=request.GET.get("soort") == Kind.CRISIS)


@news_staff_page
@require_http_methods(["GET", "POST"])
def edit_post(request, pk: int):
    post = _post_or_404(pk)
    if post.status == Status.WITHDRAWN or (post.status == Status.PUBLISHED and post.is_crisis):
        messages.info(request, _("Dit bericht kan je niet meer bewerken."))
        return redirect("news_staff:post", pk=post.pk)
    return _save(request, post=post, crisis=post.is_crisis)


# ------------------------------------------------------------------------------------------------ a post


def _history(post: Post) -> list[dict]:
    labels = dict(Action.choices)
    statuses = dict(Status.choices)
    return [{"event": event, "label": labels.get(event.action, event.action),
             "who": person(event.actor) if event.actor_id else (event.actor_label or _("systeem")),
             "to": statuses.get(event.to_status, "")}
            for event in post.events.select_related("actor")]


def _push_stats(post: Post) -> dict | None:
    if not push_available():
        return None
    try:
        from news.push.selectors import broadcast_stats  # optional: news.push may not be installed
    except ImportError:
        return None
    return broadcast_stats(post.pk)


def _render_post(request, post: Post, *, bound: dict | None = None, status: int = 200):
    user = request.user
    bound = bound or {}
    cap_errors = cap.problems(post) if post.is_crisis and post.on_cap else []
    deliveries = {row.channel: row for row in ChannelDelivery.objects.filter(post=post)}
    week_warning = ""
    moment = post.published_at or post.scheduled_at
    if post.kind == Kind.NEWS and moment:
        week_warning = services.weekly_warning(moment)
    context = {
        "post": post,
        "nl": post.content("nl"),
        "translated": {language: post.translation(language) for language in TRANSLATED_LANGUAGES},
        "history": _history(post),
        "topics": list(post.topics.all()),
        "channel_labels": dict(Channel.choices),
        "deliveries": [(Channel(channel).label, deliveries.get(channel)) for channel in post.channels],
        "failed_channels": [channel for channel, row in deliveries.items()
                            if row.state in (ChannelDelivery.State.FAILED, ChannelDelivery.State.SKIPPED)
                            and channel in (Channel.EMAIL, Channel.PUSH)],
        "email_batches": list(post.email_batches.all()) if post.on_email else [],
        "push": _push_stats(post) if post.on_push and post.status == Status.PUBLISHED else None,
        "cap_errors": cap_errors,
        "week_warning": week_warning,
        "schedule_form": bound.get("schedule_form") or ScheduleForm(initial={
            "scheduled_at": timezone.localtime(post.scheduled_at) if post.scheduled_at else None}),
        "check_form": bound.get("check_form") or NoteForm(prefix="check"),
        "back_form": bound.get("back_form") or NoteForm(prefix="back"),
        "withdraw_form": bound.get("withdraw_form") or NoteForm(prefix="withdraw"),
        "action_error": bound.get("action_error", ""),
        "can_edit": post.status in (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED)
        or (post.status == Status.PUBLISHED and not post.is_crisis),
        "can_approve": (post.status == Status.IN_REVIEW and user.has_perm("news.approve_posts")
                        and user.pk != post.author_id),
        "own_post": user.pk == post.author_id,
        "can_publish_crisis": (post.is_crisis and user.has_perm("news.publish_crisis")
                               and post.status in (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED,
                                                   Status.SCHEDULED)),
        "can_second_check": (post.second_check_pending and user.pk != post.author_id
                             and user.has_perm("news.approve_posts")),
        "can_follow_up": (post.is_crisis and post.status == Status.PUBLISHED and post.msg_type != MsgType.CANCEL
                          and post.ended_at is None),
        "whatsapp_text": _whatsapp_text(post) if post.on_whatsapp and post.status == Status.PUBLISHED else "",
        "public_url": cap.post_url(post) if post.status == Status.PUBLISHED else "",
        "Status": Status,
        "MsgType": MsgType,
    }
    return render(request, "news/staff/post.html", context, status=status)


def _whatsapp_text(post: Post) -> str:
    content = post.content("nl")
    parts = [content.title, "", content.summary]
    if content.instruction:
        parts += ["", content.instruction]
    parts += ["", cap.post_url(post)]
    return "\n".join(parts)


@news_staff_page
@require_GET
def post_detail(request, pk: int):
    return _render_post(request, _post_or_404(pk))


def _act(request, pk: int, action: Callable[[Post], str], *, form_class=None, form_key: str = ""):
    """Run ``action`` (a call into news.services returning the success message) on the post."""
    post = _post_or_404(pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _render_post(request, post, bound={form_key: form}, status=400)
    try:
        message = action(post, form.cleaned_data if form is not None else {})
    except PostError as error:
        post.refresh_from_db()  # the failed change was rolled back: show the post as it is
        if form is not None:
            show_post_error(form, error)
            return _render_post(request, post, bound={form_key: form}, status=400)
        return _render_post(request, post, bound={"action_error": error.message}, status=400)
    for level, text in ([(messages.SUCCESS, message)] if isinstance(message, str) else message):
        if text:
            messages.add_message(request, level, text)
    return redirect("news_staff:post", pk=pk)


def _note(prefix: str):
    """A note form with its own prefix: several are on the post's page at once (unique ids)."""
    return lambda data: NoteForm(data, prefix=prefix)


@news_staff_page
@require_POST
def submit(request, pk: int):
    return _act(request, pk, lambda post, data: (
        services.submit_for_review(post=post, actor=request.user),
        _("Het bericht wacht nu op een collega die het nakijkt."))[1])


@news_staff_page
@require_POST
def send_back(request, pk: int):
    return _act(request, pk, lambda post, data: (
        services.send_back(post=post, actor=request.user, note=data.get("note", "")),
        _("Het bericht is terug een concept."))[1], form_class=_note("back"), form_key="back_form")


@news_staff_page
@require_POST
def approve(request, pk: int):
    return _act(request, pk, lambda post, data: (
        services.approve(post=post, actor=request.user), _("Het bericht is goedgekeurd."))[1])


@news_staff_page
@require_POST
def schedule(request, pk: int):
    def run(post, data):
        post, warning = services.schedule(post=post, actor=request.user, at=data["scheduled_at"])
        return [(messages.SUCCESS, _("Het bericht is ingepland.")), (messages.WARNING, warning)]

    return _act(request, pk, run, form_class=ScheduleForm, form_key="schedule_form")


@news_staff_page
@require_POST
def unschedule(request, pk: int):
    return _act(request, pk, lambda post, data: (
        services.unschedule(post=post, actor=request.user), _("Het bericht staat niet meer ingepland."))[1])


@news_staff_page
@require_POST
def publish(request, pk: int):
    def run(post, data):
        post, warning = services.publish_now(post=post, actor=request.user)
        return [(messages.SUCCESS, _("Het bericht is gepubliceerd.")), (messages.WARNING, warning)]

    return _act(request, pk, run)


@news_staff_page
@require_POST
def publish_crisis(request, pk: int):
    def run(post, data):
        post = services.publish_crisis_now(post=post, actor=request.user)
        if post.second_check_pending:
            return [(messages.SUCCESS, _("Het crisisbericht is gepubliceerd.")),
                    (messages.WARNING, _("Vraag nu een collega om het na te lezen (tweede controle)."))]
        return _("Het crisisbericht is gepubliceerd.")

    return _act(request, pk, run)


@news_staff_page
@require_POST
def second_check(request, pk: int):
    return _act(request, pk, lambda post, data: (
        services.confirm_second_check(post=post, actor=request.user, note=data.get("note", "")),
        _("Bedankt: de tweede controle is bewaard."))[1], form_class=_note("check"), form_key="check_form")


@news_staff_page
@require_POST
def withdraw(request, pk: int):
    return _act(request, pk, lambda post, data: (
        services.withdraw(post=post, actor=request.user, note=data.get("note", "")),
        _("Het bericht is ingetrokken."))[1], form_class=_note("withdraw"), form_key="withdraw_form")


@news_staff_page
@require_POST
def whatsapp_done(request, pk: int):
    return _act(request, pk, lambda post, data: (
        services.mark_whatsapp_done(post=post, actor=request.user),
        _("Genoteerd: het bericht staat op het WhatsApp-kanaal."))[1])


@news_staff_page
@require_POST
def retry_channel(request, pk: int, channel: str):
    if channel not in (Channel.EMAIL, Channel.PUSH):
        raise Http404("No such channel")
    return _act(request, pk, lambda post, data: (
        services.retry_channel(post=post, channel=channel), _("We proberen het opnieuw."))[1])


@news_staff_page
@require_POST
def follow_up(request, pk: int, kind: str):
    msg_type = {"update": MsgType.UPDATE, "einde": MsgType.CANCEL}.get(kind)
    if msg_type is None:
        raise Http404("No such follow-up")
    original = _post_or_404(pk)
    try:
        post = services.start_followup(original=original, actor=request.user, msg_type=msg_type)
    except PostError as error:
        return _render_post(request, original, bound={"action_error": error.message}, status=400)
    messages.success(request, _("Een concept staat klaar. Pas het aan en publiceer het."))
    return redirect("news_staff:edit", pk=post.pk)


@news_staff_page
@require_GET
def cap_preview(request, pk: int):
    """The CAP document as it would go out now (staff check it before publishing)."""
    post = _post_or_404(pk)
    if not post.is_crisis:
        raise Http404("Not a crisis")
    document = cap.to_bytes(cap.build_alert(post, identifier=post.cap_identifier or cap.identifier_for(post)))
    return HttpResponse(document, content_type="application/xml; charset=utf-8")
