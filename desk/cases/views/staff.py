"""The desk's back office under /balie/desk/ (identity.middleware already demands a verified second factor).

Split in three: this module (shared helpers), staff_inbox (inbox, saved filters, logging a phone call)
and staff_case (a case and the actions on it). Every view asks the permission ``desk.handle_case``, and
every case is looked up through desk.cases.selectors.inbox.visible_cases, so department staff get a 404 for
cases of other departments.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache

from desk.cases.models import Case
from desk.cases.selectors.inbox import visible_cases

HANDLE = "desk.handle_case"


def staff_page(view):
    return never_cache(login_required(permission_required(HANDLE, raise_exception=True)(view),
                                      login_url="staff:login"))


def case_or_404(user, reference: str) -> Case:
    # get(), not first(): first() orders by -created_at, and with LIMIT 1 PostgreSQL may then walk the
    # created_at index instead of the unique reference index (17 ms instead of 0.1 ms on a million cases).
    try:
        return (visible_cases(user).select_related("category", "department", "assignee", "resident", "conversation",
                                                   "duplicate_of", "parent")
                .get(reference=reference))
    except Case.DoesNotExist:
        raise Http404("No such case") from None


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
