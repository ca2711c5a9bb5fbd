"""WHEN parsing in the practice time zone, unambiguous echo, and DST-safe recurrence.

Pure functions: no I/O, no clock unless `now` is left out. A time typed by a person is a wall
clock time in the practice zone; times that do not exist there (the spring-forward gap) are
refused rather than silently shifted, and repeated times (fall back) take the first, which
the echo makes visible through the zone abbreviation.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sanctuary_cli.errors import UserError

WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
EVERY = {"week": 1, "1week": 1, "weekly": 1, "2weeks": 2, "fortnight": 2, "fortnightly": 2}

_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ t]+(?P<time>[^ ]+(?: ?[ap]\.?m\.?)?))?$"
)
_ISO_TIME = re.compile(
    r"^(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?(?P<off>z|[+-]\d{2}:?\d{2})?$"
)  # noqa: E501
_CLOCK = re.compile(r"^(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?(?P<ampm>[ap]\.?m\.?)?$")
_SLASH = re.compile(r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{2}|\d{4}))?$")
_ORDINAL = re.compile(r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?$")
_HELP = 'try "2026-12-01 09:30", "tomorrow 3pm", "next tue 10:00" or "dec 3 9:30"'


def parse_when(text: str, tz: ZoneInfo, now: datetime | None = None) -> datetime:
    """The aware datetime (in tz) that `text` names; UserError with one clear line otherwise."""
    now = (now or datetime.now(UTC)).astimezone(tz)
    cleaned = " ".join(text.lower().replace(",", " ").split())
    if not cleaned:
        raise UserError(f"Give a date and time: {_HELP}")
    iso = _ISO.match(cleaned)
    if iso:
        day = make_date(int(iso["y"]), int(iso["m"]), int(iso["d"]), text)
        if not iso["time"]:
            raise UserError(f"{text!r} has no time of day: {_HELP}")
        with_offset = _iso_with_offset(day, iso["time"], tz, text)
        if with_offset is not None:
            return with_offset
        return localize(day, parse_clock(iso["time"], text), tz)
    words = [w for w in cleaned.split() if w != "at"]
    clock, date_words = split_clock(words, text)
    day = parse_day_words(date_words, now.date(), text)
    return localize(day, clock, tz)


def practice_today(tz: ZoneInfo, now: datetime | None = None) -> date:
    """Today's date in the practice zone, which is not the machine's (the server, cron and the
    clinician may each be in another zone)."""
    return (now or datetime.now(UTC)).astimezone(tz).date()


def parse_day(text: str, tz: ZoneInfo, now: datetime | None = None) -> date:
    """A calendar day: ISO, "today", "yesterday", "next tue", "dec 3" (for --from/--to)."""
    now = (now or datetime.now(UTC)).astimezone(tz)
    cleaned = " ".join(text.lower().replace(",", " ").split())
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", cleaned)
    if iso:
        return make_date(int(iso[1]), int(iso[2]), int(iso[3]), text)
    return parse_day_words(cleaned.split(), now.date(), text)


def parse_start(
    text: str, tz: ZoneInfo, *, allow_past: bool, now: datetime | None = None
) -> datetime:
    """A new appointment's start: WHEN in the practice zone, not in the past unless allowed."""
    now = now or datetime.now(UTC)
    starts_at = parse_when(text, tz, now)
    if starts_at < now and not allow_past:
        raise UserError(f"{describe(starts_at, tz)} is in the past; add --allow-past to book it")
    return starts_at


def day_range(
    tz: ZoneInfo,
    first_text: str | None,
    last_text: str | None,
    *,
    default_back: int,
    default_ahead: int | None,
    now: datetime | None = None,
) -> tuple[datetime, datetime | None]:
    """[midnight of the first day, midnight after the last day) in tz; None = open-ended.

    Without --from the range starts default_back days ago; without --to it ends default_ahead
    days ahead (or never, when that is None).
    """
    now = (now or datetime.now(UTC)).astimezone(tz)
    today = now.date()
    first = parse_day(first_text, tz, now) if first_text else today - timedelta(default_back)
    last = parse_day(last_text, tz, now) if last_text else None
    if last is None and default_ahead is not None:
        last = today + timedelta(days=default_ahead)
    if last is not None and last < first:
        raise UserError("--to is before --from")
    start = datetime.combine(first, time(0), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz) if last else None
    return start, end


def describe(moment: datetime, tz: ZoneInfo) -> str:
    """An unambiguous local rendering: weekday, ISO date, 24-hour time, zone abbreviation."""
    return moment.astimezone(tz).strftime("%a %Y-%m-%d %H:%M %Z")


def localize(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """Wall-clock day and time in tz; refuses a time skipped by a DST change."""
    local = datetime.combine(day, clock, tzinfo=tz)
    back = local.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise UserError(
            f"{day.isoformat()} {clock.strftime('%H:%M')} does not exist in {tz.key} "
            "(the clocks move forward then); choose another time"
        )
    return local


def recurrence(first: datetime, every: str, count: int, tz: ZoneInfo) -> list[datetime]:
    """Start times of a weekly or fortnightly series that keeps the first one's wall-clock time.

    Adding 7 days of wall-clock time (not 168 hours) keeps 10:00 at 10:00 across DST changes.
    """
    weeks = EVERY.get(every.lower().replace(" ", ""))
    if weeks is None:
        raise UserError(f"--every must be week or 2weeks, not {every!r}")
    if not 1 <= count <= 104:
        raise UserError("--count must be between 1 and 104")
    local = first.astimezone(tz)
    clock = local.time().replace(tzinfo=None)
    return [localize(local.date() + timedelta(weeks=weeks * i), clock, tz) for i in range(count)]


def make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise UserError(f"{text!r}: there is no date {year:04d}-{month:02d}-{day:02d}") from None


def parse_clock(token: str, text: str) -> time:
    """09:30, 9:30am, 3pm, 15.45, noon, midnight."""
    token = token.replace(" ", "")
    if token == "noon":
        return time(12, 0)
    if token == "midnight":
        return time(0, 0)
    match = _CLOCK.match(token) or _ISO_TIME.match(token)
    if not match:
        raise UserError(f"Cannot read {text!r} as a date and time: {_HELP}")
    hour, minute = int(match["h"]), int(match["mi"] or 0)
    ampm = match.groupdict().get("ampm")
    if ampm:
        if not 1 <= hour <= 12:
            raise UserError(f"{text!r}: {hour}{ampm} is not a time of day")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    elif match["mi"] is None and match.re is _CLOCK:
        raise UserError(f"{text!r}: write the time as {hour}:00, {hour}am or {hour}pm")
    if hour > 23 or minute > 59:
        raise UserError(f"{text!r}: {hour:02d}:{minute:02d} is not a time of day")
    return time(hour, minute)


def split_clock(words: list[str], text: str) -> tuple[time, list[str]]:
    """The time at the end of the words ("3pm", "3 pm", "9:30") and the words before it."""
    if words and words[-1] in ("am", "pm", "a.m.", "p.m.") and len(words) >= 2:
        return parse_clock(words[-2] + words[-1], text), words[:-2]
    if words and (_CLOCK.match(words[-1]) or words[-1] in ("noon", "midnight")):
        token = words[-1]
        looks_like_day = token.isdigit() and len(words) >= 2 and words[-2] in MONTHS_AND_FULL
        if not looks_like_day:
            return parse_clock(token, text), words[:-1]
    if len(words) >= 2 and _CLOCK.match(words[0]) and not words[0].isdigit():
        return parse_clock(words[0], text), words[1:]  # "3pm tomorrow"
    raise UserError(f"{text!r} has no time of day: {_HELP}")


def parse_day_words(words: list[str], today: date, text: str) -> date:
    """today, yesterday, tomorrow, [next|this|last] WEEKDAY, MONTH DAY [YEAR], DAY MONTH
    [YEAR], M/D[/Y]."""
    if not words or words == ["today"]:
        return today
    if words == ["tomorrow"]:
        return today + timedelta(days=1)
    if words == ["yesterday"]:
        return today - timedelta(days=1)
    if len(words) == 2 and words[0] == "last" and words[1] in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[words[1]]) % 7
        return today - timedelta(days=back or 7)  # "last tue" on a Tuesday is a week ago
    if words[-1] in WEEKDAYS and words[:-1] in ([], ["next"], ["on"], ["this"]):
        ahead = (WEEKDAYS[words[-1]] - today.weekday()) % 7
        if ahead == 0 and words[0] != "this":
            ahead = 7  # "tue" or "next tue" on a Tuesday means a week from today
        return today + timedelta(days=ahead)
    slash = _SLASH.match(words[0]) if len(words) == 1 else None
    if slash:
        year = slash["y"]
        year_value = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
        return month_day(int(slash["m"]), int(slash["d"]), year_value, today, text)
    return month_name_day(words, today, text)


def month_name_day(words: list[str], today: date, text: str) -> date:
    year = None
    if len(words) == 3 and re.fullmatch(r"\d{4}", words[2]):
        year = int(words[2])
        words = words[:2]
    if len(words) == 2:
        first, second = words
        if month_number(second):
            first, second = second, first
        month, day = month_number(first), _ORDINAL.match(second)
        if month and day:
            return month_day(month, int(day["d"]), year, today, text)
    raise UserError(f"Cannot read {text!r} as a date and time: {_HELP}")


def month_number(word: str) -> int | None:
    return MONTHS_AND_FULL.get(word)


def month_day(month: int, day: int, year: int | None, today: date, text: str) -> date:
    """With no year: this year's date, or next year's when it has already passed."""
    if year is not None:
        return make_date(year, month, day, text)
    if not 1 <= month <= 12:
        raise UserError(f"{text!r}: there is no month {month}")
    candidate = make_date_lenient(today.year, month, day)
    if candidate is None or candidate < today:
        following = make_date_lenient(today.year + 1, month, day)
        if following is None:
            raise UserError(f"{text!r}: there is no date {month:02d}-{day:02d}")
        return following
    return candidate


def make_date_lenient(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _iso_with_offset(day: date, token: str, tz: ZoneInfo, text: str) -> datetime | None:
    match = _ISO_TIME.match(token)
    if not match or not match["off"]:
        return None
    offset = match["off"].upper()
    moment = datetime.fromisoformat(
        f"{day.isoformat()}T{match['h'].zfill(2)}:{match['mi']}"
        f"{'+00:00' if offset == 'Z' else offset}"
    )
    return moment.astimezone(tz)


_FULL_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTHS_AND_FULL = {**MONTHS, **{name: i + 1 for i, name in enumerate(_FULL_MONTHS)}}
