"""``{% chat_launcher %}``: the chat button, in the same place on every page (templates/base.html includes
templates/desk/chat/_launcher.html at the end of the body, which calls this tag)."""
from django import template

from desk.channels.chat.launcher import launcher_visible, on_chat_page

register = template.Library()


@register.inclusion_tag("desk/chat/_launcher_button.html", takes_context=True)
def chat_launcher(context):
    request = context.get("request")
    visible = launcher_visible(request)
    return {"visible": visible, "on_chat_page": visible and on_chat_page(request),
            "current": visible and getattr(getattr(request, "resolver_match", None), "view_name", "") == "chat:page"}
