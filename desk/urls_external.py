"""The page where an external party answers a forwarded question (no sign-in; an expiring link)."""
from django.urls import path

from desk.cases.views import external

urlpatterns = [
    path("meldingen/doorgestuurd/bedankt/", external.forward_thanks, name="forward_thanks"),
    path("meldingen/doorgestuurd/<str:token>/", external.forward_answer, name="forward_answer"),
]
