"""Handling reports of the contact desk under /balie/desk/rapporten/ (permission desk.view_handling_reports)."""
from django.urls import path

from desk.reports import views as reports

urlpatterns = [
    path("rapporten/", reports.handling_reports, name="reports"),
    path("rapporten/export.csv", reports.handling_reports_csv, name="reports_csv"),
    path("rapporten/gebeurtenissen.csv", reports.case_events_csv, name="reports_events_csv"),
]
