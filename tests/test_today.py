"""`sanctuary today` (docs/SPEC.md section 7): the first screen of the day, on the demo practice
made to have something in every section."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
import pytest
from billing_helpers import add_appointment, add_charge, execute, scalar
from clinical_helpers import OTHER, SARAH, add_second_clinician
from security_helpers import dbname_of

from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.store.anchors import database_key
from sanctuary_cli.store.backup_record import backup_record_file, record_backup
from sanctuary_cli.store.config import load_settings

TZ = ZoneInfo("America/New_York")
SECTIONS = ["agenda", "unsigned_notes", "risk_followups", "overdue", "plans_due", "alerts"]
AMELIA = "md5('sanctuary-demo-101')::uuid"
BENJAMIN = "md5('sanctuary-demo-102')::uuid"
CHLOE = "md5('sanctuary-demo-103')::uuid"
SARAH_ID = "md5('sanctuary-demo-001')::uuid"


def demo_id(db, expression: str):
    return scalar(db, f"select {expression} as id")


def busy_day(cli, db) -> dict:
    """An appointment today, a note unsigned for two days, a licence expiring in 30 days;
    the demo already has an overdue charge and Benjamin flagged for risk."""
    sarah, amelia = demo_id(db, SARAH_ID), demo_id(db, AMELIA)
    today_visit = add_appointment(db, sarah, amelia, days_ago=0, hour=12, status="scheduled")
    past_visit = add_appointment(db, sarah, amelia, days_ago=2, hour=9)
    note = scalar(
        db,
        "insert into session_notes (appointment_id, patient_id, therapist_id)"
        " values (%(a)s, %(p)s, %(t)s) returning id",
        a=past_visit,
        p=amelia,
        t=sarah,
    )
    # A note written just now is not yet late.
    execute(
        db,
        "insert into session_notes (patient_id, therapist_id) values (%(p)s, %(t)s)",
        p=amelia,
        t=sarah,
    )
    expiry = (practice_today(TZ) + timedelta(days=30)).isoformat()
    edited = cli("therapists", "edit", SARAH, "--license-expiry", expiry)
    assert edited.exit_code == 0, edited.stderr
    return {"appointment": str(today_visit), "note": str(note), "expiry": expiry}


def today_json(cli, *args: str, therapist: str | None = None) -> dict:
    """`sanctuary today --json`, which on a normal day exits 0 and says nothing on stderr."""
    acting = ["--therapist", therapist] if therapist else []
    done = cli(*acting, "today", "--json", *args)
    assert done.exit_code == 0, done.stderr
    assert done.stderr == ""
    return json.loads(done.stdout)


def test_json_is_one_object_with_each_section_a_list(cli, demo_db):
    made = busy_day(cli, demo_db)
    screen = today_json(cli)
    assert list(screen) == SECTIONS
    assert all(isinstance(screen[name], list) for name in SECTIONS)

    [visit] = screen["agenda"]
    assert visit["appointment_id"] == made["appointment"]
    assert visit["patient_name"] == "Amelia Chen" and visit["status"] == "scheduled"
    assert visit["starts_at"].startswith(f"{practice_today(TZ)}T12:00:00")
    assert visit["session_type"] == "Individual Therapy" and visit["appointment_type"]

    late = {note["note_id"]: note for note in screen["unsigned_notes"]}
    assert made["note"] in late and late[made["note"]]["hours_since_session"] >= 24
    assert len(late) == 2  # the demo's intake note, and this one; not the one written now
    assert all(note["hours_since_session"] >= 24 for note in late.values())

    [risk] = screen["risk_followups"]
    assert risk["patient_name"] == "Benjamin Carter"
    assert "passive suicidal ideation" in risk["elevated_by"] and risk["elevated_since"]
    tomorrow = (practice_today(TZ) + timedelta(days=1)).isoformat()
    assert risk["next_appointment_at"].startswith(f"{tomorrow}T14:00:00")

    total, charge = screen["overdue"]
    assert total == {
        "kind": "total",
        "charges": 1,
        "patient_name": None,
        "service_date": None,
        "due_date": charge["due_date"],
        "days_overdue": 10,
        "aging_bucket": "0-30",
        "balance": "150.00",
        "charge_id": None,
    }
    assert charge["kind"] == "charge" and charge["patient_name"] == "Benjamin Carter"

    assert screen["plans_due"] == []

    kinds = {alert["kind"]: alert for alert in screen["alerts"]}
    assert set(kinds) == {"licence", "backup"}  # the audit chain is intact
    assert kinds["licence"]["message"].endswith(f"expires in 30 day(s) ({made['expiry']})")
    assert kinds["licence"]["level"] == "warning" and kinds["licence"]["when"] == made["expiry"]
    assert "No backup of this database is known" in kinds["backup"]["message"]


def test_overdue_lists_the_oldest_five_after_a_total_of_all(cli, demo_db):
    sarah, amelia = demo_id(demo_db, SARAH_ID), demo_id(demo_db, AMELIA)
    for days in (20, 40, 60, 80, 100, 120):
        add_charge(demo_db, sarah, amelia, amount="10.00", due_in_days=-days)
    total, *charges = today_json(cli)["overdue"]
    assert (total["charges"], total["balance"], total["days_overdue"]) == (7, "210.00", 120)
    assert total["aging_bucket"] == "90+"
    assert [c["days_overdue"] for c in charges] == [120, 100, 80, 60, 40]
    table = cli("today")
    assert "Overdue balances: 7 charge(s), 210.00 in all, the oldest 5 shown" in table.stdout


def test_a_normal_day_is_one_screen_with_a_line_for_each_empty_section(run_cli, demo_db_url):
    done = run_cli("today")
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0] == f"Today, {practice_today(TZ):%A %Y-%m-%d}, for Dr. Sarah Johnson"
    assert "Agenda: no appointments today." in lines
    assert "Treatment plans due for review: none due." in lines
    for title in ("Notes unsigned after 24 hours", "Risk follow-up", "Alerts"):
        assert any(line.strip() == title for line in lines), title
    assert "Benjamin Carter" in done.stdout and "Chloe Davis" in done.stdout
    assert len(lines) < 60


def test_csv_is_one_table_with_a_section_column_and_markdown_one_section_each(cli, demo_db):
    busy_day(cli, demo_db)
    done = cli("today", "--csv")
    assert done.exit_code == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    header = done.stdout.splitlines()[0].split(",")
    assert header[0] == "section" and len(header) == len(set(header))
    assert {"patient_name", "elevated_by", "balance", "message", "kind"} <= set(header)
    sections = [row["section"] for row in rows]
    assert sections == sorted(sections, key=SECTIONS.index)  # in section order
    assert set(sections) == {"agenda", "unsigned_notes", "risk_followups", "overdue", "alerts"}
    assert [row["kind"] for row in rows if row["section"] == "overdue"] == ["total", "charge"]

    markdown = cli("today", "--format", "markdown").stdout
    assert markdown.startswith("# Today, ")
    headings = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [
        "Agenda",
        "Notes unsigned after 24 hours",
        "Risk follow-up",
        "Overdue balances",
        "Treatment plans due for review",
        "Alerts",
    ]
    assert "None due." in markdown


def test_all_therapists_shows_the_practice_and_each_clinician_sees_their_own(cli, demo_db):
    busy_day(cli, demo_db)
    omar = add_second_clinician(demo_db, owns_patient="Chloe Davis")
    chloe = demo_id(demo_db, CHLOE)
    add_appointment(demo_db, omar, chloe, days_ago=0, hour=15, status="scheduled")
    execute(
        demo_db,
        "update therapists set license_expiry = current_date - 3 where id = %(t)s",
        t=omar,
    )

    mine = today_json(cli, therapist=SARAH)
    assert [visit["patient_name"] for visit in mine["agenda"]] == ["Amelia Chen"]
    assert [a["subject"] for a in mine["alerts"] if a["kind"] == "licence"] == ["Dr. Sarah Johnson"]
    theirs = today_json(cli, therapist=OTHER)
    assert [visit["patient_name"] for visit in theirs["agenda"]] == ["Chloe Davis"]
    assert theirs["unsigned_notes"] == [] and theirs["overdue"] == []

    practice = today_json(cli, "--all-therapists")  # no --therapist needed for the practice
    assert [(v["patient_name"], v["therapist_name"]) for v in practice["agenda"]] == [
        ("Amelia Chen", "Dr. Sarah Johnson"),
        ("Chloe Davis", "Dr. Omar Reyes"),
    ]
    licences = {a["subject"]: a for a in practice["alerts"] if a["kind"] == "licence"}
    assert set(licences) == {"Dr. Sarah Johnson", "Dr. Omar Reyes"}
    assert licences["Dr. Omar Reyes"]["level"] == "critical"
    assert "expired 3 day(s) ago" in licences["Dr. Omar Reyes"]["message"]

    table = cli("today", "--all-therapists")
    assert table.exit_code == 0, table.stderr
    assert table.stdout.startswith("Today, ") and "for the whole practice" in table.stdout
    assert "therapist name" in table.stdout and "Dr. Omar Reyes" in table.stdout


def risk_reads(db) -> list[tuple[str, str, str]]:
    return [
        (row["action"], row["row_id"], str(row["patient_id"]))
        for row in execute(
            db,
            "select action, row_id, patient_id from audit_log"
            " where table_name = 'patient_risk_status' order by seq",
        )
    ]


def test_risk_follow_ups_shown_are_audited_as_read_or_export(cli, demo_db):
    benjamin = str(demo_id(demo_db, BENJAMIN))
    assert risk_reads(demo_db) == []
    assert cli("today").exit_code == 0
    assert risk_reads(demo_db) == [("READ", benjamin, benjamin)]
    today_json(cli)
    assert cli("today", "--csv").exit_code == 0
    read, export = ("READ", benjamin, benjamin), ("EXPORT", benjamin, benjamin)
    assert risk_reads(demo_db) == [read, export, export]


@pytest.fixture
def backup_env(pg_cluster, demo_db_url, monkeypatch) -> None:
    """Backups run as the cluster's superuser and are sealed with a passphrase."""
    admin = psycopg.conninfo.make_conninfo(
        **{**pg_cluster.admin_params, "dbname": dbname_of(demo_db_url)}
    )
    monkeypatch.setenv("SANCTUARY_BACKUP_DATABASE_URL", admin)
    monkeypatch.setenv("SANCTUARY_BACKUP_PASSPHRASE", "correct horse battery staple")


def backup_alerts(cli) -> list[dict]:
    return [alert for alert in today_json(cli)["alerts"] if alert["kind"] == "backup"]


def test_a_backup_clears_the_backup_alert_until_it_is_a_week_old(cli, backup_env, tmp_path):
    assert len(backup_alerts(cli)) == 1
    failed = cli("db", "backup", str(tmp_path / "missing" / "practice.age"))
    assert failed.exit_code == 1
    settings = load_settings()
    assert not backup_record_file(settings).exists()  # a failed backup is no backup

    file = tmp_path / "practice.age"
    done = cli("db", "backup", str(file))
    assert done.exit_code == 0, done.stderr
    assert backup_alerts(cli) == []
    record = backup_record_file(settings)
    assert oct(record.stat().st_mode & 0o777) == "0o600"
    entry = json.loads(record.read_text())[database_key(settings)]
    assert entry["file"] == str(file)

    long_ago = datetime.now(UTC) - timedelta(days=9, hours=1)
    assert record_backup(settings, file, at=long_ago)
    [alert] = backup_alerts(cli)
    assert alert["message"].startswith(f"Last backup 9 days ago to {file}")
    assert alert["when"].startswith(long_ago.astimezone(TZ).isoformat()[:16])


def test_a_broken_audit_chain_is_an_alert_not_a_failure(cli, demo_db_url, pg_cluster):
    assert cli("audit", "anchor").exit_code == 0
    assert [a for a in today_json(cli)["alerts"] if a["kind"] == "audit_chain"] == []
    # The newest entry: one written after the check of the run above, which the next run walks
    # (an older one is left to the weekly walk: tests/test_audit_chain_check.py).
    with pg_cluster.admin(dbname_of(demo_db_url)) as conn:
        conn.execute("set session_replication_role = replica")
        conn.execute(
            "update audit_log set actor = 'innocent'"
            " where seq = (select last_seq from audit_chain_head)"
        )
    [chain] = [a for a in today_json(cli)["alerts"] if a["kind"] == "audit_chain"]
    assert chain["level"] == "critical" and chain["message"].startswith("Audit log broken: ")
    table = cli("today")
    assert table.exit_code == 0 and "Audit log broken" in table.stdout


def test_entries_cut_off_after_the_newest_anchor_are_an_alert(cli, demo_db_url, pg_cluster):
    assert cli("audit", "anchor").exit_code == 0
    assert cli("mood", "add", "Amelia", "6").exit_code == 0
    assert cli("audit", "anchor").exit_code == 0
    with pg_cluster.admin(dbname_of(demo_db_url)) as conn:
        conn.execute("set session_replication_role = replica")
        seq = conn.execute("select last_seq from audit_chain_head").fetchone()[0]
        conn.execute("delete from audit_log where seq > %s", (seq - 2,))
        conn.execute(
            "update audit_chain_head h set last_seq = l.seq, last_hash = l.hash"
            " from audit_log l where l.seq = %s",
            (seq - 2,),
        )
    [chain] = [a for a in today_json(cli)["alerts"] if a["kind"] == "audit_chain"]
    assert f"entry {seq}, anchored earlier, is missing" in chain["message"]


def test_without_a_therapist_today_says_how_to_add_one(cli, empty_db_url):
    done = cli("today")
    assert done.exit_code == 1 and "No therapist yet" in done.stderr
    practice = today_json(cli, "--all-therapists")
    assert [name for name in SECTIONS if practice[name]] == ["alerts"]  # only: no backup yet
