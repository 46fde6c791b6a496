"""Open311 GeoReport v2 at /open311/v2/ (mounted at "open311/" by portal/urls.py). The format is the suffix:
.xml (required by the spec) or .json; anything else under /open311/ is a 404 in the Open311 error format."""
from django.urls import path, re_path

from desk.cases.open311 import views

app_name = "open311"

FMT = r"(?P<fmt>xml|json)"

urlpatterns = [
    re_path(rf"^v2/discovery\.{FMT}$", views.discovery, name="discovery"),
    # The spec suggests a stable discovery URL independent of the version.
    re_path(rf"^discovery\.{FMT}$", views.discovery, name="discovery_root"),
    re_path(rf"^v2/services\.{FMT}$", views.service_list, name="services"),
    re_path(rf"^v2/services/(?P<service_code>[^/]+)\.{FMT}$", views.service_definition, name="service"),
    re_path(rf"^v2/requests\.{FMT}$", views.requests_view, name="requests"),
    re_path(rf"^v2/requests/(?P<service_request_id>[^/]+)\.{FMT}$", views.request_detail, name="request"),
    path("v2/openapi.json", views.openapi, name="openapi"),
    re_path(r"^.*$", views.not_found, name="not_found"),
]
