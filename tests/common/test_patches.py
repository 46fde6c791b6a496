"""common/patches/: every version guard refuses a library version its patch was not written for, and every
patch is in place in a running process (portal/celery.py applies them at start)."""
import importlib.metadata

import pytest

import common.patches
from certificates import signer
from common.patches import kombu as kombu_patch
from common.patches import pillow as pillow_patch
from common.patches import pyhanko as pyhanko_patch
from common.patches.versions import UnsupportedVersion, require

# (module, distribution, a version below the range, a version above it)
GUARDED = [
    (kombu_patch, "kombu", "5.3.7", "5.8.0"),
    (pillow_patch, "pillow", "9.5.0", "12.0.0"),
    (pyhanko_patch, "pyhanko", "0.24.0", "0.40.0"),
    (signer, "pyhanko", "0.24.0", "0.40.0"),  # not a patch, but guarded the same way (certificates/signer.py)
]


def pretend_installed(monkeypatch, distribution, fake):
    real = importlib.metadata.version

    def version(name):
        return fake if name.lower() == distribution else real(name)

    monkeypatch.setattr(importlib.metadata, "version", version)


@pytest.mark.parametrize(("module", "distribution", "too_old", "too_new"), GUARDED,
                         ids=[g[1] for g in GUARDED])
def test_each_guard_refuses_a_version_outside_its_range(monkeypatch, module, distribution, too_old, too_new):
    module.check_version()  # the installed version is supported
    for fake in (too_old, too_new, f"{too_new}rc1"):
        pretend_installed(monkeypatch, distribution, fake)
        with pytest.raises(UnsupportedVersion, match=rf"{module.__name__} was written for {distribution}.*{fake}"):
            module.check_version()


@pytest.mark.parametrize("module", [kombu_patch, pillow_patch, pyhanko_patch], ids=["kombu", "pillow", "pyhanko"])
def test_apply_refuses_too(monkeypatch, module):
    pretend_installed(monkeypatch, module.__name__.rsplit(".", 1)[1], "99.0")
    with pytest.raises(UnsupportedVersion):
        module.apply()


def test_a_missing_library_is_refused_as_well(monkeypatch):
    def version(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    with pytest.raises(UnsupportedVersion, match="not installed"):
        require("kombu", ">=5.4", patch="common.patches.kombu")


def test_the_patches_were_applied_at_start():
    assert common.patches._applied  # portal/celery.py, imported by portal/__init__.py


def test_filesystem_broker_urls_use_the_patched_transport(tmp_path):
    from kombu import Connection
    from kombu.transport import TRANSPORT_ALIASES

    assert TRANSPORT_ALIASES["filesystem"] == "common.patches.kombu:Transport"
    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path), "control_folder": str(tmp_path)}
    with Connection("filesystem://", transport_options=options) as conn:
        assert isinstance(conn.transport, kombu_patch.Transport)


def test_strict_image_decoding_switches_truncated_loading_off_and_back():
    from PIL import ImageFile

    original = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        ImageFile.LOAD_TRUNCATED_IMAGES = True  # as WeasyPrint leaves it
        with pillow_patch.strict_image_decoding():
            assert ImageFile.LOAD_TRUNCATED_IMAGES is False
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True
        with pytest.raises(ValueError), pillow_patch.strict_image_decoding():
            raise ValueError("a broken upload")
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # restored on errors too
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = original
