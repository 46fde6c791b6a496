"""Generate the quick start's seal once, under var/keys/: a development CA and the city's seal (PKCS#12).

Never for production: the CA is self-made and only trusted where someone imports ``dev-ca.pem`` by hand.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common.development import is_development

CA_FILE = "dev-ca.pem"
SEAL_FILE = "dev-seal.p12"

# RFC 9336 id-kp-documentSigning; emailProtection as well, because NSS (pdfsig, Firefox, Thunderbird)
# checks a PDF signer with the "email signer" usage and refuses certificates whose EKU lacks it.
EKU_DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36"


@dataclass(frozen=True)
class DevSeal:
    ca_file: Path
    seal_file: Path
    created: bool


def generate_dev_seal(folder: Path, *, city: str, passphrase: str = "",
                      ca_name: str = "Thuisloket ontwikkel-CA — niet voor productie") -> DevSeal:
    """Create ``folder/dev-ca.pem`` and ``folder/dev-seal.p12`` unless both exist (idempotent).

    The CA is EC P-256, self-signed, 10 years; the seal is EC P-256, 3 years, issued by the CA, and the
    PKCS#12 carries the CA certificate in its chain. Tests call this with a temporary folder.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

    folder = Path(folder)
    ca_file, seal_file = folder / CA_FILE, folder / SEAL_FILE
    if ca_file.exists() and seal_file.exists():
        return DevSeal(ca_file, seal_file, created=False)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)  # tolerate clock skew

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "BE"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, city),
        x509.NameAttribute(NameOID.COMMON_NAME, ca_name),
    ])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_subject).issuer_name(ca_subject)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3652))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    seal_key = ec.generate_private_key(ec.SECP256R1())
    seal_subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "BE"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, city),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{city} — elektronisch zegel (ontwikkeling)"),
    ])
    seal_cert = (
        x509.CertificateBuilder()
        .subject_name(seal_subject).issuer_name(ca_subject)
        .public_key(seal_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.ExtendedKeyUsage([
            ObjectIdentifier(EKU_DOCUMENT_SIGNING), ExtendedKeyUsageOID.EMAIL_PROTECTION,
        ]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(seal_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    encryption = (serialization.BestAvailableEncryption(passphrase.encode()) if passphrase
                  else serialization.NoEncryption())
    p12 = pkcs12.serialize_key_and_certificates(
        name=b"zegel", key=seal_key, cert=seal_cert, cas=[ca_cert], encryption_algorithm=encryption,
    )
    _write_private(seal_file, p12)
    ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    return DevSeal(ca_file, seal_file, created=True)


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.chmod(0o600)
    tmp.replace(path)  # atomic: a worker never reads a half-written PKCS#12


class Command(BaseCommand):
    help = "Create var/keys/dev-ca.pem and var/keys/dev-seal.p12 (development seal), keeping them if they exist."

    def handle(self, *args, **options):
        if not is_development():
            raise CommandError("The development seal is for the quick start only (DEBUG is off).")
        result = generate_dev_seal(settings.VAR_DIR / "keys", city=settings.CITY_NAME,
                                   passphrase=settings.SEAL_PKCS12_PASSPHRASE or "")
        if result.created:
            self.stdout.write(f"generated {result.ca_file} and {result.seal_file}")
        else:
            self.stdout.write("development seal already present")
