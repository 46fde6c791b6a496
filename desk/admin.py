"""Django's admin finds an app's models in ``<app>.admin``: the desk's are registered by its parts."""
from desk.cases import admin as cases_admin
from desk.cases.open311 import admin as open311_admin
from desk.routing import admin as routing_admin

__all__ = ["cases_admin", "open311_admin", "routing_admin"]
