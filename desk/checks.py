"""System checks of the contact desk (registered when DeskConfig.ready imports this module)."""
from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from common import throttle
from desk.channels.email.mailboxes import MailboxConfigError, parse_mailbox_url
from desk.routing.terms import active_matrix


@checks.register("desk")
def check_inbound_mailbox(app_configs, **kwargs):
    """DESK_INBOUND_MAILBOX must be a maildir:// or imaps:// URL the fetcher can use."""
    url = getattr(settings, "DESK_INBOUND_MAILBOX", "")
    if not url:
        return []
    try:
        location = parse_mailbox_url(url)
    except MailboxConfigError as exc:
        return [checks.Warning(
            f"DESK_INBOUND_MAILBOX cannot be used: {exc}.",
            hint="Use maildir:///path/to/Maildir or imaps://user:password@host:993/INBOX (percent-encode "
                 "special characters in the user and password). E-mail to the desk is not read until it is fixed.",
            id="desk.W001")]
    if location.scheme == "maildir":
        from pathlib import Path

        root = Path(location.path)
        if not (root / "new").is_dir() or not (root / "cur").is_dir():
            return [checks.Warning(
                "DESK_INBOUND_MAILBOX points at a folder that is not a Maildir (it needs new/ and cur/).",
                hint="Check the path, or let the mail server create the Maildir first.", id="desk.W002")]
    return []


@checks.register("desk", checks.Tags.database)
def check_published_matrix(app_configs, **kwargs):
    """Without a published response matrix, new cases get no department from it and no terms."""
    try:
        matrix = active_matrix()
    except DatabaseError:  # not migrated yet
        return []
    if matrix is None:
        return [checks.Warning(
            "No response matrix is published: new cases get no response terms and go to the default department.",
            hint="Publish a version in the admin (Antwoordmatrices → Publiceren) or run manage.py load_desk_demo "
                 "for the demo configuration.",
            id="desk.W003")]
    return []


@checks.register("desk")
def check_rates(app_configs, **kwargs):
    """The desk's rates must read like "10/h" (a wrong one would otherwise fail at the first request)."""
    found = []
    for name, default in (("DESK_SUBMIT_RATE", "10/h"), ("OPEN311_POST_RATE", "60/m")):
        try:
            throttle.parse_rate(getattr(settings, name, default))
        except ValueError:
            found.append(checks.Error(f"{name} is not a rate like '10/h' or '5/15m'.", id="desk.E001"))
    return found


@checks.register("desk")
def check_default_department(app_configs, **kwargs):
    """DESK_DEFAULT_DEPARTMENT names the department that gets a case nothing else routes."""
    if not getattr(settings, "DESK_DEFAULT_DEPARTMENT", ""):
        return [checks.Warning("DESK_DEFAULT_DEPARTMENT is empty: cases that match no routing rule and no term get "
                               "no department.", hint="Set it to the code of the contact centre's department.",
                               id="desk.W004")]
    return []
