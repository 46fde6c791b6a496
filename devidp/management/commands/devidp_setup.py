"""Prepare the development provider: signing key, database tables and the portal's client."""

import os

from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from devidp.full_profile import ensure_enc_key
from devidp.keys import ensure_client_secret, ensure_rsa_key


class Command(BaseCommand):
    help = "Create the RSA key and the OIDC client of the development provider (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--client-id", default=os.environ.get("OIDC_RP_CLIENT_ID") or "thuisloket-dev")
        parser.add_argument(
            "--client-secret",
            default=None,
            help="Default: the secret in var/keys/devidp_client_secret (generated when missing).",
        )
        parser.add_argument(
            "--redirect-uri",
            action="append",
            default=[],
            help="Repeatable. Replaces the registered redirect URIs; none given keeps the current ones.",
        )
        parser.add_argument(
            "--post-logout-uri",
            action="append",
            default=[],
            help="Repeatable. Replaces the registered post-logout redirect URIs; none given keeps them.",
        )
        parser.add_argument("--no-migrate", action="store_true", help="Do not run migrate first.")
        parser.add_argument(
            "--full-profile",
            action="store_true",
            help="itsme (volledig profiel): private_key_jwt, encrypted request object and tokens; needs --jwks-uri.",
        )
        parser.add_argument("--jwks-uri", default="", help="With --full-profile: where the client's public keys are.")

    def handle(self, *args, **options):
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        key_path, created = ensure_rsa_key()
        self.stdout.write(f"RSA key {'created' if created else 'kept'}: {key_path}")
        if options["full_profile"] and not options["jwks_uri"]:
            raise CommandError("--full-profile needs --jwks-uri (the client's public JWKS).")
        enc_path, created = ensure_enc_key()
        self.stdout.write(f"RSA encryption key {'created' if created else 'kept'}: {enc_path}")

        # Imported here: the models need the app registry, and the key must exist before saving.
        from oauth2_provider.models import get_application_model

        application_model = get_application_model()
        secret = options["client_secret"] or ensure_client_secret()
        client_id = options["client_id"]
        application = application_model.objects.filter(client_id=client_id).first()
        is_new = application is None
        if is_new:
            application = application_model(client_id=client_id, name=f"Thuisloket ({client_id})")
            if not options["redirect_uri"]:
                raise CommandError("A new client needs at least one --redirect-uri.")

        application.client_type = application_model.CLIENT_CONFIDENTIAL
        application.authorization_grant_type = application_model.GRANT_AUTHORIZATION_CODE
        application.algorithm = application_model.RS256_ALGORITHM
        application.skip_authorization = True
        application.hash_client_secret = True
        if options["redirect_uri"]:
            application.redirect_uris = " ".join(dict.fromkeys(options["redirect_uri"]))
        if options["post_logout_uri"]:
            application.post_logout_redirect_uris = " ".join(dict.fromkeys(options["post_logout_uri"]))
        # DOT hashes the plain secret on save; re-hash only when it changed (the hash is salted).
        if is_new or not check_password(secret, application.client_secret):
            application.client_secret = secret
        application.save()
        # Imported here, like the application model: the app registry must be ready.
        from devidp.models import FullProfileClient

        if options["full_profile"]:
            FullProfileClient.objects.update_or_create(client_id=client_id,
                                                       defaults={"jwks_uri": options["jwks_uri"]})
        else:
            FullProfileClient.objects.filter(client_id=client_id).delete()

        self.stdout.write(
            f"Client {'created' if is_new else 'updated'}: {client_id}"
            f"{' (itsme, volledig profiel)' if options['full_profile'] else ''}; "
            f"redirect URIs: {application.redirect_uris}; "
            f"post-logout URIs: {application.post_logout_redirect_uris or '-'}"
        )
