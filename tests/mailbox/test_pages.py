"""The mailbox pages: only the owner sees a message or its documents; everyone else gets a 404."""
import uuid

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from identity.models import User
from mailbox import services
from mailbox.context_processors import unread
from mailbox.models import MailboxPreferences, Message

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% the resident's own certificate\n%%EOF\n"


@pytest.fixture
def delivered(resident):
    return services.deliver_document(resident=resident, subject="Je attest is klaar: Uittreksel",
                                     body="Het attest zit als PDF bij dit bericht.\nTweede regel.",
                                     filename="AT-2025-000001.pdf", content=PDF, source_ref="certificate:A")


def download_url(message):
    return reverse("mailbox:download", args=[message.public_id, message.documents.get().public_id])


def test_inbox_shows_unread_count_and_opening_marks_read(client, resident, delivered):
    services.post_message(resident=resident, subject="Een vraag over je aanvraag", body="?", source_ref="q:1")
    client.force_login(resident.user)
    page = client.get(reverse("mailbox:inbox"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 ongelezen" in html
    assert "Nieuw" in html  # unread is said in words, not only shown in colour
    assert html.index("Een vraag over je aanvraag") < html.index("Je attest is klaar")  # newest first
    assert "no-store" in page["Cache-Control"]

    detail = client.get(reverse("mailbox:message", args=[delivered.public_id]))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "Tweede regel" in body
    assert "AT-2025-000001.pdf" in body
    assert download_url(delivered) in body
    assert f"{download_url(delivered)}?inline=1" in body
    assert "no-store" in detail["Cache-Control"]
    delivered.refresh_from_db()
    assert delivered.read_at is not None
    assert "1 ongelezen" in client.get(reverse("mailbox:inbox")).content.decode()


def test_owner_downloads_the_exact_bytes_without_caching(client, resident, delivered):
    client.force_login(resident.user)
    response = client.get(download_url(delivered))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="AT-2025-000001.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_inline_variant_opens_in_the_browser(client, resident, delivered):
    client.force_login(resident.user)
    response = client.get(download_url(delivered) + "?inline=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == PDF


def test_someone_else_gets_404_for_the_message_and_the_download(client, other_resident, delivered):
    client.force_login(other_resident.user)
    assert client.get(reverse("mailbox:message", args=[delivered.public_id])).status_code == 404
    assert client.get(download_url(delivered)).status_code == 404
    assert client.get(download_url(delivered) + "?inline=1").status_code == 404
    nonexistent = reverse("mailbox:message", args=[uuid.uuid4()])
    assert client.get(nonexistent).status_code == 404
    delivered.refresh_from_db()
    assert delivered.read_at is None
    assert "Je attest is klaar" not in client.get(reverse("mailbox:inbox")).content.decode()


def test_mailbox_needs_a_signed_in_resident(client, delivered):
    response = client.get(reverse("mailbox:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith("/aanmelden/")
    assert client.get(download_url(delivered)).status_code == 302
    clerk = User.objects.create_user(username="clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("mailbox:inbox")).status_code == 403


def test_resident_opts_in_to_email_on_the_settings_page(client, resident):
    client.force_login(resident.user)
    url = reverse("mailbox:preferences")
    assert url == "/mijn/berichten/instellingen/"
    page = client.get(url)
    assert page.status_code == 200
    assert '<label for="id_email">' in page.content.decode()

    missing = client.post(url, {"notify_by_email": "on", "email": ""})
    assert missing.status_code == 200
    assert "Er is een probleem" in missing.content.decode()
    assert not MailboxPreferences.objects.exists()

    saved = client.post(url, {"notify_by_email": "on", "email": "jan@example.org"})
    assert saved.status_code == 302
    preferences = MailboxPreferences.objects.get(resident=resident)
    assert preferences.notify_by_email and preferences.email == "jan@example.org"

    client.post(url, {"email": "jan@example.org"})
    preferences.refresh_from_db()
    assert preferences.notify_by_email is False


def test_context_processor_and_badge(rf: RequestFactory, resident, delivered):
    request = rf.get("/")
    request.user = resident.user
    assert unread(request) == {"MAILBOX_UNREAD": 1}
    clerk = User.objects.create_user(username="clerk2", is_staff=True)
    request.user = clerk
    assert unread(request) == {}
    badge = Template('{% include "mailbox/components/unread_badge.html" %}')
    assert "ongelezen bericht" in badge.render(Context({"MAILBOX_UNREAD": 1}))
    assert badge.render(Context({"MAILBOX_UNREAD": 0})).strip() == ""
    Message.objects.update(read_at=delivered.created_at)
    request.user = resident.user
    assert unread(request) == {"MAILBOX_UNREAD": 0}
