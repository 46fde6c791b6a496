"""Public and resident URLs of the desk (mounted at the site root; every path names its own prefix)."""
from desk import urls_external, urls_public, urls_resident

app_name = "desk"
urlpatterns = urls_resident.urlpatterns + urls_public.urlpatterns + urls_external.urlpatterns
