"""The content calendar of the news channel (/balie/nieuws/), for the communication role."""
from django.urls import path

from .views import staff

app_name = "news_staff"

urlpatterns = [
    path("", staff.calendar, name="calendar"),
    path("nieuw/", staff.new_post, name="new"),
    path("<int:pk>/", staff.post_detail, name="post"),
    path("<int:pk>/bewerken/", staff.edit_post, name="edit"),
    path("<int:pk>/indienen/", staff.submit, name="submit"),
    path("<int:pk>/terugsturen/", staff.send_back, name="send_back"),
    path("<int:pk>/goedkeuren/", staff.approve, name="approve"),
    path("<int:pk>/inplannen/", staff.schedule, name="schedule"),
    path("<int:pk>/uit-de-planning/", staff.unschedule, name="unschedule"),
    path("<int:pk>/publiceren/", staff.publish, name="publish"),
    path("<int:pk>/crisis-publiceren/", staff.publish_crisis, name="publish_crisis"),
    path("<int:pk>/tweede-controle/", staff.second_check, name="second_check"),
    path("<int:pk>/intrekken/", staff.withdraw, name="withdraw"),
    path("<int:pk>/whatsapp/", staff.whatsapp_done, name="whatsapp_done"),
    path("<int:pk>/opnieuw/<str:channel>/", staff.retry_channel, name="retry_channel"),
    path("<int:pk>/vervolg/<str:kind>/", staff.follow_up, name="follow_up"),
    path("<int:pk>/cap.xml", staff.cap_preview, name="cap_preview"),
]
