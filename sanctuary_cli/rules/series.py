"""Moving the rest of a series by the same offset, on the wall clock.

"The same offset" is the change of local date and time that moves the first occurrence: from
Mon 10:00 to Tue 11:00 is one day and one hour later on the wall clock, so a later occurrence
at 10:00 goes to the next day at 11:00 whether it falls in standard or daylight time. Adding
the elapsed hours instead would put occurrences across a DST change an hour off, which is what
`appointments recurring` avoids too (rules/dates.recurrence).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.rules.dates import localize


def wall_clock(moment: datetime, tz: ZoneInfo) -> datetime:
    """The local date and time of `moment` in tz, as a naive datetime."""
    return moment.astimezone(tz).replace(tzinfo=None)


def wall_clock_shift(old: datetime, new: datetime, tz: ZoneInfo) -> timedelta:
    """How far `new` is from `old` on the wall clock of tz (days and time of day)."""
    return wall_clock(new, tz) - wall_clock(old, tz)


def shift_start(start: datetime, shift: timedelta, tz: ZoneInfo) -> datetime:
    """`start` moved by a wall-clock shift. A time the clocks skip is refused (UserError); one
    they pass twice is the first (daylight) one, as when a time is typed."""
    local = wall_clock(start, tz) + shift
    return localize(local.date(), local.time(), tz)


def move_order(rows: Sequence[dict[str, Any]], shift: timedelta) -> list[dict[str, Any]]:
    """The order to move occurrences in (rows have starts_at) so that none lands on a sibling
    that has not moved yet: the latest first when moving later, the earliest first otherwise."""
    return sorted(rows, key=lambda row: row["starts_at"], reverse=shift > timedelta(0))
