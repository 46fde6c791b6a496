"""Deliveries are idempotent, e-mails are opt-in and say nothing personal, retention removes files too."""
import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.utils import timezone

from mailbox import selectors, services
from mailbox.models import Document, Message
from tests.factories.identity import ResidentFactory
from tests.fixtures.s3 import stored_files as files_under

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% a sealed birth extract\n%%EOF\n"
CERTIFICATE_SUBJECT = "Je attest is klaar: Uittreksel uit de geboorteakte"


def deliver(resident, source_ref="certificate:ABCD-EFGH-JKMN", content=PDF):
    return services.deliver_document(resident=resident, subject=CERTIFICATE_SUBJECT,
                                     body="Je aanvraag AT-2025-000123 is klaar.", filename="AT-2025-000123.pdf",
                                     content=content, source_ref=source_ref)


def stored_files():
    return files_under("mailbox")


def test_delivering_twice_with_the_same_reference_gives_one_message_and_one_file(resident, media_storage):
    before = len(stored_files())
    first = deliver(resident)
    second = deliver(resident)
    assert first.pk == second.pk
    assert Message.objects.filter(source_ref="certificate:ABCD-EFGH-JKMN").count() == 1
    assert Document.objects.count() == 1
    assert len(stored_files()) == before + 1
    document = first.documents.get()
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.size == len(PDF)
    assert document.content_type == "application/pdf"
    assert document.filename == "AT-2025-000123.pdf"
    assert document.file.name.startswith(f"mailbox/{timezone.now():%Y}/{timezone.now():%m}/")
    assert document.file.name.endswith(".pdf")
    assert "AT-2025" not in document.file.name  # the stored name reveals nothing


def test_a_lost_race_keeps_the_winners_message_and_leaves_no_file(resident, monkeypatch):
    winner = deliver(resident)
    files_before = stored_files()
    # The other task checked before the winner committed: it saw nothing and tries to insert too.
    monkeypatch.setattr(services, "_existing", lambda source_ref, resident: None)
    loser = deliver(resident)
    assert loser.pk == winner.pk
    assert Document.objects.count() == 1
    assert stored_files() == files_before


def test_message_expires_after_the_retention_period(resident, settings):
    settings.MAILBOX_RETENTION_DAYS = 30
    message = deliver(resident)
    assert message.expires_at - message.created_at == timedelta(days=30)


def test_post_message_is_idempotent(resident):
    first = services.post_message(resident=resident, subject="Je aanvraag werd geweigerd",
                                  body="Reden: geen recht.", source_ref="certificate-request:x:refused:3")
    second = services.post_message(resident=resident, subject="Je aanvraag werd geweigerd",
                                   body="Reden: geen recht.", source_ref="certificate-request:x:refused:3")
    assert first.pk == second.pk
    assert Message.objects.count() == 1
    assert first.sender_label == "Stad"
    assert not first.documents.exists()


def test_source_refs_are_unique_in_the_database(resident):
    services.post_message(resident=resident, subject="a", body="b", source_ref="same")
    with pytest.raises(IntegrityError):
        Message.objects.create(resident=resident, subject="a", body="b", source_ref="same",
                               expires_at=timezone.now())


def test_opted_in_resident_gets_exactly_one_email_without_personal_data(resident):
    services.update_preferences(resident=resident, email="jan@example.org", notify_by_email=True)
    deliver(resident)
    assert services.notify_by_email(resident=resident, source_ref="certificate:ABCD-EFGH-JKMN") is True
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["jan@example.org"]
    assert sent.subject == "Nieuw bericht in je Thuisloket"
    assert "https://thuisloket.example.be/mijn/berichten/" in sent.body
    everything = f"{sent.subject}\n{sent.body}"
    for secret in ("Jan", "Janssens", resident.national_number, "85.07.30", CERTIFICATE_SUBJECT, "geboorteakte",
                   "AT-2025-000123"):
        assert secret not in everything
    assert not sent.attachments
    assert Message.objects.get().notified_at is not None

    assert services.notify_by_email(resident=resident, source_ref="certificate:ABCD-EFGH-JKMN") is False
    assert len(mail.outbox) == 1


def test_email_in_the_residents_language_still_links_to_the_inbox(db):
    resident = ResidentFactory(family_name="Janssens", language="fr")
    services.update_preferences(resident=resident, email="jeanne@example.org", notify_by_email=True)
    services.post_message(resident=resident, subject="x", body="y", source_ref="fr-1")
    assert services.notify_by_email(resident=resident, source_ref="fr-1") is True
    assert "https://thuisloket.example.be/mijn/berichten/" in mail.outbox[0].body


def test_resident_who_did_not_opt_in_gets_no_email(resident, other_resident):
    deliver(resident)
    assert services.notify_by_email(resident=resident, source_ref="certificate:ABCD-EFGH-JKMN") is False
    services.update_preferences(resident=other_resident, email="els@example.org", notify_by_email=False)
    services.post_message(resident=other_resident, subject="x", body="y", source_ref="other-1")
    assert services.notify_by_email(resident=other_resident, source_ref="other-1") is False
    assert mail.outbox == []
    assert Message.objects.filter(notified_at__isnull=False).count() == 0


def test_no_email_about_someone_elses_message(resident, other_resident):
    services.update_preferences(resident=other_resident, email="els@example.org", notify_by_email=True)
    deliver(resident)
    assert services.notify_by_email(resident=other_resident, source_ref="certificate:ABCD-EFGH-JKMN") is False
    assert mail.outbox == []


def test_a_failed_send_can_be_retried(resident, monkeypatch):
    services.update_preferences(resident=resident, email="jan@example.org", notify_by_email=True)
    deliver(resident)

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(services, "send_mail", broken)
    with pytest.raises(OSError):
        services.notify_by_email(resident=resident, source_ref="certificate:ABCD-EFGH-JKMN")
    assert Message.objects.get().notified_at is None
    monkeypatch.undo()
    assert services.notify_by_email(resident=resident, source_ref="certificate:ABCD-EFGH-JKMN") is True
    assert len(mail.outbox) == 1


def test_purge_removes_expired_messages_and_their_files_but_keeps_fresh_ones(resident):
    from mailbox.tasks import purge_expired_messages

    old = deliver(resident, source_ref="old")
    old_file = old.documents.get().file.name
    Message.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    services.post_message(resident=resident, subject="oud", body="oud", source_ref="old-note")
    Message.objects.filter(source_ref="old-note").update(expires_at=timezone.now() - timedelta(days=1))
    fresh = deliver(resident, source_ref="fresh")
    fresh_file = fresh.documents.get().file.name

    assert purge_expired_messages() == 2

    assert list(Message.objects.values_list("source_ref", flat=True)) == ["fresh"]
    assert not default_storage.exists(old_file)
    assert default_storage.exists(fresh_file)
    assert Document.objects.count() == 1
    assert purge_expired_messages() == 0


def test_selectors_hide_expired_messages_and_count_unread(resident, other_resident):
    services.post_message(resident=resident, subject="a", body="a", source_ref="a")
    read = services.post_message(resident=resident, subject="b", body="b", source_ref="b")
    services.mark_read(message=read)
    gone = services.post_message(resident=resident, subject="c", body="c", source_ref="c")
    Message.objects.filter(pk=gone.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    services.post_message(resident=other_resident, subject="d", body="d", source_ref="d")
    assert [m.source_ref for m in selectors.messages_for(resident)] == ["b", "a"]
    assert selectors.unread_count(resident) == 1
