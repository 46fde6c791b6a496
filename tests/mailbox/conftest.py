import pytest

from tests.factories.identity import ResidentFactory

# Valid demo national numbers (mod-97 checked).
NUMBERS = ["85073003328", "90020110028"]


@pytest.fixture(autouse=True)
def _mailbox_urls(settings):
    settings.ROOT_URLCONF = "tests.mailbox.urls"
    settings.PUBLIC_BASE_URL = "https://thuisloket.example.be"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def resident(db):
    return ResidentFactory(national_number=NUMBERS[0], family_name="Janssens")


@pytest.fixture
def other_resident(db):
    return ResidentFactory(national_number=NUMBERS[1], given_name="Els")
