from django.urls import path

from .views import SignInCallbackView, SignInStartView, public_jwks

# The names are mozilla-django-oidc's, so its helpers (reverse of the callback) keep working.
urlpatterns = [
    path("authenticate/", SignInStartView.as_view(), name="oidc_authentication_init"),
    path("callback/", SignInCallbackView.as_view(), name="oidc_authentication_callback"),
    path("jwks/", public_jwks, name="oidc_rp_jwks"),
]
