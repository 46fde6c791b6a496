"""Public verification pages, mounted by portal.urls as ``path("verifieer/", include("certificates.verify_urls"))``."""
from django.urls import path

from . import verify_views

app_name = "verify"
urlpatterns = [
    path("", verify_views.start, name="start"),
    path("document/", verify_views.by_document, name="by_document"),
    path("<str:code>/", verify_views.by_code, name="by_code"),
]
