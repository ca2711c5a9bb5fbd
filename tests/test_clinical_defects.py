"""The clinical defects of issue 14, each through the CLI: future session dates, a measure asked
about nobody, the sparkline's scale, `notes show --json`, write commands printing their row,
and the mood entries migration 0081 gives notes written before it."""

from __future__ import annotations

import csv
import io
import json
import shutil
import uuid

import psycopg
import pytest
from clinical_helpers import Terminal, execute, rows, scalar

from sanctuary_cli.rules import trends
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.store import migrate as migrate_module
from sanctuary_cli.store.config import load_settings
from sanctuary_cli.store.db import connect
from sanctuary_cli.store.demo import load_demo
from sanctuary_cli.store.migrate import migrate
from sanctuary_cli.store.paths import sql_dir

DAP = ["--template", "dap", "--data", "d", "--assessment", "a", "--plan", "p", "--risk", "low"]


def test_a_session_date_after_today_is_refused_in_one_line(run_cli, demo_db):
    result = run_cli("notes", "add", "Amelia", *DAP, "--date", "2027-05-05")
    assert result.returncode == 1
    today = practice_today(demo_db.settings.tz).isoformat()
    assert result.stderr == (
        f"Error: The session date 2027-05-05 is in the future (today is {today})\n"
    )
    tomorrow = run_cli("notes", "add", "Amelia", *DAP, "--date", "tomorrow")
    assert tomorrow.returncode == 1 and "is in the future" in tomorrow.stderr
    assert scalar(demo_db, "select count(*) from session_notes") == 4
    # The database refuses a date that has begun nowhere yet, whoever writes it.
    with pytest.raises(psycopg.errors.CheckViolation, match="cannot be in the future"):
        execute(demo_db, "update session_notes set session_date = current_date + 2")


def test_a_note_for_an_appointment_still_to_come_is_refused(run_cli, demo_db):
    upcoming = scalar(
        demo_db,
        "select a.id from appointments a join patients p on p.id = a.patient_id"
        " where p.full_name = 'Chloe Davis' and a.status = 'scheduled'",
    )
    result = run_cli("notes", "add", str(upcoming)[:8], *DAP)
    assert result.returncode == 1
    assert "after today; write its note once the session has taken place" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_measures_add_names_the_unknown_patient_before_any_question(demo_db_url, demo_db):
    term = Terminal("measures", "add", "Nobodyhere", "phq9")
    code, output = term.wait()
    assert code == 1
    assert "No patient matches 'Nobodyhere'" in output
    assert "Over the last 2 weeks" not in output  # not one question was asked


def test_ctrl_c_in_a_questionnaire_is_one_line(demo_db_url, demo_db):
    term = Terminal("measures", "add", "Amelia", "gad7")
    term.expect("Over the last 2 weeks")
    term.send("\x03")
    code, output = term.wait()
    assert code == 130
    assert output.count("Interrupted") == 1 and "Cancelled by user" not in output
    assert output.strip().endswith("Error: Interrupted; nothing half-done was kept")
    assert scalar(demo_db, "select count(*) from measure_administrations") == 0


def test_every_rating_has_its_own_glyph_in_order():
    drawn = trends.sparkline(list(range(1, 11)))
    assert drawn == "123456789X"
    assert trends.sparkline([7, 8]) == "78"  # the pair that used to share a bar
    assert len(set(drawn)) == 10


def test_notes_show_json_is_one_object(cli, demo_db):
    note_id = str(scalar(demo_db, "select id from session_notes where template = 'dap'"))
    cli("notes", "amend", note_id[:8], "--text", "Sleep diary started.")
    shown = json.loads(cli("notes", "show", note_id[:8], "--json").stdout)
    assert isinstance(shown, dict)
    assert shown["note_id"] == note_id
    assert shown["patient"] == "Chloe Davis" and shown["template"] == "dap"
    assert list(shown["sections"]) == ["data", "assessment", "plan"]  # nested, template order
    assert shown["risk_level"] == "low" and shown["self_harm"] == "past"
    assert shown["mood_rating"] == 4 and shown["tags"] == [
        "intake",
        "self-esteem",
        "sleep",
        "social",
    ]
    assert [a["body"] for a in shown["addenda"]] == ["Sleep diary started."]
    assert shown["status"] == "unsigned" and shown["signed_at"] is None
    table = cli("notes", "show", note_id[:8], "--csv").stdout
    fields = {row["field"] for row in csv.DictReader(io.StringIO(table))}
    assert {"note_id", "data", "risk_level", "tags"} <= fields  # field/value rows stay


@pytest.mark.parametrize(
    ("args", "columns"),
    [
        (["notes", "add", "Amelia", *DAP, "--mood", "6"],
         {"note_id", "patient_name", "session_date", "mood_rating", "mood_entry_id", "status"}),
        (["notes", "contact", "Amelia", "Called back."],
         {"note_id", "contact_kind", "status", "signed_at"}),
        (["mood", "add", "Amelia", "7", "--note", "calm"],
         {"mood_entry_id", "patient_id", "recorded_at", "rating", "note"}),
        (["progress", "add", "Amelia", "sleep", "6"],
         {"progress_entry_id", "recorded_at", "area", "rating"}),
    ],
    ids=["notes add", "notes contact", "mood add", "progress add"],
)  # fmt: skip
def test_write_commands_print_the_row_they_wrote(cli, demo_db, args, columns):
    human = cli(*args)
    assert human.exit_code == 0, human.stderr
    assert len(human.stdout.splitlines()) == 1  # the default stays one human line
    as_json = cli(*args, "--json")  # each run writes one more row; its own is printed
    assert as_json.exit_code == 0, as_json.stderr
    written = json.loads(as_json.stdout)
    assert len(written) == 1 and columns <= set(written[0])
    as_csv = cli(*args, "--format", "csv")
    header = next(csv.reader(io.StringIO(as_csv.stdout)))
    assert columns <= set(header)


def test_sign_edit_and_amend_print_their_row(cli, demo_db):
    note_id = str(scalar(demo_db, "select id from session_notes where signed_at is null"))
    edited = json.loads(cli("notes", "edit", note_id[:8], "--plan", "Weekly.", "--json").stdout)
    assert edited[0]["note_id"] == note_id and edited[0]["status"] == "unsigned"
    signed = json.loads(cli("notes", "sign", note_id[:8], "--json").stdout)
    assert signed[0]["note_id"] == note_id and signed[0]["status"] == "signed"
    amended = cli("notes", "amend", note_id[:8], "--text", "Late entry.", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(amended.stdout)))
    assert row["note_id"] == note_id and row["addendum_id"]


@pytest.fixture
def blank_db_url(pg_cluster, monkeypatch):
    name = f"sanctuary_blank_{uuid.uuid4().hex[:12]}"
    pg_cluster.create_database(name)
    url = pg_cluster.url(name)
    monkeypatch.setenv("SANCTUARY_DATABASE_URL", url)
    yield url
    pg_cluster.drop_database(name)


def test_migration_0081_gives_earlier_notes_their_mood_entries(blank_db_url, tmp_path, monkeypatch):
    # A practice that wrote its notes before 0081: migrate to 0080, load the demo, upgrade.
    before = tmp_path / "sql"
    shutil.copytree(sql_dir(), before)
    for later in (before / "migrations").glob("*.sql"):
        if int(later.name[:4]) >= 81:
            later.unlink()
    db = connect(load_settings(database_url=blank_db_url), check_schema=False)
    monkeypatch.setattr(migrate_module, "sql_dir", lambda: before)
    migrate(db)
    load_demo(db)
    assert scalar(db, "select count(*) from mood_entries where session_note_id is not null") == 0
    monkeypatch.setattr(migrate_module, "sql_dir", sql_dir)
    assert [m.version for m in migrate(db)][:1] == [81]
    linked = rows(
        db,
        "select n.mood_rating, m.rating, m.recorded_at, a.starts_at, n.signed_at"
        " from session_notes n join mood_entries m on m.session_note_id = n.id"
        " join appointments a on a.id = n.appointment_id",
    )
    assert len(linked) == 4  # every demo note has a mood and an appointment
    assert all(r["rating"] == r["mood_rating"] for r in linked)
    assert all(r["recorded_at"] == r["starts_at"] for r in linked)
    assert sum(r["signed_at"] is not None for r in linked) == 3  # signed notes unchanged
    assert scalar(db, "select count(*) from mood_entries") == 19
    db.close()
