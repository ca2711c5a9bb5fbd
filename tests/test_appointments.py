"""The appointment book: booking, clashes, series across DST, closing with fees, .ics export."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

NY = ZoneInfo("America/New_York")
FUTURE = "2031-01-07"  # a Tuesday well ahead, free in the demo practice


def rows_of(db, query: str, *params) -> list[dict]:
    with db.transaction() as cur:
        cur.execute(query, params)
        return cur.fetchall()


def appointment_id(result) -> str:
    """The id prefix echoed by add/reschedule: '... (id 1a2b3c4d)'."""
    return result.stdout.rsplit("(id ", 1)[1].split(")")[0]


def soon(hours: float) -> str:
    """A WHEN string `hours` from now, on the minute, in the practice zone."""
    moment = datetime.now(NY) + timedelta(hours=hours)
    return moment.strftime("%Y-%m-%d %H:%M")


def test_add_echoes_the_parsed_time_unambiguously(cli, demo_db, demo_db_url):
    result = cli("appointments", "add", "amelia", f"{FUTURE} 9:30am", "--type", "virtual")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Booked: Amelia Chen, Tue 2031-01-07 09:30 EST, 50 min (id ")
    (row,) = rows_of(
        demo_db,
        "select starts_at, ends_at, appointment_type::text, fee, status::text from appointments"
        " where id::text like %s",
        appointment_id(result) + "%",
    )
    assert row["starts_at"] == datetime(2031, 1, 7, 9, 30, tzinfo=NY)
    assert row["ends_at"] - row["starts_at"] == timedelta(minutes=50)
    assert (row["appointment_type"], str(row["fee"]), row["status"]) == (
        "Virtual", "150.00", "scheduled",
    )  # fmt: skip


def test_session_type_sets_duration_and_fee(cli, demo_db, demo_db_url):
    result = cli("appointments", "add", "chloe", f"{FUTURE} 13:00", "--session-type", "intake")
    assert result.exit_code == 0, result.stderr
    assert "60 min" in result.stdout
    custom = cli(
        "appointments", "add", "chloe", f"{FUTURE} 15:00", "--duration", "30", "--fee", "90",
    )  # fmt: skip
    assert "30 min" in custom.stdout
    (row,) = rows_of(
        demo_db, "select fee from appointments where id::text like %s", appointment_id(custom) + "%"
    )
    assert str(row["fee"]) == "90.00"


def test_bad_when_is_one_line_and_exit_1(cli, demo_db_url):
    for when, message in [
        ("2027-02-30 10:00", "there is no date 2027-02-30"),
        ("2031-01-07 25:00", "25:00 is not a time of day"),
        ("2031-03-09 02:30", "does not exist in America/New_York"),
        ("whenever 10:00", "Cannot read 'whenever 10:00'"),
    ]:
        result = cli("appointments", "add", "amelia", when)
        assert result.exit_code == 1, when
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
        assert result.stdout == ""


def test_past_time_needs_allow_past(cli, demo_db_url):
    refused = cli("appointments", "add", "amelia", "2020-03-03 10:00")
    assert refused.exit_code == 1
    assert "Tue 2020-03-03 10:00 EST is in the past; add --allow-past" in refused.stderr
    allowed = cli("appointments", "add", "amelia", "2020-03-03 10:00", "--allow-past")
    assert allowed.exit_code == 0, allowed.stderr


def test_clash_names_the_other_appointment(cli, demo_db_url):
    first = cli("appointments", "add", "amelia", f"{FUTURE} 10:00")
    assert first.exit_code == 0
    clash = cli("appointments", "add", "chloe", f"{FUTURE} 10:30")
    assert clash.exit_code == 1
    assert clash.stderr.strip() == (
        "Error: Tue 2031-01-07 10:30 EST clashes with Amelia Chen's appointment at "
        f"Tue 2031-01-07 10:00 EST (id {appointment_id(first)})"
    )
    back_to_back = cli("appointments", "add", "chloe", f"{FUTURE} 10:50")
    assert back_to_back.exit_code == 0, back_to_back.stderr


def test_two_processes_booking_the_same_slot_one_wins(demo_db, demo_db_url):
    env = {**os.environ, "SANCTUARY_DATABASE_URL": demo_db_url}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "sanctuary_cli", "appointments", "add", who, f"{FUTURE} 16:00"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who in ("amelia", "benjamin")
    ]
    outcomes = [(p.wait(timeout=60), *p.communicate()) for p in procs]
    codes = sorted(code for code, _, _ in outcomes)
    assert codes == [0, 1], outcomes
    loser = next(err for code, _, err in outcomes if code == 1)
    assert "clashes with" in loser and "Tue 2031-01-07 16:00 EST" in loser
    booked = rows_of(
        demo_db,
        "select count(*) as n from appointments where starts_at = %s",
        datetime(2031, 1, 7, 16, 0, tzinfo=NY),
    )
    assert booked[0]["n"] == 1


def test_list_filters_and_csv(cli, demo_db_url):
    result = cli("appointments", "list", "--csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 7  # the demo session 40 days ago is outside the default 30-day window
    assert {r["status"] for r in rows} == {"completed", "scheduled"}
    assert rows[0]["starts_at"] < rows[-1]["starts_at"]
    assert rows[0]["starts_at"][-6:] in ("-05:00", "-04:00")
    amelia = cli("appointments", "list", "--patient", "amelia", "--status", "scheduled", "--csv")
    names = {r["patient_name"] for r in csv.DictReader(io.StringIO(amelia.stdout))}
    assert names == {"Amelia Chen"}
    future = cli("appointments", "list", "--from", "2031-01-01", "--to", "2031-01-31")
    assert future.exit_code == 0 and "No appointments in that range." in future.stdout
    bad = cli("appointments", "list", "--status", "done")
    assert bad.exit_code == 1 and "--status must be one of" in bad.stderr


def test_reschedule_moves_and_refuses_a_clash(cli, demo_db_url):
    first = cli("appointments", "add", "amelia", f"{FUTURE} 10:00")
    other = cli("appointments", "add", "chloe", f"{FUTURE} 12:00")
    moved = cli("appointments", "reschedule", appointment_id(first), f"{FUTURE} 11:00")
    assert moved.exit_code == 0, moved.stderr
    assert moved.stdout.startswith("Moved: Amelia Chen, Tue 2031-01-07 11:00 EST")
    clash = cli("appointments", "reschedule", appointment_id(first), f"{FUTURE} 12:15")
    assert clash.exit_code == 1
    expected = f"Chloe Davis's appointment at Tue 2031-01-07 12:00 EST (id {appointment_id(other)})"
    assert "clashes with " + expected in clash.stderr
    # Moving within its own slot is not a clash with itself.
    assert (
        cli("appointments", "reschedule", appointment_id(first), f"{FUTURE} 10:30").exit_code == 0
    )


def test_reference_by_patient_name_must_be_unique(cli, demo_db_url):
    # Chloe has one scheduled appointment in the demo; Amelia gets a second one.
    assert cli("appointments", "reschedule", "chloe", f"{FUTURE} 09:00").exit_code == 0
    booked_amelia = cli("appointments", "add", "amelia", f"{FUTURE} 14:00")
    ambiguous = cli("appointments", "cancel", "amelia")
    assert ambiguous.exit_code == 1
    assert "matches 2 scheduled appointments" in ambiguous.stderr
    unknown = cli("appointments", "cancel", "ffffffff")
    assert unknown.exit_code == 1 and "No appointment with id 'ffffffff'" in unknown.stderr
    by_prefix = cli("appointments", "cancel", appointment_id(booked_amelia)[:6])
    assert by_prefix.exit_code == 0 and by_prefix.stdout.startswith("Cancelled: Amelia Chen")


def test_complete_counts_the_session_and_points_to_the_note(cli, demo_db, demo_db_url):
    before = rows_of(demo_db, "select session_count from patients where first_name = 'Amelia'")
    booked = cli("appointments", "add", "amelia", soon(-2), "--allow-past")
    assert booked.exit_code == 0, booked.stderr
    ident = appointment_id(booked)
    done = cli("appointments", "complete", ident)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("Completed: Amelia Chen")
    assert "sanctuary notes add " in done.stderr and ident in done.stderr
    after = rows_of(demo_db, "select session_count from patients where first_name = 'Amelia'")
    assert after[0]["session_count"] == before[0]["session_count"] + 1
    again = cli("appointments", "complete", ident)
    assert again.exit_code == 1 and "already completed" in again.stderr


def test_future_appointment_cannot_be_completed_or_no_show(cli, demo_db_url):
    booked = cli("appointments", "add", "amelia", f"{FUTURE} 10:00")
    for verb in ("complete", "no-show"):
        result = cli("appointments", verb, appointment_id(booked))
        assert result.exit_code == 1 and "has not started yet" in result.stderr


def fees(db) -> list[dict]:
    return rows_of(
        db,
        "select record_type::text, amount, coverage_percent, description, due_date - service_date"
        " as days from financial_records where record_type in ('late-fee', 'cancellation-fee')",
    )


def test_late_cancellation_charges_the_policy_fee(cli, demo_db, demo_db_url):
    booked = cli("appointments", "add", "amelia", soon(5))
    result = cli("appointments", "cancel", appointment_id(booked), "--late-fee", "--reason", "ill")
    assert result.exit_code == 0, result.stderr
    assert "Charged cancellation-fee 75.00 USD" in result.stdout
    (fee,) = fees(demo_db)
    assert fee["record_type"] == "cancellation-fee" and str(fee["amount"]) == "75.00"
    assert fee["coverage_percent"] == 0 and fee["days"] == 30
    # The cancelled slot is free again.
    assert cli("appointments", "add", "chloe", soon(5)).exit_code == 0


def test_early_cancellation_charges_nothing(cli, demo_db, demo_db_url):
    booked = cli("appointments", "add", "amelia", f"{FUTURE} 10:00")
    result = cli("appointments", "cancel", appointment_id(booked), "--late-fee")
    assert result.exit_code == 0
    assert "Not a late cancellation" in result.stderr
    assert fees(demo_db) == []


def test_late_cancellation_without_the_flag_only_hints(cli, demo_db, demo_db_url):
    booked = cli("appointments", "add", "amelia", soon(3))
    result = cli("appointments", "cancel", appointment_id(booked))
    assert result.exit_code == 0 and "add --late-fee" in result.stderr
    assert fees(demo_db) == []


def test_no_show_fee_follows_the_configured_policy(cli, demo_db, demo_db_url):
    booked = cli("appointments", "add", "benjamin", soon(-3), "--allow-past")
    result = cli(
        "appointments", "no-show", appointment_id(booked), "--fee",
        env={"SANCTUARY_NO_SHOW_FEE": "40.00"},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("No-show: Benjamin Carter")
    (fee,) = fees(demo_db)
    assert fee["record_type"] == "late-fee" and str(fee["amount"]) == "40.00"
    assert fee["description"] == "No-show fee"


def test_fee_exempt_patient_is_never_charged(cli, demo_db, demo_db_url):
    cli("patients", "edit", "chloe", "--fee-exempt")
    booked = cli("appointments", "add", "chloe", soon(-2), "--allow-past")
    result = cli("appointments", "no-show", appointment_id(booked), "--fee")
    assert result.exit_code == 0
    assert "fee-exempt, so no fee was charged" in result.stderr
    late = cli("appointments", "add", "chloe", soon(4))
    result = cli("appointments", "cancel", appointment_id(late), "--late-fee")
    assert "fee-exempt" in result.stderr
    assert fees(demo_db) == []


def test_weekly_series_keeps_ten_oclock_across_both_dst_changes(cli, demo_db, demo_db_url):
    result = cli(
        "appointments", "recurring", "amelia", "2031-02-25 10:00",
        "--every", "week", "--count", "40", "--csv",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 40
    rows = rows_of(
        demo_db,
        "select starts_at, series_id from appointments where starts_at >= '2031-02-01'"
        " order by starts_at",
    )
    assert len(rows) == 40 and len({r["series_id"] for r in rows}) == 1
    local = [r["starts_at"].astimezone(NY) for r in rows]
    assert {(t.hour, t.minute) for t in local} == {(10, 0)}
    assert {t.strftime("%Z") for t in local} == {"EST", "EDT"}
    assert local[0].date().isoformat() == "2031-02-25" and local[-1].strftime("%Z") == "EST"
    utc_hours = [r["starts_at"].astimezone(ZoneInfo("UTC")).hour for r in rows]
    assert utc_hours[0] == 15 and 14 in utc_hours and utc_hours[-1] == 15


def test_series_with_a_clash_books_nothing_unless_told_to_skip(cli, demo_db, demo_db_url):
    blocker = cli("appointments", "add", "chloe", "2031-01-21 16:30")
    assert blocker.exit_code == 0
    refused = cli(
        "appointments", "recurring", "ben", f"{FUTURE} 16:00", "--every", "2weeks", "--count", "3"
    )
    assert refused.exit_code == 1
    assert (
        "Clash: Tue 2031-01-21 16:00 EST clashes with Chloe Davis's appointment" in refused.stderr
    )
    assert "nothing was booked" in refused.stderr
    count = "select count(*) as n from appointments where series_id is not null"
    assert rows_of(demo_db, count)[0]["n"] == 0
    skipped = cli(
        "appointments", "recurring", "ben", f"{FUTURE} 16:00", "--every", "2weeks",
        "--count", "3", "--skip-clashes", "--csv",
    )  # fmt: skip
    assert skipped.exit_code == 0, skipped.stderr
    assert "Skipped: Tue 2031-01-21 16:00 EST" in skipped.stderr
    starts = [r["starts_at"] for r in csv.DictReader(io.StringIO(skipped.stdout))]
    assert starts == ["2031-01-07T16:00:00-05:00", "2031-02-04T16:00:00-05:00"]
    assert rows_of(demo_db, count)[0]["n"] == 2


def test_ics_export_round_trips_through_icalendar(cli, demo_db, demo_db_url, tmp_path):
    from icalendar import Calendar

    link = "https://video.example/a"
    cli(
        "appointments",
        "add",
        "amelia",
        f"{FUTURE} 10:00",
        "--type",
        "Virtual",
        "--video-link",
        link,
    )
    cancelled = cli("appointments", "add", "chloe", f"{FUTURE} 12:00", "--location", "Room 2")
    cli("appointments", "cancel", appointment_id(cancelled))
    target = tmp_path / "practice.ics"
    result = cli("appointments", "export", "--ics", str(target))
    assert result.exit_code == 0, result.stderr
    assert "Wrote 5 appointment(s)" in result.stderr  # 3 demo upcoming + 2 new
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text()
    assert "Amelia" not in text and "Chen" not in text and "F41.1" not in text
    cal = Calendar.from_ical(target.read_bytes())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert len(events) == 5
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "America/New_York"
    query = "select id from appointments where starts_at >= '2031-01-01'"
    ids = [r["id"] for r in rows_of(demo_db, query)]
    mine = [events[f"{i}@sanctuary.invalid"] for i in ids]
    by_summary = {str(e["SUMMARY"]): e for e in mine}
    amelia = by_summary["Individual Therapy: A.C. (Virtual)"]
    start = amelia.decoded("DTSTART")
    assert (
        start == datetime(2031, 1, 7, 10, 0, tzinfo=NY) and str(start.tzinfo) == "America/New_York"
    )
    assert amelia.decoded("DTEND") - start == timedelta(minutes=50)
    assert str(amelia["LOCATION"]) == "https://video.example/a"
    assert str(by_summary["Individual Therapy: C.D. (In-Person)"]["STATUS"]) == "CANCELLED"
    # Exporting again gives the same UIDs, so calendar clients update instead of duplicating.
    cli("appointments", "export", "--ics", str(target), "--full-names")
    again = Calendar.from_ical(target.read_bytes())
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == set(events)
    assert "Individual Therapy: Amelia Chen (Virtual)" in {
        str(e["SUMMARY"]) for e in again.walk("VEVENT")
    }


def test_export_to_a_missing_folder_fails_cleanly(cli, demo_db_url, tmp_path):
    result = cli("appointments", "export", "--ics", str(tmp_path / "nope" / "x.ics"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No such directory")
    assert not (tmp_path / "nope").exists()


def test_used_by_commands_work_as_subprocesses(run_cli, demo_db_url):
    upcoming = run_cli("appointments", "upcoming")
    assert upcoming.returncode == 0 and "Amelia Chen" in upcoming.stdout
    listed = run_cli("appointments", "list", "--csv")
    assert listed.returncode == 0 and listed.stdout.startswith("appointment_id,starts_at,")
    found = run_cli("patients", "search", "amelia chn")
    assert found.returncode == 0 and "Amelia Chen" in found.stdout


def test_every_command_has_help_with_an_example(cli):
    for group in ("appointments", "patients", "therapists"):
        commands = {
            "appointments": ["list", "add", "reschedule", "complete", "cancel", "no-show",
                             "recurring", "export", "upcoming"],
            "patients": ["list", "add", "show", "edit", "discharge", "search", "import", "export"],
            "therapists": ["list", "add", "show", "edit"],
        }[group]  # fmt: skip
        assert "Example:" in cli(group, "--help").stdout
        for command in commands:
            result = cli(group, command, "--help")
            assert result.exit_code == 0 and "Example: sanctuary" in result.stdout, command


def test_complete_on_a_terminal_offers_the_note(demo_db_url):
    from terminal_helpers import run_on_terminal

    env = dict(os.environ)
    booked = subprocess.run(
        [sys.executable, "-m", "sanctuary_cli", "appointments", "add", "amelia", soon(-2),
         "--allow-past"],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    ident = booked.stdout.rsplit("(id ", 1)[1].split(")")[0]
    code, screen = run_on_terminal(
        ["appointments", "complete", ident], [("Start the session note now?", "n")], env
    )
    assert code == 0, screen
    assert "Completed: Amelia Chen" in screen
    assert f"Write the note later with: sanctuary notes add {ident}" in screen


def test_readme_first_command_then_the_used_by_commands(tmp_path):
    """`db init --demo` on the embedded server, then the commands scripts rely on."""
    from sanctuary_cli.store import embedded

    data_dir = tmp_path / "data"
    env = {
        k: v for k, v in os.environ.items() if k not in ("SANCTUARY_DATABASE_URL", "DATABASE_URL")
    }
    env["SANCTUARY_DATA_DIR"] = str(data_dir)

    def sanctuary(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "sanctuary_cli", *args],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=180,
        )  # fmt: skip

    try:
        init = sanctuary("db", "init", "--demo")
        assert init.returncode == 0, init.stderr
        upcoming = sanctuary("appointments", "upcoming")
        assert upcoming.returncode == 0 and "Benjamin Carter" in upcoming.stdout
        listed = sanctuary("appointments", "list", "--csv")
        assert listed.returncode == 0, listed.stderr
        rows = list(csv.DictReader(io.StringIO(listed.stdout)))
        assert {r["patient_name"] for r in rows} == {
            "Amelia Chen",
            "Benjamin Carter",
            "Chloe Davis",
        }
        found = sanctuary("patients", "search", "amelia chn", "--csv")
        assert found.returncode == 0, found.stderr
        assert next(csv.DictReader(io.StringIO(found.stdout)))["full_name"] == "Amelia Chen"
    finally:
        if embedded.running_server(data_dir):
            embedded.stop_server(data_dir)


def test_a_fee_with_an_exponent_is_refused_like_a_charge_amount(cli, demo_db, demo_db_url):
    count = "select count(*) as n from appointments"
    before = rows_of(demo_db, count)[0]["n"]
    refused = cli("appointments", "add", "amelia", f"{FUTURE} 10:00", "--fee", "1e3")
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1, refused.stderr
    assert "Invalid --fee '1e3'" in refused.stderr
    assert rows_of(demo_db, count)[0]["n"] == before
    free = cli("appointments", "add", "amelia", f"{FUTURE} 10:00", "--fee", "0")
    assert free.exit_code == 0, free.stderr  # a fee may be waived


def test_list_and_export_take_day_words(cli, demo_db_url, tmp_path):
    today = cli("appointments", "list", "--from", "yesterday", "--to", "tomorrow", "--csv")
    assert today.exit_code == 0, today.stderr
    assert today.stdout.startswith("appointment_id,starts_at,")
    target = tmp_path / "week.ics"
    exported = cli("appointments", "export", "--ics", str(target), "--from", "today", "--to",
                   "next tue")  # fmt: skip
    assert exported.exit_code == 0, exported.stderr
    assert target.exists()
    bad = cli("appointments", "list", "--from", "someday")
    assert bad.exit_code == 1 and bad.stderr.count("\n") == 1
    assert "--from 'someday' is not a date" in bad.stderr


def test_the_note_offered_on_a_terminal_runs_with_every_root_option(cli, demo_db_url, monkeypatch):
    import subprocess as subprocess_module

    import questionary

    from sanctuary_cli.cli import output

    booked = cli("appointments", "add", "amelia", soon(-2), "--allow-past")
    ran: list[list[str]] = []
    monkeypatch.setattr(output, "interactive", lambda: True)
    monkeypatch.setattr(
        questionary, "confirm", lambda *a, **k: type("Q", (), {"ask": lambda self: True})()
    )
    monkeypatch.setattr(subprocess_module, "run", lambda args, **k: ran.append(args))
    done = cli(
        "--database-url", demo_db_url, "--therapist", "sarah.johnson@sanctuary.example",
        "--allow-insecure", "--debug", "appointments", "complete", appointment_id(booked),
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    (command,) = ran
    assert command[1:3] == ["-m", "sanctuary_cli"]
    assert command[3:-1] == [
        "--database-url", demo_db_url, "--therapist", "sarah.johnson@sanctuary.example",
        "--allow-insecure", "--debug", "notes", "add",
    ]  # fmt: skip
    assert command[-1].startswith(appointment_id(booked))
