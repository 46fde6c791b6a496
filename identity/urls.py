from django.urls import path

from . import views

app_name = "identity"
urlpatterns = [
    path("aanmelden/", views.sign_in, name="sign_in"),
    path("afmelden/", views.SignOutView.as_view(), name="sign_out"),
    path("sessie-verlopen/", views.session_expired, name="session_expired"),
    path("sessie/verlengen/", views.keep_alive, name="keepalive"),
    path("mijn/gegevens/", views.my_data, name="my_data"),
    path("mijn/raadplegingen/", views.my_data_consultations, name="my_consultations"),
]
