"""The chat for residents and visitors under /chat/ (namespace "chat")."""
from django.urls import path

from desk.channels.chat import views

app_name = "chat"
urlpatterns = [
    path("", views.page, name="page"),
    path("paneel/", views.panel, name="panel"),
    path("ophalen/", views.refresh, name="refresh"),
    path("bericht/", views.leave, name="leave"),
    path("bericht/verstuurd/<str:reference>/", views.left, name="left"),
    path("beeindigd/", views.ended, name="ended"),
    path("gesprek/<int:pk>/sinds/<int:last_id>/", views.since, name="since"),
    path("gesprek/<int:pk>/stroom/", views.events, name="events"),
    path("gesprek/<int:pk>/beeindigen/", views.end, name="end"),
    path("gesprek/<int:pk>/verslag.txt", views.transcript, name="transcript"),
]
