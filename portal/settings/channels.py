"""The desk's conversation channels: live chat (``desk.channels.chat``) and WhatsApp Business
(``desk.channels.whatsapp``).

Both turn conversations into desk cases, so they live apart from the desk's own settings but next to
them; Web Push belongs to the news (``news.push``) and is configured in ``news``.

A part of ``portal.settings.base`` (imported at its end, after ``desk``, whose opening hours the chat
reuses); load that module, not this one.
"""
from .core import CELERY_BEAT_SCHEDULE
from .desk import DESK_OPENING_HOURS
from .env import env_bool, env_int, env_list, env_str

# --- chat (desk.channels.chat) ---
CHAT_ENABLED = env_bool("CHAT_ENABLED", True)  # the chat button on every page and /chat/
# When someone answers the live chat (same format as DESK_OPENING_HOURS); outside them: leave a message.
CHAT_OPENING_HOURS = env_str("CHAT_OPENING_HOURS", DESK_OPENING_HOURS)
CHAT_MAX_MESSAGE_LENGTH = env_int("CHAT_MAX_MESSAGE_LENGTH", 2000)  # characters per chat message
CHAT_MESSAGE_RATE = env_str("CHAT_MESSAGE_RATE", "20/m")  # messages per conversation
CHAT_ADDRESS_RATE = env_str("CHAT_ADDRESS_RATE", "40/m")  # messages per client address (all its conversations)
CHAT_START_RATE = env_str("CHAT_START_RATE", "10/h")  # new conversations and left messages per client address
CHAT_COOKIE_AGE = env_int("CHAT_COOKIE_AGE", 7 * 24 * 3600)  # an anonymous visitor's access cookie
CHAT_STREAM_LIFETIME = env_int("CHAT_STREAM_LIFETIME", 55)  # seconds an event stream stays open (then reconnects)
CHAT_STREAM_HEARTBEAT = env_int("CHAT_STREAM_HEARTBEAT", 15)  # seconds between keep-alive comments
CHAT_STREAM_CHECK_MS = env_int("CHAT_STREAM_CHECK_MS", 1000)  # how often a stream polls (no Redis, or WSGI)
# With REDIS_URL, streams under ASGI wait for a Redis pub/sub wake-up instead of polling (chat/wakeups.py).
CHAT_STREAM_WAKEUPS = env_bool("CHAT_STREAM_WAKEUPS", True)
CHAT_STREAM_DB_CONNECTIONS = env_int("CHAT_STREAM_DB_CONNECTIONS", 10)  # streams reading at once, per process
CHAT_POLL_SECONDS = env_int("CHAT_POLL_SECONDS", 4)  # polling interval when the stream cannot be used
CHAT_NEAR_DUE_MINUTES = env_int("CHAT_NEAR_DUE_MINUTES", 15)  # "eerste antwoord bijna te laat" in Gesprekken
CHAT_UNREAD_NOTICE_MINUTES = env_int("CHAT_UNREAD_NOTICE_MINUTES", 3)  # an unseen answer goes to mailbox/e-mail

# --- whatsapp (desk.channels.whatsapp) ---
# WhatsApp Business (Cloud API). Off by default: the webhook /whatsapp/webhook/ answers 404. A city turns it on
# with its provider's credentials (Meta app + WhatsApp Business Account); all from the environment.
WHATSAPP_ENABLED = env_bool("WHATSAPP_ENABLED", False)
WHATSAPP_ACCESS_TOKEN = env_str("WHATSAPP_ACCESS_TOKEN", "")  # system-user token (Bearer) for the Graph API
WHATSAPP_PHONE_NUMBER_ID = env_str("WHATSAPP_PHONE_NUMBER_ID", "")  # the number we send from (and accept for)
WHATSAPP_WABA_ID = env_str("WHATSAPP_WABA_ID", "")  # the WhatsApp Business Account id
WHATSAPP_APP_SECRET = env_str("WHATSAPP_APP_SECRET", "")  # checks X-Hub-Signature-256 on every delivery
WHATSAPP_VERIFY_TOKEN = env_str("WHATSAPP_VERIFY_TOKEN", "")  # the token Meta's verification GET must carry
WHATSAPP_API_VERSION = env_str("WHATSAPP_API_VERSION", "26.0")  # Graph API version (graph.facebook.com/v26.0)
# The approved utility template sent outside the 24-hour window; its one body parameter is the case reference.
WHATSAPP_TEMPLATE_NAME = env_str("WHATSAPP_TEMPLATE_NAME", "")
WHATSAPP_TEMPLATE_LANGUAGES = env_list("WHATSAPP_TEMPLATE_LANGUAGES", ["nl"])  # approved languages, default first
WHATSAPP_PORTAL_URL = env_str("WHATSAPP_PORTAL_URL", "")  # the secure portal the privacy replies point to
WHATSAPP_MAX_BODY_BYTES = env_int("WHATSAPP_MAX_BODY_BYTES", 1024 * 1024)  # larger deliveries are refused (413)
WHATSAPP_HTTP_TIMEOUT = env_int("WHATSAPP_HTTP_TIMEOUT", 20)  # seconds per Graph API call
WHATSAPP_MEDIA_HOSTS = env_list("WHATSAPP_MEDIA_HOSTS", ["fbsbx.com", "whatsapp.net", "facebook.com", "fbcdn.net"])
WHATSAPP_KEEP_DAYS = env_int("WHATSAPP_KEEP_DAYS", 30)  # raw deliveries (personal data) are deleted after this
if WHATSAPP_ENABLED:
    CELERY_BEAT_SCHEDULE["whatsapp-sweep"] = {"task": "desk.channels.whatsapp.tasks.sweep", "schedule": 300.0}
