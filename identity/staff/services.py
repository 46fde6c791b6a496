"""Staff sign-in: the half-way state between the password and the second factor, enrolment of an
authenticator app, and single-use backup codes.

Between the two steps the user is NOT logged in: the session only remembers whose password was right
(``PENDING_KEY``), for a few minutes. ``complete_sign_in`` logs in and marks the session verified in
one go, so nothing under /balie/ or /admin/, and no resident page, ever sees a half-signed-in user.
"""
import io
import re
import time
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..logging import audit_logger

PENDING_KEY = "staff_pending_sign_in"
ENROL_DEVICE_KEY = "staff_enrol_device_id"
PENDING_MAX_AGE = 10 * 60  # seconds from the password to the code (enrolment needs an app install)
BACKUP_CODE_COUNT = 10
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
TOTP_DEVICE_NAME = "Authenticator-app"
BACKUP_DEVICE_NAME = "Reservecodes"

_TOTP_PATTERN = re.compile(r"\d{6}")


# --- Between the password and the code ----------------------------------------------------------

def may_use_staff_sign_in(user) -> bool:
    """Only active staff without a resident profile: a resident account never signs in here."""
    return bool(user and user.is_active and user.is_staff and not hasattr(user, "resident"))


def start_pending_sign_in(request, user, *, next_url: str = "") -> None:
    """Remember, for PENDING_MAX_AGE, that this session gave ``user``'s right password."""
    request.session.cycle_key()  # a new session id at each change of privilege
    request.session[PENDING_KEY] = {"user_id": user.pk, "at": int(time.time()), "next": next_url}
    request.session.pop(ENROL_DEVICE_KEY, None)


def pending_user(request):
    """The staff user whose password this session gave, or None (none, expired, or no longer staff)."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    if int(time.time()) - pending.get("at", 0) > PENDING_MAX_AGE:
        clear_pending_sign_in(request)
        return None
    user = get_user_model().objects.filter(pk=pending.get("user_id")).first()
    if not may_use_staff_sign_in(user):
        clear_pending_sign_in(request)
        return None
    return user


def pending_next_url(request) -> str:
    """Where a member of staff goes after the second factor (set when the password was right)."""
    return (request.session.get(PENDING_KEY) or {}).get("next", "")


def clear_pending_sign_in(request) -> None:
    """Forget a half-finished staff sign-in (password checked, second factor not yet)."""
    request.session.pop(PENDING_KEY, None)
    request.session.pop(ENROL_DEVICE_KEY, None)


def complete_sign_in(request, user, device) -> None:
    """Both factors given: log in and mark the session as verified by ``device``."""
    next_url = pending_next_url(request)
    clear_pending_sign_in(request)
    auth_login(request, user, backend=MODEL_BACKEND)  # cycles the session key again
    otp_login(request, device)
    if next_url:
        request.session["staff_next"] = next_url
    audit_logger.info("staff.sign_in.ok user=%s device=%s", user.pk, device.persistent_id)


def has_confirmed_totp(user) -> bool:
    """Has the user enrolled an authenticator app?"""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


# --- Checking a code ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CodeCheck:
    device: object | None = None  # the device that accepted the code
    locked_until: object | None = None  # datetime: too many wrong codes, try again after this

    @property
    def ok(self) -> bool:
        return self.device is not None

    def seconds_to_wait(self) -> int:
        if self.locked_until is None:
            return 0
        return max(1, int((self.locked_until - timezone.now()).total_seconds() + 0.999))


def throttled_until(device):
    """When a throttled device accepts codes again (django-otp's back-off), or None if it does now."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data:
        return None
    if data.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return data.get("locked_until") or timezone.now()
    return timezone.now()


# django-otp waits 1 s after one wrong code, 2 s after two, then doubles. Someone who mistyped once and
# retries at once falls in that first pause: we wait it out for them instead of answering "too many codes".
SHORT_WAIT_SECONDS = 2


def wait_out_short_lock(device) -> None:
    """Sleep through a throttle of at most SHORT_WAIT_SECONDS, so an honest retry is simply checked.

    Guessing gains nothing: each guess still waits the full back-off, and ``check_code`` checks one code at a
    time per device (a row lock), so parallel guesses do not all slip through when the pause ends.
    """
    locked_until = throttled_until(device)
    if locked_until is None:
        return
    left = (locked_until - timezone.now()).total_seconds()
    if 0 < left <= SHORT_WAIT_SECONDS:
        time.sleep(left)


def check_code(user, code: str) -> CodeCheck:
    """Check a 6-digit authenticator code or a backup code against the user's confirmed devices.

    django-otp's own throttling applies (exponential back-off per device): a short pause is waited out
    (``wait_out_short_lock``), a longer one is reported with the moment the device accepts codes again,
    without checking the code.
    """
    code = (code or "").strip().replace(" ", "")
    if _TOTP_PATTERN.fullmatch(code):
        devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    else:
        code = code.lower()
        devices = list(StaticDevice.objects.devices_for_user(user, confirmed=True))
    for device in devices:
        wait_out_short_lock(device)
        with transaction.atomic():
            locked = type(device).objects.select_for_update().get(pk=device.pk)
            locked_until = throttled_until(locked)
            if locked_until is not None:
                return CodeCheck(locked_until=locked_until)
            verified = otp_verify_token(user, device.persistent_id, code)
        if verified is not None:
            return CodeCheck(device=verified)
    audit_logger.info("staff.sign_in.wrong_code user=%s", user.pk)
    return CodeCheck()


# --- Enrolment ------------------------------------------------------------------------------------

def enrolment_device(request, user) -> TOTPDevice:
    """The unconfirmed TOTP device this session is enrolling (one, kept across page reloads)."""
    device_id = request.session.get(ENROL_DEVICE_KEY)
    device = None
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        # Abandoned attempts leave unconfirmed devices: one per user is enough.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
        request.session[ENROL_DEVICE_KEY] = device.pk
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret as an authenticator app wants it typed, in groups of four."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


_STYLE_ATTRIBUTE = re.compile(r"\sstyle=(\"[^\"]*\"|'[^']*')")


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG, generated here (no external service, no script).

    Our CSP forbids inline styles: any ``style`` attribute is stripped; size comes from portal.css.
    """
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = _STYLE_ATTRIBUTE.sub("", svg)
    svg = re.sub(r"\s(width|height)=\"[^\"]*\"", "", svg, count=2)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" class="qr-svg" ', 1)


@transaction.atomic
def confirm_enrolment(user, device: TOTPDevice, code: str) -> bool:
    """Confirm the device with its first code; other (old) TOTP devices of the user are removed."""
    device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
    if device is None or not device.verify_token((code or "").strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    audit_logger.info("staff.totp.enrolled user=%s", user.pk)
    return True


# --- Backup codes ---------------------------------------------------------------------------------

@transaction.atomic
def regenerate_backup_codes(user) -> list[str]:
    """Replace all of the user's backup codes by BACKUP_CODE_COUNT new single-use ones.

    The old codes stop working at once. The new ones are returned to be shown one time only.
    """
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    device.throttle_reset()
    codes = []
    while len(codes) < BACKUP_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    audit_logger.info("staff.backup_codes.regenerated user=%s", user.pk)
    return codes


def remaining_backup_codes(user) -> int:
    """How many single-use backup codes the user has left."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
