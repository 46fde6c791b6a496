"""The desk admin: the response matrix is versioned (copy, publish, never edit what is published);
cases are read-only there."""
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from desk.models import Case, ResponseMatrix, ResponseTerm
from desk.routing.admin import ResponseMatrixAdmin, ResponseTermInline
from desk.routing.terms import calendar
from tests.factories.desk import ApiClientFactory, CaseFactory
from tests.factories.identity import StaffUserFactory
from tests.identity.test_staff_helpers import sign_in

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/desk/responsematrix/"
KERKSTRAAT = (51.0304956, 3.4224136)


@pytest.fixture
def admin_client(client, desk_config):
    user = StaffUserFactory(username="beheerder", is_superuser=True)
    sign_in(client, user)
    client.user = user
    return client


def run_action(client, action, *matrices):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [m.pk for m in matrices]}, follow=True)


def matrix(version) -> ResponseMatrix:
    return ResponseMatrix.objects.get(version=version)


def streetlight_term(version) -> ResponseTerm:
    return matrix(version).terms.get(category__slug="straatverlichting", kind="", channel="", priority="")


def test_the_matrix_list_shows_the_published_version(admin_client):
    page = admin_client.get(CHANGELIST)
    assert page.status_code == 200
    assert "Kopiëren als nieuwe versie" in page.content.decode()


def test_copying_makes_an_unpublished_version_with_all_terms(admin_client):
    v1 = matrix(1)

    response = run_action(admin_client, "copy_as_new_version", v1)

    assert response.status_code == 200
    v2 = matrix(2)
    assert v2.published_at is None
    assert v2.terms.count() == v1.terms.count()
    assert streetlight_term(2).resolution_days == streetlight_term(1).resolution_days
    assert "v2" in response.content.decode()
    assert v1.terms.count() == ResponseTerm.objects.filter(matrix=v1).count()  # the original is untouched


def test_publishing_sets_the_date_only_on_unpublished_versions(admin_client):
    run_action(admin_client, "copy_as_new_version", matrix(1))
    first_publication = matrix(1).published_at

    response = run_action(admin_client, "publish", matrix(1), matrix(2))

    assert matrix(2).published_at is not None
    assert matrix(1).published_at == first_publication
    page = response.content.decode()
    assert "Gepubliceerd: v2" in page and "v1 is al gepubliceerd" in page


def test_a_version_without_terms_is_not_published(admin_client):
    empty = ResponseMatrix.objects.create(version=5, label="leeg")
    run_action(admin_client, "publish", empty)
    assert matrix(5).published_at is None


def test_a_published_matrix_cannot_be_edited_or_deleted(admin_client):
    v1 = matrix(1)
    request = RequestFactory().get("/")
    request.user = admin_client.user
    model_admin = ResponseMatrixAdmin(ResponseMatrix, site)
    assert model_admin.has_change_permission(request, v1) is False
    assert model_admin.has_delete_permission(request, v1) is False
    terms = ResponseTermInline(ResponseMatrix, site)
    assert not terms.has_change_permission(request, v1)
    assert not terms.has_add_permission(request, v1)
    assert not terms.has_delete_permission(request, v1)

    change_url = f"{CHANGELIST}{v1.pk}/change/"
    page = admin_client.get(change_url)
    assert page.status_code == 200  # shown, read-only
    assert 'name="_save"' not in page.content.decode()
    response = admin_client.post(change_url, {"label": "stiekem aangepast"})
    assert response.status_code == 403
    assert admin_client.get(f"{CHANGELIST}{v1.pk}/delete/").status_code == 403
    assert matrix(1).label != "stiekem aangepast"


def test_an_unpublished_copy_can_be_edited(admin_client):
    run_action(admin_client, "copy_as_new_version", matrix(1))
    v2 = matrix(2)
    page = admin_client.get(f"{CHANGELIST}{v2.pk}/change/")
    assert 'name="_save"' in page.content.decode()
    request = RequestFactory().get("/")
    request.user = admin_client.user
    assert ResponseMatrixAdmin(ResponseMatrix, site).has_change_permission(request, v2)
    assert ResponseTermInline(ResponseMatrix, site).has_add_permission(request, v2)


def test_a_case_keeps_the_terms_of_the_version_it_was_given(admin_client):
    # v2 shortens the street-light term to 5 working days and is published.
    run_action(admin_client, "copy_as_new_version", matrix(1))
    ResponseTerm.objects.filter(pk=streetlight_term(2).pk).update(resolution_days=5,
                                                                 first_response_hours=Decimal("4"))
    run_action(admin_client, "publish", matrix(2))

    case = CaseFactory(description="Lamp brandt niet")  # terms come from the version published at the case's creation
    business = calendar()
    given = (business.add_working_hours(case.created_at, 4), business.add_working_days(case.created_at, 5))
    assert case.matrix_version == 2
    assert (case.first_response_due, case.resolution_due) == given

    # v3 changes the term again; the case keeps what it was given.
    run_action(admin_client, "copy_as_new_version", matrix(2))
    ResponseTerm.objects.filter(pk=streetlight_term(3).pk).update(resolution_days=20)
    run_action(admin_client, "publish", matrix(3))

    case.refresh_from_db()
    assert case.matrix_version == 2
    assert (case.first_response_due, case.resolution_due) == given
    later = CaseFactory(description="Lamp brandt niet")
    assert later.matrix_version == 3
    assert later.resolution_due == business.add_working_days(later.created_at, 20)


def test_cases_are_read_only_in_the_admin(admin_client):
    case = CaseFactory(description="Lamp brandt niet")
    listing = admin_client.get("/admin/desk/case/")
    assert listing.status_code == 200 and case.reference in listing.content.decode()
    assert admin_client.get("/admin/desk/case/add/").status_code == 403
    detail = admin_client.get(f"/admin/desk/case/{case.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert admin_client.post(f"/admin/desk/case/{case.pk}/change/", {"state": "resolved"}).status_code == 403
    assert admin_client.get(f"/admin/desk/case/{case.pk}/delete/").status_code == 403
    assert Case.objects.get(pk=case.pk).state == "received"


def test_open311_keys_are_not_made_or_shown_in_the_admin(admin_client):
    client = ApiClientFactory(name="Test-app")
    key = client.key
    assert admin_client.get("/admin/desk/apiclient/add/").status_code == 403
    page = admin_client.get(f"/admin/desk/apiclient/{client.pk}/change/").content.decode()
    assert key not in page and client.key_hash not in page


def test_the_configuration_pages_open(admin_client):
    for model in ("department", "category", "routingrule", "closingday", "cannedanswer"):
        assert admin_client.get(f"/admin/desk/{model}/").status_code == 200, model
        assert admin_client.get(f"/admin/desk/{model}/add/").status_code == 200, model
