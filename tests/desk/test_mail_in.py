"""E-mail in: every message to the one address lands once in the desk's inbox, as a case or on its case."""
import io
import itertools
import logging
import os
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.core.management import call_command
from PIL import Image

from desk.cases import services
from desk.channels.email import filing, mailboxes
from desk.models import Case, ConversationMessage
from desk.states import Channel, EventKind, Kind, State
from tests.factories.identity import UserFactory

pytestmark = pytest.mark.django_db

SENDER = "An Peeters <an.peeters@example.invalid>"


def jpeg_bytes(size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def mail(subject="Lamp kapot", body="De straatlamp in de Kerkstraat brandt niet meer.", *, sender=SENDER,
         message_id=None, html=None, headers=None, attachments=()):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "1777@stadvoorbeeld.invalid"
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="example.invalid")
    for name, value in (headers or {}).items():
        message[name] = value
    if html is not None and body is None:
        message.set_content(html, subtype="html")
    else:
        message.set_content(body)
        if html is not None:
            message.add_alternative(html, subtype="html")
    for filename, maintype, subtype, content in attachments:
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message


class Maildir:
    """A Maildir as a mail server delivers into it (the stdlib ``mailbox`` is shadowed by our app)."""

    _unique = itertools.count(1)

    def __init__(self, root):
        self.path = str(root)
        for sub in ("tmp", "new", "cur"):
            (root / sub).mkdir(parents=True)
        self.root = root

    def add(self, raw: bytes):
        name = f"1767225600.M{next(self._unique)}P1.test"
        (self.root / "tmp" / name).write_bytes(raw)
        os.rename(self.root / "tmp" / name, self.root / "new" / name)

    def entries(self):
        """(subdir, flags) of every message."""
        found = [("new", "") for _name in os.listdir(self.root / "new")]
        for name in os.listdir(self.root / "cur"):
            found.append(("cur", name.rsplit(":2,", 1)[1] if ":2," in name else ""))
        return found

    def all_seen(self):
        return all(sub == "cur" and "S" in flags for sub, flags in self.entries())

    def none_seen(self):
        return all("S" not in flags for _sub, flags in self.entries())


@pytest.fixture
def maildir(tmp_path):
    return Maildir(tmp_path / "Maildir")


def deliver(box, message):
    box.add(message.as_bytes())
    return message["Message-ID"]


def fetch(box):
    return mailboxes.fetch_maildir(box.path)


def email_cases():
    return Case.objects.filter(channel=Channel.EMAIL)


def test_a_new_mail_with_a_photo_opens_a_question_with_the_photo(desk_config, maildir):
    message_id = deliver(maildir, mail(attachments=[("lamp.jpg", "image", "jpeg", jpeg_bytes())]))

    assert fetch(maildir) == 1

    case = email_cases().get()
    assert case.kind == Kind.QUESTION
    assert case.title == "Lamp kapot"
    assert case.description == "De straatlamp in de Kerkstraat brandt niet meer."
    assert (case.reporter_name, case.reporter_email) == ("An Peeters", "an.peeters@example.invalid")
    assert case.state == State.RECEIVED
    assert case.department is not None  # routed like every other case
    photo = case.attachments.get()
    assert photo.content_type == "image/jpeg" and (photo.width, photo.height) == (64, 48)
    assert not photo.is_public
    first = case.conversation.messages.get()
    assert first.external_id == message_id
    assert first.direction == ConversationMessage.Direction.IN
    assert not case.events.filter(kind=EventKind.NOTE).exists()


def test_a_handled_message_moves_to_cur_with_the_seen_flag_and_is_not_read_again(desk_config, maildir):
    deliver(maildir, mail())
    fetch(maildir)

    assert len(maildir.entries()) == 1 and maildir.all_seen()
    assert fetch(maildir) == 0
    assert email_cases().count() == 1


def test_an_html_only_mail_becomes_plain_text(desk_config, maildir):
    deliver(maildir, mail(body=None, html=(
        "<html><head><style>p {color: red}</style><script>alert('x')</script></head><body>"
        "<p>Er ligt <b>afval</b> &amp; glas</p><p>aan het Marktplein.</p><img src=x onerror=alert(1)></body></html>")))

    fetch(maildir)

    description = email_cases().get().description
    assert description == "Er ligt afval & glas\naan het Marktplein."
    assert "<" not in description and "alert" not in description and "color" not in description


def test_a_reply_threads_onto_its_case_by_in_reply_to(desk_config, maildir):
    first_id = deliver(maildir, mail())
    fetch(maildir)
    case = email_cases().get()

    reply_id = deliver(maildir, mail(subject="Re: Lamp kapot", body="Het is nummer 12.",
                                     headers={"In-Reply-To": first_id, "References": first_id}))
    assert fetch(maildir) == 1

    assert email_cases().count() == 1
    reply = ConversationMessage.objects.get(external_id=reply_id)
    assert reply.conversation_id == case.conversation_id
    assert reply.in_reply_to == first_id
    assert case.events.filter(kind=EventKind.MESSAGE_IN, text="Het is nummer 12.").exists()


def test_a_reply_threads_by_references_when_in_reply_to_is_unknown(desk_config, maildir):
    first_id = deliver(maildir, mail())
    fetch(maildir)
    deliver(maildir, mail(subject="Re: Lamp kapot", body="Nog steeds stuk.",
                          headers={"In-Reply-To": "<onbekend@example.invalid>",
                                   "References": f"{first_id} <onbekend@example.invalid>"}))
    fetch(maildir)
    assert email_cases().count() == 1
    assert email_cases().get().events.filter(kind=EventKind.MESSAGE_IN).count() == 1


def test_a_reply_to_a_case_waiting_for_the_resident_puts_it_back_to_work(desk_config, maildir):
    first_id = deliver(maildir, mail())
    fetch(maildir)
    case = email_cases().get()
    agent = UserFactory(username="agent")
    services.change_state(case, State.WAITING_RESIDENT, actor=agent, public_note="Welk huisnummer?")

    deliver(maildir, mail(subject="Re: Lamp kapot", body="Nummer 12.", headers={"In-Reply-To": first_id}))
    fetch(maildir)

    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS


def test_a_reply_threads_by_the_case_reference_in_the_subject(desk_config, maildir, category):
    case = services.open_case(kind=Kind.REPORT, channel=Channel.WEB, description="Lamp stuk", category=category,
                              latitude=51.0304956, longitude=3.4224136, reporter_email="an.peeters@example.invalid")
    deliver(maildir, mail(subject=f"Re: Nieuwe status voor [{case.reference}]", body="Dank je!"))

    assert fetch(maildir) == 1

    assert Case.objects.count() == 1
    message = case.events.get(kind=EventKind.MESSAGE_IN)
    assert message.text == "Dank je!"
    assert ConversationMessage.objects.get(conversation__cases=case).channel == Channel.EMAIL


def test_a_reference_in_the_subject_from_someone_else_opens_a_new_case(desk_config, maildir, category):
    case = services.open_case(kind=Kind.REPORT, channel=Channel.WEB, description="Lamp stuk", category=category,
                              latitude=51.0304956, longitude=3.4224136, reporter_email="an.peeters@example.invalid")
    deliver(maildir, mail(subject=f"Over {case.reference.lower()}", sender="iemand@example.invalid"))

    fetch(maildir)

    assert not case.events.filter(kind=EventKind.MESSAGE_IN).exists()
    assert email_cases().count() == 1


def test_the_same_message_delivered_twice_is_handled_once(desk_config, maildir):
    message = mail()
    deliver(maildir, message)
    deliver(maildir, message)

    assert fetch(maildir) == 1

    assert email_cases().count() == 1
    assert maildir.all_seen()  # both copies are marked: none is read again


@pytest.mark.parametrize("headers,sender", [
    ({"Auto-Submitted": "auto-replied"}, SENDER),
    ({"Precedence": "bulk"}, SENDER),
    ({}, "Mail Delivery System <MAILER-DAEMON@mail.example.invalid>"),
])
def test_auto_replies_and_bounces_are_ignored(desk_config, maildir, headers, sender):
    deliver(maildir, mail(subject="Afwezig", body="Ik ben afwezig tot maandag.", headers=headers, sender=sender))

    assert fetch(maildir) == 0

    assert not Case.objects.exists()
    assert maildir.all_seen()


def test_a_pdf_attachment_is_not_kept_and_a_note_says_so(desk_config, maildir):
    deliver(maildir, mail(attachments=[("factuur.pdf", "application", "pdf", b"%PDF-1.7\n%%EOF\n"),
                                       ("kapot.jpg", "image", "jpeg", b"not really a jpeg")]))

    fetch(maildir)

    case = email_cases().get()
    assert not case.attachments.exists()
    note = case.events.get(kind=EventKind.NOTE)
    assert "factuur.pdf" in note.text and "kapot.jpg" in note.text
    assert not note.is_public


def test_a_long_mail_is_trimmed_on_the_case_and_kept_whole_in_the_conversation(desk_config, maildir):
    body = "Lang verhaal. " * 500
    deliver(maildir, mail(body=body))

    fetch(maildir)

    case = email_cases().get()
    assert len(case.description) <= 4000 and case.description.endswith("[…]")
    assert case.conversation.messages.get().body == body.strip()


def test_a_mail_without_text_still_opens_a_case(desk_config, maildir):
    deliver(maildir, mail(body="", attachments=[("lamp.jpg", "image", "jpeg", jpeg_bytes())]))
    fetch(maildir)
    assert email_cases().get().attachments.count() == 1


def test_a_huge_message_is_skipped(desk_config, maildir, monkeypatch, caplog):
    monkeypatch.setattr(filing, "MAX_MESSAGE_BYTES", 500)
    deliver(maildir, mail(body="x" * 1000))

    with caplog.at_level(logging.INFO, logger="desk.channels.email.mailboxes"):
        assert fetch(maildir) == 0

    assert not Case.objects.exists()
    assert "skipped" in caplog.text
    assert maildir.all_seen()


def test_the_log_names_message_ids_only(desk_config, maildir, caplog):
    message_id = deliver(maildir, mail())
    with caplog.at_level(logging.DEBUG, logger="desk.channels.email.filing"):
        fetch(maildir)
    assert message_id in caplog.text
    assert "an.peeters" not in caplog.text and "Kerkstraat" not in caplog.text and "Lamp kapot" not in caplog.text


def test_a_message_that_fails_unexpectedly_stays_unseen_and_is_tried_again(desk_config, maildir, monkeypatch):
    deliver(maildir, mail())

    def broken(**kwargs):
        raise RuntimeError("database gone")

    with monkeypatch.context() as patch:
        patch.setattr(services, "open_case", broken)
        assert fetch(maildir) == 0
    assert not Case.objects.exists()
    assert maildir.none_seen()

    assert fetch(maildir) == 1
    assert email_cases().count() == 1


def test_every_channel_of_mail_lands_in_the_same_inbox(desk_config, maildir):
    first_id = deliver(maildir, mail(attachments=[("lamp.jpg", "image", "jpeg", jpeg_bytes())]))
    deliver(maildir, mail(subject="Sluikstort", body=None, html="<p>Afval aan de kerk</p>"))
    deliver(maildir, mail(subject="Re: Lamp kapot", body="Nog iets", headers={"In-Reply-To": first_id}))
    deliver(maildir, mail(subject="Factuur", attachments=[("f.pdf", "application", "pdf", b"%PDF-1.7")]))
    deliver(maildir, mail(subject="Afwezig", headers={"Auto-Submitted": "auto-replied"}))

    assert fetch(maildir) == 4

    assert email_cases().count() == 3
    assert set(email_cases().values_list("state", flat=True)) == {State.RECEIVED}


def test_the_configured_maildir_and_the_command_read_the_mailbox(desk_config, maildir, settings):
    deliver(maildir, mail())
    settings.DESK_INBOUND_MAILBOX = f"maildir://{maildir.path}"
    assert mailboxes.fetch_configured_mailbox() == 1

    deliver(maildir, mail(subject="Tweede"))
    out = io.StringIO()
    call_command("fetch_desk_email", "--maildir", maildir.path, stdout=out)
    assert "1 e-mail" in out.getvalue()
    assert email_cases().count() == 2


def test_the_task_does_nothing_without_a_configured_mailbox(settings, db):
    from desk.channels.email.tasks import fetch_email

    settings.DESK_INBOUND_MAILBOX = ""
    assert fetch_email() == 0


@pytest.mark.parametrize("url,expected", [
    ("maildir:///var/mail/1777", ("maildir", "/var/mail/1777", "", "")),
    ("imaps://desk%40stad.be:geheim%2F1@imap.stad.be:993/INBOX",
     ("imaps", "", "imap.stad.be", "desk@stad.be")),
])
def test_mailbox_urls_are_read(url, expected):
    location = mailboxes.parse_mailbox_url(url)
    assert (location.scheme, location.path, location.host, location.username) == expected
    if location.scheme == "imaps":
        assert location.password == "geheim/1" and location.folder == "INBOX" and location.port == 993


@pytest.mark.parametrize("url", ["pop3://x@y", "maildir://relative", "imaps://host/INBOX", "imaps://u:p@/INBOX"])
def test_malformed_mailbox_urls_are_refused(url):
    with pytest.raises(mailboxes.MailboxConfigError):
        mailboxes.parse_mailbox_url(url)


class FakeIMAP:
    """Stands in for imapclient.IMAPClient: a folder of messages with flags."""

    def __init__(self, messages):
        self.messages = messages  # uid -> raw bytes
        self.seen = set()
        self.logged_in = self.selected = None

    def login(self, user, password):
        self.logged_in = (user, password)

    def select_folder(self, folder):
        self.selected = folder

    def search(self, criteria):
        assert criteria == ["UNSEEN"]
        return [uid for uid in self.messages if uid not in self.seen]

    def fetch(self, uids, items):
        if items == ["RFC822.SIZE"]:
            return {uid: {b"RFC822.SIZE": len(self.messages[uid])} for uid in uids}
        assert items == ["BODY.PEEK[]"]  # PEEK: fetching marks nothing
        return {uid: {b"BODY[]": self.messages[uid]} for uid in uids}

    def add_flags(self, uids, flags):
        assert flags == [b"\\Seen"]
        self.seen.update(uids)

    def logout(self):
        pass


def test_imap_marks_seen_only_what_was_handled(desk_config, monkeypatch):
    server = FakeIMAP({1: mail().as_bytes(), 2: mail(subject="Afwezig", headers={"Auto-Submitted": "auto-replied"})
                       .as_bytes(), 3: mail(subject="Derde").as_bytes()})
    monkeypatch.setattr(mailboxes, "open_imap_client", lambda location: server)
    real_handle = filing.handle_mail

    def flaky(parsed):
        if parsed.subject == "Derde":
            raise RuntimeError("database gone")
        return real_handle(parsed)

    monkeypatch.setattr(filing, "handle_mail", flaky)
    location = mailboxes.parse_mailbox_url("imaps://desk:pw@imap.example.invalid/Meldingen")

    assert mailboxes.fetch_imap(location) == 1

    assert server.logged_in == ("desk", "pw") and server.selected == "Meldingen"
    assert server.seen == {1, 2}
    monkeypatch.setattr(filing, "handle_mail", real_handle)
    assert mailboxes.fetch_imap(location) == 1
    assert server.seen == {1, 2, 3}
    assert email_cases().count() == 2


def test_the_check_warns_about_an_unusable_mailbox_setting(settings, maildir, tmp_path):
    from desk.checks import check_inbound_mailbox

    settings.DESK_INBOUND_MAILBOX = ""
    assert check_inbound_mailbox(None) == []
    settings.DESK_INBOUND_MAILBOX = f"maildir://{maildir.path}"
    assert check_inbound_mailbox(None) == []
    settings.DESK_INBOUND_MAILBOX = "imaps://desk:pw@imap.example.invalid/INBOX"
    assert check_inbound_mailbox(None) == []
    settings.DESK_INBOUND_MAILBOX = "pop3://desk@mail.example.invalid"
    assert [warning.id for warning in check_inbound_mailbox(None)] == ["desk.W001"]
    settings.DESK_INBOUND_MAILBOX = f"maildir://{tmp_path}/bestaat-niet"
    assert [warning.id for warning in check_inbound_mailbox(None)] == ["desk.W002"]
    assert "pw" not in str(check_inbound_mailbox(None))
