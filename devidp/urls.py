from django.urls import include, path
from oauth2_provider import urls as dot_urls

from . import views

# Only what an OpenID provider for one confidential client needs: no application management,
# dynamic registration or device flow.
oauth2_patterns = (
    [
        path("authorize/", views.DevAuthorizationView.as_view(), name="authorize"),
        *[p for p in dot_urls.base_urlpatterns if p.name in {"token", "revoke-token", "introspect"}],
        *dot_urls.oidc_urlpatterns,
        *[p for p in dot_urls.metadata_urlpatterns if p.name == "oauth-server-metadata"],
    ],
    "oauth2_provider",
)

devidp_patterns = (
    [
        path("", views.index, name="index"),
        path("login/", views.LoginView.as_view(), name="login"),
    ],
    "devidp",
)

urlpatterns = [
    path("o/", include(oauth2_patterns)),
    path("", include(devidp_patterns)),
]
