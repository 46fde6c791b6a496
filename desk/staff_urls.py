"""Staff URLs of the desk under /balie/desk/ (2FA enforced by identity.middleware)."""
from desk import urls_inbox
from desk.reports import urls as urls_reports

app_name = "desk_staff"
urlpatterns = urls_inbox.urlpatterns + urls_reports.urlpatterns
