"""Certificate requests and issued certificates (certificates).

Requests that must go through the real rules are made with ``certificates.services.submit_request``; these
factories are for a request as data (a document to render, a certificate to verify)."""
import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from certificates.models import CertificateRequest, IssuedCertificate
from certificates.states import Status
from certificates.types import ForWhom

from .identity import ResidentFactory


class CertificateRequestFactory(factory.django.DjangoModelFactory):
    """A resident's request for their own household composition, as received. ``ready=True``: issued and ready.

    ``CertificateRequestFactory.build(type_code=..., subject_number=...)`` gives an unsaved request to render
    a document with."""

    class Meta:
        model = CertificateRequest

    class Params:
        ready = factory.Trait(status=Status.READY)

    reference = factory.Sequence(lambda n: f"AV-2026-T{n:05d}")
    type_code = "household_composition"
    requester = factory.SubFactory(ResidentFactory)
    for_whom = ForWhom.SELF
    subject_number = factory.LazyAttribute(lambda o: o.requester.national_number)
    subject_name = factory.LazyAttribute(lambda o: str(o.requester))


class IssuedCertificateFactory(factory.django.DjangoModelFactory):
    """A certificate issued for a ready request; ``content=`` the (sealed) PDF's bytes, stored as its file."""

    class Meta:
        model = IssuedCertificate

    class Params:
        content = b"%PDF-1.7\n"

    request = factory.SubFactory(CertificateRequestFactory, ready=True, type_code=factory.SelfAttribute("..type_code"))
    verification_code = factory.Sequence(lambda n: f"TEST-{n:04d}")
    type_code = "household_composition"
    issued_at = factory.LazyFunction(timezone.now)
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    pdf = factory.LazyAttribute(lambda o: ContentFile(o.content, name=f"{o.request.reference}.pdf"))
