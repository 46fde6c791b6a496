"""The desk's back office under /balie/desk/ (2FA enforced by identity.middleware)."""
from django.urls import path

from desk.cases.views import staff_case, staff_inbox
from desk.reports import conversation_views
from desk.reports import views as report_views

app_name = "desk_staff"
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
    # Handling reports (permission desk.view_handling_reports).
    path("rapporten/", report_views.handling_reports, name="reports"),
    path("rapporten/export.csv", report_views.handling_reports_csv, name="reports_csv"),
    path("rapporten/gebeurtenissen.csv", report_views.case_events_csv, name="reports_events_csv"),
    path("gesprekken/cijfers/", conversation_views.conversation_report, name="conversation_report"),
]
