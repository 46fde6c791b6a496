"""The VAPID key in every form the setting accepts, the development key, the header cache and the checks."""
import base64
import time

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import call_command
from py_vapid import Vapid

from bench.mockpush import MockPushState
from bench.mockpush.server import VapidError
from news.push import checks, vapid


@pytest.fixture
def key(tmp_path):
    generated = Vapid()
    generated.generate_keys()
    return generated


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forms_of(key, tmp_path):
    private = key.private_key
    pem = key.private_pem().decode()
    path = tmp_path / "vapid.pem"
    path.write_text(pem)
    raw = private.private_numbers().private_value.to_bytes(32, "big")
    der = private.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return {"pem string": pem, "pem file": str(path), "raw base64url": b64(raw), "der base64url": b64(der)}


def test_every_accepted_form_loads_the_same_key(key, tmp_path):
    expected = vapid.public_key_b64(key)
    for name, value in forms_of(key, tmp_path).items():
        assert vapid.public_key_b64(vapid.load_key(value)) == expected, name


def test_a_missing_file_is_not_silently_generated(tmp_path):
    # py-vapid's from_file would create a new key at a mistyped path; we refuse instead.
    with pytest.raises(ValueError):
        vapid.load_key(str(tmp_path / "typo.pem"))
    assert not (tmp_path / "typo.pem").exists()


def test_the_header_is_signed_once_per_push_service_origin_and_renewed_before_it_expires(settings):
    first = vapid.authorization_header("https://fcm.googleapis.com/fcm/send/a", now=1_000_000)
    again = vapid.authorization_header("https://fcm.googleapis.com/fcm/send/b", now=1_000_000 + 3600)
    other = vapid.authorization_header("https://updates.push.services.mozilla.com/wpush/v2/c", now=1_000_000)
    renewed = vapid.authorization_header("https://fcm.googleapis.com/fcm/send/a",
                                         now=1_000_000 + vapid.TOKEN_LIFETIME - 60)
    assert first == again
    assert other != first and renewed != first
    assert first.startswith("vapid t=") and f",k={vapid.public_key_b64()}" in first


def mock_state() -> MockPushState:
    state = MockPushState()
    state.origin = "http://127.0.0.1:9"
    return state


def test_the_mock_push_service_accepts_our_header_and_refuses_forgeries(settings):
    header = vapid.authorization_header("http://127.0.0.1:9/push/x")
    mock_state().check_vapid(header, vapid.public_key_b64(), now=time.time())  # no exception

    other = Vapid()
    other.generate_keys()
    token = header.split("t=")[1].split(",")[0]
    forged = f"vapid t={token},k={vapid.public_key_b64(other)}"  # someone else's key on our token
    with pytest.raises(VapidError, match="bad signature"):
        mock_state().check_vapid(forged, "", now=time.time())
    with pytest.raises(VapidError, match="aud"):
        mock_state().check_vapid(vapid.authorization_header("http://127.0.0.1:10/push/x"), "", now=time.time())
    with pytest.raises(VapidError, match="applicationServerKey") as refused:
        mock_state().check_vapid(header, vapid.public_key_b64(other), now=time.time())
    assert refused.value.status == 403


def test_development_key_is_generated_once_by_the_command(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    call_command("init_dev_vapid", verbosity=0)
    path = tmp_path / "keys" / "vapid-private.pem"
    content = path.read_bytes()
    call_command("init_dev_vapid", verbosity=0)
    assert path.read_bytes() == content
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    vapid.reset_caches()
    assert vapid.public_key_b64() == vapid.public_key_b64(vapid.load_key(str(path)))


def test_in_development_a_key_is_generated_on_first_use(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.DEBUG = True
    assert vapid.public_key_or_empty()
    assert (tmp_path / "keys" / "vapid-private.pem").exists()


def test_in_production_without_a_key_nothing_is_generated_and_the_check_warns(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.DEBUG = False
    assert vapid.public_key_or_empty() == ""
    assert not (tmp_path / "keys").exists()
    assert [w.id for w in checks.check_vapid_key(None)] == ["news_push.W001"]


def test_the_checks_warn_about_an_unusable_key_and_subject(settings):
    settings.DEBUG = False
    settings.WEBPUSH_VAPID_PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nbm9wZQ==\n-----END PRIVATE KEY-----"
    assert [w.id for w in checks.check_vapid_key(None)] == ["news_push.W002"]
    settings.WEBPUSH_VAPID_SUBJECT = ""
    settings.DEFAULT_FROM_EMAIL = "thuisloket@example.invalid"
    assert [w.id for w in checks.check_vapid_subject(None)] == ["news_push.W003"]
    settings.WEBPUSH_VAPID_SUBJECT = "mailto:communicatie@stad.be"
    assert checks.check_vapid_subject(None) == []


def test_the_mock_still_refuses_a_forgery_after_caching_the_real_header(settings):
    """The mock verifies a header once, like a push service: a tampered signature is another header."""
    state = mock_state()
    header = vapid.authorization_header("http://127.0.0.1:9/push/x")
    state.check_vapid(header, vapid.public_key_b64(), now=time.time())
    state.check_vapid(header, vapid.public_key_b64(), now=time.time())  # from the cache
    token, key = header.split("t=")[1].split(",k=")
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    with pytest.raises(VapidError, match="bad signature|malformed"):
        state.check_vapid(f"vapid t={tampered},k={key}", vapid.public_key_b64(), now=time.time())
    with pytest.raises(VapidError, match="expired"):
        state.check_vapid(header, vapid.public_key_b64(), now=time.time() + 2 * 86400)
