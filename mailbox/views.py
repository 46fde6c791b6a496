"""The resident's mailbox pages: the list, one message, its documents, and e-mail preferences."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from identity.assist import public_computer
from identity.decorators import resident_required

from . import selectors, services
from .forms import PreferencesForm


@login_required
@resident_required
@never_cache
def inbox(request):
    resident = request.user.resident
    return render(request, "mailbox/inbox.html", {
        "mailbox_messages": selectors.messages_for(resident),
        "unread": selectors.unread_count(resident),
    })


@login_required
@resident_required
@never_cache
def message_detail(request, public_id):
    message = selectors.message_for(request.user.resident, public_id)
    if message is None:
        raise Http404
    services.mark_read(message=message)
    return render(request, "mailbox/message.html", {"message": message, "documents": message.documents.all()})


@login_required
@resident_required
@never_cache
def download(request, public_id, document_id):
    """Only the owner gets the file; anyone else gets the same 404 as for a document that does not exist.

    On a public computer or in an assisted session a document only opens in the browser (inline, no-store),
    never as a download.
    """
    document = selectors.document_for(request.user.resident, public_id, document_id)
    if document is None:
        raise Http404
    inline = request.GET.get("inline") == "1"
    shared = public_computer.is_public(request) or getattr(request, "assisted_session", None) is not None
    if shared and not inline:
        # A shared computer, or a volunteer helping: no download into its folders; a page to open and print.
        return render(request, "assist/document.html", {"message": document.message, "document": document})
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    services.mark_read(message=document.message)
    response = FileResponse(handle, content_type="application/pdf", as_attachment=not inline,
                            filename=document.filename)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@resident_required
@never_cache
def preferences(request):
    resident = request.user.resident
    current = selectors.preferences_for(resident)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.update_preferences(resident=resident, email=form.cleaned_data["email"],
                                        notify_by_email=form.cleaned_data["notify_by_email"])
            messages.success(request, _("Je voorkeuren zijn bewaard."))
            return redirect("mailbox:preferences")
    else:
        form = PreferencesForm(initial={"email": current.email, "notify_by_email": current.notify_by_email})
    return render(request, "mailbox/preferences.html", {"form": form, "preferences": current})
