"""News and crisis communication (``news``) and its anonymous Web Push (``news.push``): the content
calendar, the city's area for crisis messages, CAP 1.2, e-mail followers, reactions, feeds, and the push
services. Adds the crisis banner's context processor and the news' periodic tasks.

A part of ``portal.settings.base`` (imported at its end); load that module, not this one.
"""
from email.utils import parseaddr

from .core import CELERY_BEAT_SCHEDULE, CITY_NAME, DEFAULT_FROM_EMAIL, TEMPLATES
from .env import env_bool, env_int, env_list, env_str

# --- news (news) ---
NEWS_WEEKLY_LIMIT = env_int("NEWS_WEEKLY_LIMIT", 2)  # news posts per ISO week before the calendar warns
NEWS_PAGE_SIZE = env_int("NEWS_PAGE_SIZE", 10)  # posts per page on /nieuws/
# How CAP describes "the whole city" (its shape comes from the city's area: city/data/, DESK_CITY_GEOJSON).
NEWS_CITY_AREA_DESC = env_str("NEWS_CITY_AREA_DESC", CITY_NAME)
# CAP 1.2: <sender> (an e-mail address or URI of the city), the identifier prefix (+ post id), <status>
# (Actual; Exercise or Test on a training server) and an optional <contact>.
NEWS_CAP_SENDER = env_str("NEWS_CAP_SENDER", parseaddr(DEFAULT_FROM_EMAIL)[1])  # the bare address
NEWS_CAP_IDENTIFIER_PREFIX = env_str("NEWS_CAP_IDENTIFIER_PREFIX", "thuisloket-crisis-")
NEWS_CAP_STATUS = env_str("NEWS_CAP_STATUS", "Actual")
NEWS_CAP_CONTACT = env_str("NEWS_CAP_CONTACT", "")
NEWS_CRISIS_DEFAULT_HOURS = env_int("NEWS_CRISIS_DEFAULT_HOURS", 6)  # "valid until" proposed for a new crisis
NEWS_BANNER_CACHE_SECONDS = env_int("NEWS_BANNER_CACHE_SECONDS", 30)  # the crisis banner's cache on each page
NEWS_BE_ALERT_URL = env_str("NEWS_BE_ALERT_URL", "https://www.be-alert.be/")
NEWS_PUSH_TTL = env_int("NEWS_PUSH_TTL", 24 * 3600)  # how long push services keep a news post for offline devices
NEWS_EMAIL_BATCH_SIZE = env_int("NEWS_EMAIL_BATCH_SIZE", 200)  # followers per Celery task (one SMTP connection)
NEWS_CONFIRM_HOURS = env_int("NEWS_CONFIRM_HOURS", 48)  # the double opt-in link; unconfirmed rows go after this
NEWS_CONSENT_TEXT_VERSION = env_str("NEWS_CONSENT_TEXT_VERSION", "2026-1")  # kept with every confirmation
NEWS_SUBSCRIBE_RATE = env_str("NEWS_SUBSCRIBE_RATE", "3/h")  # confirmation mails per e-mail address
NEWS_SUBSCRIBE_IP_RATE = env_str("NEWS_SUBSCRIBE_IP_RATE", "20/h")  # sign-up form posts per client address
NEWS_REACTIONS_PER_HOUR = env_int("NEWS_REACTIONS_PER_HOUR", 30)  # reactions per (daily-salted) key per hour
# Atom <id>s are tag: URIs (RFC 4151) under this authority; default: the host of PUBLIC_BASE_URL.
NEWS_FEED_TAG_AUTHORITY = env_str("NEWS_FEED_TAG_AUTHORITY", "")
TEMPLATES[0]["OPTIONS"]["context_processors"].append("news.context_processors.crisis_banner")
CELERY_BEAT_SCHEDULE["news-publish-due"] = {"task": "news.tasks.publish_due", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["news-purge-unconfirmed"] = {"task": "news.tasks.purge_unconfirmed", "schedule": 3600.0}

# --- push (news.push) ---
# VAPID private key: a PEM/DER file path, a PEM string, or base64url (raw 32 bytes or DER). Empty: the
# development key var/keys/vapid-private.pem (manage.py init_dev_vapid); production warns (news_push.W001).
WEBPUSH_VAPID_PRIVATE_KEY = env_str("WEBPUSH_VAPID_PRIVATE_KEY", "")
WEBPUSH_VAPID_SUBJECT = env_str("WEBPUSH_VAPID_SUBJECT", "")  # mailto:/https: contact; empty: DEFAULT_FROM_EMAIL
# Endpoints must be https on one of these push-service domains (and subdomains); empty list = any https host.
WEBPUSH_ALLOWED_HOSTS = env_list("WEBPUSH_ALLOWED_HOSTS", [
    "fcm.googleapis.com", "android.googleapis.com", "push.services.mozilla.com", "push.apple.com",
    "notify.windows.com"])
WEBPUSH_ALLOW_HTTP_LOCALHOST = env_bool("WEBPUSH_ALLOW_HTTP_LOCALHOST", False)  # tests/bench mock (also when DEBUG)
WEBPUSH_BATCH_SIZE = env_int("WEBPUSH_BATCH_SIZE", 1000)  # subscriptions per Celery task
# Requests in flight per worker process: at a 100 ms round trip to the push service, 256 make 2 560/s.
WEBPUSH_CONCURRENCY = env_int("WEBPUSH_CONCURRENCY", 256)
WEBPUSH_TIMEOUT = env_int("WEBPUSH_TIMEOUT", 10)  # seconds per request
# "fast" (news/push/transport.py, ~5x less CPU per message) or "aiohttp" (when HTTPS must go through a proxy).
WEBPUSH_HTTP_CLIENT = env_str("WEBPUSH_HTTP_CLIENT", "fast")
WEBPUSH_MAX_ATTEMPTS = env_int("WEBPUSH_MAX_ATTEMPTS", 5)  # per subscription (429/5xx/timeouts are retried)
WEBPUSH_RETRY_BACKOFF = env_int("WEBPUSH_RETRY_BACKOFF", 30)  # seconds before the 1st retry, doubled each time
WEBPUSH_RETRY_MAX_DELAY = env_int("WEBPUSH_RETRY_MAX_DELAY", 900)
WEBPUSH_STUCK_AFTER = env_int("WEBPUSH_STUCK_AFTER", 600)  # the sweep re-queues work untouched this long
WEBPUSH_QUEUE = env_str("WEBPUSH_QUEUE", "")  # a dedicated Celery queue (e.g. "push"); empty = default queue
WEBPUSH_SUBSCRIBE_RATE = env_str("WEBPUSH_SUBSCRIBE_RATE", "20/h")  # subscribe/unsubscribe calls per address
CELERY_BEAT_SCHEDULE["news-push-sweep"] = {"task": "news.push.tasks.sweep_stuck", "schedule": 300.0}
