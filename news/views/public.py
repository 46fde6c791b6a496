"""The public news pages: the list, a post (with emoji reactions), following (Atom, Web Push, e-mail),
the double opt-in and the one-click unsubscribe, the CAP documents.

Every page works without JavaScript; news/reactions.js only sends reactions without a reload.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common import throttle

from .. import cap, selectors, services
from ..forms import ReactionForm, SubscribeForm
from ..mailing import public_id_from_token
from ..models import Post
from ..services import reactions as reaction_service
from ..states import LANGUAGES, REACTION_LABELS, REACTIONS, Kind, MsgType, Status

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}


def _page_language() -> str:
    return (get_language() or "nl")[:2]


@require_safe
def index(request):
    topic = None
    if request.GET.get("onderwerp"):
        topic = selectors.active_topics().filter(slug=request.GET["onderwerp"]).first()
        if topic is None:
            raise Http404(_("Dit onderwerp bestaat niet."))
    crises = list(selectors.active_crisis_posts())
    posts = selectors.listed_posts(topic=topic).exclude(pk__in=[post.pk for post in crises])
    page = Paginator(posts, settings.NEWS_PAGE_SIZE).get_page(request.GET.get("pagina"))
    language = _page_language()
    return render(request, "news/index.html", {
        "crises": [(post, post.content(language)) for post in crises],
        "page": page,
        "entries": [(post, post.content(language)) for post in page.object_list],
        "topics": list(selectors.active_topics()),
        "topic": topic,
        "query": f"onderwerp={topic.slug}" if topic else "",
    })


def _reactions(post: Post) -> list[dict]:
    counts = selectors.reaction_counts(post)
    return [{"key": key, "emoji": emoji, "label": REACTION_LABELS[key], "count": counts[key]}
            for key, emoji in REACTIONS.items()]


@require_safe
def detail(request, slug: str):
    post = selectors.public_post(slug)
    if post is None:
        raise Http404(_("Dit bericht bestaat niet."))
    page_language = _page_language()
    asked = request.GET.get("taal")
    language = asked if asked in LANGUAGES else page_language
    content = post.content(language)
    # Each part in the language it is written in: lang="..." wherever that differs from the page.
    field_lang = {name: (lang if lang != page_language else "") for name, lang in content.langs.items()}
    context = {
        "post": post,
        "content": content,
        "field_lang": field_lang,
        "translations": [(code, LANGUAGE_NAMES[code]) for code in post.available_languages() if code != language],
        "topics": [topic.name(page_language) for topic in post.topics.all()],
        "reactions": _reactions(post) if post.reactions_enabled and post.status == Status.PUBLISHED else [],
        "is_active_crisis": post.is_active_crisis(),
        "newer": selectors.latest_in_chain(post) if post.is_crisis else None,
        "earlier": post.references if post.is_crisis and post.references_id else None,
        "earlier_content": post.references.content(page_language) if post.is_crisis and post.references_id else None,
        "cap_url": reverse("news:cap_alert", args=[post.pk]) if post.is_crisis and post.on_cap else "",
        "be_alert_url": settings.NEWS_BE_ALERT_URL,
        "MsgType": MsgType,
    }
    if post.status == Status.WITHDRAWN:
        return render(request, "news/withdrawn.html", context, status=410)
    return render(request, "news/detail.html", context)


@require_POST
def react(request, slug: str):
    """One emoji reaction (a form without JavaScript: back to the post with a message; with JavaScript:
    JSON with the new count). A flood gets 429 and changes nothing."""
    post = get_object_or_404(Post, slug=slug, status=Status.PUBLISHED)
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = ReactionForm(request.POST)
    if not form.is_valid():
        if wants_json:
            return JsonResponse({"ok": False, "message": _("Kies een van de emoji.")}, status=400)
        messages.error(request, _("Kies een van de emoji."))
        return redirect(reverse("news:detail", args=[post.slug]) + "#reacties")
    emoji = form.cleaned_data["emoji"]
    result = reaction_service.react(post=post, emoji=emoji, address=throttle.client_address(request),
                                    user_agent=request.headers.get("User-Agent", ""))
    label = REACTION_LABELS[emoji]
    texts = {
        reaction_service.COUNTED: _("Bedankt voor je reactie '%(label)s'. Nu %(count)s keer.")
        % {"label": label, "count": result.count},
        reaction_service.ALREADY: _("Je reageerde vandaag al met '%(label)s' op dit bericht.") % {"label": label},
        reaction_service.CLOSED: _("Op dit bericht kan je niet reageren."),
        reaction_service.FLOOD: _("Je reageerde de voorbije tijd heel vaak. Probeer het over een uur opnieuw."),
    }
    message = texts[result.outcome]
    status = {reaction_service.FLOOD: 429, reaction_service.CLOSED: 409}.get(result.outcome, 200)
    if wants_json:
        response = JsonResponse({"ok": result.outcome == reaction_service.COUNTED, "outcome": result.outcome,
                                 "emoji": emoji, "count": result.count, "message": message}, status=status)
    elif result.outcome == reaction_service.FLOOD:
        response = render(request, "news/rate_limited.html", {"post": post, "message": message}, status=429)
    else:
        (messages.success if result.outcome == reaction_service.COUNTED else messages.info)(request, message)
        response = redirect(reverse("news:detail", args=[post.slug]) + "#reacties")
    if status == 429:
        response["Retry-After"] = "3600"
    return response


# ------------------------------------------------------------------------------------------------ following


def _template_or_none(name: str) -> str | None:
    """Web Push's parts of the follow page (news.push owns them): left out when that part is absent."""
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


@require_safe
def follow(request):
    return render(request, "news/follow.html", {
        "be_alert_url": settings.NEWS_BE_ALERT_URL,
        "push_head": _template_or_none("news/push/_head.html"),
        "push_subscribe": _template_or_none("news/push/_subscribe.html"),
    })


@require_http_methods(["GET", "POST"])
def email_subscribe(request):
    initial = {"language": _page_language(), "crisis": True}
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if throttle.over_rate(throttle.private_key("news-subscribe-ip", throttle.client_address(request)),
                               settings.NEWS_SUBSCRIBE_IP_RATE):
            response = render(request, "news/rate_limited.html", {
                "message": _("Vanaf jouw internetverbinding kwamen de voorbije tijd veel inschrijvingen binnen. "
                             "Probeer het over een uur opnieuw.")}, status=429)
            response["Retry-After"] = str(throttle.window_seconds(settings.NEWS_SUBSCRIBE_IP_RATE))
            return response
        if form.is_valid():
            services.request_subscription(email=form.cleaned_data["email"], topics=list(form.cleaned_data["topics"]),
                                          crisis=form.cleaned_data["crisis"], language=form.cleaned_data["language"])
            return redirect("news:email_sent")
    return render(request, "news/subscribe.html", {"form": form, "hours": settings.NEWS_CONFIRM_HOURS},
                  status=400 if form.errors else 200)


@require_safe
def email_sent(request):
    return render(request, "news/subscribe_sent.html", {"hours": settings.NEWS_CONFIRM_HOURS})


@require_http_methods(["GET", "POST"])
def email_confirm(request, token: str):
    """GET shows a button, POST confirms: a mail filter that opens links confirms nothing."""
    subscriber = services.subscriptions.pending_for_token(token)
    if subscriber is None:
        return render(request, "news/link_invalid.html", {"hours": settings.NEWS_CONFIRM_HOURS}, status=404)
    if request.method == "POST":
        services.confirm(token=token)
        return redirect("news:email_confirmed")
    pending = subscriber.pending or {}
    topics = selectors.active_topics().filter(slug__in=pending.get("topics", []))
    language = _page_language()
    return render(request, "news/confirm.html", {
        "token": token, "change": subscriber.is_confirmed,
        "topics": [topic.name(language) for topic in topics], "crisis": pending.get("crisis", True),
        "language_name": LANGUAGE_NAMES.get(pending.get("language", "nl"), "Nederlands"),
        "hours": settings.NEWS_CONFIRM_HOURS,
    })


@require_safe
def email_confirmed(request):
    return render(request, "news/confirmed.html")


@csrf_exempt  # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" without cookies or a token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    if public_id_from_token(token) is None:
        return render(request, "news/link_invalid.html", {"unsubscribe": True}, status=404)
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "news/unsubscribed.html")
    return render(request, "news/unsubscribe.html", {"token": token})


# ------------------------------------------------------------------------------------------------ CAP


@require_safe
def cap_alert(request, pk: int):
    post = get_object_or_404(Post, pk=pk, kind=Kind.CRISIS, on_cap=True, status=Status.PUBLISHED)
    if not post.cap_identifier:
        raise Http404("No CAP message")
    document = cap.to_bytes(cap.build_alert(post))
    response = HttpResponse(document, content_type=cap.CONTENT_TYPE)
    response["Cache-Control"] = "public, max-age=60"
    return response
