"""Dutch unless the resident chose otherwise; no NUL bytes in a request; probes answered first.

Django's LocaleMiddleware would follow the browser's Accept-Language. A Flemish administration works in
Dutch (the language legislation in administrative matters) and offers French and English as a courtesy,
so only an explicit choice (the language switcher's cookie) changes the language.
"""
from urllib.parse import unquote

from django.conf import settings
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException
from django.utils import translation

from common.parsing import parse_id
from portal import health, metrics
from portal.views import bad_request

NUL = "\x00"
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


ANSWERED_FIRST = {**health.PROBES, "/metrics": metrics.export}


class ProbeMiddleware:
    """Answer the liveness and readiness probes (``portal.health.PROBES``) and the metrics scrape
    (``portal.metrics``, bearer token) before any other middleware.

    A Kubernetes probe or a load balancer asks over plain HTTP with the pod's address as Host: the SSL
    redirect (SecurityMiddleware) would answer 301 and the ``ALLOWED_HOSTS`` check (``request.get_host()``
    in CommonMiddleware and CSRF) 400. Only these three paths, only GET and HEAD, skip them; they read no
    cookie, no session and no input, and their answer names no host, so nothing the two checks protect
    (redirects and links built from Host, cookies over plain HTTP) is at stake. First in MIDDLEWARE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = ANSWERED_FIRST.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RefuseNulBytesMiddleware:
    """A NUL byte (``\\x00``, also sent as %00) in the path, the query string or a posted form field is never
    meant: answer 400 before any view (or database: PostgreSQL refuses NUL in text) sees it. Uploaded files'
    contents are not looked at; a form body that cannot be read at all is a 400 too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return bad_request(request)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if NUL in request.path or NUL in request.path_info or NUL in unquote(request.META.get("QUERY_STRING", "")):
            return True
        if any(NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()):
            return True
        if request.method != "POST" or request.content_type not in FORM_TYPES:
            return False
        if (parse_id(request.META.get("CONTENT_LENGTH")) or 0) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            # An upload: left to its view, which refuses an oversized body before reading it (the certificate
            # check does); its form fields refuse NUL themselves (Django's ProhibitNullCharactersValidator).
            return False
        try:
            request.body  # noqa: B018 -- read first, so a view that wants the raw body still has it
            fields = request.POST
        except (MultiPartParserError, UnreadablePostError, RawPostDataException):
            return True
        return any(NUL in key or any(NUL in str(value) for value in values) for key, values in fields.lists())
