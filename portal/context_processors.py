from django.conf import settings

from city import branding
from identity.assist import public_computer
from identity.assist import services as assist

# Pages that remind people at a public computer to wipe it when they are done.
_REMINDER_PAGES = {"portal:home", "identity:sign_in", "assist:resident_start"}


def portal(request):
    """What every page's layout needs: the city's name, mark and colours, the idle-session timings and, at a
    public computer or in an assisted session, the "Klaar — alles wissen" button and who is helping."""
    mode = public_computer.detect(request)
    assisted = getattr(request, "assisted_session", None)
    timeout, warning = public_computer.idle_timeout(request), public_computer.idle_warning(request)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    user = getattr(request, "user", None)
    return {
        "CITY_NAME": settings.CITY_NAME,
        "CITY_LOGO": settings.CITY_LOGO,
        "CITY_THEMED": branding.is_custom(settings.CITY_COLOUR, settings.CITY_COLOUR_DARK),
        "SESSION_IDLE_TIMEOUT": timeout,
        "SESSION_IDLE_WARNING": warning,
        "SESSION_IDLE_MINUTES": max(1, timeout // 60),
        "SESSION_IDLE_WARNING_MINUTES": max(1, warning // 60),
        "PUBLIC_COMPUTER": mode,
        "ASSISTED_SESSION": assisted,
        "SHOW_FINISH_BUTTON": (mode is not None or assisted is not None) and view_name != "assist:finished",
        "SHOW_PUBLIC_REMINDER": mode is not None and view_name in _REMINDER_PAGES,
        # Called by the template only where it is used (staff navigation): one query, staff only.
        "IS_VOLUNTEER": lambda: user is not None and assist.may_help(user),
    }
