"""Create and rotate the relying party's private keys (OIDC_RP_PRIVATE_JWKS_FILE).

    manage.py oidc_rp_keys create [--file PATH] [--bits 3072]
    manage.py oidc_rp_keys rotate [--file PATH] [--overlap-hours 24]
    manage.py oidc_rp_keys show   [--file PATH]

Rotation without downtime (what itsme asks): ``rotate`` adds a new ``enc`` key, used by the provider as soon as
it fetches our JWKS again, and keeps decrypting with the old one for the overlap; it adds a new ``sig`` key that
is published at once but signs only after the overlap, when the old one retires. Keys past their overlap are
removed from the file by the next ``rotate``, and ignored by the portal already.
"""
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from identity.oidc import rp_keys


def new_kid(use: str) -> str:
    return f"{use}-{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(3)}"


def when(epoch) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M UTC") if epoch else "-"


class Command(BaseCommand):
    help = "Create, rotate or show the private RSA keys (JWKS) of the portal as an OpenID relying party."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "rotate", "show"])
        parser.add_argument("--file", default=None, help="Default: OIDC_RP_PRIVATE_JWKS_FILE.")
        parser.add_argument("--bits", type=int, default=3072, help="RSA key size (at least 2048).")
        parser.add_argument("--overlap-hours", type=float, default=24.0,
                            help="How long an old key keeps working after rotate (itsme caches up to 24 h).")
        parser.add_argument("--force", action="store_true", help="create: replace an existing file.")
        parser.add_argument("--keep", action="store_true", help="create: leave an existing file as it is.")

    def handle(self, *args, **options):
        path = options["file"] or settings.OIDC_RP_PRIVATE_JWKS_FILE
        if not path:
            raise CommandError("Give --file or set OIDC_RP_PRIVATE_JWKS_FILE.")
        if options["bits"] < rp_keys.MIN_RSA_BITS:
            raise CommandError(f"--bits must be at least {rp_keys.MIN_RSA_BITS}.")
        path = Path(path)
        action = options["action"]
        if action == "create" and path.exists() and options["keep"]:
            self.stdout.write(f"Kept {path}.")
        elif action == "create":
            if path.exists() and not options["force"]:
                raise CommandError(f"{path} exists; use rotate, or --force to replace it.")
            keys = [rp_keys.new_rsa_key("sig", new_kid("sig"), options["bits"]),
                    rp_keys.new_rsa_key("enc", new_kid("enc"), options["bits"])]
            rp_keys.write_key_file(path, keys)
            self.stdout.write(f"Created {path} (0600) with keys {keys[0]['kid']} (sig) and {keys[1]['kid']} (enc).")
        elif action == "rotate":
            self.rotate(path, options["bits"], options["overlap_hours"] * 3600)
        self.show(path)

    def rotate(self, path: Path, bits: int, overlap: float) -> None:
        try:
            keys = rp_keys.read_key_file(path)
        except rp_keys.KeyFileError as exc:
            raise CommandError(str(exc)) from exc
        now = time.time()
        removed = [key["kid"] for key in keys if not rp_keys.in_force(key, now)]
        keys = [key for key in keys if rp_keys.in_force(key, now)]
        switch_at = int(now + overlap)
        for key in keys:
            key.setdefault("retire_after", switch_at)
        new_sig = rp_keys.new_rsa_key("sig", new_kid("sig"), bits)
        new_sig["active_from"] = switch_at
        new_enc = rp_keys.new_rsa_key("enc", new_kid("enc"), bits)
        # The new keys first: a provider that takes the first enc key of our JWKS encrypts to the new one.
        rp_keys.write_key_file(path, [new_enc, new_sig, *keys])
        if removed:
            self.stdout.write(f"Removed keys past their overlap: {', '.join(removed)}.")
        self.stdout.write(f"Added {new_enc['kid']} (enc, in use now) and {new_sig['kid']} (sig, signs from "
                          f"{when(switch_at)}); older keys retire at {when(switch_at)}.")

    def show(self, path: Path) -> None:
        try:
            keys = rp_keys.read_key_file(path)
        except rp_keys.KeyFileError as exc:
            raise CommandError(str(exc)) from exc
        for key in keys:
            self.stdout.write(f"  {key.get('kid')}  use={key.get('use')}  {rp_keys.rsa_bits(key)} bits  "
                              f"active from {when(key.get('active_from'))}  retires {when(key.get('retire_after'))}")
        if rp_keys.is_readable_by_others(path):
            self.stderr.write(f"Warning: {path} is readable by others; chmod 600 it.")
