"""The desk's back office under /balie/desk/ (identity.middleware already demands a verified second factor).

Split in three: this module (shared helpers), staff_inbox (inbox, saved filters, logging a phone call)
and staff_case (a case and the actions on it). Every view asks the permission ``desk.handle_case``, and
every case is looked up through desk.selectors.inbox.visible_cases, so department staff get a 404 for
cases of other departments.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache

from ..models import Case
from ..selectors.inbox import visible_cases

HANDLE = "desk.handle_case"


def staff_page(view):
    return never_cache(login_required(permission_required(HANDLE, raise_exception=True)(view),
                                      login_url="staff:login"))


def case_or_404(user, reference: str) -> Case:
    case = (visible_cases(user).select_related("category", "department", "assignee", "resident", "conversation",
                                               "duplicate_of", "parent")
            .filter(reference=reference).first())
    if case is None:
        raise Http404("No such case")
    return case


def public_map_url(case: Case) -> str | None:
    """The public page (or map) of a public case, when the public part of the desk offers one."""
    if not case.is_public:
        return None
    for name, args in (("desk:public_case", [case.reference]), ("desk:map", [])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None
