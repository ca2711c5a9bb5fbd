"""`--all-therapists` means the whole practice, also when SANCTUARY_THERAPIST names a clinician
on the owner connection; a clinician login still sees only its own (row-level security)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from zoneinfo import ZoneInfo

from security_helpers import make_practice

from sanctuary_cli.rules.dates import practice_today

SAM = {"SANCTUARY_THERAPIST": "sam@x.example"}
TOMORROW = (practice_today(ZoneInfo("America/New_York")) + timedelta(days=1)).isoformat()


def add_sam_with_a_patient(cli) -> None:
    assert cli("therapists", "add", "--first", "Sam", "--last", "Lee", "--email",
               "sam@x.example", "--title", "Dr.").exit_code == 0  # fmt: skip
    assert cli("patients", "add", "--first", "Dana", "--last", "Ruiz", env=SAM).exit_code == 0
    booked = cli("appointments", "add", "Dana", f"{TOMORROW} 09:00", env=SAM)
    assert booked.exit_code == 0, booked.stderr


def names(result, key: str = "patient_name") -> set[str]:
    assert result.exit_code == 0, result.stderr
    return {row[key] for row in json.loads(result.stdout)}


def test_all_therapists_is_the_practice_with_a_therapist_set(cli, demo_db_url):
    add_sam_with_a_patient(cli)
    assert names(cli("appointments", "upcoming", "--json", env=SAM)) == {"Dana Ruiz"}
    everyone = names(cli("appointments", "upcoming", "--all-therapists", "--json", env=SAM))
    assert everyone == {"Dana Ruiz", "Amelia Chen", "Benjamin Carter", "Chloe Davis"}
    listed = names(cli("patients", "list", "--all-therapists", "--json", env=SAM), "full_name")
    assert {"Dana Ruiz", "Amelia Chen"} <= listed


def test_report_daily_for_the_practice_names_each_sessions_therapist(cli, demo_db_url):
    add_sam_with_a_patient(cli)
    result = cli("report", "daily", "--date", TOMORROW, "--all-therapists", "--csv", env=SAM)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["patient_name"], r["therapist_name"]) for r in rows] == [
        ("Dana Ruiz", "Dr. Sam Lee"),
        ("Amelia Chen", "Dr. Sarah Johnson"),
        ("Benjamin Carter", "Dr. Sarah Johnson"),
    ]
    # One clinician's agenda keeps its columns.
    mine = cli("report", "daily", "--date", TOMORROW, "--csv", env=SAM)
    assert "therapist_name" not in mine.stdout.splitlines()[0]
    assert [r["patient_name"] for r in csv.DictReader(io.StringIO(mine.stdout))] == ["Dana Ruiz"]


def test_a_practice_read_is_audited_as_the_clinician_acted_for(cli, demo_db, demo_db_url):
    add_sam_with_a_patient(cli)
    risk = cli("report", "risk", "--all-therapists", "--json", env=SAM)
    assert "Benjamin Carter" in names(risk)
    with demo_db.transaction() as cur:
        cur.execute(
            "select distinct t.email from audit_log a join therapists t on t.id = a.therapist_id"
            " where a.table_name = 'patient_risk_status' and a.action = 'EXPORT'"
        )
        assert [r["email"] for r in cur.fetchall()] == ["sam@x.example"]


def test_a_clinician_login_with_all_therapists_sees_only_its_own(
    pg_cluster, demo_db_url, demo_db, run_cli
):
    practice = make_practice(pg_cluster, demo_db_url, demo_db)
    env = {"SANCTUARY_DATABASE_URL": practice["url"]}
    result = run_cli("patients", "list", "--all-therapists", "--json", env=env)
    assert result.returncode == 0, result.stderr
    listed = {row["full_name"] for row in json.loads(result.stdout)}
    assert listed == {"Amelia Chen", "Benjamin Carter", "Chloe Davis"}
    # Naming the colleague changes nothing either.
    env["SANCTUARY_THERAPIST"] = practice["other"]["therapist"]
    named = run_cli("patients", "list", "--all-therapists", "--json", env=env)
    assert "Zed Other" not in named.stdout
