"""Reading the one address's mailbox (``settings.DESK_INBOUND_MAILBOX``) and filing its new messages.

* ``maildir:///var/mail/1777/Maildir`` — a Maildir on this machine (e.g. delivered by the local MTA).
  New messages are those in ``new/`` and those in ``cur/`` without the Seen flag. A message that was
  handled is *moved* to ``cur/`` with the Seen flag (``cur/<name>:2,S``), never deleted: the original stays
  on disk for the mail administrator, and a second run does not see it again.
* ``imaps://user:password@host:993/INBOX`` — an IMAP mailbox over TLS (``imapclient``). Only UNSEEN
  messages are fetched (with BODY.PEEK, so fetching marks nothing); a message gets ``\\Seen`` only after its
  case or conversation message was committed. User and password may be percent-encoded.

Every message is handled at most once: a handled message is marked, and a message the desk already stored
is ignored (``desk.channels.email.filing``), so a crash between the commit and the marking or two fetches at
once add nothing. A message that fails for an unexpected reason (the database is down, say) stays unmarked
and is tried again next time.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

# Through the module, not its names: MAX_MESSAGE_BYTES is one limit for the fetch and the filing alike.
from desk.channels.email import filing

logger = logging.getLogger(__name__)


class MailboxConfigError(ValueError):
    """DESK_INBOUND_MAILBOX cannot be used."""


@dataclass
class MailboxLocation:
    scheme: str  # "maildir" or "imaps"
    path: str = ""
    host: str = ""
    port: int = 993
    username: str = ""
    password: str = ""
    folder: str = "INBOX"


def parse_mailbox_url(url: str) -> MailboxLocation:
    """Read ``maildir:///path`` or ``imaps://user:password@host[:port]/FOLDER``; raise MailboxConfigError."""
    parts = urlsplit((url or "").strip())
    if parts.scheme == "maildir":
        path = unquote(f"{parts.netloc}{parts.path}")
        if not path.startswith("/"):
            raise MailboxConfigError("a maildir URL needs an absolute path: maildir:///path/to/Maildir")
        return MailboxLocation("maildir", path=path)
    if parts.scheme == "imaps":
        try:
            port = parts.port or 993
        except ValueError as exc:
            raise MailboxConfigError("the IMAP port is not a number") from exc
        if not parts.hostname:
            raise MailboxConfigError("an imaps URL needs a host: imaps://user:password@host:993/INBOX")
        if not parts.username or parts.password is None:
            raise MailboxConfigError("an imaps URL needs a user and a password: imaps://user:password@host/INBOX")
        return MailboxLocation("imaps", host=parts.hostname, port=port, username=unquote(parts.username),
                               password=unquote(parts.password), folder=unquote(parts.path.lstrip("/")) or "INBOX")
    raise MailboxConfigError("use maildir:///path/to/Maildir or imaps://user:password@host:993/INBOX")




# The Maildir layout is read directly (new/, cur/, "<unique>:2,<flags>"): the stdlib module ``mailbox`` is
# shadowed by this project's ``mailbox`` app, and renaming a file is all that marking a message takes.
MAILDIR_COLON = ":"


def _maildir_flags(name: str, colon: str) -> str:
    info = name.rsplit(colon, 1)[1] if colon in name else ""
    return info[2:] if info.startswith("2,") else ""


def fetch_maildir(path: str | os.PathLike) -> int:
    """Handle the unseen messages of a Maildir; each handled one moves to cur/ with the Seen flag.

    Returns the number of messages that became a case or were added to one.
    """
    root = Path(path)
    if not (root / "new").is_dir() or not (root / "cur").is_dir():
        raise MailboxConfigError(f"{root} is not a Maildir (it needs new/ and cur/)")
    colon = MAILDIR_COLON
    pending = []
    for subdir in ("new", "cur"):
        for entry in os.scandir(root / subdir):
            if entry.name.startswith(".") or not entry.is_file():
                continue
            if subdir == "cur" and "S" in _maildir_flags(entry.name, colon):
                continue
            pending.append((entry.stat().st_mtime, subdir, entry.name))
    handled = 0
    for _mtime, subdir, name in sorted(pending):
        source = root / subdir / name
        try:
            size = source.stat().st_size
            if size > filing.MAX_MESSAGE_BYTES:
                logger.warning("e-mail of %s bytes skipped: larger than %s bytes", size, filing.MAX_MESSAGE_BYTES)
                outcome = filing.TOO_LARGE
            else:
                outcome = filing.process_message(source.read_bytes())
        except FileNotFoundError:
            continue  # another fetch took it
        if outcome not in filing.FINAL:
            continue
        handled += outcome in (filing.CREATED, filing.THREADED)
        unique = name.rsplit(colon, 1)[0] if colon in name else name
        flags = "".join(sorted(set(_maildir_flags(name, colon)) | {"S"}))
        try:
            os.replace(source, root / "cur" / f"{unique}{colon}2,{flags}")
        except FileNotFoundError:
            pass
    return handled


def open_imap_client(location: MailboxLocation):
    """A connection to the IMAP server over TLS (not logged in yet); tests put a fake server here."""
    from imapclient import IMAPClient

    return IMAPClient(location.host, port=location.port, ssl=True, timeout=60)


def fetch_imap(location: MailboxLocation) -> int:
    """Handle the UNSEEN messages of an IMAP folder; \\Seen is set only after a message was handled."""
    from imapclient import SEEN

    handled = 0
    client = open_imap_client(location)
    try:
        client.login(location.username, location.password)
        client.select_folder(location.folder)
        uids = client.search(["UNSEEN"])
        if not uids:
            return 0
        sizes = client.fetch(uids, ["RFC822.SIZE"])
        for uid in uids:
            size = sizes.get(uid, {}).get(b"RFC822.SIZE", 0)
            if size > filing.MAX_MESSAGE_BYTES:
                logger.warning("e-mail uid %s of %s bytes skipped: larger than %s bytes", uid, size,
                               filing.MAX_MESSAGE_BYTES)
                outcome = filing.TOO_LARGE
            else:
                fetched = client.fetch([uid], ["BODY.PEEK[]"]).get(uid, {})
                raw = fetched.get(b"BODY[]")
                if raw is None:
                    continue  # deleted meanwhile
                outcome = filing.process_message(raw)
            if outcome in filing.FINAL:
                client.add_flags([uid], [SEEN])
                handled += outcome in (filing.CREATED, filing.THREADED)
    finally:
        try:
            client.logout()
        except Exception:
            logger.debug("IMAP logout failed", exc_info=True)
    return handled


def fetch_mailbox(url: str) -> int:
    """Handle the new messages of the mailbox at ``url``; returns the number that became or joined a case."""
    location = parse_mailbox_url(url)
    if location.scheme == "maildir":
        return fetch_maildir(location.path)
    return fetch_imap(location)


def fetch_configured_mailbox() -> int:
    """Read settings.DESK_INBOUND_MAILBOX (nothing to do when it is empty); returns the messages handled."""
    url = getattr(settings, "DESK_INBOUND_MAILBOX", "")
    if not url:
        return 0
    return fetch_mailbox(url)
