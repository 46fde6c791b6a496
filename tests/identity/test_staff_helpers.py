"""Walk staff users (tests.factories.identity.StaffUserFactory) through the real two-step sign-in (no django-otp
mocking)."""
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.identity import PASSWORD


def current_code(device) -> str:
    """The code an authenticator app shows right now for this device."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enter_password(client, username, password=PASSWORD, **extra):
    return client.post(reverse("staff:login"), {"username": username, "password": password, **extra})


def sign_in(client, user, password=PASSWORD):
    """Both factors, as a person at the keyboard would give them."""
    response = enter_password(client, user.username, password)
    assert response.status_code == 302, response.content
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    response = client.post(reverse("staff:verify"), {"code": current_code(device)})
    assert response.status_code == 302, response.content
    return response
