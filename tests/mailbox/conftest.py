import itertools

import pytest

from identity.models import Resident, User
from identity.nrn import keyed_hash

# Valid demo national numbers (mod-97 checked).
NUMBERS = ["85073003328", "90020110028"]
_counter = itertools.count(100)


def _another_number(sequence: int) -> str:
    base = f"800101{sequence:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


@pytest.fixture(autouse=True)
def _mailbox_urls(settings):
    settings.ROOT_URLCONF = "tests.mailbox.urls"
    settings.PUBLIC_BASE_URL = "https://thuisloket.example.be"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def make_resident(db):
    def make(number=None, *, given_name="Jan", family_name="Janssens", language="nl"):
        n = next(_counter)
        number = number or _another_number(n)
        user = User.objects.create_user(username=f"inwoner{n}")
        return Resident.objects.create(user=user, nrn_hash=keyed_hash(number), national_number=number,
                                       given_name=given_name, family_name=family_name,
                                       preferred_language=language)

    return make


@pytest.fixture
def resident(make_resident):
    return make_resident(NUMBERS[0])


@pytest.fixture
def other_resident(make_resident):
    return make_resident(NUMBERS[1], given_name="Els", family_name="Peeters")
