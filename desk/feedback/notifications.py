"""The satisfaction question in the closing message (only the reporter's copy, never a follower's)."""
from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from common.tokens import hash_token
from desk.feedback.models import Feedback
from desk.states import EventKind


def feedback_url(feedback: Feedback, answer: str = "") -> str:
    path = reverse("feedback:answer", args=[feedback.token])
    if answer:
        path += f"?tevreden={answer}"
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def invitation(event, language: str) -> str:
    """The paragraph with the one-time links, to append to the closing message; "" when none was offered."""
    if event.kind != EventKind.STATE_CHANGED:
        return ""
    feedback = Feedback.objects.filter(closing_event_id=event.pk, answered_at__isnull=True).first()
    if feedback is None or hash_token(feedback.token) != feedback.token_hash:  # SECRET_KEY changed meanwhile
        return ""
    with translation.override(language or "nl"):
        values = {
            "yes": feedback_url(feedback, "ja"), "no": feedback_url(feedback, "nee"),
            "date": formats.date_format(timezone.localtime(feedback.expires_at), "j F Y"),
        }
        return "\n\n" + _("Ben je tevreden over hoe we je melding hebben afgehandeld? Laat het ons weten, dat "
                          "duurt maar een minuut.\n"
                          "Ja, ik ben tevreden: %(yes)s\n"
                          "Nee, ik ben niet tevreden: %(no)s\n"
                          "De link werkt één keer, tot %(date)s. Ben je niet tevreden, dan bekijkt een "
                          "medewerker of we je melding opnieuw behandelen.") % values
