import sys
from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

# The accessibility statement: when it was drawn up and last reviewed (change these when it is reviewed again).
STATEMENT_PREPARED_ON = date(2026, 11, 23)
STATEMENT_REVIEWED_ON = date(2026, 11, 23)
VLAAMSE_OMBUDSDIENST_URL = "https://www.vlaamseombudsdienst.be"


def bad_request(request, exception=None):
    """The Dutch 400 page in the portal's layout (Django's handler400, and RefuseNulBytesMiddleware's answer)."""
    return render(request, "400.html", status=400)


def server_error(request):
    """The Dutch 500 page, rendered without the database (Django's handler500).

    While the database cannot be reached the answer is 503 with Retry-After: an outage that passes, which a
    load balancer and a browser may retry; every service is one transaction, so nothing was half-saved.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):  # called while Django handles it
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


def home(request):
    return render(request, "portal/home.html")


@login_required
@never_cache
def dashboard(request):
    return render(request, "portal/dashboard.html", {"resident": getattr(request.user, "resident", None)})


def accessibility_statement(request):
    """The toegankelijkheidsverklaring, after the Flemish model statement (EU directive 2016/2102)."""
    contact_email = getattr(settings, "ACCESSIBILITY_CONTACT_EMAIL", "") or settings.DEFAULT_FROM_EMAIL
    return render(request, "portal/accessibility.html", {
        "prepared_on": STATEMENT_PREPARED_ON,
        "reviewed_on": STATEMENT_REVIEWED_ON,
        "contact_email": contact_email,
        "site_url": request.build_absolute_uri("/"),
        "ombudsdienst_url": VLAAMSE_OMBUDSDIENST_URL,
    })
