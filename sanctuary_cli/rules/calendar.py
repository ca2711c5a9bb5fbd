"""RFC 5545 calendar export of appointments (icalendar, imported lazily).

Minimum necessary: titles carry the patient's initials (or full name only when asked), never a
diagnosis or note content. UIDs derive from the appointment id, so re-importing an export
updates events instead of duplicating them, and each occurrence of a series is its own event.
Writing the file is store/files.py's (atomic_write, owner-readable only).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

UID_DOMAIN = "sanctuary.invalid"
# A no-show did not happen, like a cancelled appointment: both are exported CANCELLED (rather
# than left out), so a calendar that imported the appointment earlier drops it on re-import.
STATUS = {
    "scheduled": "CONFIRMED",
    "completed": "CONFIRMED",
    "no-show": "CANCELLED",
    "cancelled": "CANCELLED",
}


def calendar_bytes(rows: Iterable[dict[str, Any]], tz: ZoneInfo, *, full_names: bool) -> bytes:
    """The .ics text of the appointments, DTSTART/DTEND with the practice's TZID."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Sanctuary//Practice calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-timezone", tz.key)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for row in rows:
        event = Event()
        event.add("uid", event_uid(row["appointment_id"]))
        event.add("dtstamp", stamp)
        event.add("dtstart", row["starts_at"].astimezone(tz))
        event.add("dtend", row["ends_at"].astimezone(tz))
        event.add("summary", event_summary(row, full_names=full_names))
        event.add("status", STATUS.get(str(row["status"]), "CONFIRMED"))
        event.add("last-modified", row["updated_at"].astimezone(UTC).replace(microsecond=0))
        where = row["video_link"] or row["location"]
        if where:
            event.add("location", where)
        if row["video_link"]:
            event.add("url", row["video_link"])
        event.add("description", f"Sanctuary appointment {row['appointment_id']}")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def event_uid(appointment_id: Any) -> str:
    return f"{appointment_id}@{UID_DOMAIN}"


def event_summary(row: dict[str, Any], *, full_names: bool) -> str:
    """ "Session: A.C. (Virtual)": initials unless full names were asked for."""
    who = row["patient_name"] if full_names else initials(row["first_name"], row["last_name"])
    kind = row.get("session_type") or "Session"
    return f"{kind}: {who} ({row['appointment_type']})"


def initials(first: str, last: str) -> str:
    return "".join(f"{part.strip()[:1].upper()}." for part in (first, last) if part.strip())
