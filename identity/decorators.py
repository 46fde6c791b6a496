from functools import wraps

from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _


def resident_required(view):
    """Pages about one's own register data are for residents (signed in through the IdP) only."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not hasattr(request.user, "resident"):
            return HttpResponseForbidden(_("Deze pagina is alleen voor inwoners die zich aanmeldden met eID of itsme."))
        return view(request, *args, **kwargs)

    return wrapper
