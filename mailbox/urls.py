from django.urls import path

from . import views

app_name = "mailbox"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("instellingen/", views.preferences, name="preferences"),
    path("<uuid:public_id>/", views.message_detail, name="message"),
    path("<uuid:public_id>/documenten/<uuid:document_id>/", views.download, name="download"),
]
