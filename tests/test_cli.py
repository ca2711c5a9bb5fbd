"""The CLI end to end: the first used-by line, its formats, help, and exit codes."""

from __future__ import annotations

import csv
import io
import json

PATIENTS = ["Amelia Chen", "Benjamin Carter", "Chloe Davis"]


def test_upcoming_shows_the_three_demo_appointments_in_a_table(demo_db_url, cli):
    result = cli("appointments", "upcoming")
    assert result.exit_code == 0, result.stderr
    for name in PATIENTS:
        assert name in result.stdout
    assert "Dr. Sarah Johnson" in result.stdout


def test_upcoming_csv_parses_with_stable_columns(demo_db_url, cli):
    result = cli("appointments", "upcoming", "--csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["patient_name"] for r in rows] == PATIENTS
    assert list(rows[0]) == [
        "appointment_id",
        "starts_at",
        "ends_at",
        "duration_minutes",
        "patient_name",
        "therapist_name",
        "session_type",
        "appointment_type",
        "location",
    ]
    assert rows[0]["starts_at"].endswith(("-05:00", "-04:00"))


def test_upcoming_json_and_markdown(demo_db_url, cli):
    data = json.loads(cli("appointments", "upcoming", "--json").stdout)
    assert [r["patient_name"] for r in data] == PATIENTS
    markdown = cli("appointments", "upcoming", "--format", "markdown").stdout
    assert markdown.count("\n| ") == 4  # header and three rows


def test_upcoming_days_limits_the_window(demo_db_url, cli):
    data = json.loads(cli("appointments", "upcoming", "--days", "1", "--json").stdout)
    assert len(data) <= 3
    assert all(r["patient_name"] in PATIENTS for r in data)


def test_piped_output_has_no_escape_sequences(demo_db_url, run_cli):
    done = run_cli("appointments", "upcoming", env={"TERM": "xterm-256color"})
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    assert "Amelia Chen" in done.stdout


def test_bad_url_exits_3_naming_the_host_without_password_or_traceback(run_cli):
    done = run_cli(
        "appointments",
        "upcoming",
        env={"SANCTUARY_DATABASE_URL": "postgresql://x:secret@127.0.0.1:1/db"},
    )
    assert done.returncode == 3
    assert "127.0.0.1" in done.stderr
    assert "secret" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_db_url_masks_the_password(cli):
    result = cli("--database-url", "postgresql://me:hunter2@db.example:5432/p", "db", "url")
    assert result.exit_code == 0
    assert "hunter2" not in result.stdout
    assert "me:***@db.example" in result.stdout


def test_unknown_option_is_a_usage_error(cli):
    assert cli("appointments", "upcoming", "--bogus").exit_code == 2
    assert cli("appointments", "upcoming", "--format", "xml").exit_code == 2


def test_unknown_therapist_is_exit_1(demo_db_url, cli):
    result = cli("--therapist", "nobody@example.com", "appointments", "upcoming")
    assert result.exit_code == 1
    assert "nobody@example.com" in result.stderr


def test_several_therapists_need_a_choice(demo_db, cli):
    with demo_db.transaction() as cur:
        cur.execute(
            "insert into therapists (first_name, last_name, email)"
            " values ('Omar', 'Haddad', 'omar@sanctuary.example')"
        )
    result = cli("appointments", "upcoming")
    assert result.exit_code == 1
    assert "--therapist" in result.stderr
    chosen = cli("--therapist", "omar@sanctuary.example", "appointments", "upcoming", "--csv")
    assert chosen.exit_code == 0
    assert chosen.stdout.strip() == (
        "appointment_id,starts_at,ends_at,duration_minutes,patient_name,therapist_name,"
        "session_type,appointment_type,location"
    )
    everyone = cli("appointments", "upcoming", "--all-therapists", "--json")
    assert len(json.loads(everyone.stdout)) == 3


def test_help_lists_groups_with_an_example(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for group in ("db", "appointments"):
        assert group in result.stdout
    assert "Example" in result.stdout
    db_help = cli("db", "--help").stdout
    for command in (
        "init",
        "migrate",
        "status",
        "start",
        "stop",
        "url",
        "shell",
        "backup",
        "restore",
    ):
        assert command in db_help
    assert "Example" in db_help


def test_version(cli):
    from sanctuary_cli import __version__

    result = cli("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_a_deadlock_is_a_conflict_not_an_unreachable_database():
    from psycopg import errors

    from sanctuary_cli.cli.app import describe_error

    message, code = describe_error(errors.DeadlockDetected("deadlock detected"))
    assert code == 1
    assert "Run the command again" in message


def test_a_rolled_back_transaction_is_run_again():
    from psycopg import errors

    from sanctuary_cli.store.db import retry_on_conflict

    calls = []

    def work():
        calls.append(1)
        if len(calls) < 3:
            raise errors.SerializationFailure("could not serialize access")
        return "done"

    assert retry_on_conflict(work) == "done"
    assert len(calls) == 3


def test_db_shell_runs_psql_on_the_database(demo_db_url, run_cli):
    # No terminal: psql reads an empty script and exits 0, having connected.
    done = run_cli("db", "shell")
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr


def test_db_shell_refuses_clear_text_to_a_remote_host(run_cli):
    done = run_cli("--database-url", "postgresql://ann:pw@db.example.com/practice", "db", "shell")
    assert done.returncode == 1
    assert "sslmode" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "pw" not in done.stderr
