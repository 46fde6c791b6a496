"""Web Push under /nieuws/push/ (included by news/urls.py)."""
from django.urls import path

from . import views

app_name = "push"

urlpatterns = [
    path("abonneren/", views.subscribe, name="subscribe"),
    path("afmelden/", views.unsubscribe, name="unsubscribe"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
