"""The wizard's session storage, with its files in the configured storage and tracked per resident.

formtools keeps every file of every post of a step and forgets them when the session ends. Here a step's
files replace the ones posted before (deleted at once), each is saved under a random name in the default
storage (``STORAGES["default"]``) and recorded in ``certificates.uploads``, so the quota can count them and
the purge of abandoned drafts can find them even after the session is gone.
"""
from __future__ import annotations

from formtools.wizard.storage.session import SessionStorage

from . import uploads
from .mandates import storage_name


class TrackedSessionStorage(SessionStorage):
    """formtools' SessionStorage, as the certificate wizard's ``storage_name``.

    Its prefix, ``wizard_certificate_<type>``, names the certificate type."""

    def _resident(self):
        return self.request.user.resident

    def _names(self, steps=None) -> list[str]:
        wizard_files = self.data[self.step_files_key] or {}
        return [field["tmp_name"] for step, fields in wizard_files.items() if steps is None or step in steps
                for field in fields.values()]

    def set_step_files(self, step, files):
        """Replace the step's earlier files with these (already cleaned by the form)."""
        uploads.forget(self._names({step}))
        self.data[self.step_files_key][step] = {}
        for field, field_file in (files or {}).items():
            stored = uploads.keep(self._resident(), self.prefix.removeprefix("wizard_certificate_"), step,
                                  storage_name(field_file.name), field_file)
            self.data[self.step_files_key][step][field] = {
                "tmp_name": stored, "name": field_file.name, "content_type": field_file.content_type,
                "size": field_file.size, "charset": field_file.charset,
            }
        self.request.session.modified = True

    def get_step_files(self, step):
        """The step's files; one deleted meanwhile (by another tab's restart, or the purge) counts as not given."""
        fields = self.data[self.step_files_key].get(step) or {}
        for field, info in list(fields.items()):
            if not self.file_storage.exists(info["tmp_name"]):
                del fields[field]
        return super().get_step_files(step)

    def reset(self):
        """Forget the answers and delete the files now (formtools would only after the response)."""
        uploads.forget(self._names())
        self.init_data()
        return self.get_step_data(self.current_step)

