"""kombu's filesystem transport (the embedded broker of the quick start and the tests), with messages
written atomically and its folders created on first use.

Why: kombu's own ``Channel._put`` creates the message file and only then locks and writes it, while
``_get`` moves and reads files without taking that lock: a consumer polling at the wrong moment reads
an empty file and the worker dies with "Unrecoverable error: JSONDecodeError". Writing to a temporary
name the consumer ignores and renaming it into place (atomic on one file system) closes that window.
The channel also creates the folders its transport options name when it is created, so the settings
only name them (portal/settings/dev.py, test.py).

How: a ``Transport`` subclass, and :func:`apply` points kombu's documented alias table at it, so every
``filesystem://`` broker URL uses it. Production brokers (Redis) are not touched.

Written for kombu 5.4 to 5.7 (``_put`` is a private method; pin in pyproject.toml).
"""
import os
import uuid
from time import monotonic

from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

from .versions import require

SUPPORTED = ">=5.4,<5.8"
ALIAS = "common.patches.kombu:Transport"


class Channel(filesystem.Channel):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._make_folders()  # PATCHED: kombu expects the folders to exist

    def _make_folders(self) -> None:
        """Create the folders named in the transport options (kombu's relative defaults are left alone)."""
        options = self.transport_options
        names = ["data_folder_in", "data_folder_out", "control_folder"]
        if self.store_processed:
            names.append("processed_folder")
        for name in names:
            if options.get(name):
                os.makedirs(options[name], exist_ok=True)

    def _put(self, queue, payload, **kwargs):  # PATCHED: replaces kombu's non-atomic _put
        filename = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, filename)
        partial = f"{final}.part"  # "<n>_<uuid>.<queue>.msg.part": not a "<queue>.msg" file to _get
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)  # PATCHED: the message appears complete or not at all
        except OSError as exc:
            raise filesystem.ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel


def check_version() -> None:
    require("kombu", SUPPORTED, patch=__name__)


def apply() -> None:
    """Make ``filesystem://`` broker URLs use this transport (kombu's documented alias table)."""
    check_version()
    TRANSPORT_ALIASES["filesystem"] = ALIAS  # PATCHED
