"""The reasons are editable in the admin (seeded by a data migration); answers are read-only there."""
import pytest

from desk.feedback.models import Feedback, FeedbackReason
from tests.factories.desk import QuietCaseFactory
from tests.factories.identity import StaffUserFactory
from tests.identity.test_staff_helpers import sign_in

from .helpers import close


@pytest.fixture
def admin_client(client, desk_config):
    sign_in(client, StaffUserFactory(username="beheerder", is_superuser=True))
    return client


def test_the_standard_reasons_are_seeded(db):
    happy = list(FeedbackReason.objects.filter(for_satisfied=True).values_list("text", flat=True))
    unhappy = FeedbackReason.objects.filter(for_satisfied=False)
    assert happy == ["Het is snel opgelost", "Ik werd goed op de hoogte gehouden", "Vriendelijk en duidelijk antwoord"]
    assert list(unhappy.filter(reopens_when_unhappy=True).values_list("text", flat=True)) == [
        "Het probleem is niet opgelost"]
    assert unhappy.count() == 4 and not FeedbackReason.objects.filter(text_fr="").exists()


def test_an_administrator_edits_a_reason(admin_client):
    reason = FeedbackReason.objects.get(code="te-lang")
    url = f"/admin/desk_feedback/feedbackreason/{reason.pk}/change/"
    assert admin_client.get("/admin/desk_feedback/feedbackreason/").status_code == 200
    response = admin_client.post(url, {
        "code": "te-lang", "text": "Het duurde veel te lang", "text_fr": "Trop long", "text_en": "Far too long",
        "order": 5, "is_visible": "on", "reopens_when_unhappy": "on"})
    assert response.status_code == 302
    reason.refresh_from_db()
    assert reason.text == "Het duurde veel te lang" and reason.reopens_when_unhappy and not reason.for_satisfied


def test_answers_are_read_only_in_the_admin(admin_client, agent, resident):
    case = QuietCaseFactory(resident=resident)
    close(case, agent)
    feedback = Feedback.objects.get(case=case)
    assert admin_client.get("/admin/desk_feedback/feedback/").status_code == 200
    page = admin_client.get(f"/admin/desk_feedback/feedback/{feedback.pk}/change/")
    assert page.status_code == 200 and feedback.token_hash not in page.content.decode()
    assert admin_client.post(f"/admin/desk_feedback/feedback/{feedback.pk}/change/", {}).status_code == 403
