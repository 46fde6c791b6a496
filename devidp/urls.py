from django.urls import include, path
from oauth2_provider import urls as dot_urls

from . import views

# Only what an OpenID provider for one confidential client needs: no application management,
# dynamic registration or device flow.
oauth2_patterns = (
    [
        path("authorize/", views.DevAuthorizationView.as_view(), name="authorize"),
        # The token endpoint encrypts a full-profile client's ID token (devidp.full_profile).
        path("token/", views.DevTokenView.as_view(), name="token"),
        *[p for p in dot_urls.base_urlpatterns if p.name in {"revoke-token", "introspect"}],
        # Our JWKS carries an encryption key too (itsme's full profile); it replaces DOT's.
        path(".well-known/jwks.json", views.DevJwksInfoView.as_view(), name="jwks-info"),
        *[p for p in dot_urls.oidc_urlpatterns if p.name != "jwks-info"],
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
