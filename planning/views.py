"""The learner's calendar page (week and list views), its feed, and resetting the feed's address."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cohorts.models import time_zone_label

from . import agenda, feeds, services

LIST_DAYS = 60


def _monday(value):
    return value - timedelta(days=value.weekday())


def _week_from(param, today):
    """The Monday of the week named by ?week=YYYY-MM-DD (any day of it); this week if absent or bad."""
    try:
        day = date.fromisoformat(param) if param else today
    except ValueError:
        day = today
    if not date(2000, 1, 1) <= day <= date(2100, 12, 31):
        day = today
    return _monday(day)


@login_required
def calendar_page(request):
    profile = agenda.profile_of(request.user)
    zone = agenda.zone_of(profile)
    today = timezone.localdate(timezone=zone)
    view = "list" if request.GET.get("view") == "list" else "week"
    if view == "list":
        first, last = today, today + timedelta(days=LIST_DAYS - 1)
    else:
        first = _week_from(request.GET.get("week", ""), today)
        last = first + timedelta(days=6)
    entries = agenda.entries_for(request.user, first, last, profile=profile, zone=zone)
    if view == "list":
        days = sorted({entry.local_day for entry in entries})
    else:
        days = agenda.week_days(first)
    feed = services.feed_of(user=request.user)
    feed_url = request.build_absolute_uri(reverse("planning_calendar_feed", args=[feeds.token_of(feed)]))
    context = {
        "view": view,
        "days": agenda.by_day(entries, days),
        "today": today,
        "first": first,
        "last": last,
        "previous_week": (first - timedelta(days=7)).isoformat(),
        "next_week": (first + timedelta(days=7)).isoformat(),
        "zone_label": time_zone_label(zone.key),
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        "list_days": LIST_DAYS,
    }
    return TemplateResponse(request, "planning/calendar.html", context)


@login_required
@require_POST
def reset_feed(request):
    services.reset_feed(user=request.user)
    messages.success(request, _("Your calendar has a new address. The old one no longer works: subscribe again."))
    return redirect("planning:calendar")


@never_cache
@require_GET
def calendar_feed(request, token):
    """The .ics feed phone calendars subscribe to: no login, the secret token is the key."""
    feed = feeds.feed_for_token(token)
    if feed is None:
        raise Http404
    user = feed.user
    profile = agenda.profile_of(user)
    language = user.preferred_language or {"LA": "lo", "KH": "km"}.get(profile.country.code if profile else "", "en")
    first, last = feeds.window()
    with translation.override(language):
        entries = agenda.entries_for(user, first, last, profile=profile)
        body = feeds.ics_for(
            entries, name=_("PES Learning: my calendar"), base_url=request.build_absolute_uri("/").rstrip("/")
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="pes-learning.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
