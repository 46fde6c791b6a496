"""The back office of the desk under /balie/desk/ (namespace "desk_staff", see desk/staff_urls.py)."""
from django.urls import path

from desk.cases.views import staff_case, staff_inbox

urlpatterns = [
    path("", staff_inbox.inbox, name="inbox"),
    path("filters/bewaren/", staff_inbox.filter_save, name="filter_save"),
    path("filters/<int:pk>/verwijderen/", staff_inbox.filter_delete, name="filter_delete"),
    path("telefoon/", staff_inbox.phone, name="phone"),
    path("dossier/<str:reference>/", staff_case.case_detail, name="case"),
    path("dossier/<str:reference>/foto/<int:pk>/", staff_case.photo, name="photo"),
    path("dossier/<str:reference>/foto/<int:pk>/publiceren/", staff_case.photo_publish, name="photo_publish"),
    path("dossier/<str:reference>/toewijzen/", staff_case.assign, name="assign"),
    path("dossier/<str:reference>/zelf-nemen/", staff_case.take, name="take"),
    path("dossier/<str:reference>/notitie/", staff_case.note, name="note"),
    path("dossier/<str:reference>/antwoorden/", staff_case.reply, name="reply"),
    path("dossier/<str:reference>/status/", staff_case.change_state, name="change_state"),
    path("dossier/<str:reference>/doorsturen/", staff_case.forward, name="forward"),
    path("dossier/<str:reference>/samenvoegen/", staff_case.merge, name="merge"),
    path("dossier/<str:reference>/splitsen/", staff_case.split, name="split"),
]
