"""`calendar sync` (docs/SPEC.md section 10; docs/reminders.md, "Calendar sync"): the next days'
appointments published to one CalDAV calendar, with the privacy rules of `appointments export
--ics` (initials only) and, since a third party hosts the calendar, no session type either.

The window is from the start of today to the end of the last day, in the practice zone; the
same window goes to store/caldav_sync.sync_events, so an event of ours starting in it that is
no longer listed (cancelled, no-show, moved out) is removed, and nothing outside it is touched.
"""

from __future__ import annotations

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.audit import record_read
from sanctuary_cli.rules import parsers
from sanctuary_cli.store.caldav_sync import SyncResult, events_from_rows, sync_events
from sanctuary_cli.store.db import Database

DEFAULT_DAYS = 60


def sync_calendar(
    db: Database, *, days: int = DEFAULT_DAYS, all_therapists: bool = False
) -> SyncResult:
    """Make the CalDAV calendar of SANCTUARY_CALDAV_URL hold the appointments of today and the
    `days` days after it; the counts of events created, updated, removed and left unchanged.
    A sync that wrote events is recorded as an EXPORT of appointments."""
    settings = db.settings
    if not settings.caldav_url:
        raise UserError(
            "Set SANCTUARY_CALDAV_URL to the calendar's URL "
            '(docs/reminders.md, "Calendar settings")'
        )
    if days < 1:
        raise UserError("--days must be at least 1")
    tz = settings.tz
    start, end = parsers.parse_day_range(None, None, tz, default_back=0, default_ahead=days)
    rows = db.all(
        "reminders.calendar",
        from_at=start,
        to_at=end,
        therapist_id=clinician.scope(db, all_therapists),
    )
    result = sync_events(
        settings.caldav_url,
        settings.caldav_user,
        settings.caldav_password,
        events_from_rows(rows, tz),
        window=(start, end),
        allow_insecure=bool(settings.allow_insecure),
    )
    if result.created or result.updated:
        record_read(db, "appointments", None, None, action="EXPORT")
    return result
