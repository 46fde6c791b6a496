"""Dutch unless the resident chose otherwise.

Django's LocaleMiddleware would follow the browser's Accept-Language. A Flemish administration works in
Dutch (the language legislation in administrative matters) and offers French and English as a courtesy,
so only an explicit choice (the language switcher's cookie) changes the language.
"""
from django.conf import settings
from django.utils import translation


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
