"""Password lockout per (username, address), a looser lock per address and only a slow-down per name: a
stranger cannot lock a clerk out of their own address."""
from django.core.cache import cache
from django.urls import reverse

from identity.staff import services
from tests.factories.identity import PASSWORD, StaffUserFactory

OFFICE = "10.1.2.3"
STRANGER = "203.0.113.9"


def attempt(client, username, password="fout-wachtwoord", address=OFFICE):
    return client.post(reverse("staff:login"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_a_strangers_failures_do_not_lock_the_clerk_out_of_their_own_address(client, settings, db):
    settings.STAFF_LOGIN_MAX_FAILURES = 5
    StaffUserFactory(username="anna")
    for _attempt in range(12):
        attempt(client, "anna", address=STRANGER)
    assert attempt(client, "anna", address=STRANGER).status_code == 429  # the stranger is locked out

    response = attempt(client, "anna", PASSWORD, address=OFFICE)
    assert response.status_code == 302
    assert services.PENDING_KEY in client.session


def test_repeated_failures_from_one_address_are_still_locked_out(client, settings, db):
    settings.STAFF_LOGIN_MAX_FAILURES = 5
    StaffUserFactory(username="anna")
    statuses = [attempt(client, "anna").status_code for _attempt in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    response = attempt(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert services.PENDING_KEY not in client.session
    assert attempt(client, "anna", PASSWORD, address="10.9.9.9").status_code == 302  # elsewhere: fine


def test_failures_from_many_addresses_slow_the_name_down_but_not_for_long(client, settings, db):
    settings.STAFF_LOGIN_MAX_FAILURES = 5
    settings.STAFF_LOGIN_SLOWDOWN_AFTER = 6
    settings.STAFF_LOGIN_SLOWDOWN_SECONDS = 30
    StaffUserFactory(username="anna")
    for number in range(6):
        attempt(client, "anna", address=f"198.51.100.{number}")
    # Over the slow-down: this address just failed, so it waits before its next try...
    assert attempt(client, "anna", address="198.51.100.5").status_code == 429
    # ...but a new address (the clerk at home) gets its first try at once.
    assert attempt(client, "anna", PASSWORD, address="192.0.2.50").status_code == 302


def test_the_slow_down_is_a_short_pause_that_ends(client, settings, db):
    settings.STAFF_LOGIN_MAX_FAILURES = 5
    settings.STAFF_LOGIN_SLOWDOWN_AFTER = 2
    StaffUserFactory(username="anna")
    attempt(client, "anna", address=STRANGER)
    attempt(client, "anna", address=OFFICE)  # the second failure on the name: the office pair pauses
    response = attempt(client, "anna", PASSWORD, address=OFFICE)
    assert response.status_code == 429
    assert "1 minuut" in response.content.decode()  # a pause, not the quarter of an hour of a lock
    cache.clear()  # the pause (30 s) has passed
    assert attempt(client, "anna", PASSWORD, address=OFFICE).status_code == 302
