from django.db import models


class WorkerHeartbeat(models.Model):
    """Written by a beat-scheduled task; the health page tells operators whether workers run."""

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.hostname} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
