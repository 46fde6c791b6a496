"""Resident pages of the desk: "Melden of vragen", the report form, following, the private tracking page
and "Mijn meldingen en vragen".

Views stay thin: forms validate, ``desk.cases.services`` opens and changes cases (one call, one transaction),
``desk.cases.selectors`` reads them. Nothing is saved before the resident's last click: no half-saved uploads,
no drafts in the session.

The pages are split by job: ``reporting`` (the start page, the form, the thanks page and the address of a
point on the form's map), ``following`` (following someone else's open report), ``case_pages`` (a case's
own page behind the tracking link and "Mijn meldingen en vragen") and ``session`` (what they share). The
URL configuration uses this package's names.
"""
from desk.cases.views.resident.case_pages import my_case, my_cases, my_photo, track
from desk.cases.views.resident.following import follow, followed
from desk.cases.views.resident.reporting import new, reverse_address, start, thanks

__all__ = ["follow", "followed", "my_case", "my_cases", "my_photo", "new", "reverse_address", "start", "thanks",
           "track"]
