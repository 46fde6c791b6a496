from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.choices import ActKind, ActRole, MarriageEnd

from .persons import Person


class CivilStatusAct(models.Model):
    kind = models.CharField(_("soort"), max_length=20, choices=ActKind.choices)
    act_number = models.CharField(_("aktenummer"), max_length=40, unique=True)
    date = models.DateField(_("datum"))
    place = models.CharField(_("plaats"), max_length=200)

    class Meta:
        verbose_name = _("akte van de burgerlijke stand")
        verbose_name_plural = _("akten van de burgerlijke stand")
        ordering = ["date", "act_number"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.act_number}"


class ActParty(models.Model):
    act = models.ForeignKey(CivilStatusAct, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="act_parties")
    role = models.CharField(_("rol"), max_length=20, choices=ActRole.choices)

    class Meta:
        verbose_name = _("betrokkene bij een akte")
        verbose_name_plural = _("betrokkenen bij een akte")
        constraints = [
            models.UniqueConstraint(fields=["act", "person", "role"], name="registry_actparty_unique")
        ]

    def __str__(self):
        return f"{self.person} ({self.role})"


class Marriage(models.Model):
    """A marriage as the acts establish it: who, since when, and how and when it ended."""

    spouse_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    spouse_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    married_on = models.DateField(_("gehuwd op"))
    marriage_act = models.ForeignKey(
        CivilStatusAct, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.CharField(
        _("reden van beëindiging"), max_length=20, choices=MarriageEnd.choices, blank=True
    )
    divorce_act = models.ForeignKey(
        CivilStatusAct, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("huwelijk")
        verbose_name_plural = _("huwelijken")

    def __str__(self):
        return f"{self.spouse_a} ∞ {self.spouse_b}"


class LegalCohabitation(models.Model):
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    declared_on = models.DateField(_("verklaard op"))
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("wettelijke samenwoning")
        verbose_name_plural = _("wettelijke samenwoningen")

    def __str__(self):
        return f"{self.person_a} & {self.person_b}"
