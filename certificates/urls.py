"""Resident pages, mounted by the project at ``mijn/aanvragen/`` (namespace ``certificates``)."""
from django.urls import path

from . import request_views, views

app_name = "certificates"
urlpatterns = [
    path("", request_views.my_requests, name="my_requests"),
    path("nieuw/", views.catalogue, name="catalogue"),
    path("nieuw/<slug:type_code>/", views.certificate_wizard, name="wizard"),
    path("nieuw/<slug:type_code>/<slug:step>/", views.certificate_wizard, name="wizard_step"),
    path("<uuid:public_id>/", request_views.detail, name="detail"),
    path("<uuid:public_id>/status/", request_views.status, name="status"),
]
