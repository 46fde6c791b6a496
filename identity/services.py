"""Identity services: the only code that creates or changes residents."""
from django.db import transaction
from django.utils import timezone

from . import nrn
from .logging import audit_logger
from .models import Resident, User


@transaction.atomic
def sign_in_resident(*, national_number: str, given_name: str, family_name: str, acr: str) -> User:
    """Find (by keyed hash) or create the resident behind a verified national number.

    The IdP's ``sub`` is not used: itsme gives every partner a different one, and a person keeps one
    resident account whichever means they sign in with.
    """
    key = nrn.keyed_hash(national_number)
    resident = Resident.objects.select_related("user").select_for_update().filter(nrn_hash=key).first()
    if resident is None:
        user = User.objects.create(username=f"resident-{key[:24]}", first_name=given_name[:150],
                                   last_name=family_name[:150])
        user.set_unusable_password()
        user.save(update_fields=["password"])
        resident = Resident.objects.create(user=user, nrn_hash=key, national_number=national_number)
        audit_logger.info("resident.created subject=%s", key[:12])
    resident.given_name = given_name or resident.given_name
    resident.family_name = family_name or resident.family_name
    resident.last_sign_in_at = timezone.now()
    resident.last_sign_in_acr = acr
    resident.save()
    audit_logger.info("sign_in.ok subject=%s acr=%s", key[:12], acr)
    return resident.user
