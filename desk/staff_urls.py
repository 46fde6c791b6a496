"""Staff URLs of the desk under /balie/desk/ (2FA enforced by identity.middleware)."""
from . import urls_inbox, urls_reports

app_name = "desk_staff"
urlpatterns = urls_inbox.urlpatterns + urls_reports.urlpatterns
