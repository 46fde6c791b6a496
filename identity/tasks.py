from celery import shared_task
from django.core.management import call_command


@shared_task(name="identity.tasks.purge_expired_sessions", ignore_result=True)
def purge_expired_sessions() -> None:
    """Expired sessions hold who was signed in where; do not keep them longer than needed."""
    call_command("clearsessions")
