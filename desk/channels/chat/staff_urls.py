""""Gesprekken" in the back office under /balie/desk/gesprekken/ (namespace "chat_staff")."""
from django.urls import path

from desk.channels.chat import staff_views as views

app_name = "chat_staff"
urlpatterns = [
    path("", views.conversations, name="list"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/antwoorden/", views.answer, name="answer"),
    path("<int:pk>/overnemen/", views.take, name="take"),
    path("<int:pk>/dienst/", views.assign, name="assign"),
    path("<int:pk>/afsluiten/", views.close, name="close"),
    path("<int:pk>/zaak/", views.convert, name="convert"),
    path("<int:pk>/foto/<int:attachment>/", views.photo, name="photo"),
    path("<int:pk>/sinds/<int:last_id>/", views.since, name="since"),
    path("<int:pk>/stroom/", views.events, name="events"),
]
