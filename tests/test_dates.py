"""WHEN parsing, the unambiguous echo, and recurrence across DST (pure, no database)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules.dates import describe, parse_day, parse_when, recurrence

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, 13, 0, tzinfo=NY)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01 09:30", "Tue 2026-12-01 09:30 EST"),
        ("2026-12-01T09:30", "Tue 2026-12-01 09:30 EST"),
        ("tomorrow 3pm", "Thu 2026-11-26 15:00 EST"),
        ("Tomorrow at 3:15 PM", "Thu 2026-11-26 15:15 EST"),
        ("today 16:00", "Wed 2026-11-25 16:00 EST"),
        ("4pm tomorrow", "Thu 2026-11-26 16:00 EST"),
        ("next tue 10:00", "Tue 2026-12-01 10:00 EST"),
        ("wed 10:00", "Wed 2026-12-02 10:00 EST"),
        ("this wed 17:00", "Wed 2026-11-25 17:00 EST"),
        ("dec 3 9:30", "Thu 2026-12-03 09:30 EST"),
        ("3 December 10am", "Thu 2026-12-03 10:00 EST"),
        ("jan 5 noon", "Tue 2027-01-05 12:00 EST"),  # a passed month-day means next year
        ("12/3/2026 14:00", "Thu 2026-12-03 14:00 EST"),
        ("2026-07-01 09:00", "Wed 2026-07-01 09:00 EDT"),
        ("2026-12-01T09:30-08:00", "Tue 2026-12-01 12:30 EST"),
    ],
)
def test_when_forms_are_read_in_the_practice_zone(text, expected):
    moment = parse_when(text, NY, now=NOW)
    assert moment.tzinfo is not None
    assert describe(moment, NY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30 10:00", "there is no date 2026-02-30"),
        ("2026-12-01 25:00", "25:00 is not a time of day"),
        ("2026-12-01 10:61", "is not a time of day"),
        ("2026-03-08 02:30", "does not exist in America/New_York"),
        ("feb 30 10:00", "there is no date"),
        ("dec 3", "has no time of day"),
        ("tomorrow", "has no time of day"),
        ("tomorrow 10", "write the time as 10:00"),
        ("13pm tomorrow", "13pm is not a time of day"),
        ("someday 3pm", "Cannot read"),
        ("", "Give a date and time"),
    ],
)
def test_bad_when_is_one_clear_line(text, message):
    with pytest.raises(UserError, match=message) as info:
        parse_when(text, NY, now=NOW)
    assert "\n" not in str(info.value)


def test_repeated_fall_back_hour_takes_the_first_and_says_which():
    assert describe(parse_when("2026-11-01 01:30", NY, now=NOW), NY) == "Sun 2026-11-01 01:30 EDT"


def test_weekly_series_keeps_ten_oclock_across_march_and_november():
    first = parse_when("2026-02-24 10:00", NY, now=NOW)
    starts = recurrence(first, "week", 40, NY)
    local = [s.astimezone(NY) for s in starts]
    assert all(s.hour == 10 and s.minute == 0 for s in local)
    assert all(
        b.date() - a.date() == timedelta(weeks=1) for a, b in zip(local, local[1:], strict=False)
    )
    zones = {s.strftime("%Z") for s in local}
    assert zones == {"EST", "EDT"}
    assert local[1].strftime("%Z") == "EST" and local[2].strftime("%Z") == "EDT"  # Mar 8 change
    assert local[-1].date().isoformat() == "2026-11-24" and local[-1].strftime("%Z") == "EST"
    # Same wall clock, different UTC offsets: 15:00Z in winter, 14:00Z in summer.
    assert {s.astimezone(ZoneInfo("UTC")).hour for s in starts} == {14, 15}


def test_fortnightly_series_steps_two_weeks():
    first = parse_when("2026-10-27 16:00", NY, now=NOW)
    starts = recurrence(first, "2weeks", 3, NY)
    assert [describe(s, NY) for s in starts] == [
        "Tue 2026-10-27 16:00 EDT",
        "Tue 2026-11-10 16:00 EST",
        "Tue 2026-11-24 16:00 EST",
    ]


def test_series_through_the_spring_gap_is_refused():
    first = parse_when("2026-03-01 02:30", NY, now=NOW)
    with pytest.raises(UserError, match="2026-03-08 02:30 does not exist"):
        recurrence(first, "week", 2, NY)


def test_bad_every_and_count_are_refused():
    first = parse_when("2026-12-01 10:00", NY, now=NOW)
    with pytest.raises(UserError, match="--every"):
        recurrence(first, "month", 2, NY)
    with pytest.raises(UserError, match="--count"):
        recurrence(first, "week", 0, NY)


def test_parse_day_reads_dates_without_a_time():
    assert parse_day("2026-12-01", NY, now=NOW).isoformat() == "2026-12-01"
    assert parse_day("tomorrow", NY, now=NOW).isoformat() == "2026-11-26"
    assert parse_day("dec 3", NY, now=NOW).isoformat() == "2026-12-03"
    with pytest.raises(UserError):
        parse_day("2026-13-01", NY, now=NOW)
