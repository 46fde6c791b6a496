"""Our keys as a relying party: the key file command, rotation with overlap, and what check --deploy refuses."""
import json
import os
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from jwcrypto import jwk

from identity.checks import check_rp_keys
from identity.oidc import rp_keys
from portal.settings.env import env_words


def make_keys(path, *actions, bits=2048):
    for action in actions:
        call_command("oidc_rp_keys", action, file=str(path), bits=bits, stdout=open(os.devnull, "w"),
                     stderr=open(os.devnull, "w"))
    return rp_keys.read_key_file(path)


def test_create_writes_one_sig_and_one_enc_key_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "keys.json"
    keys = make_keys(path, "create")
    assert sorted(key["use"] for key in keys) == ["enc", "sig"]
    assert all(key["kid"] and key["d"] and rp_keys.rsa_bits(key) == 2048 for key in keys)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(CommandError):
        make_keys(path, "create")  # never overwrite the keys in use by accident


def test_rotate_publishes_new_keys_at_once_and_switches_after_the_overlap(tmp_path):
    path = tmp_path / "keys.json"
    old = {key["use"]: key["kid"] for key in make_keys(path, "create")}
    raw = make_keys(path, "rotate")
    new = {key["use"]: key["kid"] for key in raw[:2]}
    now = time.time()

    during = rp_keys.select(raw, now)
    assert {key["kid"] for key in during.published} == {*old.values(), *new.values()}
    assert set(during.enc) == {old["enc"], new["enc"]}  # both still decrypt
    assert during.signing_key.get("kid") == old["sig"]  # the provider may not know the new one yet

    after = rp_keys.select(raw, now + 25 * 3600)
    assert {key["kid"] for key in after.published} == set(new.values())
    assert set(after.enc) == {new["enc"]}
    assert after.signing_key.get("kid") == new["sig"]


def test_a_second_rotation_after_the_overlap_removes_the_retired_keys(tmp_path):
    path = tmp_path / "keys.json"
    first = make_keys(path, "create")
    make_keys(path, "rotate")
    keys = rp_keys.read_key_file(path)
    for key in keys:
        if key.get("retire_after"):
            key["retire_after"] = int(time.time()) - 1
    rp_keys.write_key_file(path, keys)
    kids = {key["kid"] for key in make_keys(path, "rotate")}
    assert not kids & {key["kid"] for key in first}


def test_a_key_file_without_private_parts_or_kids_is_refused(tmp_path):
    raw = make_keys(tmp_path / "keys.json", "create")
    public_only = [{name: key[name] for name in ("kty", "kid", "use", "n", "e")} for key in raw]
    with pytest.raises(rp_keys.KeyFileError):
        rp_keys.select(public_only)
    with pytest.raises(rp_keys.KeyFileError):
        rp_keys.select([{k: v for k, v in key.items() if k != "kid"} for key in raw])


@pytest.fixture
def high_assurance(settings, tmp_path):
    settings.OIDC_RP_CLIENT_AUTH_METHOD = "private_key_jwt"
    settings.OIDC_RP_REQUEST_OBJECT = "signed_encrypted"
    settings.OIDC_RP_REQUIRE_ENCRYPTED_TOKENS = True
    settings.OIDC_RP_PRIVATE_JWKS_FILE = str(tmp_path / "keys.json")
    make_keys(tmp_path / "keys.json", "create")
    return settings


def messages(errors) -> str:
    assert all(error.id == "thuisloket.E007" for error in errors)
    return " ".join(error.msg for error in errors)


def test_a_consistent_set_up_passes(high_assurance):
    assert check_rp_keys() == []


def test_the_client_secret_profile_needs_no_key_file(settings):
    settings.OIDC_RP_CLIENT_AUTH_METHOD = "client_secret_post"
    settings.OIDC_RP_REQUEST_OBJECT = "none"
    settings.OIDC_RP_REQUIRE_ENCRYPTED_TOKENS = False
    settings.OIDC_RP_PRIVATE_JWKS_FILE = ""
    assert check_rp_keys() == []


def test_private_key_jwt_without_a_key_file_is_refused(high_assurance):
    high_assurance.OIDC_RP_PRIVATE_JWKS_FILE = ""
    assert "OIDC_RP_PRIVATE_JWKS_FILE is not set" in messages(check_rp_keys())


@pytest.mark.parametrize("missing", ["sig", "enc"])
def test_a_missing_key_use_is_refused(high_assurance, missing):
    path = high_assurance.OIDC_RP_PRIVATE_JWKS_FILE
    rp_keys.write_key_file(path, [key for key in rp_keys.read_key_file(path) if key["use"] != missing])
    assert ("no signing key" if missing == "sig" else "no \"use\": \"enc\" key") in messages(check_rp_keys())


def test_a_key_file_readable_by_others_is_refused(high_assurance):
    os.chmod(high_assurance.OIDC_RP_PRIVATE_JWKS_FILE, 0o644)
    assert "readable by its group or others" in messages(check_rp_keys())


def test_keys_under_2048_bits_are_refused(high_assurance):
    path = high_assurance.OIDC_RP_PRIVATE_JWKS_FILE
    weak = json.loads(jwk.JWK.generate(kty="RSA", size=1024, kid="weak", use="enc").export_private())
    rp_keys.write_key_file(path, [*rp_keys.read_key_file(path), weak])
    assert "keys under 2048 bits: weak" in messages(check_rp_keys())


def test_the_command_refuses_weak_keys(tmp_path):
    with pytest.raises(CommandError):
        make_keys(tmp_path / "keys.json", "create", bits=1024)


@pytest.mark.parametrize("written", [
    "urn:a,urn:b", "urn:a urn:b", "urn:a, urn:b", " urn:a\turn:b ",
])
def test_min_acr_accepts_commas_and_spaces(monkeypatch, written):
    monkeypatch.setenv("OIDC_MIN_ACR", written)
    assert env_words("OIDC_MIN_ACR") == ["urn:a", "urn:b"]
