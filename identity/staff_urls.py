"""Staff pages, included at /balie/ (namespace ``staff``)."""
from django.urls import path

from .staff import views

app_name = "staff"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("aanmelden/", views.login_view, name="login"),
    path("aanmelden/code/", views.verify_view, name="verify"),
    path("aanmelden/instellen/", views.enrol_view, name="enrol"),
    path("backupcodes/", views.backup_codes_view, name="backup_codes"),
    path("register/", views.register_lookup_view, name="register_lookup"),
]
