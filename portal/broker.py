"""The embedded broker: kombu's filesystem transport, with messages written atomically.

kombu's own ``_put`` creates the message file and only then locks and writes it, while ``_get`` moves
and reads files without taking that lock: a consumer polling at the wrong moment reads an empty file and
the worker dies with "Unrecoverable error: JSONDecodeError". Writing to a temporary name the consumer
ignores and renaming it into place (atomic on one file system) closes that window.

The channel also creates the folders its transport options name, when it is created: the settings only
name them, so importing the settings creates nothing on disk.
"""
import os
import uuid
from time import monotonic

from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._make_folders()

    def _make_folders(self) -> None:
        """Create the folders named in the transport options (kombu's relative defaults are left alone)."""
        options = self.transport_options
        names = ["data_folder_in", "data_folder_out", "control_folder"]
        if self.store_processed:
            names.append("processed_folder")
        for name in names:
            if options.get(name):
                os.makedirs(options[name], exist_ok=True)

    def _put(self, queue, payload, **kwargs):
        filename = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, filename)
        partial = f"{final}.part"  # "<n>_<uuid>.<queue>.msg.part": not a "<queue>.msg" file to _get
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise filesystem.ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel


def use_atomic_filesystem_transport() -> None:
    """Make ``filesystem://`` broker URLs use this transport (kombu's documented alias table)."""
    TRANSPORT_ALIASES["filesystem"] = "portal.broker:Transport"
