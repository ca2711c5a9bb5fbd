"""`sanctuary report`: cron-safe reports to stdout or an atomically written file."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from zoneinfo import ZoneInfo

from billing_helpers import add_patient, add_therapist, execute, scalar

from sanctuary_cli.rules.dates import practice_today

TZ = ZoneInfo("America/New_York")


def today():
    return practice_today(TZ)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_daily_report_to_a_file_from_cron_writes_it_whole_and_prints_nothing(
    run_cli, demo_db_url, tmp_path
):
    out = tmp_path / "reports" / "daily.csv"
    out.parent.mkdir()
    out.write_text("an older, longer report that must be replaced entirely\n" * 50)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    result = run_cli("report", "daily", "--date", tomorrow, "--csv", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == ""
    rows = csv_rows(out.read_text())
    assert [row["patient_name"] for row in rows] == ["Amelia Chen", "Benjamin Carter"]
    assert rows[0]["starts_at"] == f"{tomorrow}T10:00:00" + rows[0]["starts_at"][19:]
    assert {row["status"] for row in rows} == {"scheduled"}
    assert "older" not in out.read_text()
    assert [p.name for p in out.parent.iterdir()] == ["daily.csv"]


def test_empty_report_exits_0_and_still_writes_the_header(run_cli, demo_db_url, tmp_path):
    out = tmp_path / "empty.csv"
    result = run_cli("report", "daily", "--date", "2001-01-01", "--csv", "-o", str(out))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert out.read_text().splitlines() == [
        "starts_at,ends_at,duration_minutes,patient_name,session_type,appointment_type,"
        "location,status,note_status,patient_balance"
    ]


def test_report_failure_is_one_stderr_line_and_leaves_the_old_file(run_cli, demo_db_url, tmp_path):
    missing = tmp_path / "no-such-dir" / "daily.csv"
    result = run_cli("report", "daily", "--csv", "--output", str(missing))
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert not missing.parent.exists()

    kept = tmp_path / "kept.csv"
    kept.write_text("yesterday's report\n")
    result = run_cli("report", "daily", "--date", "tomorrow-ish", "--csv", "-o", str(kept))
    assert result.returncode == 1
    assert "--date" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert kept.read_text() == "yesterday's report\n"


def test_report_fails_with_exit_3_when_the_database_is_unreachable(run_cli, tmp_path):
    out = tmp_path / "daily.csv"
    result = run_cli(
        "report",
        "daily",
        "-o",
        str(out),
        env={"SANCTUARY_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"},
    )
    assert result.returncode == 3
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_daily_report_formats_json_and_markdown(cli, demo_db_url):
    tomorrow = (today() + timedelta(days=1)).isoformat()
    rows = json.loads(cli("report", "daily", "--date", tomorrow, "--json").stdout)
    assert [row["patient_name"] for row in rows] == ["Amelia Chen", "Benjamin Carter"]
    assert rows[1]["patient_balance"] == "150.00"
    markdown = cli("report", "daily", "--date", tomorrow, "--format", "markdown").stdout
    assert markdown.startswith(f"## Agenda for {tomorrow}")
    assert "| Benjamin Carter |" in markdown
    table = cli("report", "daily", "--date", tomorrow).stdout
    assert "\x1b[" not in table and "Amelia Chen" in table


def test_weekly_and_monthly_revenue_and_collection(cli, empty_db):
    therapist = add_therapist(empty_db)
    patient = add_patient(empty_db, therapist, coverage="80")
    charge = scalar(
        empty_db,
        "insert into financial_records (patient_id, therapist_id, service_date, due_date, amount,"
        " coverage_percent) values (%(p)s, %(t)s, '2026-03-03', '2026-04-02', 150, 80)"
        " returning id",
        p=patient,
        t=therapist,
    )
    # 23:30 in New York on the 4th is already the 5th in UTC: days are the practice's.
    execute(
        empty_db,
        "insert into payments (financial_record_id, amount, method, paid_at)"
        " values (%(c)s, 30, 'card', '2026-03-04 23:30-05')",
        c=charge,
    )
    week = csv_rows(cli("report", "weekly", "--date", "2026-03-05", "--csv").stdout)
    assert [row["day"] for row in week] == [f"2026-03-0{d}" for d in range(2, 9)] + ["total"]
    by_day = {row["day"]: row for row in week}
    assert (by_day["2026-03-03"]["billed"], by_day["2026-03-03"]["insurance_billed"]) == (
        "150.00",
        "120.00",
    )
    assert by_day["2026-03-04"]["collected"] == "30.00"
    assert by_day["2026-03-05"]["collected"] == "0.00"
    assert (by_day["total"]["billed"], by_day["total"]["collected"]) == ("150.00", "30.00")
    month = csv_rows(cli("report", "monthly", "--date", "2026-03-17", "--csv").stdout)
    assert len(month) == 32 and month[-1]["billed"] == "150.00"
    feb = csv_rows(cli("report", "monthly", "--date", "2026-02-10", "--csv").stdout)
    assert len(feb) == 29 and feb[-1]["billed"] == "0.00"


def test_documentation_lists_notes_unsigned_after_24_and_72_hours(cli, empty_db):
    therapist = add_therapist(empty_db)
    patients = {
        name: add_patient(empty_db, therapist, name, "Doc")
        for name in ("Recent", "Late", "Later", "Signed", "Private", "Missing")
    }

    def session(name, hours_ago, note="unsigned", private=False):
        appt = scalar(
            empty_db,
            "insert into appointments (therapist_id, patient_id, starts_at, duration_minutes,"
            " status) values (%(t)s, %(p)s, now() - make_interval(hours => %(h)s, mins => 50),"
            " 50, 'completed') returning id",
            t=therapist,
            p=patients[name],
            h=hours_ago,
        )
        if note:
            execute(
                empty_db,
                "insert into session_notes (appointment_id, patient_id, therapist_id, is_private,"
                " signed_at, signed_by) values (%(a)s, %(p)s, %(t)s, %(private)s,"
                " case when %(signed)s then now() end, case when %(signed)s then %(t)s::uuid end)",
                a=appt,
                p=patients[name],
                t=therapist,
                private=private,
                signed=note == "signed",
            )

    session("Recent", 10)
    session("Late", 30)
    session("Later", 80)
    session("Signed", 100, note="signed")
    session("Private", 102, private=True)
    session("Missing", 48, note=None)
    rows = csv_rows(cli("report", "documentation", "--csv").stdout)
    listed = {(row["patient_name"], row["lateness"], row["issue"]) for row in rows}
    assert listed == {
        ("Later Doc", "over 72h", "unsigned"),
        ("Late Doc", "over 24h", "unsigned"),
        ("Missing Doc", "over 24h", "missing note"),
        ("Private Doc", "over 72h", "missing note"),
    }
    assert [row["patient_name"] for row in rows] == [
        "Private Doc",  # its only note is private, so the session counts as undocumented
        "Later Doc",
        "Missing Doc",
        "Late Doc",
    ]
    private_note = scalar(empty_db, "select id from session_notes where is_private")
    assert all(row["note_id"] != str(private_note) for row in rows)


def test_risk_report_lists_elevated_patients_only(cli, demo_db_url, demo_db):
    rows = csv_rows(cli("report", "risk", "--csv").stdout)
    assert [(r["patient_name"], r["last_note_risk_level"]) for r in rows] == [
        ("Benjamin Carter", "moderate")
    ]
    assert rows[0]["safety_plan_on_file"] == "true"
    chloe = scalar(demo_db, "select id from patients where first_name = 'Chloe'")
    therapist = scalar(demo_db, "select id from therapists")
    execute(
        demo_db,
        "insert into measure_administrations (patient_id, therapist_id, instrument, answers,"
        " total, severity, risk_flag) values (%(p)s, %(t)s, 'phq9', '{1,1,1,1,1,1,0,0,1}', 7,"
        " 'mild', true)",
        p=chloe,
        t=therapist,
    )
    rows = {r["patient_name"]: r for r in csv_rows(cli("report", "risk", "--csv").stdout)}
    assert set(rows) == {"Benjamin Carter", "Chloe Davis"}
    assert rows["Chloe Davis"]["phq9_item9_positive"] == "true"
    assert rows["Chloe Davis"]["latest_phq9_total"] == "7"
    assert rows["Chloe Davis"]["latest_phq9_severity"] == "mild"


def test_caseload_marks_new_and_discharged_patients(cli, empty_db):
    therapist = add_therapist(empty_db)
    add_patient(empty_db, therapist, "New", "Client")
    old = add_patient(empty_db, therapist, "Old", "Client")
    gone = add_patient(empty_db, therapist, "Gone", "Client")
    execute(
        empty_db,
        "update patients set intake_date = current_date - 400 where id <> all(%(n)s)",
        n=[],
    )
    execute(
        empty_db,
        "update patients set intake_date = current_date where first_name = 'New'",
    )
    execute(
        empty_db,
        "update patients set status = 'Completed', discharged_at = now() - interval '3 days'"
        " where id = %(g)s",
        g=gone,
    )
    rows = {r["patient_name"]: r for r in csv_rows(cli("report", "caseload", "--csv").stdout)}
    assert rows["New Client"]["change"] == "new"
    assert rows["Gone Client"]["change"] == "discharged"
    assert rows["Gone Client"]["status"] == "Completed"
    assert rows["Old Client"]["change"] == ""
    assert old is not None


def risk_entries(cli) -> list[tuple[str, str, str]]:
    """The audit entries of risk reports, newest first: (action, row id, patient name)."""
    listed = cli("audit", "list", "--json", "--limit", "1000")
    assert listed.exit_code == 0, listed.stderr
    return [
        (row["action"], row["row_id"], row["patient_name"])
        for row in json.loads(listed.stdout)
        if row["table_name"] == "patient_risk_status"
    ]


def test_risk_report_records_a_read_or_export_per_patient_listed(cli, demo_db, tmp_path):
    benjamin = str(scalar(demo_db, "select id from patients where first_name = 'Benjamin'"))
    shown = cli("report", "risk")
    assert shown.exit_code == 0, shown.stderr
    assert "Benjamin" in shown.stdout  # the table may fold the name
    assert risk_entries(cli) == [("READ", benjamin, "Benjamin Carter")]

    assert cli("report", "risk", "--csv").exit_code == 0
    assert risk_entries(cli)[0] == ("EXPORT", benjamin, "Benjamin Carter")

    out = tmp_path / "risk.txt"
    written = cli("report", "risk", "-o", str(out))  # a table, but to a file: it leaves the screen
    assert written.exit_code == 0, written.stderr
    assert "Benjamin" in out.read_text()
    assert [action for action, _, _ in risk_entries(cli)] == ["EXPORT", "EXPORT", "READ"]


def test_a_risk_report_listing_nobody_records_nothing(cli, empty_db):
    add_therapist(empty_db)
    shown = cli("report", "risk")
    assert shown.exit_code == 0, shown.stderr
    assert "No patient is flagged" in shown.stdout
    assert risk_entries(cli) == []


def test_report_dates_take_the_when_words(cli, demo_db_url):
    tomorrow = (today() + timedelta(days=1)).isoformat()
    by_word = cli("report", "daily", "--date", "tomorrow", "--csv")
    assert by_word.exit_code == 0, by_word.stderr
    assert by_word.stdout == cli("report", "daily", "--date", tomorrow, "--csv").stdout
    assert [row["patient_name"] for row in csv_rows(by_word.stdout)] == [
        "Amelia Chen",
        "Benjamin Carter",
    ]
    markdown = cli("report", "daily", "--date", "tomorrow", "--format", "markdown").stdout
    assert markdown.startswith(f"## Agenda for {tomorrow}")

    back = (today().weekday() - 0) % 7 or 7  # "last mon" on a Monday is a week ago
    last_monday = today() - timedelta(days=back)
    week = cli("report", "weekly", "--date", "last mon", "--csv")
    assert week.exit_code == 0, week.stderr
    days = [row["day"] for row in csv_rows(week.stdout)]
    assert days[0] == last_monday.isoformat() and days[-1] == "total" and len(days) == 8


def test_report_date_defaults_to_the_practice_today(cli, demo_db_url):
    assert (
        cli("report", "daily", "--csv").stdout
        == cli("report", "daily", "--date", today().isoformat(), "--csv").stdout
    )
