"""Read the desk's mailbox once: new e-mails become cases or are added to the case they answer."""
from django.core.management.base import BaseCommand, CommandError

from desk.channels.email import mailboxes


class Command(BaseCommand):
    help = ("Reads new e-mail from DESK_INBOUND_MAILBOX (or the Maildir given with --maildir) into the "
            "contact desk. Handled messages are marked as seen and never read twice.")

    def add_arguments(self, parser):
        parser.add_argument("--maildir", metavar="PATH", help="read this Maildir instead of DESK_INBOUND_MAILBOX")

    def handle(self, *args, maildir=None, **options):
        try:
            if maildir:
                count = mailboxes.fetch_maildir(maildir)
            else:
                from django.conf import settings

                if not settings.DESK_INBOUND_MAILBOX:
                    raise CommandError("DESK_INBOUND_MAILBOX is not set; give --maildir PATH to read a Maildir.")
                count = mailboxes.fetch_configured_mailbox()
        except mailboxes.MailboxConfigError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{count} e-mail(s) added to the desk.")
