"""Changing the rest of a series at once (docs/SPEC.md section 7): `appointments cancel REF
--series [--from]` and `appointments reschedule REF WHEN --series`, across DST, all or nothing;
and what the appointment write commands print with --format."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

NY = ZoneInfo("America/New_York")
FIRST = "2031-01-07"  # a Tuesday well ahead, free in the demo practice


def rows_of(db, query: str, *params) -> list[dict]:
    with db.transaction() as cur:
        cur.execute(query, params)
        return cur.fetchall()


def book_series(cli, who: str, when: str, count: int) -> list[dict]:
    result = cli("appointments", "recurring", who, when, "--count", str(count), "--csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def series_rows(db, series_id) -> list[dict]:
    return rows_of(
        db,
        "select id::text as id, starts_at, status::text as status, cancellation_reason"
        " from appointments where series_id = %s order by starts_at",
        series_id,
    )


def series_id_of(db, appointment_id: str):
    return rows_of(db, "select series_id from appointments where id = %s", appointment_id)[0][
        "series_id"
    ]


def one_line_error(result, code: int = 1) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_cancel_series_cancels_the_rest_from_the_occurrence_named(cli, demo_db, demo_db_url):
    booked = book_series(cli, "amelia", f"{FIRST} 10:00", 4)
    second = booked[1]["appointment_id"]
    result = cli("appointments", "cancel", second[:8], "--series", "--reason", "moving away")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(", ")[1].split(" (id")[0] for line in lines] == [
        "Tue 2031-01-14 10:00 EST",
        "Tue 2031-01-21 10:00 EST",
        "Tue 2031-01-28 10:00 EST",
    ]
    assert all(line.startswith("Cancelled: Amelia Chen") for line in lines)
    rows = series_rows(demo_db, series_id_of(demo_db, second))
    assert [r["status"] for r in rows] == ["scheduled", "cancelled", "cancelled", "cancelled"]
    assert {r["cancellation_reason"] for r in rows[1:]} == {"moving away"}
    again = cli("appointments", "cancel", second, "--series")
    assert "No occurrence of this series from 2031-01-14 on" in one_line_error(again)


def test_cancel_series_from_a_day(cli, demo_db, demo_db_url):
    booked = book_series(cli, "chloe", f"{FIRST} 15:00", 4)
    first = booked[0]["appointment_id"]
    result = cli("appointments", "cancel", first, "--series", "--from", "2031-01-20", "--json")
    assert result.exit_code == 0, result.stderr
    written = json.loads(result.stdout)
    assert [row["starts_at"] for row in written] == [
        "2031-01-21T15:00:00-05:00",
        "2031-01-28T15:00:00-05:00",
    ]
    assert {row["status"] for row in written} == {"cancelled"}
    assert set(written[0]) >= {"appointment_id", "patient_name", "fee_charge_id", "fee_amount"}
    rows = series_rows(demo_db, series_id_of(demo_db, first))
    assert [r["status"] for r in rows] == ["scheduled", "scheduled", "cancelled", "cancelled"]


def test_from_needs_series_and_a_single_appointment_has_no_series(cli, demo_db_url):
    booked = cli("appointments", "add", "amelia", f"{FIRST} 10:00", "--json")
    assert booked.exit_code == 0, booked.stderr
    ident = json.loads(booked.stdout)[0]["appointment_id"]
    usage = cli("appointments", "cancel", ident, "--from", "2031-01-01")
    assert usage.exit_code == 2 and "--from goes with --series" in usage.stderr
    alone = cli("appointments", "cancel", ident, "--series")
    assert "not part of a series" in one_line_error(alone)
    moved = cli("appointments", "reschedule", ident, f"{FIRST} 11:00", "--series")
    assert "not part of a series" in one_line_error(moved)


def test_series_late_fee_only_on_occurrences_inside_the_window(cli, demo_db, demo_db_url):
    soon = (datetime.now(NY) + timedelta(hours=5)).strftime("%Y-%m-%d %H:%M")
    booked = book_series(cli, "benjamin", soon, 3)
    result = cli("appointments", "cancel", booked[0]["appointment_id"], "--series", "--late-fee")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Cancelled: Benjamin Carter") == 3
    assert result.stdout.count("Charged cancellation-fee 75.00 USD") == 1
    assert "Not a late cancellation" not in result.stderr
    fees = rows_of(
        demo_db,
        "select f.appointment_id::text as appointment_id from financial_records f"
        " where f.record_type = 'cancellation-fee'",
    )
    assert [f["appointment_id"] for f in fees] == [booked[0]["appointment_id"]]


def test_reschedule_series_keeps_the_wall_clock_offset_across_dst(cli, demo_db, demo_db_url):
    # Weekly at 10:00 from Tue 25 Feb 2031; the clocks go forward on Sun 9 Mar 2031.
    booked = book_series(cli, "amelia", "2031-02-25 10:00", 4)
    first = booked[0]["appointment_id"]
    result = cli("appointments", "reschedule", first, "2031-02-26 11:30", "--series")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("Moved: Amelia Chen, Wed 2031-02-26 11:30 EST")
    local = [
        r["starts_at"].astimezone(NY) for r in series_rows(demo_db, series_id_of(demo_db, first))
    ]
    assert [t.strftime("%a %Y-%m-%d %H:%M %Z") for t in local] == [
        "Wed 2031-02-26 11:30 EST",
        "Wed 2031-03-05 11:30 EST",
        "Wed 2031-03-12 11:30 EDT",
        "Wed 2031-03-19 11:30 EDT",
    ]


def test_reschedule_series_by_a_week_moves_onto_its_own_slots(cli, demo_db, demo_db_url):
    booked = book_series(cli, "chloe", f"{FIRST} 09:00", 3)
    second = booked[1]["appointment_id"]
    result = cli("appointments", "reschedule", second, "2031-01-21 09:00", "--series", "--csv")
    assert result.exit_code == 0, result.stderr
    moved = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["starts_at"] for r in moved] == [
        "2031-01-21T09:00:00-05:00",
        "2031-01-28T09:00:00-05:00",
    ]
    assert result.stdout.splitlines()[0].startswith("appointment_id,patient_name,starts_at,")
    starts = [r["starts_at"] for r in series_rows(demo_db, series_id_of(demo_db, second))]
    assert [t.astimezone(NY).day for t in starts] == [7, 21, 28]


def test_reschedule_series_with_clashes_moves_nothing_and_names_each(cli, demo_db, demo_db_url):
    booked = book_series(cli, "amelia", f"{FIRST} 10:00", 4)
    blockers = [
        cli("appointments", "add", "chloe", "2031-01-21 14:30", "--json"),
        cli("appointments", "add", "benjamin", "2031-01-28 14:00", "--json"),
    ]
    ids = [json.loads(b.stdout)[0]["appointment_id"][:8] for b in blockers]
    result = cli("appointments", "reschedule", booked[1]["appointment_id"], "2031-01-14 14:00",
                 "--series")  # fmt: skip
    assert "2 occurrence(s) cannot move, so nothing was moved" in one_line_error(result)
    assert (
        "Cannot move: Tue 2031-01-21 14:00 EST clashes with Chloe Davis's appointment at "
        f"Tue 2031-01-21 14:30 EST (id {ids[0]})"
    ) in result.stderr
    assert (
        "Cannot move: Tue 2031-01-28 14:00 EST clashes with Benjamin Carter's appointment at "
        f"Tue 2031-01-28 14:00 EST (id {ids[1]})"
    ) in result.stderr
    series = series_rows(demo_db, series_id_of(demo_db, booked[0]["appointment_id"]))
    assert {r["starts_at"].astimezone(NY).hour for r in series} == {10}


@pytest.fixture
def signed_occurrence(demo_db):
    """Sign a note on the third occurrence of a fresh series (the database then keeps its
    time: migration 0073)."""

    def sign(appointment_id: str) -> None:
        with demo_db.transaction() as cur:
            cur.execute(
                "insert into session_notes (appointment_id, patient_id, therapist_id, signed_at,"
                " signed_by) select id, patient_id, therapist_id, now(), therapist_id"
                " from appointments where id = %s",
                (appointment_id,),
            )

    return sign


def test_an_occurrence_with_a_signed_note_is_reported_not_moved(
    cli, demo_db, demo_db_url, signed_occurrence
):
    booked = book_series(cli, "amelia", f"{FIRST} 10:00", 3)
    signed_occurrence(booked[2]["appointment_id"])
    result = cli("appointments", "reschedule", booked[0]["appointment_id"], f"{FIRST} 12:00",
                 "--series")  # fmt: skip
    assert "1 occurrence(s) cannot move" in one_line_error(result)
    assert "Cannot move: Tue 2031-01-21 10:00 EST has a signed note" in result.stderr
    assert "Rejected by the database" not in result.stderr
    series = series_rows(demo_db, series_id_of(demo_db, booked[0]["appointment_id"]))
    assert {r["starts_at"].astimezone(NY).hour for r in series} == {10}
    alone = cli("appointments", "reschedule", booked[2]["appointment_id"], "2031-01-22 10:00")
    assert one_line_error(alone) == (
        "Error: Tue 2031-01-21 10:00 EST has a signed note, so it keeps its time (book a new "
        "appointment instead)"
    )


def test_write_commands_print_the_row_they_wrote(cli, demo_db_url):
    added = cli("appointments", "add", "amelia", f"{FIRST} 10:00", "--json")
    assert added.exit_code == 0, added.stderr
    (row,) = json.loads(added.stdout)
    assert (row["patient_name"], row["starts_at"], row["status"]) == (
        "Amelia Chen", "2031-01-07T10:00:00-05:00", "scheduled",
    )  # fmt: skip
    assert (row["duration_minutes"], row["fee"], row["series_id"]) == (50, "150.00", None)
    moved = cli("appointments", "reschedule", row["appointment_id"], f"{FIRST} 11:00", "--csv")
    assert moved.exit_code == 0, moved.stderr
    (again,) = csv.DictReader(io.StringIO(moved.stdout))
    assert (again["appointment_id"], again["starts_at"]) == (
        row["appointment_id"], "2031-01-07T11:00:00-05:00",
    )  # fmt: skip
    cancelled = cli("appointments", "cancel", row["appointment_id"], "--format", "json")
    assert json.loads(cancelled.stdout)[0]["status"] == "cancelled"
    past = (datetime.now(NY) - timedelta(hours=3)).strftime("%Y-%m-%d %H:%M")
    held = cli("appointments", "add", "chloe", past, "--allow-past", "--json")
    ident = json.loads(held.stdout)[0]["appointment_id"]
    done = cli("appointments", "complete", ident, "--json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)[0]["status"] == "completed"
    assert "sanctuary notes add" in done.stderr  # the hint stays on stderr
    # Without --format: one line, as before.
    plain = cli("appointments", "add", "chloe", f"{FIRST} 13:00")
    assert plain.stdout.count("\n") == 1 and plain.stdout.startswith("Booked: Chloe Davis")


def test_no_show_fee_is_named_a_no_show_fee(cli, demo_db, demo_db_url):
    past = (datetime.now(NY) - timedelta(hours=3)).strftime("%Y-%m-%d %H:%M")
    booked = cli("appointments", "add", "benjamin", past, "--allow-past", "--json")
    ident = json.loads(booked.stdout)[0]["appointment_id"]
    result = cli("appointments", "no-show", ident, "--fee")
    assert result.exit_code == 0, result.stderr
    assert "Charged no-show fee 100.00 USD" in result.stdout
    assert "late-fee" not in result.stdout
    table = cli("appointments", "list", "--status", "no-show", "--csv")
    assert ident in table.stdout
    (fee,) = rows_of(
        demo_db,
        "select record_type::text, description, icd10_codes from financial_records"
        " where appointment_id = %s",
        ident,
    )
    assert (fee["record_type"], fee["description"], fee["icd10_codes"]) == (
        "late-fee", "No-show fee", [],
    )  # fmt: skip


def test_ics_exports_a_no_show_as_cancelled(cli, demo_db_url, tmp_path):
    from icalendar import Calendar

    past = (datetime.now(NY) - timedelta(hours=3)).strftime("%Y-%m-%d %H:%M")
    booked = cli("appointments", "add", "amelia", past, "--allow-past", "--json")
    ident = json.loads(booked.stdout)[0]["appointment_id"]
    assert cli("appointments", "no-show", ident).exit_code == 0
    target = tmp_path / "week.ics"
    result = cli("appointments", "export", "--ics", str(target), "--from", "yesterday")
    assert result.exit_code == 0, result.stderr
    events = {str(e["UID"]): e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    assert str(events[f"{ident}@sanctuary.invalid"]["STATUS"]) == "CANCELLED"


def test_the_wall_clock_shift_keeps_local_time_across_dst():
    from sanctuary_cli.rules.series import move_order, shift_start, wall_clock_shift

    before = datetime(2031, 3, 4, 10, 0, tzinfo=NY)  # EST
    shift = wall_clock_shift(before, datetime(2031, 3, 5, 11, 30, tzinfo=NY), NY)
    assert shift == timedelta(days=1, hours=1, minutes=30)
    after = shift_start(datetime(2031, 3, 11, 10, 0, tzinfo=NY), shift, NY)  # EDT
    assert after.strftime("%a %Y-%m-%d %H:%M %Z") == "Wed 2031-03-12 11:30 EDT"
    from sanctuary_cli.errors import UserError

    with pytest.raises(UserError, match="does not exist"):
        shift_start(datetime(2031, 3, 8, 2, 30, tzinfo=NY), timedelta(days=1), NY)
    rows = [{"starts_at": before}, {"starts_at": before + timedelta(days=7)}]
    assert move_order(rows, shift)[0]["starts_at"] > move_order(rows, -shift)[0]["starts_at"]
