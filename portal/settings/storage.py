"""Where the portal keeps files: local disk (``MEDIA_ROOT``) by default, an S3-compatible object store when
``S3_BUCKET`` is set (django-storages, the ``thuisloket[s3]`` extra).

Every file the portal keeps (sealed certificates and mailbox documents, mandates, wizard uploads, report
photos, chat and case attachments) goes through ``STORAGES["default"]`` and is read back with
``storage.open()``: nothing asks for a local path, so several web and worker processes on several machines
share the files as soon as the default storage is the object store. Those files are personal: the bucket
is private (``private`` ACL, no public domain), the portal streams every file through a view that checks
who asks, and a presigned URL (if one is ever made) lives ``S3_URL_EXPIRE_SECONDS``. Static files are not
here: they are in the image or checkout, served by WhiteNoise.
"""
from django.core.exceptions import ImproperlyConfigured

from .core import STORAGES
from .env import env_int, env_str

S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    try:
        from botocore.config import Config
    except ImportError as exc:  # pragma: no cover - the message is the point
        raise ImproperlyConfigured("S3_BUCKET is set, but django-storages is not installed: "
                                   "install Thuisloket with its s3 extra (pip install 'thuisloket[s3]').") from exc
    S3_ENDPOINT_URL = env_str("S3_ENDPOINT_URL")  # empty: Amazon S3 itself
    # Path-style by default for other object stores (MinIO, Ceph, Garage: no wildcard DNS needed).
    S3_ADDRESSING_STYLE = env_str("S3_ADDRESSING_STYLE", "path" if S3_ENDPOINT_URL else "auto")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL,
            # Empty keys: boto3's own chain (AWS_* variables, a web identity token, an instance role).
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "region_name": env_str("S3_REGION"),
            "location": env_str("S3_PREFIX", ""),
            "default_acl": "private",
            "custom_domain": None,
            "querystring_auth": True,
            "querystring_expire": env_int("S3_URL_EXPIRE_SECONDS", 300),
            # Never overwrite: a second file with the same name gets a suffix, as on local disk.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "private, no-store"},
            # The whole client configuration: django-storages ignores its addressing_style and
            # signature_version options once a client_config is given. An unreachable store costs a request
            # seconds, not minutes; boto3 retries throttling and passing errors itself.
            "client_config": Config(s3={"addressing_style": S3_ADDRESSING_STYLE}, signature_version="s3v4",
                                    connect_timeout=env_int("S3_CONNECT_TIMEOUT", 5),
                                    read_timeout=env_int("S3_READ_TIMEOUT", 30),
                                    retries={"max_attempts": 3, "mode": "standard"}),
        },
    }
