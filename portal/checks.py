"""Portal-wide system checks: production set-up (``manage.py check --deploy``) and the city's identity."""
from django.conf import settings
from django.core import checks

from city import branding


@checks.register(checks.Tags.database, deploy=True)
def check_production_database(app_configs, **kwargs):
    if not settings.DEBUG and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return [checks.Warning(
            "Production runs on SQLite.",
            hint="Set DATABASE_URL to a PostgreSQL database (postgres://user:password@host:5432/name).",
            id="thuisloket.W001",
        )]
    return []


@checks.register()
def check_city_identity(app_configs, **kwargs):
    """The city's colours keep WCAG AA contrast (4.5:1) and its mark exists: told at start-up, not by a resident."""
    from django.contrib.staticfiles import finders

    found = []
    for name in ("CITY_COLOUR", "CITY_COLOUR_DARK"):
        value = getattr(settings, name)
        try:
            problems = branding.contrast_problems(value)
        except branding.ColourError as exc:
            found.append(checks.Warning(
                f"{name} is not a colour: {exc}. The layout keeps its own colours.",
                hint="Write it as #rrggbb, e.g. THUISLOKET_CITY_COLOUR=#00507a.", id="thuisloket.W020"))
            continue
        if problems:
            found.append(checks.Warning(
                f"{name} {value} has too little contrast for WCAG 2.1 AA (4.5:1): {'; '.join(problems)}.",
                hint="Choose a darker shade; https://webaim.org/resources/contrastchecker/ measures it.",
                id="thuisloket.W021"))
    if not finders.find(settings.CITY_LOGO):
        found.append(checks.Warning(
            f"The city's mark {settings.CITY_LOGO!r} is not among the static files.",
            hint="Put it in THUISLOKET_CITY_STATIC_DIR or set THUISLOKET_CITY_LOGO to a static path.",
            id="thuisloket.W022"))
    return found
