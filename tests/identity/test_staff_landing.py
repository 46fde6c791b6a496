"""Where staff land after signing in: their own tool (volunteers: /helpen/), and what /balie/ offers them."""
import pytest
from django.urls import reverse

from tests.factories.identity import StaffUserFactory
from tests.identity.test_staff_helpers import current_code, enter_password, sign_in

pytestmark = pytest.mark.django_db


def test_a_volunteer_lands_on_the_helping_tool(client):
    volunteer = StaffUserFactory(username="mieke", role="volunteer")
    assert sign_in(client, volunteer)["Location"] == reverse("assist:dashboard")


def sign_in_towards(client, user, next_url: str) -> str:
    """Sign in after asking for ``next_url`` (the middleware sends it along to the sign-in page)."""
    enter_password(client, user.username, next=next_url)
    response = client.post(reverse("staff:verify"), {"code": current_code(user.totpdevice_set.get())})
    return response["Location"]


def test_a_volunteer_who_typed_balie_also_lands_on_the_helping_tool(client):
    volunteer = StaffUserFactory(username="mieke", role="volunteer")
    assert sign_in_towards(client, volunteer, reverse("staff:home")) == reverse("assist:dashboard")


def test_a_volunteer_who_asked_for_another_page_gets_it(client):
    volunteer = StaffUserFactory(username="mieke", role="volunteer")
    assert sign_in_towards(client, volunteer, reverse("staff:backup_codes")) == reverse("staff:backup_codes")


@pytest.mark.parametrize("role", ["burgerzaken", "desk_agent"])
def test_other_staff_land_on_the_balie_page(client, role):
    user = StaffUserFactory(username="collega", role=role)
    assert sign_in(client, user)["Location"] == reverse("staff:home")


def test_the_balie_page_offers_volunteers_their_tool_first(client):
    sign_in(client, StaffUserFactory(username="mieke", role="volunteer"))
    page = client.get(reverse("staff:home")).content.decode()
    assert reverse("assist:dashboard") in page and "Helpen: een begeleide sessie starten" in page
    assert page.index("Helpen: een begeleide sessie starten") < page.index("Reservecodes")
