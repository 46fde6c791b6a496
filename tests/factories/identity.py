"""Users, residents and staff (identity)."""
import factory
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from identity.models import Resident, User
from identity.nrn import keyed_hash
from registry.demo import national_number_for

PASSWORD = "Een-lang-wachtwoord-2026"


def a_national_number(n: int) -> str:
    """A valid (mod-97 checked) national number of someone born in 1980, unique for n < 12 × 28 × 997."""
    return national_number_for(1980, n // (28 * 997) % 12 + 1, n // 997 % 28 + 1, n % 997 + 1)


class UserFactory(factory.django.DjangoModelFactory):
    """A user made as ``User.objects.create_user`` makes one: no usable password unless one is given."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"gebruiker{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)


class StaffUserFactory(UserFactory):
    """A member of staff who can sign in with both factors: password ``PASSWORD`` and a confirmed TOTP device.

    ``role="desk_agent"`` puts them in that role's group; ``with_device=False`` leaves the TOTP device out
    (they must enrol at their first sign-in)."""

    class Meta:
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    password = PASSWORD
    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def with_device(self, create, extracted, **kwargs):
        if create and extracted is not False:
            TOTPDevice.objects.create(user=self, name="app", confirmed=True)


class ResidentFactory(factory.django.DjangoModelFactory):
    """A resident as a sign-in through the identity provider leaves one: a user without a password, found by the
    keyed hash of a valid national number; ``language="fr"`` sets the preferred language."""

    class Meta:
        model = Resident

    class Params:
        language = "nl"

    user = factory.SubFactory(UserFactory, username=factory.Sequence(lambda n: f"inwoner{n}"))
    national_number = factory.Sequence(a_national_number)
    nrn_hash = factory.LazyAttribute(lambda o: keyed_hash(o.national_number))
    given_name = "Jan"
    family_name = "Peeters"
    preferred_language = factory.SelfAttribute("language")
