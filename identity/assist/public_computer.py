"""Is this request coming from a computer the public shares (a library, a service centre)?

Two ways to say so, per computer: staff enrol the computer's browser (a long-lived signed cookie naming
the computer, revocable because the computer's row must still be active), or the city configures the
networks those computers are in (PUBLIC_COMPUTER_NETWORKS, matched against REMOTE_ADDR).
"""
from __future__ import annotations

import functools
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models_assist import PublicComputer

COOKIE_NAME = "thuisloket_public_computer"
COOKIE_SALT = "thuisloket.assist.public_computer"
_MISSING = object()


@dataclass(frozen=True)
class PublicComputerMode:
    label: str
    source: str  # "cookie" or "network"
    computer_id: int | None = None


def detect(request) -> PublicComputerMode | None:
    """The public-computer mode of this request, or None. Worked out once per request."""
    cached = getattr(request, "_public_computer", _MISSING)
    if cached is not _MISSING:
        return cached
    mode = _from_cookie(request) or _from_network(request)
    request._public_computer = mode
    return mode


def is_public(request) -> bool:
    return detect(request) is not None


def idle_timeout(request) -> int:
    return settings.PUBLIC_COMPUTER_IDLE_TIMEOUT if is_public(request) else settings.SESSION_IDLE_TIMEOUT


def idle_warning(request) -> int:
    return settings.PUBLIC_COMPUTER_IDLE_WARNING if is_public(request) else settings.SESSION_IDLE_WARNING


def enrolled_computer(request) -> PublicComputer | None:
    """The active PublicComputer this browser's cookie names (a tampered or revoked one counts as none)."""
    raw = request.COOKIES.get(COOKIE_NAME)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=COOKIE_SALT)
    except signing.BadSignature:
        return None
    computer_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(computer_id, int):
        return None
    return PublicComputer.objects.filter(pk=computer_id, revoked_at__isnull=True).first()


def _from_cookie(request) -> PublicComputerMode | None:
    computer = enrolled_computer(request)
    if computer is None:
        return None
    return PublicComputerMode(label=computer.label, source="cookie", computer_id=computer.pk)


@functools.lru_cache(maxsize=8)
def _parse_networks(networks: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(network, strict=False) for network in networks)


def address_is_public(address: str) -> bool:
    """Whether an IP address lies in one of PUBLIC_COMPUTER_NETWORKS."""
    networks = _parse_networks(tuple(getattr(settings, "PUBLIC_COMPUTER_NETWORKS", ()) or ()))
    if not networks or not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:  # ::ffff:10.0.0.5 from a dual-stack server
        ip = ip.ipv4_mapped
    return any(ip.version == network.version and ip in network for network in networks)


def _from_network(request) -> PublicComputerMode | None:
    if address_is_public(request.META.get("REMOTE_ADDR", "")):
        return PublicComputerMode(label=str(_("Publieke computer")), source="network")
    return None


# --- enrolment ------------------------------------------------------------------------------------

def enrol(*, label: str, enrolled_by) -> tuple[PublicComputer, str]:
    """Register a public computer; returns it and the signed cookie value its browser must carry."""
    computer = PublicComputer.objects.create(label=label.strip(), enrolled_by=enrolled_by)
    value = signing.dumps({"id": computer.pk, "label": computer.label}, salt=COOKIE_SALT)
    return computer, value


def revoke(computer: PublicComputer) -> None:
    """Switch public-computer mode off for this computer (its cookie is ignored from now on)."""
    if computer.revoked_at is None:
        computer.revoked_at = timezone.now()
        computer.save(update_fields=["revoked_at"])


def set_cookie(response, value: str) -> None:
    # Secure follows the session cookie (SECURE_COOKIES, on by default when DEBUG is off).
    response.set_cookie(COOKIE_NAME, value, max_age=settings.PUBLIC_COMPUTER_COOKIE_AGE, httponly=True,
                        secure=settings.SESSION_COOKIE_SECURE, samesite="Lax")


def delete_cookie(response) -> None:
    response.delete_cookie(COOKIE_NAME, samesite="Lax")
