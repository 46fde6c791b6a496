"""Resident URLs of the desk: reporting, following, the private tracking link and "Mijn meldingen"."""
from django.urls import path

from desk.cases.views import resident as views

urlpatterns = [
    path("meldingen/", views.start, name="start"),
    path("meldingen/nieuw/<str:kind>/", views.new, name="new"),
    path("meldingen/bedankt/<str:reference>/", views.thanks, name="thanks"),
    path("meldingen/adres/", views.reverse_address, name="reverse_address"),
    path("meldingen/volg/<str:token>/", views.track, name="track"),
    path("meldingen/<str:reference>/volgen/", views.follow, name="follow"),
    path("meldingen/<str:reference>/gevolgd/", views.followed, name="followed"),
    path("mijn/meldingen/", views.my_cases, name="my_cases"),
    path("mijn/meldingen/<str:reference>/", views.my_case, name="my_case"),
    path("mijn/meldingen/<str:reference>/foto/<int:pk>/", views.my_photo, name="my_photo"),
]
