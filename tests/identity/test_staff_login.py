import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from identity.staff import services
from tests.factories.identity import ResidentFactory, StaffUserFactory

from .test_staff_helpers import PASSWORD, current_code, enter_password, sign_in

pytestmark = pytest.mark.django_db

HOME = "/balie/"


def test_staff_without_device_is_sent_to_enrolment_and_can_enrol_with_qr_code(client):
    StaffUserFactory(username="nieuw", with_device=False)

    response = enter_password(client, "nieuw")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:enrol")
    # Not signed in yet: the back office is still closed.
    assert client.get(HOME)["Location"].startswith(reverse("staff:login"))

    page = client.get(reverse("staff:enrol"))
    html = page.content.decode()
    assert page.status_code == 200
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert "<path" in svg and "style=" not in svg
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and " style=" not in html  # CSP: nothing inline
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]

    # The person types the shown secret into their app; the app then shows a code.
    secret = re.search(r'<code class="code-display">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    code = f"{totp(key):06d}"

    response = client.post(reverse("staff:enrol"), {"code": code})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    for backup_code in codes:
        assert backup_code in response.content.decode()
    assert TOTPDevice.objects.get(user__username="nieuw").confirmed
    assert StaticToken.objects.filter(device__user__username="nieuw").count() == 10

    assert client.get(HOME).status_code == 200


def test_enrolment_refuses_a_wrong_first_code(client):
    StaffUserFactory(username="nieuw", with_device=False)
    enter_password(client, "nieuw")
    client.get(reverse("staff:enrol"))
    response = client.post(reverse("staff:enrol"), {"code": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    # The right code typed straight after: django-otp's first 1 s pause is waited out, not refused.
    device = TOTPDevice.objects.get(user__username="nieuw")
    response = client.post(reverse("staff:enrol"), {"code": current_code(device)})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user__username="nieuw", confirmed=True).exists()
    assert client.get(HOME).status_code == 200


def test_enrolment_explains_a_long_pause_after_wrong_codes(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 30
    StaffUserFactory(username="nieuw", with_device=False)
    enter_password(client, "nieuw")
    client.get(reverse("staff:enrol"))
    client.post(reverse("staff:enrol"), {"code": "000000"})
    device = TOTPDevice.objects.get(user__username="nieuw")
    response = client.post(reverse("staff:enrol"), {"code": current_code(device)})
    assert response.status_code == 429
    assert "seconden opnieuw" in response.content.decode()
    assert not TOTPDevice.objects.filter(user__username="nieuw", confirmed=True).exists()
    assert client.get(HOME).status_code == 302


def test_enrolment_needs_the_password_step_first(client):
    assert client.get(reverse("staff:enrol"))["Location"] == reverse("staff:login")
    assert client.get(reverse("staff:verify"))["Location"] == reverse("staff:login")


def test_staff_with_device_needs_a_valid_code_before_balie(client):
    user = StaffUserFactory(username="anna")

    response = enter_password(client, "anna")
    assert response["Location"] == reverse("staff:verify")
    assert client.get(HOME).status_code == 302
    # Between the steps the session is not logged in at all.
    assert "_auth_user_id" not in client.session

    page = client.get(reverse("staff:verify"))
    assert 'autocomplete="one-time-code"' in page.content.decode()

    response = client.post(reverse("staff:verify"), {"code": current_code(user.totpdevice_set.get())})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:home")
    home = client.get(HOME)
    assert home.status_code == 200
    assert "anna" in home.content.decode() or user.first_name in home.content.decode()


def test_sign_in_returns_to_the_page_asked_for(client):
    user = StaffUserFactory(username="anna")
    response = client.get(reverse("staff:backup_codes"))
    assert response["Location"] == f"{reverse('staff:login')}?next=%2Fbalie%2Fbackupcodes%2F"
    enter_password(client, "anna", next="/balie/backupcodes/")
    response = client.post(reverse("staff:verify"), {"code": current_code(user.totpdevice_set.get())})
    assert response["Location"] == "/balie/backupcodes/"


def test_sign_in_does_not_follow_next_to_another_site(client):
    user = StaffUserFactory(username="anna")
    enter_password(client, "anna", next="https://evil.example/")
    response = client.post(reverse("staff:verify"), {"code": current_code(user.totpdevice_set.get())})
    assert response["Location"] == reverse("staff:home")


def _wrong_code(device) -> str:
    return "123456" if current_code(device) != "123456" else "654321"


def test_one_typo_then_the_right_code_at_once_signs_in(client):
    """django-otp pauses 1 s after a wrong code: a retry within that second is waited out, not refused."""
    user = StaffUserFactory(username="anna")
    enter_password(client, "anna")
    device = user.totpdevice_set.get()

    response = client.post(reverse("staff:verify"), {"code": _wrong_code(device)})
    assert response.status_code == 200
    assert "klopt niet" in response.content.decode()

    response = client.post(reverse("staff:verify"), {"code": current_code(device)})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200


def test_wrong_codes_are_refused_and_a_long_pause_is_explained(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 30  # the first pause is 30 s: longer than we wait out
    user = StaffUserFactory(username="anna")
    enter_password(client, "anna")
    device = user.totpdevice_set.get()

    response = client.post(reverse("staff:verify"), {"code": _wrong_code(device)})
    assert response.status_code == 200
    assert "klopt niet" in response.content.decode()

    # Now even the right code waits, and the page says how long in plain words.
    response = client.post(reverse("staff:verify"), {"code": current_code(device)})
    assert response.status_code == 429
    page = response.content.decode()
    assert re.search(r"over (29|30) seconden opnieuw", page)
    assert "Te veel foute codes" not in page
    assert client.get(HOME).status_code == 302


def test_backup_code_works_once(client):
    user = StaffUserFactory(username="anna")
    codes = services.regenerate_backup_codes(user)

    enter_password(client, "anna")
    response = client.post(reverse("staff:verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200

    client.post(reverse("identity:sign_out"))
    enter_password(client, "anna")
    response = client.post(reverse("staff:verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert "klopt niet of is al gebruikt" in response.content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_regenerating_backup_codes_invalidates_the_old_ones(client):
    user = StaffUserFactory(username="anna")
    old_codes = services.regenerate_backup_codes(user)
    sign_in(client, user)

    assert client.get(reverse("staff:backup_codes")).context["remaining"] == 10
    response = client.post(reverse("staff:backup_codes"))
    new_codes = response.context["codes"]
    assert len(new_codes) == 10
    stored = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    assert set(stored) == set(new_codes)
    assert not set(old_codes) & set(new_codes)


def test_password_failures_lock_out_for_a_while(client, settings):
    settings.STAFF_LOGIN_MAX_FAILURES = 5
    StaffUserFactory(username="anna")

    for _attempt in range(4):
        response = enter_password(client, "anna", "fout-wachtwoord")
        assert response.status_code == 200
        assert "klopt niet" in response.content.decode()
    response = enter_password(client, "anna", "fout-wachtwoord")
    assert response.status_code == 429

    # Now even the right password gets the same answer, and no step further.
    response = enter_password(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert "Te veel mislukte aanmeldpogingen" in response.content.decode()
    assert services.PENDING_KEY not in client.session


def test_lockout_does_not_reveal_whether_a_username_exists(client, settings):
    settings.STAFF_LOGIN_MAX_FAILURES = 2
    StaffUserFactory(username="anna")
    for username in ("anna", "bestaat-niet"):
        first = enter_password(client, username, "fout")
        second = enter_password(client, username, "fout")
        third = enter_password(client, username, "fout")
        assert (first.status_code, second.status_code, third.status_code) == (200, 429, 429)
        assert first.context["form"].non_field_errors() == [
            "Deze combinatie van gebruikersnaam en wachtwoord klopt niet."
        ]


def test_many_failures_from_one_address_lock_that_address(client, settings):
    settings.STAFF_LOGIN_MAX_FAILURES = 2
    settings.STAFF_LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    StaffUserFactory(username="anna")
    for name in ("a", "b", "c"):
        enter_password(client, name, "fout")
    assert enter_password(client, "anna").status_code == 429


def test_admin_refuses_staff_without_verified_device(client):
    user = StaffUserFactory(username="beheer", is_superuser=True)
    enter_password(client, "beheer")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))

    # Logged in some other way, but without a second factor: still not.
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:verify"))
    assert client.get("/admin/login/").status_code == 302

    client.logout()
    sign_in(client, user)
    assert client.get("/admin/").status_code == 200


def test_resident_cannot_use_staff_login(client):
    user = StaffUserFactory(username="resident-abc", is_staff=False, with_device=False)
    ResidentFactory(user=user, national_number="85073003328")

    response = enter_password(client, "resident-abc")
    assert response.status_code == 200
    assert "klopt niet" in response.content.decode()
    assert services.PENDING_KEY not in client.session

    # Even a resident account wrongly marked as staff is refused.
    user.is_staff = True
    user.save()
    response = enter_password(client, "resident-abc")
    assert response.status_code == 200
    assert services.PENDING_KEY not in client.session


def test_signed_in_resident_cannot_enter_the_back_office(client):
    user = StaffUserFactory(username="resident-abc", is_staff=False, with_device=False)
    ResidentFactory(user=user, national_number="85073003328")
    client.force_login(user)
    assert client.get(HOME).status_code == 403
    assert client.get(reverse("staff:register_lookup")).status_code == 403


def test_inactive_staff_cannot_sign_in(client):
    StaffUserFactory(username="oud", is_active=False)
    response = enter_password(client, "oud")
    assert response.status_code == 200
    assert services.PENDING_KEY not in client.session


def test_login_form_helps_password_managers(client):
    html = client.get(reverse("staff:login")).content.decode()
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert "<label" in html
