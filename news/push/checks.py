"""System checks of Web Push (registered when NewsPushConfig.ready imports this module)."""
import re
from email.utils import parseaddr

from django.conf import settings
from django.core import checks

from common.development import is_development

from . import vapid
from .sender import CLIENTS


@checks.register("news_push")
def check_vapid_key(app_configs, **kwargs):
    """Production needs its own VAPID key; the generated development key is for one machine only."""
    value = getattr(settings, "WEBPUSH_VAPID_PRIVATE_KEY", "")
    if not value:
        if is_development():
            return []
        return [checks.Warning(
            "WEBPUSH_VAPID_PRIVATE_KEY is not set: Web Push notifications (news and crisis messages) are not sent, "
            "or only with a development key from var/keys/.",
            hint="Generate a P-256 key once (e.g. `openssl ecparam -name prime256v1 -genkey -noout -out "
                 "vapid.pem`) and set WEBPUSH_VAPID_PRIVATE_KEY to its path. Never change it: every browser "
                 "subscribed with the old public key would stop receiving messages.",
            id="news_push.W001")]
    try:
        vapid.load_key(value)
    except ValueError as exc:
        return [checks.Warning(
            f"WEBPUSH_VAPID_PRIVATE_KEY cannot be used: {exc}.",
            hint="Give a path to a PEM file, a PEM string, or base64url of the raw 32-byte key or its DER form.",
            id="news_push.W002")]
    return []


@checks.register("news_push")
def check_vapid_subject(app_configs, **kwargs):
    """Push services contact the sender through the VAPID subject (RFC 8292): a mailto: or https: URL."""
    value = getattr(settings, "WEBPUSH_VAPID_SUBJECT", "") or f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}"
    if not re.match(r"^(mailto:[^@\s]+@[^@\s]+\.[^@\s]+|https://\S+)$", value) or value.endswith(".invalid"):
        if is_development():
            return []
        return [checks.Warning(
            f"WEBPUSH_VAPID_SUBJECT ({value!r}) is not a reachable mailto: or https: contact.",
            hint="Set it to e.g. mailto:communicatie@stad.be; push services write there before blocking a sender.",
            id="news_push.W003")]
    return []


@checks.register("news_push")
def check_http_client(app_configs, **kwargs):
    value = getattr(settings, "WEBPUSH_HTTP_CLIENT", "fast")
    if value not in CLIENTS:
        return [checks.Error(f"WEBPUSH_HTTP_CLIENT must be one of {', '.join(CLIENTS)}, not {value!r}.",
                             id="news_push.E001")]
    return []
