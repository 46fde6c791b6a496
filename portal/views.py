from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .models import WorkerHeartbeat


def home(request):
    return render(request, "portal/home.html")


@login_required
@never_cache
def dashboard(request):
    return render(request, "portal/dashboard.html", {"resident": getattr(request.user, "resident", None)})


@never_cache
def health(request):
    """For load balancers and operators: the database answers; when did a worker last report?"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    beat = WorkerHeartbeat.objects.order_by("-seen_at").first()
    fresh = bool(beat and timezone.now() - beat.seen_at < timedelta(minutes=5))
    return JsonResponse(
        {"database": "ok", "worker_seen_at": beat.seen_at.isoformat() if beat else None, "worker_recent": fresh}
    )
