"""The embedded broker (common/patches/kombu.py) writes messages atomically, so a polling worker never
reads a half-written one, and creates its folders itself."""
from kombu import Connection

from common.patches import kombu as kombu_patch
from common.patches.kombu import Transport


def connection(folder):
    return Connection("filesystem://", transport=Transport, transport_options={
        "data_folder_in": str(folder), "data_folder_out": str(folder), "processed_folder": str(folder),
        "control_folder": str(folder / "control")})


def test_a_message_file_appears_complete_and_a_partial_file_is_never_read(tmp_path):
    (tmp_path / "1_unfinished.tasks.msg.part").write_bytes(b"")  # a write still in progress
    with connection(tmp_path) as conn:
        queue = conn.SimpleQueue("tasks")
        queue.put({"task": "desk.notifications.tasks.notify_case_update", "args": [7]})
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".msg.part") and "unfinished" not in p.name]
        message = queue.get(timeout=1)
        assert message.payload == {"task": "desk.notifications.tasks.notify_case_update", "args": [7]}
        message.ack()
        queue.close()
    assert (tmp_path / "1_unfinished.tasks.msg.part").exists()


def test_filesystem_urls_use_the_atomic_transport(tmp_path):
    kombu_patch.apply()
    with Connection("filesystem://", transport_options={"data_folder_in": str(tmp_path),
                                                         "data_folder_out": str(tmp_path),
                                                         "control_folder": str(tmp_path)}) as conn:
        assert isinstance(conn.transport, Transport)


def test_a_channel_creates_the_folders_its_options_name(tmp_path):
    """The settings only name the broker folders; the transport creates them when it opens a channel."""
    broker = tmp_path / "var" / "broker"
    options = {"data_folder_in": str(broker / "queue"), "data_folder_out": str(broker / "queue"),
               "processed_folder": str(broker / "processed"), "control_folder": str(broker / "control")}
    assert not broker.exists()
    with Connection("filesystem://", transport=Transport, transport_options=options) as conn:
        conn.channel().close()
        assert (broker / "queue").is_dir() and (broker / "control").is_dir()
        assert not (broker / "processed").exists()  # only used with store_processed
    with Connection("filesystem://", transport=Transport,
                    transport_options={**options, "store_processed": True}) as conn:
        conn.channel().close()
        assert (broker / "processed").is_dir()
