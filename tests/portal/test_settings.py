"""Production settings refuse unsafe values; the quick start stays convenient."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.base",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "thuisloket.example.be",
    "NRN_HASH_KEY": "production-nrn-hash-key",
    "DATABASE_URL": "postgres://thuisloket@db.internal:5432/thuisloket",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "OIDC_RP_CLIENT_ID": "thuisloket",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_ISSUER": "https://idp.iamfas.belgium.be/fas/oauth2",
    "PUBLIC_BASE_URL": "https://thuisloket.example.be",
    "WEBPUSH_VAPID_SUBJECT": "mailto:communicatie@example.be",
    # The project ships no adapter for a real register yet: a production-like server declares the demo.
    "REGISTRY_ADAPTER_DEMO_ALLOWED": "1",
}


@pytest.fixture(scope="module", autouse=True)
def production_seal(tmp_path_factory):
    """A seal for the production-like environment (the real one comes from a trust service)."""
    from portal.management.commands.init_dev_seal import generate_dev_seal

    folder = tmp_path_factory.mktemp("seal")
    generate_dev_seal(folder, city="Stad Voorbeeld")
    PRODUCTION_ENV["SEAL_PKCS12_FILE"] = str(folder / "dev-seal.p12")
    PRODUCTION_ENV["SEAL_TRUST_ROOT_FILE"] = str(folder / "dev-ca.pem")
    PRODUCTION_ENV["WEBPUSH_VAPID_PRIVATE_KEY"] = vapid_key_pem()


def vapid_key_pem() -> str:
    """A VAPID key (P-256) as PEM, as a city would keep it in its secret store."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def run_check(env):
    ours = ("DJANGO_", "DATABASE_", "OIDC_", "REDIS_", "S3_", "WEB_", "REGISTRY_")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    clean.pop("CELERY_BROKER_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_identity_provider_or_hash_key_is_refused():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in {"OIDC_OP_ISSUER", "NRN_HASH_KEY"}}
    result = run_check(env)
    assert result.returncode != 0
    assert "thuisloket.E001" in result.stderr + result.stdout
    assert "thuisloket.E003" in result.stderr + result.stdout


def test_production_without_a_seal_is_refused():
    env = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("SEAL_")}
    result = run_check(env)
    assert result.returncode != 0
    assert "thuisloket.E010" in result.stderr + result.stdout


def test_production_on_plain_http_issuer_is_refused():
    result = run_check({**PRODUCTION_ENV, "OIDC_OP_ISSUER": "http://idp.example.be/op"})
    assert "thuisloket.E004" in result.stderr + result.stdout


def production_database(env):
    """The production settings' database entry, as the web process would build it from ``env``."""
    code = ("import json, django; django.setup(); from django.conf import settings; "
            "d = settings.DATABASES['default']; print(json.dumps([d['CONN_MAX_AGE'], d.get('OPTIONS', {})]))")
    ours = ("DJANGO_", "DATABASE_", "WEB_")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **PRODUCTION_ENV, **env},
                            capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_asgi_has_no_persistent_connections_and_the_pool_is_one_variable_away():
    assert production_database({"WEB_SERVER": "asgi"}) == [0, {"connect_timeout": 5}]
    assert production_database({"WEB_SERVER": "wsgi"})[0] == 60
    max_age, options = production_database({"DATABASE_POOL": "1", "DATABASE_POOL_MAX_SIZE": "4"})
    assert max_age == 0 and options["pool"] == {"min_size": 2, "max_size": 4, "timeout": 10}


def test_production_with_the_asgi_pool_passes_check_deploy():
    result = run_check({**PRODUCTION_ENV, "WEB_SERVER": "asgi", "DATABASE_POOL": "1"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_with_persistent_connections_under_asgi_is_refused():
    result = run_check({**PRODUCTION_ENV, "WEB_SERVER": "asgi", "DATABASE_CONN_MAX_AGE": "60"})
    assert "thuisloket.E021" in result.stderr + result.stdout


def test_s3_settings_build_a_private_path_style_client():
    """S3_* variables make the default storage a private S3 bucket (the client itself, not just its options)."""
    code = ("import django; django.setup(); from django.core.files.storage import default_storage as s; "
            "c = s.connection.meta.client; print(type(s._wrapped).__name__, s.bucket_name, s.default_acl, "
            "s.file_overwrite, c.meta.config.s3['addressing_style'], c.meta.config.signature_version, "
            "c.meta.endpoint_url)")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "S3_"))}, **PRODUCTION_ENV,
           "S3_BUCKET": "stad-thuisloket", "S3_ENDPOINT_URL": "http://minio.internal:9000", "S3_REGION": "eu-west-1",
           "S3_ACCESS_KEY_ID": "key", "S3_SECRET_ACCESS_KEY": "secret"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120, check=True)
    assert result.stdout.split() == ["S3Storage", "stad-thuisloket", "private", "False", "path", "s3v4",
                                     "http://minio.internal:9000"]
