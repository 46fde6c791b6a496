"""The project's URLs, with the mailbox mounted where the lead mounts it (if portal.urls does not yet)."""
from django.urls import URLResolver, include, path

from portal.urls import urlpatterns as project_urlpatterns

urlpatterns = list(project_urlpatterns)
if not any(isinstance(p, URLResolver) and p.namespace == "mailbox" for p in urlpatterns):
    urlpatterns.append(path("mijn/berichten/", include("mailbox.urls")))
