"""iCalendar (.ics) files for a cohort's meetings, readable by phone and desktop calendars."""

from datetime import UTC

from django.utils import timezone

PRODID = "-//PES Learning//Cohorts//EN"


MAX_OCTETS = 75  # per line, without the CRLF (RFC 5545 3.1)


def _escape(text):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped; every line break
    (CRLF, a bare CR or LF) becomes \\n, so no raw CR or LF can start a new property."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _fold(line):
    """Lines longer than 75 octets continue on the next line after a space, never inside a character."""
    out, current, limit = [], b"", MAX_OCTETS
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current, limit = b"", MAX_OCTETS - 1  # a continuation line starts with one space
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _stamp(value):
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(meetings, *, title, with_links, url=""):
    """The text of a calendar with one event per meeting; join links only when `with_links`."""
    now = _stamp(timezone.now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for meeting in meetings:
        description = url
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}-{meeting.cohort.public_id}@pes-learning",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(meeting.starts_at)}",
            f"DTEND:{_stamp(meeting.ends_at)}",
            f"SUMMARY:{_escape(title)}",
        ]
        if meeting.place:
            lines.append(f"LOCATION:{_escape(meeting.place)}")
        if with_links and meeting.link:
            lines.append(f"URL:{meeting.link}")
            description = f"{meeting.link}\n{url}".strip()
        if description:
            lines.append(f"DESCRIPTION:{_escape(description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
