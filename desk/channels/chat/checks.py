"""System checks of the chat (registered when DeskChatConfig.ready imports this module)."""
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from common import throttle
from desk.channels.chat import hours


@checks.register("desk")
def check_chat_settings(app_configs, **kwargs):
    """CHAT_OPENING_HOURS must parse, and the rates must read like "20/m"."""
    found = []
    if not hours.always_open():
        try:
            hours.weekly_hours()
        except ImproperlyConfigured as exc:
            found.append(checks.Error(str(exc), hint="For example 'mon-fri 08:30-12:00,13:00-17:00', or 'always'.",
                                      id="desk_chat.E001"))
    for name in ("CHAT_MESSAGE_RATE", "CHAT_ADDRESS_RATE", "CHAT_START_RATE"):
        try:
            throttle.parse_rate(getattr(settings, name))
        except ValueError:
            found.append(checks.Error(f"{name} is not a rate like '20/m'.", id="desk_chat.E002"))
    if settings.CHAT_STREAM_LIFETIME <= settings.CHAT_STREAM_HEARTBEAT:
        found.append(checks.Warning("CHAT_STREAM_LIFETIME should be longer than CHAT_STREAM_HEARTBEAT.",
                                    id="desk_chat.W001"))
    return found
