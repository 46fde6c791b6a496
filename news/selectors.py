"""Reads of the news channel: the public list, the staff calendar per ISO week, the active crises."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import Post, PostReaction, PostTranslation, Topic
from .states import REACTIONS, Kind, MsgType, Status

BANNER_CACHE_KEY = "news:active-crises:v1"


# ------------------------------------------------------------------------------------------------ public


def _with_translations(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(Prefetch("translations", queryset=PostTranslation.objects.all()))


def published_posts() -> QuerySet:
    return Post.objects.filter(status=Status.PUBLISHED, published_at__isnull=False)


def listed_posts(*, topic: Topic | None = None) -> QuerySet:
    """What /nieuws/ lists: published posts with the news page as a channel, newest first."""
    posts = published_posts().filter(on_page=True)
    if topic is not None:
        posts = posts.filter(topics=topic)
    return _with_translations(posts.prefetch_related("topics")).order_by("-published_at", "-pk")


def active_crisis_filter(now: datetime) -> Q:
    return (Q(kind=Kind.CRISIS, status=Status.PUBLISHED, ended_at__isnull=True)
            & ~Q(msg_type=MsgType.CANCEL) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now)))


def active_crisis_posts(now: datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    return _with_translations(Post.objects.filter(active_crisis_filter(now))).order_by("-published_at", "-pk")


def public_post(slug: str) -> Post | None:
    """A post anyone may read: published, or withdrawn (shown as withdrawn). Drafts do not exist publicly."""
    return (_with_translations(Post.objects.filter(slug=slug, status__in=[Status.PUBLISHED, Status.WITHDRAWN],
                                                   published_at__isnull=False))
            .select_related("references").prefetch_related("topics").first())


def latest_in_chain(post: Post) -> Post | None:
    """The newest published follow-up (Update or Cancel) of a crisis message, if any."""
    newest, current, seen = None, post, set()
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        current = (current.followups.filter(status=Status.PUBLISHED).order_by("-published_at", "-pk").first())
        if current is not None:
            newest = current
    return newest


def reaction_counts(post: Post) -> dict[str, int]:
    counts = dict.fromkeys(REACTIONS, 0)
    for row in PostReaction.objects.filter(post=post):
        counts[row.emoji] = row.count
    return counts


def active_topics() -> QuerySet:
    return Topic.objects.filter(is_active=True)


def cap_posts() -> QuerySet:
    """Crisis posts that went out as CAP (the CAP index feed)."""
    return (_with_translations(published_posts().filter(kind=Kind.CRISIS, on_cap=True)
                               .exclude(cap_identifier="")).order_by("-published_at", "-pk"))


# ------------------------------------------------------------------------------------------------ banner


def banner_crises(now: datetime | None = None) -> list[dict]:
    """The active crises for the banner on every page, from the cache (refilled every
    NEWS_BANNER_CACHE_SECONDS, emptied on publish/withdraw/end). Expiry is checked on every call, so the
    banner goes away at the second a crisis expires, even before the beat marks it ended."""
    now = now or timezone.now()
    rows = cache.get(BANNER_CACHE_KEY)
    if rows is None:
        rows = []
        for post in active_crisis_posts(now)[:3]:
            rows.append({
                "slug": post.slug,
                "expires_at": post.expires_at,
                "content": {code: _banner_text(post, code) for code in ("nl", "fr", "en")},
            })
        cache.set(BANNER_CACHE_KEY, rows, settings.NEWS_BANNER_CACHE_SECONDS)
    return [row for row in rows if row["expires_at"] is None or row["expires_at"] > now]


def _banner_text(post: Post, language: str) -> dict:
    content = post.content(language)
    return {"title": content.title, "summary": content.summary, "lang": content.text_language}


def forget_banner() -> None:
    cache.delete(BANNER_CACHE_KEY)


# ------------------------------------------------------------------------------------------------ calendar


@dataclass
class Week:
    year: int
    number: int
    start: datetime  # Monday 00:00 local time
    end: datetime  # next Monday 00:00
    posts: list[Post] = field(default_factory=list)
    news_count: int = 0
    is_current: bool = False

    @property
    def code(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(days=1)).date()

    @property
    def over_limit(self) -> bool:
        return self.news_count > settings.NEWS_WEEKLY_LIMIT


def week_start(year: int, number: int) -> datetime:
    monday = date.fromisocalendar(year, number, 1)
    return timezone.make_aware(datetime.combine(monday, time.min))


def week_of(moment: datetime) -> tuple[int, int]:
    iso = timezone.localtime(moment).isocalendar()
    return iso.year, iso.week


def parse_week(code: str | None) -> tuple[int, int] | None:
    """``"2026-W10"`` → ``(2026, 10)``; None for anything else."""
    try:
        year_text, week_text = (code or "").upper().split("-W")
        year, number = int(year_text), int(week_text)
        date.fromisocalendar(year, number, 1)
    except ValueError:
        return None
    return year, number


def counted_news(start: datetime, end: datetime) -> QuerySet:
    """News posts that count for a week's limit: published in it, or scheduled in it."""
    return Post.objects.filter(
        Q(kind=Kind.NEWS)
        & (Q(status=Status.PUBLISHED, published_at__gte=start, published_at__lt=end)
           | Q(status=Status.SCHEDULED, scheduled_at__gte=start, scheduled_at__lt=end)))


def news_count_in_week_of(moment: datetime) -> tuple[int, int, int]:
    """(news posts counted, year, week) for the ISO week ``moment`` falls in."""
    year, number = week_of(moment)
    start = week_start(year, number)
    return counted_news(start, start + timedelta(days=7)).count(), year, number


def calendar(first_week: tuple[int, int], weeks: int, *, now: datetime | None = None) -> list[Week]:
    """``weeks`` ISO weeks from ``first_week``, each with its dated posts (published, scheduled or planned)."""
    now = now or timezone.now()
    start = week_start(*first_week)
    end = start + timedelta(days=7 * weeks)
    current = week_of(now)
    rows = []
    for index in range(weeks):
        week_begin = start + timedelta(days=7 * index)
        # Re-make the boundaries in local time: a week with a DST change is 167 or 169 hours long.
        year, number = week_of(week_begin + timedelta(hours=12))
        begin = week_start(year, number)
        rows.append(Week(year, number, begin, week_start(*week_of(begin + timedelta(days=7, hours=12))),
                         is_current=(year, number) == current))
    posts = (Post.objects.filter(Q(published_at__gte=start, published_at__lt=end)
                                 | Q(published_at__isnull=True, scheduled_at__gte=start, scheduled_at__lt=end))
             .select_related("author", "approver").order_by("scheduled_at", "published_at", "pk"))
    for post in posts:
        moment = post.date_for_calendar()
        for week in rows:
            if week.start <= moment < week.end:
                week.posts.append(post)
                if post.kind == Kind.NEWS and (
                        post.status == Status.PUBLISHED
                        or (post.status == Status.SCHEDULED and post.published_at is None)):
                    week.news_count += 1
                break
    for week in rows:
        week.posts.sort(key=lambda post: post.date_for_calendar())
    return rows


def undated_posts() -> QuerySet:
    return (Post.objects.filter(published_at__isnull=True, scheduled_at__isnull=True)
            .exclude(status=Status.WITHDRAWN).select_related("author").order_by("-created_at"))


def posts_in_status(status: str) -> QuerySet:
    return Post.objects.filter(status=status).select_related("author").order_by("scheduled_at", "created_at")


def pending_second_checks() -> QuerySet:
    return (Post.objects.filter(fast_lane=True, second_check_at__isnull=True, status=Status.PUBLISHED)
            .select_related("author").order_by("published_at"))


def whatsapp_to_do() -> QuerySet:
    return (Post.objects.filter(status=Status.PUBLISHED, on_whatsapp=True, whatsapp_done_at__isnull=True)
            .order_by("published_at"))
