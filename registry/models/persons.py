from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.choices import Disposition, Ritual, Sex


class Person(models.Model):
    national_number = models.CharField(_("rijksregisternummer"), max_length=11, unique=True)
    given_names = models.CharField(_("voornamen"), max_length=200)
    family_name = models.CharField(_("familienaam"), max_length=200)
    sex = models.CharField(_("geslacht"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    # A birth date may be partial: month and/or day unknown.
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("geboortemaand"), null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(_("geboortedag"), null=True, blank=True)
    birth_place = models.CharField(_("geboorteplaats"), max_length=200, blank=True)
    birth_country = models.CharField(_("geboorteland"), max_length=2, default="BE")
    death_date = models.DateField(_("datum van overlijden"), null=True, blank=True)
    death_place = models.CharField(_("plaats van overlijden"), max_length=200, blank=True)
    is_bis_number = models.BooleanField(_("bisnummer"), default=False)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["family_name", "given_names"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_month__isnull=True)
                | models.Q(birth_month__gte=1, birth_month__lte=12),
                name="registry_person_birth_month_range",
            ),
            models.CheckConstraint(
                condition=models.Q(birth_day__isnull=True) | models.Q(birth_month__isnull=False),
                name="registry_person_day_needs_month",
            ),
        ]

    def __str__(self):
        return f"{self.given_names} {self.family_name}"

    @property
    def birth_date(self) -> date | None:
        if self.birth_year and self.birth_month and self.birth_day:
            return date(self.birth_year, self.birth_month, self.birth_day)
        return None


class Nationality(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nationalities")
    country = models.CharField(_("land (ISO 3166-1)"), max_length=2)
    valid_from = models.DateField(_("vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("nationaliteit")
        verbose_name_plural = _("nationaliteiten")
        ordering = ["valid_from", "country"]

    def __str__(self):
        return self.country


class Parentage(models.Model):
    parent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="child_links")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="parent_links")

    class Meta:
        verbose_name = _("afstamming")
        verbose_name_plural = _("afstammingen")
        constraints = [models.UniqueConstraint(fields=["parent", "child"], name="registry_parentage_unique")]

    def __str__(self):
        return f"{self.parent} → {self.child}"


class VoterExclusion(models.Model):
    """A court ruling or other ground that suspends the right to vote for a period."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="voter_exclusions")
    reason = models.CharField(_("reden"), max_length=200)
    valid_from = models.DateField(_("vanaf"))
    valid_until = models.DateField(_("tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitsluiting van het kiesrecht")
        verbose_name_plural = _("uitsluitingen van het kiesrecht")

    def __str__(self):
        return f"{self.person}: {self.reason}"


class FuneralWishes(models.Model):
    """A declaration of last wishes (wijze van lijkbezorging, ritueel); the latest one counts."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="funeral_wishes")
    disposition = models.CharField(_("wijze van lijkbezorging"), max_length=30, choices=Disposition.choices)
    ritual = models.CharField(_("ritueel"), max_length=30, choices=Ritual.choices)
    declared_on = models.DateField(_("verklaard op"))

    class Meta:
        verbose_name = _("laatste wilsbeschikking")
        verbose_name_plural = _("laatste wilsbeschikkingen")
        ordering = ["-declared_on", "-pk"]

    def __str__(self):
        return f"{self.person}: {self.get_disposition_display()}"
