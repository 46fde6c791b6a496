"""Staff pages, mounted by the project at ``balie/attesten/`` (namespace ``certificate_staff``)."""
from django.urls import path

from . import staff_views

app_name = "certificate_staff"
urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("mislukt/", staff_views.failed, name="failed"),
    path("<uuid:public_id>/", staff_views.detail, name="detail"),
    path("<uuid:public_id>/goedkeuren/", staff_views.approve, name="approve"),
    path("<uuid:public_id>/weigeren/", staff_views.refuse, name="refuse"),
    path("<uuid:public_id>/vraag/", staff_views.ask_information, name="ask_information"),
    path("<uuid:public_id>/volmacht/", staff_views.mandate, name="mandate"),
    path("<uuid:public_id>/antwoord/", staff_views.answer_attachment, name="answer_attachment"),
    path("<uuid:public_id>/opnieuw/", staff_views.retry, name="retry"),
]
