"""A person's notifications: the list (newest first, unread marked), mark read, e-mail choices.

Every page is the person's own: no id of someone else's notification does anything (404).
Marking read is POST only; opening a notification marks it read and follows its link.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import NotFound
from core.http import object_id
from core.permissions import visible_to

from . import selectors, services
from .forms import PreferencesForm
from .models import Notification


@login_required
def notification_list(request):
    """2–3 queries: the session's user, the page's rows, the count when there is more than one page."""
    paginator = Paginator(selectors.notifications_of(request.user), selectors.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    unread = any(not n.is_read for n in page.object_list)
    return render(request, "notifications/list.html", {"page": page, "has_unread": unread})


@login_required
@require_POST
def open_notification(request, notification_id):
    notification = (
        visible_to(request.user, "notifications.read_notification", Notification.objects.all())
        .filter(pk=object_id(notification_id))
        .only("pk", "link")
        .first()
    )
    if notification is None:
        raise NotFound()
    services.mark_read(user=request.user, notification_id=notification.pk)
    link = notification.link
    if request.POST.get("stay") or not url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect("notifications:list")
    return redirect(link)


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(request.POST or None, current=selectors.preferences_of(request.user))
    if request.method == "POST":
        if form.is_valid():
            services.set_preferences(user=request.user, choices=form.cleaned_data)
            messages.success(request, _("Your e-mail choices are saved."))
            return redirect("notifications:preferences")
        return render(request, "notifications/preferences.html", {"form": form}, status=400)
    return render(request, "notifications/preferences.html", {"form": form})
