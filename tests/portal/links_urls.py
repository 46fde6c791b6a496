"""A URLconf that puts "Mijn gegevens" elsewhere (tests/portal/test_links.py)."""
from django.http import HttpResponse
from django.urls import include, path

identity_patterns = ([path("gegevens/", lambda request: HttpResponse(), name="my_data")], "identity")
urlpatterns = [path("elders/", include(identity_patterns))]
