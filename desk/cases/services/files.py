"""Files a case service stores (photos): removed again when the service fails, so nothing is half-saved.

Django has no on-rollback hook, so a service that stores files runs inside ``discard_files_on_error()``:
the files stored meanwhile are remembered, and deleted if the service raises. The innermost block owns
them; a rollback of an enclosing transaction after a successful service is not seen.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from desk.cases.models import Attachment, Case
from desk.conversations.models import ConversationMessage

# The files stored by each open discard_files_on_error() block, innermost last.
_blocks: ContextVar[tuple[list[str], ...]] = ContextVar("desk_stored_files", default=())


@contextmanager
def discard_files_on_error() -> Iterator[None]:
    """Around a service that stores files: if it raises, the files it stored are deleted again."""
    stored: list[str] = []
    token = _blocks.set((*_blocks.get(), stored))
    try:
        yield
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    finally:
        _blocks.reset(token)


def remember_stored(name: str) -> None:
    """A file was stored: the innermost discard_files_on_error() block deletes it if its service fails."""
    blocks = _blocks.get()
    if blocks:
        blocks[-1].append(name)


def save_photos(case: Case | None, photos: Iterable, *, message: ConversationMessage | None = None,
                name: Callable[[int], str] = lambda index: f"{uuid.uuid4().hex}.jpg") -> list[Attachment]:
    """Store processed photos (city.photos) on the case or message, the n-th (from 0) as ``name(n)``; run
    inside discard_files_on_error()."""
    saved = []
    for index, photo in enumerate(photos):
        attachment = Attachment(case=case, message=message, content_type=photo.content_type,
                                size=len(photo.content), sha256=photo.sha256, width=photo.width,
                                height=photo.height, gps_latitude=photo.gps[0] if photo.gps else None,
                                gps_longitude=photo.gps[1] if photo.gps else None)
        attachment.file.save(name(index), ContentFile(photo.content), save=False)
        remember_stored(attachment.file.name)
        attachment.save()
        saved.append(attachment)
    return saved
