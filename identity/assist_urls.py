"""Digital inclusion, mounted at the site root (namespace ``assist``): /helpen/… for volunteers and
guides, /klaar/… for "Klaar — alles wissen" on shared computers."""
from django.urls import path

from .assist import views

app_name = "assist"
urlpatterns = [
    path("helpen/", views.dashboard, name="dashboard"),
    path("helpen/starten/", views.start, name="start"),
    path("helpen/begeleid/", views.resident_start, name="resident_start"),
    path("helpen/cijfers.csv", views.export, name="export"),
    path("helpen/computer/", views.computer, name="computer"),
    path("helpen/computer/stoppen/", views.computer_stop, name="computer_stop"),
    path("helpen/gidsen/", views.guides, name="guides"),
    path("helpen/gidsen/<slug:slug>/", views.guide, name="guide"),
    path("klaar/", views.finish, name="finish"),
    path("klaar/gedaan/", views.finished, name="finished"),
    path("klaar/verlopen/", views.idle_end, name="idle_end"),
]
