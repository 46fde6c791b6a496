"""``manage.py celery_alive worker|beat``: exit 0 while the worker (or beat) keeps its heartbeat file fresh.

The container health check of the worker and beat (docs/OPERATIONS.md, "Health"); see portal.heartbeat.
"""
from django.core.management.base import BaseCommand, CommandError

from portal import heartbeat


class Command(BaseCommand):
    help = "Exit 0 when the Celery worker or beat of this container touched its heartbeat file recently."
    requires_system_checks: list = []  # a health check every 30 s: no system checks, no database

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=heartbeat.KINDS)
        parser.add_argument("--max-age", type=float, default=None,
                            help="seconds the file may be old (default: 90 for worker, 180 for beat)")

    def handle(self, *args, kind, max_age, **options):
        limit = heartbeat.MAX_AGE_SECONDS[kind] if max_age is None else max_age
        seen = heartbeat.age(kind)
        if seen is None:
            raise CommandError(f"{kind}: no heartbeat file at {heartbeat.heartbeat_file(kind)}")
        if seen > limit:
            raise CommandError(f"{kind}: heartbeat {seen:.0f} s old (allowed {limit:.0f} s)")
        self.stdout.write(f"{kind}: alive (heartbeat {seen:.0f} s old)")
