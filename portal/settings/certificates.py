"""Certificates (``certificates``): the city's seal (PKCS#12), its trust root, an optional timestamp
authority (PAdES B-T), and the public verification page's rate limit.

A part of ``portal.settings.base`` (imported at its end); load that module, not this one. The public
address used in the QR codes, ``PUBLIC_BASE_URL``, is in ``base``: other apps link to it too.
"""
from .core import CELERY_BEAT_SCHEDULE
from .env import env_int, env_str

SEAL_PKCS12_FILE = env_str("SEAL_PKCS12_FILE", "")
SEAL_PKCS12_PASSPHRASE = env_str("SEAL_PKCS12_PASSPHRASE", "")
# PEM file of the CA the seal chains to (the verification page's trust root); read from the PKCS#12 chain
# when empty.
SEAL_TRUST_ROOT_FILE = env_str("SEAL_TRUST_ROOT_FILE", "")
SEAL_TSA_URL = env_str("SEAL_TSA_URL", "")
VERIFY_RATE_LIMIT = env_int("VERIFY_RATE_LIMIT", 30)  # verification attempts per address per 10 minutes
# Uploaded PDFs are checked in a child process (certificates.pdf_sandbox): its CPU seconds, memory, wall-clock
# seconds, and how many checks may run at once overall and per client address (beyond: "try again later").
VERIFY_SANDBOX_CPU_SECONDS = env_int("VERIFY_SANDBOX_CPU_SECONDS", 5)
VERIFY_SANDBOX_MEMORY_MB = env_int("VERIFY_SANDBOX_MEMORY_MB", 384)
VERIFY_SANDBOX_WALL_SECONDS = env_int("VERIFY_SANDBOX_WALL_SECONDS", 10)
VERIFY_SANDBOX_MAX_CHECKS = env_int("VERIFY_SANDBOX_MAX_CHECKS", 4)
VERIFY_SANDBOX_MAX_CHECKS_PER_ADDRESS = env_int("VERIFY_SANDBOX_MAX_CHECKS_PER_ADDRESS", 2)
# Mandate PDFs (the proxy's signed mandate in the wizard) are checked and rasterised in the same kind of child
# (certificates.mandate_pdf, with poppler's pdftoppm): its CPU seconds and wall-clock seconds.
MANDATE_SANDBOX_CPU_SECONDS = env_int("MANDATE_SANDBOX_CPU_SECONDS", 15)
MANDATE_SANDBOX_WALL_SECONDS = env_int("MANDATE_SANDBOX_WALL_SECONDS", 30)
# Wizard uploads: unfinished wizards (and their files) untouched for this many days are purged by a beat task;
# a resident may keep at most this many upload files, and this many MB, waiting in unfinished wizards.
WIZARD_DRAFT_RETENTION_DAYS = env_int("WIZARD_DRAFT_RETENTION_DAYS", 30)
WIZARD_UPLOAD_MAX_FILES = env_int("WIZARD_UPLOAD_MAX_FILES", 3)
WIZARD_UPLOAD_MAX_MB = env_int("WIZARD_UPLOAD_MAX_MB", 20)
CELERY_BEAT_SCHEDULE["certificates-purge-abandoned-drafts"] = {
    "task": "certificates.tasks.purge_abandoned_drafts", "schedule": 24 * 3600.0}
