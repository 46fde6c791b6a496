from django.conf import settings


def portal(request):
    """What every page's layout needs: the city's name and the idle-session timings."""
    return {
        "CITY_NAME": settings.CITY_NAME,
        "SESSION_IDLE_TIMEOUT": settings.SESSION_IDLE_TIMEOUT,
        "SESSION_IDLE_WARNING": settings.SESSION_IDLE_WARNING,
        "SESSION_IDLE_MINUTES": max(1, settings.SESSION_IDLE_TIMEOUT // 60),
        "SESSION_IDLE_WARNING_MINUTES": max(1, settings.SESSION_IDLE_WARNING // 60),
    }
