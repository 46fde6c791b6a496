"""Production settings: every value comes from the environment; defaults are the safe ones.

This is the module ``DJANGO_SETTINGS_MODULE`` names in production (the default of ``portal/wsgi.py``,
``portal/asgi.py`` and ``portal/celery.py``). It puts together the core (``core``: apps, middleware,
templates, database, cache, accounts, languages, files, Celery, e-mail, logging) and one module per
concern, which may read and extend the core values:

* ``security``: sessions, cookies, security headers, CSP, passwords, staff sign-in, public computers;
* ``oidc``: resident sign-in through OpenID Connect, the national-number hash key, the development IdP;
* ``certificates``: the city's seal, the timestamp authority, the verification page;
* ``desk``: the contact desk (terms, map, photos, e-mail in, feedback);
* ``channels``: the desk's conversation channels, live chat and WhatsApp (``desk.channels.chat``,
  ``desk.channels.whatsapp``);
* ``news``: news and crisis communication and its Web Push (``news``, ``news.push``);
* ``storage``: the files the portal keeps, on local disk or an S3-compatible object store;
* ``observability``: JSON logs, error reports (Sentry) and Prometheus metrics.

The quick start (``portal.settings.dev``) and the tests (``portal.settings.test``) build on this
module. ``portal.checks`` refuses unsafe production values before the first request.
"""
# The concern modules import what they need from core and from each other (oidc and desk adjust the CSP
# that security defines; channels reads desk's opening hours); MIDDLEWARE, TEMPLATES,
# CONTENT_SECURITY_POLICY and CELERY_BEAT_SCHEDULE are extended in place.
from .certificates import *  # noqa: F403
from .channels import *  # noqa: F403
from .core import *  # noqa: F403
from .desk import *  # noqa: F403
from .news import *  # noqa: F403
from .observability import *  # noqa: F403
from .oidc import *  # noqa: F403
from .security import *  # noqa: F403
from .storage import *  # noqa: F403
