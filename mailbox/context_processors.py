from . import selectors


def unread(request):
    """``MAILBOX_UNREAD`` for the navigation badge, for signed-in residents only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    resident = getattr(user, "resident", None)
    if resident is None:
        return {}
    return {"MAILBOX_UNREAD": selectors.unread_count(resident)}
