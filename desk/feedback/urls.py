"""The one-time satisfaction link: /meldingen/tevredenheid/<token>/ (GET shows, POST records)."""
from django.urls import path

from desk.feedback import views

app_name = "feedback"
urlpatterns = [
    path("<str:token>/", views.answer, name="answer"),
    path("<str:token>/bedankt/", views.thanks, name="thanks"),
]
