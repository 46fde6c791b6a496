"""``{% link %}`` gives what ``{% url %}`` gives, and follows a change of URLconf."""
import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

LINK = Template("{% load links %}{% link 'identity:my_data' %}")


def test_link_is_the_address_url_gives():
    assert LINK.render(Context()) == reverse("identity:my_data") == "/mijn/gegevens/"


@override_settings(ROOT_URLCONF="tests.portal.links_urls")
def test_link_follows_another_urlconf():
    assert LINK.render(Context()) == "/elders/gegevens/"


def test_an_unknown_name_fails_as_url_does():
    with pytest.raises(NoReverseMatch):
        Template("{% load links %}{% link 'identity:no_such_page' %}").render(Context())
