from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.choices import HouseholdRelation

from .persons import Person


class Address(models.Model):
    street = models.CharField(_("straat"), max_length=200)
    house_number = models.CharField(_("huisnummer"), max_length=20)
    box = models.CharField(_("bus"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20)
    municipality = models.CharField(_("gemeente"), max_length=200)
    country = models.CharField(_("land"), max_length=2, default="BE")

    class Meta:
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "house_number", "box", "postcode", "municipality", "country"],
                name="registry_address_unique",
            )
        ]

    def __str__(self):
        box = f" bus {self.box}" if self.box else ""
        return f"{self.street} {self.house_number}{box}, {self.postcode} {self.municipality}"


class Residence(models.Model):
    """One line of a person's address history."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residences")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="residences")
    valid_from = models.DateField(_("vanaf"))
    valid_until = models.DateField(_("tot"), null=True, blank=True)
    is_main_residence = models.BooleanField(_("hoofdverblijfplaats"), default=True)

    class Meta:
        verbose_name = _("verblijf")
        verbose_name_plural = _("verblijven")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.person} @ {self.address}"


class Household(models.Model):
    number = models.CharField(_("gezinsnummer"), max_length=20, unique=True)
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="households")
    reference_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("gezin")
        verbose_name_plural = _("gezinnen")

    def __str__(self):
        return self.number


class HouseholdMembership(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household_memberships")
    relation = models.CharField(
        _("relatie tot de referentiepersoon"), max_length=30, choices=HouseholdRelation.choices
    )
    valid_from = models.DateField(_("vanaf"))
    valid_until = models.DateField(_("tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("gezinslid")
        verbose_name_plural = _("gezinsleden")
        ordering = ["valid_from", "pk"]

    def __str__(self):
        return f"{self.person} ({self.get_relation_display()})"
