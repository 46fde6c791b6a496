"""Staff see WhatsApp deliveries in the admin (read-only), can filter the ones with an error and have
them processed again; the system checks tell a city what is missing when it switches WhatsApp on."""
import pytest
from django.core import checks

from desk.channels.whatsapp.checks import check_whatsapp
from desk.channels.whatsapp.models import InboundDelivery
from desk.models import Conversation
from tests.factories.identity import StaffUserFactory
from tests.identity.test_staff_helpers import sign_in

from .conftest import payload

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/desk_whatsapp/inbounddelivery/"


@pytest.fixture
def admin_client(client):
    sign_in(client, StaffUserFactory(username="beheerder", is_superuser=True))
    return client


def test_deliveries_with_an_error_are_listed_and_filtered_for_staff(deliver, admin_client):
    deliver(b"this is not json")
    deliver(payload("text.json"))
    broken = InboundDelivery.objects.exclude(error="").get()
    fine = InboundDelivery.objects.get(error="")

    page = admin_client.get(CHANGELIST, {"fout": "ja"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/{broken.pk}/change/" in html
    assert "not JSON" in html
    assert f"/{fine.pk}/change/" not in html  # only the broken one

    detail = admin_client.get(f"{CHANGELIST}{broken.pk}/change/")
    assert detail.status_code == 200
    assert "this is not json" in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()  # read-only
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403


def test_a_delivery_can_be_processed_again_from_the_admin(deliver, admin_client, django_capture_on_commit_callbacks):
    deliver(payload("text.json"))
    delivery = InboundDelivery.objects.get()
    Conversation.objects.all().delete()  # say it was filed wrongly and cleaned up

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(CHANGELIST, {"action": "process_again", "_selected_action": [delivery.pk]},
                                     follow=True)

    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.processed_at is not None and delivery.attempts == 1
    assert Conversation.objects.count() == 1


def test_the_system_checks_name_missing_credentials(settings):
    settings.WHATSAPP_ENABLED = False
    assert check_whatsapp(None) == []
    settings.WHATSAPP_ENABLED = True
    settings.WHATSAPP_APP_SECRET = ""
    settings.WHATSAPP_TEMPLATE_NAME = ""
    found = check_whatsapp(None)
    assert any(isinstance(item, checks.Error) and "WHATSAPP_APP_SECRET" in item.msg for item in found)
    assert any(item.id == "desk_whatsapp.W001" for item in found)


def test_the_system_checks_refuse_unknown_template_languages(whatsapp):
    whatsapp.WHATSAPP_TEMPLATE_LANGUAGES = ["nl", "vlaams"]
    assert [item.id for item in check_whatsapp(None)] == ["desk_whatsapp.W002"]
    whatsapp.WHATSAPP_TEMPLATE_LANGUAGES = ["nl", "fr_BE"]
    assert check_whatsapp(None) == []
