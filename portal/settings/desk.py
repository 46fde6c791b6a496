"""The contact desk (``desk``, ``desk.feedback``): references, opening hours and terms, the public map,
report photos, e-mail in, and the satisfaction question when a case closes. Adds the desk's periodic
tasks and the map tiles' origin to the CSP's img-src.

A part of ``portal.settings.base`` (imported at its end, after ``security``, whose CSP it extends); load
that module, not this one. The desk's conversation channels (chat, WhatsApp) are in ``channels``.
"""
from urllib.parse import urlsplit as _urlsplit

from .core import CELERY_BEAT_SCHEDULE
from .env import env_bool, env_int, env_list, env_str
from .security import CONTENT_SECURITY_POLICY

DESK_REFERENCE_PREFIX = env_str("DESK_REFERENCE_PREFIX", "M")
# Opening hours that terms are counted in (Belgian public holidays and ClosingDay rows are skipped).
DESK_OPENING_HOURS = env_str("DESK_OPENING_HOURS", "mon-fri 08:30-12:00,13:00-17:00")
DESK_DEFAULT_DEPARTMENT = env_str("DESK_DEFAULT_DEPARTMENT", "contactcenter")
DESK_NEAR_DUE_HOURS = env_int("DESK_NEAR_DUE_HOURS", 4)  # working hours before a term ends: "bijna te laat"
DESK_REOPEN_DAYS = env_int("DESK_REOPEN_DAYS", 30)  # a resident may reopen a closed case this long
DESK_PHOTO_MAX_BYTES = env_int("DESK_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
DESK_PHOTO_MAX_SIDE = env_int("DESK_PHOTO_MAX_SIDE", 2048)
DESK_MAP_TILES_URL = env_str("DESK_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
DESK_MAP_ATTRIBUTION = env_str("DESK_MAP_ATTRIBUTION", "© OpenStreetMap-bijdragers")
DESK_MAP_RECENT_DAYS = env_int("DESK_MAP_RECENT_DAYS", 30)  # closed reports stay on the map this long
DESK_FORWARD_LINK_DAYS = env_int("DESK_FORWARD_LINK_DAYS", 14)
DESK_SUBMIT_RATE = env_str("DESK_SUBMIT_RATE", "10/h")  # web reports per address
# E-mail in: an IMAP mailbox (imaps://user:password@host/INBOX) or a Maildir path (maildir:///path).
DESK_INBOUND_MAILBOX = env_str("DESK_INBOUND_MAILBOX", "")
DESK_REPLY_ADDRESS = env_str("DESK_REPLY_ADDRESS", "")  # the one e-mail address (e.g. 1777@stad.be)
CELERY_BEAT_SCHEDULE["desk-escalate-terms"] = {"task": "desk.cases.tasks.escalate_terms", "schedule": 300.0}
if DESK_INBOUND_MAILBOX:
    CELERY_BEAT_SCHEDULE["desk-fetch-email"] = {"task": "desk.channels.email.tasks.fetch_email", "schedule": 60.0}
if DESK_MAP_TILES_URL:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        f"{_urlsplit(DESK_MAP_TILES_URL).scheme}://{_urlsplit(DESK_MAP_TILES_URL).netloc.replace('{s}', '*')}")

# --- feedback (desk.feedback) ---
DESK_FEEDBACK_ENABLED = env_bool("DESK_FEEDBACK_ENABLED", True)  # ask for feedback when a case closes
DESK_FEEDBACK_DAYS = env_int("DESK_FEEDBACK_DAYS", 14)  # the feedback link works this long, once

# The city's area, districts and streets (city.geo); empty: the demo city's files in city/data/.
DESK_CITY_GEOJSON = env_str("DESK_CITY_GEOJSON", "")
DESK_STREETS_FILE = env_str("DESK_STREETS_FILE", "")
DESK_CITY_POSTCODES = env_list("DESK_CITY_POSTCODES", [])  # e.g. "9000,9030,9031"; empty: the demo city's

# Open311 GeoReport v2 (/open311/v2/): the jurisdiction we serve, POSTs per API key, discovery texts.
OPEN311_JURISDICTION_ID = env_str("OPEN311_JURISDICTION_ID", "stadvoorbeeld.be")
OPEN311_POST_RATE = env_str("OPEN311_POST_RATE", "60/m")
OPEN311_CONTACT = env_str("OPEN311_CONTACT", "")  # empty: "<city>, contactcenter 1777"
OPEN311_KEY_SERVICE = env_str("OPEN311_KEY_SERVICE", "")  # where apps ask for a key; empty: a standard text
OPEN311_ENDPOINT_TYPE = env_str("OPEN311_ENDPOINT_TYPE", "")  # empty: "test" with DEBUG, else "production"
