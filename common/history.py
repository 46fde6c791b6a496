"""Append-only histories (register reads, certificate status, case events, news post events).

A row is written once and never changed or deleted: ``save()`` of an existing row and ``delete()`` raise
``AppendOnlyError``; ``AppendOnlyQuerySet`` closes the bulk paths (``update()``, ``delete()``) that bypass
them, for histories that must not even be cleaned up in bulk.
"""
from django.db import models


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a row of an append-only history."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only.")


class AppendOnlyModel(models.Model):
    """Abstract base of a history row: written once, never changed or deleted one by one."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only.")
