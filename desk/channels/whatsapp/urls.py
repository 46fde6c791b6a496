"""/whatsapp/: the Cloud API webhook (off unless WHATSAPP_ENABLED)."""
from django.urls import path

from desk.channels.whatsapp import views

app_name = "whatsapp"
urlpatterns = [
    path("webhook/", views.webhook, name="webhook"),
]
