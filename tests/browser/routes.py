"""The route table of the accessibility walk (tests/browser/test_route_walk.py).

Every named URL pattern of the project ("namespace:name") has an entry here: how the walk visits it
(as which role, with which arguments from the demo data the walk creates), or why it is not visited.
A route without an entry fails ``test_route_table_covers_every_route``: add it to the walk or exclude
it with a reason.

- ``Visit(role, ...)``: the walk opens the page as ``role`` (its own signed-in browser context) and
  expects ``status``; ``args``/``kwargs``/``query`` build the URL from the demo data (``Demo``).
- ``Flow(name)``: the page only exists in the middle of a journey (after a POST, during a sign-in);
  the walk's flow ``name`` reaches it and scans it there.
- ``Excluded(reason)``: not an HTML page a person reads (a download, JSON, an action that only takes
  POST, a redirect), or Django's own admin internals.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ANONYMOUS = "anonymous"
RESIDENT = "resident"
VOLUNTEER = "volunteer"
CIVIL_AFFAIRS = "burgerzaken"
DESK_AGENT = "desk_agent"
DEPARTMENT_STAFF = "department_staff"
ADMINISTRATOR = "administrator"
ROLES = (ANONYMOUS, RESIDENT, VOLUNTEER, CIVIL_AFFAIRS, DESK_AGENT, DEPARTMENT_STAFF, ADMINISTRATOR)
STAFF_ROLES = (VOLUNTEER, CIVIL_AFFAIRS, DESK_AGENT, DEPARTMENT_STAFF, ADMINISTRATOR)

# The flows of the walk (test_route_walk.py runs each; every page they reach is scanned).
FLOW_STAFF_ENROL = "staff sign-in with a new authenticator app (burgerzaken, desk agent, volunteer, administrator)"
FLOW_STAFF_VERIFY = "staff sign-in with an enrolled authenticator app (department staff)"
FLOW_REGISTER_LOOKUP = "burgerzaken look up a resident's register data (a wrong number first)"
FLOW_ERRORS = "forms sent wrongly: a wrong staff password, a verification code that cannot be one"
FLOW_WIZARD = "the resident walks the household composition wizard, leaves it and comes back"
FLOW_REPORT = "someone without an account asks a question (empty first: the error summary)"
FLOW_FOLLOW = "someone without an account follows a public report by e-mail"
FLOW_ASSISTED = ("a volunteer enrols a public computer and starts an assisted session; the resident signs in, "
                 "opens a document, and ends with \"Klaar — alles wissen\"")


@dataclass(frozen=True)
class Visit:
    role: str
    args: Callable[[Any], list] | None = None  # from the Demo the walk built
    kwargs: Callable[[Any], dict] | None = None
    query: str = ""
    status: int = 200
    redirects_to: str = ""  # a route name when the page answers with a redirect the walk follows
    label: str = ""  # what this visit shows, when a route is visited more than once
    language: str = ""  # another interface language than Dutch (its cookie, for this visit only)


@dataclass(frozen=True)
class Flow:
    name: str


@dataclass(frozen=True)
class Excluded:
    reason: str


POST_ONLY = "an action that only takes POST (its result page is covered by the page it redirects to)"
DOWNLOAD = "a file download (PDF, photo, CSV), not an HTML page"
JSON = "JSON for scripts, not an HTML page"
OPEN311 = "the Open311 API (XML/JSON for apps), not an HTML page"


def _case(attr: str):
    return lambda demo: [getattr(demo, attr)]


def _in_other_languages(role: str, **kwargs) -> tuple[Visit, ...]:
    """French and English: longer words, other dates; the same rules."""
    prefix = kwargs.pop("label", "")
    return tuple(Visit(role, language=code, label=prefix + name, **kwargs)
                 for code, name in (("fr", "in French"), ("en", "in English")))


ROUTES: dict[str, tuple[Visit | Flow, ...] | Excluded] = {
    # --- portal ----------------------------------------------------------------------------------
    "portal:home": (Visit(ANONYMOUS), Visit(RESIDENT, label="signed in"), *_in_other_languages(ANONYMOUS)),
    "portal:dashboard": (Visit(RESIDENT), *_in_other_languages(RESIDENT)),
    "portal:health": Excluded(JSON + " (health check for the load balancer)"),
    "portal:city_theme": Excluded("a stylesheet (the city's own colours), not an HTML page"),
    "portal:health_live": Excluded(JSON + " (liveness probe)"),
    "portal:health_ready": Excluded(JSON + " (readiness probe)"),
    "oidc_rp_jwks": Excluded(JSON + " (our public keys for the identity provider)"),
    "portal:accessibility": (Visit(ANONYMOUS), *_in_other_languages(ANONYMOUS)),
    "portal:privacy": (Visit(ANONYMOUS), *_in_other_languages(ANONYMOUS)),
    "set_language": Excluded(POST_ONLY + " (the language switcher is on every page)"),

    # --- identity: residents ---------------------------------------------------------------------
    "identity:sign_in": (Visit(ANONYMOUS), *_in_other_languages(ANONYMOUS)),
    "identity:sign_out": Excluded(POST_ONLY),
    "identity:session_expired": (Visit(ANONYMOUS),),
    "identity:keepalive": Excluded(JSON + " (keeps an idle session alive)"),
    "identity:my_data": (Visit(RESIDENT), *_in_other_languages(RESIDENT)),
    "identity:my_consultations": (Visit(RESIDENT),),
    "oidc_authentication_init": Excluded("redirects to the identity provider (its pages: test_keyboard_journey)"),
    # The callback is a redirect in a working sign-in; a cancelled sign-in shows "Aanmelden is niet gelukt".
    "oidc_authentication_callback": (Visit(ANONYMOUS, query="error=access_denied", status=400,
                                           label="sign-in cancelled"),),

    # --- identity: staff -------------------------------------------------------------------------
    "staff:login": (Visit(ANONYMOUS), Flow(FLOW_ERRORS)),
    "staff:enrol": (Flow(FLOW_STAFF_ENROL),),
    "staff:verify": (Flow(FLOW_STAFF_VERIFY),),
    "staff:home": tuple(Visit(role) for role in STAFF_ROLES),
    "staff:backup_codes": (Visit(CIVIL_AFFAIRS),),
    "staff:register_lookup": (Visit(CIVIL_AFFAIRS), Flow(FLOW_REGISTER_LOOKUP)),

    # --- identity: digital inclusion -------------------------------------------------------------
    "assist:dashboard": (Visit(VOLUNTEER),),
    "assist:start": Excluded(POST_ONLY + " (walked in the assisted-session flow)"),
    "assist:resident_start": (Flow(FLOW_ASSISTED),),
    "assist:export": Excluded(DOWNLOAD),
    "assist:computer": (Visit(VOLUNTEER),),
    "assist:computer_stop": Excluded(POST_ONLY),
    "assist:guides": (Visit(ANONYMOUS), Visit(VOLUNTEER)),
    "assist:guide": tuple(Visit(ANONYMOUS, args=lambda demo, slug=slug: [slug], label=slug)
                          for slug in ("gezinssamenstelling", "iets-melden", "berichten-lezen")),
    "assist:finish": Excluded(POST_ONLY + " (\"Klaar — alles wissen\")"),
    "assist:finished": (Visit(ANONYMOUS),),
    "assist:idle_end": Excluded("a redirect (to the clean start page, or back when still active)"),

    # --- certificates ----------------------------------------------------------------------------
    "certificates:my_requests": (Visit(RESIDENT),),
    "certificates:catalogue": (Visit(RESIDENT),),
    "certificates:wizard": (Flow(FLOW_WIZARD),),
    "certificates:wizard_step": (Flow(FLOW_WIZARD),),
    "certificates:detail": (Visit(RESIDENT, args=_case("ready_request"), label="ready"),
                            Visit(RESIDENT, args=_case("child_request"), label="waiting for staff")),
    "certificates:status": Excluded(JSON + " (requests.js polls it)"),
    "certificate_staff:queue": (Visit(CIVIL_AFFAIRS),),
    "certificate_staff:failed": (Visit(CIVIL_AFFAIRS),),
    "certificate_staff:detail": (Visit(CIVIL_AFFAIRS, args=_case("child_request")),),
    "certificate_staff:approve": Excluded(POST_ONLY),
    "certificate_staff:refuse": Excluded(POST_ONLY),
    "certificate_staff:ask_information": Excluded(POST_ONLY),
    "certificate_staff:retry": Excluded(POST_ONLY),
    "certificate_staff:mandate": Excluded(DOWNLOAD),
    "certificate_staff:answer_attachment": Excluded(DOWNLOAD),
    "verify:start": (Visit(ANONYMOUS), Flow(FLOW_ERRORS)),
    "verify:by_code": (Visit(ANONYMOUS, args=_case("verification_code"), label="authentic"),
                       Visit(ANONYMOUS, args=lambda demo: ["ABCD-EFGH-JKMN"], label="unknown code")),
    "verify:by_document": Excluded(POST_ONLY + " (an uploaded PDF; its result page is by_code's)"),

    # --- mailbox ---------------------------------------------------------------------------------
    "mailbox:inbox": (Visit(RESIDENT),),
    "mailbox:preferences": (Visit(RESIDENT),),
    "mailbox:message": (Visit(RESIDENT, args=_case("message")),
                        *_in_other_languages(RESIDENT, args=_case("message"))),
    # A PDF download, except on a public computer: there a page to open the document or print it.
    "mailbox:download": (Flow(FLOW_ASSISTED),),

    # --- desk: residents and the public ----------------------------------------------------------
    "desk:start": (Visit(ANONYMOUS), Visit(RESIDENT)),
    "desk:new": (Visit(ANONYMOUS, args=lambda demo: ["report"], label="report"),
                 Visit(ANONYMOUS, args=lambda demo: ["question"], label="question"),
                 Visit(ANONYMOUS, args=lambda demo: ["suggestion"], label="suggestion"),
                 Visit(ANONYMOUS, args=lambda demo: ["complaint"], label="complaint"),
                 Visit(RESIDENT, args=lambda demo: ["report"], label="report, signed in"),
                 *_in_other_languages(ANONYMOUS, args=lambda demo: ["report"], label="report, "),
                 Flow(FLOW_REPORT)),
    "desk:thanks": (Flow(FLOW_REPORT),),
    "desk:reverse_address": Excluded(JSON + " (location-picker.js looks up the address of a point)"),
    "desk:track": (Visit(ANONYMOUS, args=_case("tracking_token")),),
    "desk:follow": (Visit(ANONYMOUS, args=_case("public_case")), Flow(FLOW_FOLLOW)),
    "desk:followed": (Flow(FLOW_FOLLOW),),
    "desk:my_cases": (Visit(RESIDENT),),
    "desk:my_case": (Visit(RESIDENT, args=_case("resident_case"), label="report with photo"),
                     *_in_other_languages(RESIDENT, args=_case("resident_case"), label="report, "),
                     Visit(RESIDENT, args=_case("resident_question"), label="answered question")),
    "desk:my_photo": Excluded(DOWNLOAD),
    "desk:map": (Visit(ANONYMOUS),),
    "desk:map_geojson": Excluded(JSON + " (GeoJSON for map.js)"),
    "desk:public_photo": Excluded(DOWNLOAD),
    "desk:public_case": (Visit(ANONYMOUS, args=_case("public_case")),),
    "desk:forward_answer": (Visit(ANONYMOUS, args=_case("forward_token")),
                            Visit(ANONYMOUS, args=lambda demo: ["no-such-link"], status=404, label="unknown link")),
    "desk:forward_thanks": (Visit(ANONYMOUS),),

    # --- desk: satisfaction feedback, WhatsApp ---------------------------------------------------------
    "feedback:answer": (Visit(ANONYMOUS, args=_case("feedback_token"), query="tevreden=nee",
                              label="form, 'nee' chosen"),
                        Visit(ANONYMOUS, args=_case("feedback_token"), label="form, nothing chosen"),
                        Visit(ANONYMOUS, args=_case("feedback_used_token"), status=410, label="link already used"),
                        Visit(ANONYMOUS, args=lambda demo: ["onbekende-link"], status=404, label="unknown link"),
                        *_in_other_languages(ANONYMOUS, args=_case("feedback_token"), query="tevreden=ja")),
    "feedback:thanks": (Visit(ANONYMOUS, args=_case("feedback_used_token")),),
    # --- live chat (its page is scanned open, with the office hours set to "always") ---------------------
    "chat:page": (Visit(ANONYMOUS), Visit(RESIDENT, label="with an answered conversation"),
                  *_in_other_languages(ANONYMOUS)),
    "chat:panel": Excluded("an HTML fragment chat.js loads into the chat panel: chat:page's own markup "
                           "(scanned there, and with the panel open in tests/browser/test_chat_journey.py)"),
    "chat:refresh": Excluded("a redirect to chat:page (\"Nieuwe berichten ophalen\" without JavaScript)"),
    "chat:leave": Excluded(POST_ONLY + " (the leave-a-message form is on chat:page outside office hours; a GET "
                                       "redirects there)"),
    "chat:left": Excluded("the thanks page after leaving a message: only the browser that sent it may open it "
                          "(tests/chat/test_hours.py)"),
    "chat:ended": (Visit(ANONYMOUS, redirects_to="chat:page", label="nothing ended: back to the chat"),),
    "chat:since": Excluded("HTML fragments (or 204) that chat.js polls for new messages"),
    "chat:events": Excluded("Server-Sent Events for chat.js, not an HTML page"),
    "chat:end": Excluded(POST_ONLY),
    "chat:transcript": Excluded(DOWNLOAD + " (the conversation as a text file)"),
    "chat_staff:list": (Visit(DESK_AGENT), Visit(DEPARTMENT_STAFF)),
    "chat_staff:conversation": (Visit(DESK_AGENT, args=_case("chat_conversation")),),
    "desk_staff:conversation_report": (Visit(DESK_AGENT), Visit(DEPARTMENT_STAFF)),
    "chat_staff:answer": Excluded(POST_ONLY),
    "chat_staff:take": Excluded(POST_ONLY),
    "chat_staff:assign": Excluded(POST_ONLY),
    "chat_staff:close": Excluded(POST_ONLY),
    "chat_staff:convert": Excluded(POST_ONLY),
    "chat_staff:photo": Excluded(DOWNLOAD),
    "chat_staff:since": Excluded("HTML fragments (or 204) that chat.js polls for new messages"),
    "chat_staff:events": Excluded("Server-Sent Events for chat.js, not an HTML page"),

    # --- news and crisis channel ---------------------------------------------------------------------
    "news:index": (Visit(ANONYMOUS), Visit(ANONYMOUS, query="onderwerp=werken-en-verkeer", label="one topic"),
                   *_in_other_languages(ANONYMOUS)),
    "news:detail": (Visit(ANONYMOUS, args=lambda demo: ["zomerfeest-stadspark"], label="news with emoji reactions"),
                    Visit(ANONYMOUS, args=_case("news_crisis_slug"), label="active crisis"),
                    Visit(ANONYMOUS, args=lambda demo: ["gaslek-kerkstraat-voorbij"], label="all clear of a crisis"),
                    *_in_other_languages(ANONYMOUS, args=lambda demo: ["werken-stationsstraat"], label="translated, "),
                    Visit(ANONYMOUS, args=lambda demo: ["zomerfeest-stadspark"], language="fr",
                          label="in French, falls back to Dutch (lang=nl)"),
                    Visit(ANONYMOUS, args=lambda demo: ["bestaat-niet"], status=404, label="unknown post")),
    "news:follow": (Visit(ANONYMOUS), *_in_other_languages(ANONYMOUS)),
    "news:email_subscribe": (Visit(ANONYMOUS), *_in_other_languages(ANONYMOUS)),
    "news:email_sent": (Visit(ANONYMOUS),),
    "news:confirm": (Visit(ANONYMOUS, args=_case("news_confirm_token"), label="the button that confirms"),
                     Visit(ANONYMOUS, args=lambda demo: ["verlopen-link"], status=404,
                           label="expired or unknown link")),
    "news:email_confirmed": (Visit(ANONYMOUS),),
    "news:unsubscribe": (Visit(ANONYMOUS, args=_case("news_unsubscribe_token"), label="the button that unsubscribes"),
                         Visit(ANONYMOUS, args=lambda demo: ["niet-van-ons"], status=404, label="forged link")),
    "news:feed": Excluded("an Atom feed (XML for feed readers), not an HTML page"),
    "news:crisis_feed": Excluded("an Atom feed (XML for feed readers), not an HTML page"),
    "news:cap_feed": Excluded("the Atom index of CAP alerts (XML for alerting systems), not an HTML page"),
    "news:cap_alert": Excluded("a CAP 1.2 document (XML for alerting systems), not an HTML page"),
    "news:react": Excluded(POST_ONLY + " (the emoji buttons on a post; a flood gets the 429 page)"),

    "news_staff:calendar": (Visit(ADMINISTRATOR),),
    "news_staff:new": (Visit(ADMINISTRATOR, label="news or service post"),
                       Visit(ADMINISTRATOR, query="soort=crisis", label="crisis post with its CAP fields")),
    "news_staff:post": (Visit(ADMINISTRATOR, args=_case("news_crisis_pk"), label="active crisis, second check pending"),
                        Visit(ADMINISTRATOR, args=_case("news_scheduled_pk"), label="scheduled news post")),
    "news_staff:edit": (Visit(ADMINISTRATOR, args=_case("news_scheduled_pk")),),
    "news_staff:cap_preview": Excluded("the CAP document of a post as XML (staff check it), not an HTML page"),
    "news_staff:submit": Excluded(POST_ONLY),
    "news_staff:send_back": Excluded(POST_ONLY),
    "news_staff:approve": Excluded(POST_ONLY),
    "news_staff:schedule": Excluded(POST_ONLY),
    "news_staff:unschedule": Excluded(POST_ONLY),
    "news_staff:publish": Excluded(POST_ONLY),
    "news_staff:publish_crisis": Excluded(POST_ONLY),
    "news_staff:second_check": Excluded(POST_ONLY),
    "news_staff:withdraw": Excluded(POST_ONLY),
    "news_staff:whatsapp_done": Excluded(POST_ONLY),
    "news_staff:retry_channel": Excluded(POST_ONLY),
    "news_staff:follow_up": Excluded(POST_ONLY + " (creates a concept Update or Cancel and opens its edit page)"),
    # Anonymous Web Push: its form is the include on news:follow (scanned there).
    "news:push:subscribe": Excluded(POST_ONLY + "; JSON from static/push/subscribe.js"),
    "news:push:unsubscribe": Excluded(POST_ONLY + "; JSON from static/push/subscribe.js"),
    "news:push:service_worker": Excluded("the service worker script (JavaScript), not an HTML page"),
    "news:push:manifest": Excluded(JSON + " (the web app manifest iOS needs before it offers push)"),

    "whatsapp:webhook": Excluded("the WhatsApp Cloud API webhook (Meta's handshake and signed JSON deliveries), "
                                 "not an HTML page; 404 unless WHATSAPP_ENABLED"),

    # --- desk: back office -----------------------------------------------------------------------
    "desk_staff:inbox": (Visit(DESK_AGENT), Visit(DEPARTMENT_STAFF),
                         Visit(DESK_AGENT, query="status=all&due=overdue&q=M-",
                               label="filtered, with the saved-filter form")),
    "desk_staff:phone": (Visit(DESK_AGENT),),
    "desk_staff:case": (Visit(DESK_AGENT, args=_case("resident_case"), label="report with photo"),
                        Visit(DESK_AGENT, args=_case("resident_question"), label="answered question"),
                        Visit(DEPARTMENT_STAFF, args=_case("resident_case"), label="report, department"),
                        Visit(DESK_AGENT, args=_case("feedback_case"),
                              label="reopen requested after unhappy feedback")),
    "desk_staff:reports": (Visit(DESK_AGENT),),
    "desk_staff:reports_csv": Excluded(DOWNLOAD),
    "desk_staff:reports_events_csv": Excluded(DOWNLOAD),
    "desk_staff:photo": Excluded(DOWNLOAD),
    "desk_staff:filter_save": Excluded(POST_ONLY),
    "desk_staff:filter_delete": Excluded(POST_ONLY),
    "desk_staff:assign": Excluded(POST_ONLY),
    "desk_staff:take": Excluded(POST_ONLY),
    "desk_staff:note": Excluded(POST_ONLY),
    "desk_staff:reply": Excluded(POST_ONLY),
    "desk_staff:change_state": Excluded(POST_ONLY),
    "desk_staff:forward": Excluded(POST_ONLY),
    "desk_staff:merge": Excluded(POST_ONLY),
    "desk_staff:split": Excluded(POST_ONLY),
    "desk_staff:photo_publish": Excluded(POST_ONLY),

    # --- Django admin: the index and a few changelists; the rest is Django's own -----------------
    "admin:index": (Visit(ADMINISTRATOR),),
    "admin:desk_case_changelist": (Visit(ADMINISTRATOR),),
    "admin:identity_user_changelist": (Visit(ADMINISTRATOR),),
    "admin:registry_accessrecord_changelist": (Visit(ADMINISTRATOR),),
    "admin:identity_assistedsession_changelist": (Visit(ADMINISTRATOR),),
}

# Whole families of routes left out with one reason (checked by prefix of "namespace:name").
EXCLUDED_PREFIXES = {
    "admin:": "Django's admin internals (add/change/delete/history forms of every model, login, jsi18n...); "
              "the index and a few changelists are walked",
    "open311:": OPEN311,
}
# Unnamed patterns, by their full regex/route.
EXCLUDED_UNNAMED = {
    "^static/(?P<path>.*)$": "static files (only mounted with DEBUG)",
}


def entry_for(name: str) -> tuple[Visit | Flow, ...] | Excluded | None:
    if name in ROUTES:
        return ROUTES[name]
    for prefix, reason in EXCLUDED_PREFIXES.items():
        if name.startswith(prefix):
            return Excluded(reason)
    return EXCLUDED_UNNAMED.get(name) and Excluded(EXCLUDED_UNNAMED[name])


@dataclass
class Demo:
    """What the walk made to visit pages with arguments (filled in by test_route_walk.build_demo)."""

    ready_request: Any = None
    child_request: Any = None
    verification_code: str = ""
    message: Any = None
    resident_case: str = ""
    resident_question: str = ""
    public_case: str = ""
    tracking_token: str = ""
    forward_token: str = ""
    feedback_token: str = ""
    feedback_used_token: str = ""
    feedback_case: str = ""
    news_crisis_slug: str = ""
    news_crisis_pk: int = 0
    news_scheduled_pk: int = 0
    news_confirm_token: str = ""
    news_unsubscribe_token: str = ""
    chat_conversation: int = 0
