"""Public URLs of the news channel (/nieuws/). Web Push (news.push) lives under /nieuws/push/."""
from django.urls import include, path

from . import feeds
from .views import public

app_name = "news"

urlpatterns = [
    path("", public.index, name="index"),
    path("volgen/", public.follow, name="follow"),
    path("inschrijven/", public.email_subscribe, name="email_subscribe"),
    path("inschrijven/verstuurd/", public.email_sent, name="email_sent"),
    path("bevestigen/<str:token>/", public.email_confirm, name="confirm"),
    path("bevestigd/", public.email_confirmed, name="email_confirmed"),
    path("afmelden/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("feed/", feeds.PostFeed(), name="feed"),
    path("crisis/feed/", feeds.CrisisFeed(), name="crisis_feed"),
    path("cap/feed/", feeds.CapIndexFeed(), name="cap_feed"),
    path("cap/<int:pk>.xml", public.cap_alert, name="cap_alert"),
    path("push/", include("news.push.urls")),
    path("<slug:slug>/", public.detail, name="detail"),
    path("<slug:slug>/reageren/", public.react, name="react"),
]

