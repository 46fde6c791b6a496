from django.urls import path

from . import health, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("mijn/", views.dashboard, name="dashboard"),
    path("gezondheid/", health.overview, name="health"),
    # Answered by portal.middleware.ProbeMiddleware before Host and SSL checks; listed for reverse() and
    # for a deployment that leaves the middleware out.
    path("gezondheid/live/", health.live, name="health_live"),
    path("gezondheid/ready/", health.ready, name="health_ready"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility"),
]
