"""Dates people read in tables, ISO 8601 for machines (docs/SPEC.md sections 4 and 7), and the
words a person reads: "unsigned", "no-show fee", no empty fields in the chart."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sanctuary_cli.cli.output import render
from sanctuary_cli.rules.dates import practice_today

NY = ZoneInfo("America/New_York")
ISO_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
WEEKDAY = r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
TABLE_MOMENT = re.compile(WEEKDAY + r" [A-Z][a-z]{2} \d{1,2}( \d{4})? \d{2}:\d{2}")


def table(rows, columns) -> str:
    out = io.StringIO()
    render(rows, columns, "table", tz=NY, out=out)
    return out.getvalue()


def this_year_day(month: int, day: int) -> date:
    return date(practice_today(NY).year, month, day)


def test_table_timestamps_read_like_a_calendar_in_the_practice_zone():
    march = this_year_day(3, 4)  # before the spring change: 15:05 UTC is 10:05 EST
    moment = datetime(march.year, 3, 4, 15, 5, 42, 123456, tzinfo=UTC)
    old = datetime(2020, 12, 1, 14, 30, tzinfo=UTC)
    text = table([{"starts_at": moment}, {"starts_at": old}], ["starts_at"])
    assert f"{march:%a} Mar 4 10:05 " in text  # no year, no zone, no seconds
    assert "Tue Dec 1 2020 09:30 " in text  # the year when it is not this year
    assert "EST" not in text and "2020-12-01" not in text


def test_an_hour_that_happens_twice_names_its_zone():
    # 2020-11-01 01:30 happens twice in New York: first EDT, then EST.
    first, second = (datetime(2020, 11, 1, h, 30, tzinfo=UTC) for h in (5, 6))
    text = table([{"at": first}, {"at": second}, {"at": first + timedelta(hours=3)}], ["at"])
    assert "Sun Nov 1 2020 01:30 EDT" in text and "Sun Nov 1 2020 01:30 EST" in text
    assert "Sun Nov 1 2020 03:30 " in text  # an ordinary hour: no zone


def test_table_dates_have_a_weekday_except_birth_dates():
    day = this_year_day(12, 2)
    text = table(
        [{"due_date": day, "service_date": date(2020, 12, 1), "date_of_birth": date(1992, 4, 12)}],
        ["due_date", "service_date", "date_of_birth"],
    )
    assert f"{day:%a} Dec 2 " in text and "Tue Dec 1 2020" in text
    assert "Apr 12 1992" in text and "Sun Apr 12 1992" not in text


def test_csv_and_json_keep_iso_8601_with_seconds_and_offset_without_microseconds():
    moment = datetime(2026, 12, 1, 14, 30, 5, 987654, tzinfo=UTC)
    rows = [{"at": moment, "nested": {"at": moment}, "day": date(2026, 12, 1)}]
    out = io.StringIO()
    render(rows, ["at", "nested", "day"], "csv", tz=NY, out=out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["at"] == "2026-12-01T09:30:05-05:00"
    assert json.loads(row["nested"]) == {"at": "2026-12-01T09:30:05-05:00"}
    assert row["day"] == "2026-12-01"
    out = io.StringIO()
    render(rows, ["at", "nested", "day"], "json", tz=NY, out=out)
    (data,) = json.loads(out.getvalue())
    assert data == {
        "at": "2026-12-01T09:30:05-05:00",
        "nested": {"at": "2026-12-01T09:30:05-05:00"},
        "day": "2026-12-01",
    }


def test_cli_exports_have_no_microseconds_and_tables_read_dates(cli, demo_db_url):
    cli("patients", "list")  # an audit entry stamped now(), which has microseconds
    exported = cli("audit", "list", "--csv")
    assert exported.exit_code == 0, exported.stderr
    stamps = [row["occurred_at"] for row in csv.DictReader(io.StringIO(exported.stdout))]
    assert stamps and all(ISO_SECONDS.match(s) for s in stamps), stamps[:3]
    data = json.loads(cli("appointments", "upcoming", "--json").stdout)
    assert data and all(ISO_SECONDS.match(row["starts_at"]) for row in data)
    shown = cli("appointments", "upcoming").stdout
    assert len(TABLE_MOMENT.findall(shown)) >= len(data)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", shown)


def test_the_chart_and_notes_list_call_an_unsigned_note_unsigned(cli, demo_db_url):
    chart = cli("patients", "show", "Chloe")
    assert chart.exit_code == 0, chart.stderr
    assert "unsigned" in chart.stdout and "draft" not in chart.stdout
    notes = list(csv.DictReader(io.StringIO(cli("notes", "list", "--csv").stdout)))
    assert "unsigned" in {n["status"] for n in notes if n["patient_name"] == "Chloe Davis"}


def test_the_chart_leaves_empty_fields_out(cli, demo_db_url):
    for patient in ("Amelia", "Benjamin", "Chloe"):
        out = cli("patients", "show", patient).stdout
        lines = [line for line in out.splitlines() if line and line[0] not in "┏┃┡│└"]
        for line in lines:
            assert not re.search(r":\s*(·|$)", line), line  # "latest phq9 total: ·"
            assert "·  ·" not in line and not line.rstrip().endswith("·"), line
        assert "latest phq9 total" not in out  # the demo has no PHQ-9 for them
    chloe = cli("patients", "show", "Chloe").stdout
    assert "1 session " in chloe  # not "1 sessions"
    assert "provider:" not in chloe.split("Insurance:")[1].splitlines()[0]  # she has none


def booked_in_the_past(cli, patient: str, hours: int) -> str:
    past = (datetime.now(NY) - timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M")
    booked = cli("appointments", "add", patient, past, "--allow-past")
    assert booked.exit_code == 0, booked.stderr
    return booked.stdout.rsplit("(id ", 1)[1].split(")")[0]


def test_a_no_show_fee_reads_no_show_fee_and_stays_late_fee_for_scripts(cli, demo_db_url):
    result = cli("appointments", "no-show", booked_in_the_past(cli, "benjamin", 3), "--fee")
    assert result.exit_code == 0, result.stderr
    assert "Charged no-show fee " in result.stdout and "late-fee" not in result.stdout
    shown = cli(
        "billing", "charge", booked_in_the_past(cli, "amelia", 5),
        "--type", "late-fee", "--amount", "25",
    )  # fmt: skip
    assert shown.exit_code == 0, shown.stderr
    assert "record type" in shown.stdout and "no-show fee" in shown.stdout
    assert "late-fee" not in shown.stdout
    exported = cli(
        "billing", "charge", booked_in_the_past(cli, "chloe", 7),
        "--type", "late-fee", "--amount", "25", "--csv",
    )  # fmt: skip
    assert exported.exit_code == 0, exported.stderr
    (row,) = csv.DictReader(io.StringIO(exported.stdout))
    assert row["record_type"] == "late-fee"  # the stored value: what --type takes
