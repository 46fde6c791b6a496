from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),  # two factors too: admin.site is a portal.admin_site.StaffAdminSite
    path("oidc/", include("identity.oidc.urls")),
    path("mijn/berichten/", include("mailbox.urls")),
    path("verifieer/", include("certificates.verify_urls")),
    path("mijn/aanvragen/", include("certificates.urls")),
    path("balie/attesten/", include("certificates.staff_urls")),
    path("balie/desk/gesprekken/", include("desk.channels.chat.staff_urls")),
    path("balie/desk/", include("desk.staff_urls")),
    path("balie/nieuws/", include("news.staff_urls")),
    path("nieuws/", include("news.urls")),
    path("chat/", include("desk.channels.chat.urls")),
    path("whatsapp/", include("desk.channels.whatsapp.urls")),
    path("meldingen/tevredenheid/", include("desk.feedback.urls")),
    path("open311/", include("desk.cases.open311.urls")),
    path("", include("desk.urls")),
    path("balie/", include("identity.staff_urls")),
    path("", include("identity.assist_urls")),  # /helpen/ (volunteers, guides) and /klaar/ (alles wissen)
    path("", include("identity.urls")),
    path("", include("portal.page_urls")),
]

handler400 = "portal.views.bad_request"  # in the portal's layout, with the request (Django's has neither)
handler500 = "portal.views.server_error"  # 503 while the database is unreachable

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
