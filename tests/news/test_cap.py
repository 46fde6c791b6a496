"""CAP 1.2 for crisis posts, validated against the OASIS schema vendored in news/data (not a copy of our
own assumptions): an alert in several languages, an update and a cancel with references, and proof that
an invalid alert fails and that such a crisis is not published."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from news import cap, services
from news.models import Post
from news.states import Channel, MsgType, Status
from tests.factories.news import FR_CRISIS, PostFactory

pytestmark = pytest.mark.django_db
NS = {"cap": cap.CAP_NS}
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def fetch_alert(client, post) -> etree._Element:
    response = client.get(reverse("news:cap_alert", args=[post.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/cap+xml")
    assert cap.validation_errors(response.content) == [], response.content.decode()
    return etree.fromstring(response.content)


def text(element, path):
    return element.findtext(path, namespaces=NS)


def test_the_schema_is_the_oasis_cap_1_2_schema():
    schema = etree.parse(str(cap.SCHEMA_PATH)).getroot()
    assert schema.get("targetNamespace") == "urn:oasis:names:tc:emergency:cap:1.2"
    assert "Copyright OASIS Open 2010" in cap.SCHEMA_PATH.read_text()


def test_a_published_crisis_is_a_valid_cap_alert_with_one_info_per_language(client, writer, settings):
    settings.NEWS_CAP_SENDER = "crisis@stadvoorbeeld.be"
    post = services.publish_crisis_now(post=PostFactory(author=writer, crisis=True, in_french=True), actor=writer)
    alert = fetch_alert(client, post)
    assert text(alert, "cap:identifier") == post.cap_identifier == f"thuisloket-crisis-{post.pk}"
    assert text(alert, "cap:sender") == "crisis@stadvoorbeeld.be"
    assert OFFSET.match(text(alert, "cap:sent")), text(alert, "cap:sent")
    assert text(alert, "cap:sent").endswith(("+01:00", "+02:00"))  # Brussels time, never "Z"
    assert (text(alert, "cap:status"), text(alert, "cap:msgType"), text(alert, "cap:scope")) == (
        "Actual", "Alert", "Public")
    assert alert.find("cap:references", NS) is None
    infos = alert.findall("cap:info", NS)
    assert [text(info, "cap:language") for info in infos] == ["nl-BE", "fr-BE"]
    nl, fr = infos
    assert text(nl, "cap:headline") == post.title and text(fr, "cap:headline") == FR_CRISIS["title"]
    assert text(fr, "cap:instruction") == FR_CRISIS["instruction"]
    assert (text(nl, "cap:category"), text(nl, "cap:urgency"), text(nl, "cap:severity"),
            text(nl, "cap:certainty"), text(nl, "cap:responseType")) == ("Safety", "Immediate", "Severe",
                                                                         "Observed", "Shelter")
    assert OFFSET.match(text(nl, "cap:expires"))
    assert text(nl, "cap:area/cap:areaDesc") == "Kerkstraat en omgeving"
    assert text(nl, "cap:area/cap:circle") == "51.03100,3.42100 0.5"
    assert text(fr, "cap:web").endswith(f"/nieuws/{post.slug}/?taal=fr")


def test_an_update_and_a_cancel_reference_the_earlier_messages(client, writer, colleague):
    alert_post = services.publish_crisis_now(post=PostFactory(author=writer, crisis=True), actor=writer)
    update_post = services.start_followup(original=alert_post, actor=colleague, msg_type=MsgType.UPDATE)
    services.update_post(post=update_post, editor=colleague, fields={"area_shape": "polygon",
                                                                     "polygon": "51.030,3.410 51.035,3.420 "
                                                                                "51.028,3.425"})
    update_post = services.publish_crisis_now(post=Post.objects.get(pk=update_post.pk), actor=colleague)
    cancel_post = services.start_followup(original=alert_post, actor=writer, msg_type=MsgType.CANCEL)
    cancel_post = services.publish_crisis_now(post=cancel_post, actor=writer)
    alert_post.refresh_from_db()

    update = fetch_alert(client, update_post)
    assert text(update, "cap:msgType") == "Update"
    assert text(update, "cap:references") == cap.reference_of(alert_post)
    assert text(update, "cap:references").startswith(f"{cap.settings.NEWS_CAP_SENDER},{alert_post.cap_identifier},")
    assert text(update, "cap:info/cap:area/cap:polygon") == (
        "51.03000,3.41000 51.03500,3.42000 51.02800,3.42500 51.03000,3.41000")

    cancel = fetch_alert(client, cancel_post)
    assert text(cancel, "cap:msgType") == "Cancel"
    assert text(cancel, "cap:references").split(" ") == [cap.reference_of(alert_post), cap.reference_of(update_post)]
    assert text(cancel, "cap:info/cap:responseType") == "AllClear"
    assert text(cancel, "cap:info/cap:urgency") == "Past"


def test_an_invalid_alert_fails_the_schema_with_a_readable_error(writer):
    post = services.publish_crisis_now(post=PostFactory(author=writer, crisis=True), actor=writer)
    alert = cap.build_alert(post)
    alert.find("cap:msgType", NS).text = "Panic"
    errors = cap.validation_errors(cap.to_bytes(alert))
    assert errors and "msgType" in errors[0] and "Panic" in errors[0]
    # A "Z" time is valid xs:dateTime but not CAP 1.2 (the OASIS pattern wants an offset).
    alert = cap.build_alert(post)
    alert.find("cap:sent", NS).text = "2026-03-10T14:05:00Z"
    assert any("sent" in error for error in cap.validation_errors(cap.to_bytes(alert)))
    assert cap.validation_errors(b"<alert>not closed") != []


def test_a_crisis_whose_alert_would_not_validate_is_not_published(writer, settings, client):
    post = PostFactory(author=writer, crisis=True)
    settings.NEWS_CAP_STATUS = "Rumour"
    with pytest.raises(services.PostError, match="CAP-bericht") as raised:
        services.publish_crisis_now(post=post, actor=writer)
    assert "status" in raised.value.message
    post.refresh_from_db()
    assert post.status == Status.DRAFT and post.published_at is None and not post.cap_identifier


def test_staff_see_the_cap_check_and_a_clear_error_when_publishing_fails(writer, writer_client, settings):
    post = PostFactory(author=writer, crisis=True)
    page = writer_client.get(reverse("news_staff:post", args=[post.pk])).content.decode()
    assert "Het CAP-bericht is geldig volgens de OASIS CAP 1.2-norm." in page
    settings.NEWS_CAP_STATUS = "Rumour"
    response = writer_client.post(reverse("news_staff:publish_crisis", args=[post.pk]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Het CAP-bericht voor deze crisis is niet geldig, dus we publiceren het niet." in html
    assert "Het CAP-bericht is niet geldig volgens de OASIS-norm" in html
    preview = writer_client.get(reverse("news_staff:cap_preview", args=[post.pk]))
    assert preview.status_code == 200 and b"<status>Rumour</status>" in preview.content


def test_only_published_crises_with_the_cap_channel_have_a_cap_document(client, writer, colleague):
    draft = PostFactory(author=writer, crisis=True)
    assert client.get(reverse("news:cap_alert", args=[draft.pk])).status_code == 404
    no_cap = services.publish_crisis_now(post=PostFactory(author=writer, crisis=True, channels=[Channel.PAGE]),
                                         actor=writer)
    assert client.get(reverse("news:cap_alert", args=[no_cap.pk])).status_code == 404
    news = PostFactory(author=writer)
    assert client.get(reverse("news:cap_alert", args=[news.pk])).status_code == 404


def test_the_cap_index_feed_lists_alerts_with_links_to_their_documents(client, writer):
    post = services.publish_crisis_now(post=PostFactory(author=writer, crisis=True), actor=writer)
    response = client.get(reverse("news:cap_feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    atom = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", atom)
    assert len(entries) == 1
    links = {link.get("rel"): link for link in entries[0].findall("a:link", atom)}
    assert links["alternate"].get("href").endswith(reverse("news:cap_alert", args=[post.pk]))
    assert links["related"].get("type") == "application/cap+xml"
    document = client.get(links["related"].get("href").replace("http://testserver", ""))
    assert cap.validation_errors(document.content) == []


def test_expiry_far_ahead_and_no_expiry_both_stay_valid(writer):
    post = PostFactory(author=writer, crisis=True, expires_at=timezone.now() + timedelta(days=3))
    assert cap.problems(post) == []
