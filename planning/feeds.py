"""The personal calendar feed: its secret address and its iCalendar text (RFC 5545).

The token is `<public id><mac>`: the feed's random public id (32 hex digits, redrawn on reset)
and an HMAC of it under the site's SECRET_KEY (32 hex digits). Only the public id is stored; the
MAC is compared in constant time, so the token cannot be guessed from the database alone nor
found by timing. A token that does not match is a 404, like an address that never existed.

The iCalendar text is written by the `icalendar` library (line folding at 75 octets, CRLF,
escaping of , ; \\ and line breaks); times are in UTC, so no VTIMEZONE is needed, and due dates
are all-day events. Summaries are in the person's language.
"""

import uuid
from datetime import UTC, timedelta

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from icalendar import Calendar, Event

from .models import CalendarFeed

SALT = "planning.calendar-feed"
PAST_DAYS, FUTURE_DAYS = 30, 365


def _mac(public_id):
    return salted_hmac(SALT, public_id.hex, algorithm="sha256").hexdigest()[:32]


def token_of(feed):
    return feed.public_id.hex + _mac(feed.public_id)


def feed_for_token(token):
    """The CalendarFeed the token opens (with its user), or None."""
    if len(token) != 64:
        return None
    try:
        public_id = uuid.UUID(hex=token[:32])
    except ValueError:
        return None
    if not constant_time_compare(token[32:], _mac(public_id)):
        return None
    return CalendarFeed.objects.select_related("user").filter(public_id=public_id, user__is_active=True).first()


def window():
    today = timezone.localdate()
    return today - timedelta(days=PAST_DAYS), today + timedelta(days=FUTURE_DAYS)


def ics_for(entries, *, name, base_url):
    """The feed's text for these entries (agenda.Entry), as bytes."""
    calendar = Calendar()
    calendar.add("prodid", "-//PES Learning//Calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = timezone.now().astimezone(UTC)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        if entry.day is not None:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + timedelta(days=1))
        else:
            event.add("dtstart", entry.starts_at.astimezone(UTC))
            if entry.ends_at:
                event.add("dtend", entry.ends_at.astimezone(UTC))
        event.add("summary", f"{entry.what}: {entry.title}")
        if entry.place:
            event.add("location", entry.place)
        url = base_url + entry.url if entry.url.startswith("/") else entry.url
        if url:
            event.add("url", url)
            event.add("description", url)
        event.add("transp", "TRANSPARENT" if entry.day is not None else "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()
