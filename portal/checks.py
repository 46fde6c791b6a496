"""Portal-wide system checks for production (run by ``manage.py check --deploy``)."""
from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.database, deploy=True)
def check_production_database(app_configs, **kwargs):
    if not settings.DEBUG and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return [checks.Warning(
            "Production runs on SQLite.",
            hint="Set DATABASE_URL to a PostgreSQL database (postgres://user:password@host:5432/name).",
            id="thuisloket.W001",
        )]
    return []
