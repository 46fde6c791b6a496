"""System checks of the WhatsApp adapter: a city that switches it on must give all its credentials."""
from django.conf import settings
from django.core import checks

REQUIRED = ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN")


@checks.register("desk")
def check_whatsapp(app_configs, **kwargs):
    if not getattr(settings, "WHATSAPP_ENABLED", False):
        return []
    found = []
    missing = [name for name in REQUIRED if not getattr(settings, name, "")]
    if missing:
        found.append(checks.Error(
            f"WHATSAPP_ENABLED is on, but {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set.",
            hint="Take them from the Meta app and the WhatsApp Business Account (or from the provider), or set "
                 "WHATSAPP_ENABLED=false. Without the app secret every delivery is refused.",
            id="desk_whatsapp.E001"))
    if not settings.WHATSAPP_TEMPLATE_NAME:
        found.append(checks.Warning(
            "WHATSAPP_TEMPLATE_NAME is not set: answers outside the 24-hour window cannot be sent.",
            hint="Have a utility template approved (one body parameter: the case reference) and name it here.",
            id="desk_whatsapp.W001"))
    else:
        from pywa.types.templates import TemplateLanguage

        unknown = [code for code in settings.WHATSAPP_TEMPLATE_LANGUAGES
                   if code not in TemplateLanguage._value2member_map_]
        if unknown or not settings.WHATSAPP_TEMPLATE_LANGUAGES:
            found.append(checks.Warning(
                "WHATSAPP_TEMPLATE_LANGUAGES has codes WhatsApp does not know, or none: "
                f"{', '.join(unknown) or '(empty)'}.",
                hint="Use WhatsApp's codes, e.g. nl,fr,en (the languages the template is approved in).",
                id="desk_whatsapp.W002"))
    if not (settings.WHATSAPP_PORTAL_URL or settings.PUBLIC_BASE_URL):
        found.append(checks.Warning(
            "Neither WHATSAPP_PORTAL_URL nor PUBLIC_BASE_URL is set: the privacy replies cannot link to the portal.",
            id="desk_whatsapp.W003"))
    return found
