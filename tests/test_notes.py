"""Session notes: written from flags, files or the form; signed and locked; addenda; privacy."""

from __future__ import annotations

import csv
import io
import json

import psycopg
import pytest
from clinical_helpers import (
    OTHER,
    SARAH,
    Terminal,
    add_second_clinician,
    execute,
    rows,
    scalar,
)

from sanctuary_cli.store.db import named_query

DAP_FLAGS = [
    "--template",
    "dap",
    "--data",
    "Reports sleeping 7 hours; fewer panic episodes.",
    "--assessment",
    "Anxiety improving with CBT.",
    "--plan",
    "Continue weekly; add exposure hierarchy.",
]


def note_count(db):
    return scalar(db, "select count(*) from session_notes")


def test_note_written_entirely_from_flags(cli, demo_db):
    result = cli(
        "notes", "add", "Amelia", *DAP_FLAGS, "--risk", "low", "--mood", "6",
        "--protective-factor", "supportive family", "--tag", "anxiety", "--tag", "Panic",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "saved" in result.stdout and "(unsigned)" in result.stdout
    note = rows(
        demo_db,
        "select n.*, array(select t.name from note_tags nt join tags t on t.id = nt.tag_id"
        " where nt.note_id = n.id order by t.name) as tag_names"
        " from session_notes n order by created_at desc limit 1",
    )[0]
    assert note["template"] == "dap"
    assert note["content"]["plan"] == "Continue weekly; add exposure hierarchy."
    assert note["mood_rating"] == 6
    assert note["risk_level"] == "low"
    assert note["protective_factors"] == ["supportive family"]
    assert note["tag_names"] == ["anxiety", "panic"]
    assert scalar(demo_db, "select usage_count from tags where name = 'panic'") == 1


def test_note_written_from_a_yaml_file(cli, demo_db, tmp_path):
    path = tmp_path / "session.yaml"
    path.write_text(
        "template: birp\n"
        "behavior: Arrived late, tearful.\n"
        "intervention: Validation; safety planning.\n"
        "response: Engaged, agreed to plan.\n"
        "plan: See in 3 days.\n"
        "mood: 3\n"
        "tags: [depression, crisis]\n"
        "risk:\n"
        "  suicidal_ideation: active without plan\n"
        "  protective_factors: [children, future plans]\n"
        "  level: moderate\n"
        "  safety_plan: Call sister, then 988; meds locked away.\n",
        encoding="utf-8",
    )
    result = cli("notes", "add", "Benjamin", "--from-file", str(path))
    assert result.exit_code == 0, result.stderr
    note = rows(demo_db, "select * from session_notes order by created_at desc limit 1")[0]
    assert note["template"] == "birp"
    assert set(note["content"]) == {"behavior", "intervention", "response", "plan"}
    assert (note["suicidal_ideation"], note["risk_level"]) == ("active without plan", "moderate")
    assert note["safety_plan"].startswith("Call sister")


def test_note_written_from_markdown_with_front_matter_and_flag_override(cli, demo_db, tmp_path):
    path = tmp_path / "note.md"
    path.write_text(
        "---\nrisk_level: low\nmood: 4\ntags: sleep\n---\n"
        "## Subjective\nCan't fall asleep before 2am.\n\n"
        "## Objective\nTired, good rapport.\n"
        "## Assessment\nInsomnia secondary to adjustment.\n"
        "## Plan\nSleep diary.\n",
        encoding="utf-8",
    )
    result = cli("notes", "add", "Chloe", "--from-file", str(path), "--mood", "5")
    assert result.exit_code == 0, result.stderr
    note = rows(demo_db, "select * from session_notes order by created_at desc limit 1")[0]
    assert note["content"]["subjective"] == "Can't fall asleep before 2am."
    assert note["mood_rating"] == 5  # the flag wins over the file


def test_missing_field_off_a_terminal_is_an_error_not_a_prompt(run_cli, demo_db):
    before = note_count(demo_db)
    result = run_cli("notes", "add", "Amelia", "--template", "dap", "--data", "x", "--risk", "low")
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: The Assessment section is required for a DAP note"
    result = run_cli("notes", "add", "Amelia", *DAP_FLAGS)
    assert result.returncode == 1
    assert "overall risk level is required" in result.stderr
    assert note_count(demo_db) == before


def test_high_risk_without_safety_plan_is_rejected(cli, demo_db):
    before = note_count(demo_db)
    result = cli(
        "notes", "add", "Benjamin", *DAP_FLAGS, "--risk", "high",
        "--suicidal-ideation", "active-with-plan", "--tag", "never-saved",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == "Error: A safety plan is required when overall risk is high\n"
    assert note_count(demo_db) == before
    assert scalar(demo_db, "select count(*) from tags where name = 'never-saved'") == 0


def test_database_also_refuses_moderate_risk_without_safety_plan(demo_db):
    with pytest.raises(psycopg.errors.CheckViolation):
        execute(
            demo_db,
            "update session_notes set risk_level = 'moderate', safety_plan = null"
            " where signed_at is null",
        )


def test_interactive_form_on_a_pseudo_terminal(demo_db_url, demo_db):
    term = Terminal("notes", "add", "Chloe", "--template", "dap")
    term.expect("Data (type !e")
    term.send("Talked about the new job.\r")
    term.expect("Assessment")
    term.send("Adjusting; less isolated.\r")
    term.expect("Plan")
    term.send("Join a climbing group.\r")
    term.expect("Suicidal ideation")
    term.send("\r")
    term.expect("Self-harm")
    term.send("\r")
    term.expect("Homicidal ideation")
    term.send("\r")
    term.expect("Protective factors")
    term.send(" \r")  # select the first one
    term.expect("Other protective factors")
    term.send("climbing friends\r")
    term.expect("Overall risk")
    term.send("\r")
    term.expect("Mood rating")
    term.send("7\r")
    term.expect("Tags (space to select)")
    term.send("\r")
    term.expect("New tags")
    term.send("work, social-life\r")
    code, output = term.wait()
    assert code == 0, output
    assert "saved" in output
    note = rows(
        demo_db,
        "select n.*, array(select t.name from note_tags nt join tags t on t.id = nt.tag_id"
        " where nt.note_id = n.id order by t.name) as tag_names"
        " from session_notes n order by created_at desc limit 1",
    )[0]
    assert note["content"] == {
        "data": "Talked about the new job.",
        "assessment": "Adjusting; less isolated.",
        "plan": "Join a climbing group.",
    }
    assert note["mood_rating"] == 7
    assert note["risk_level"] == "low"
    assert note["protective_factors"] == ["supportive family"]
    assert note["protective_factors_note"] == "climbing friends"
    assert note["tag_names"] == ["social-life", "work"]


def test_signed_note_cannot_be_updated_even_with_raw_sql(demo_db):
    signed = scalar(demo_db, "select id from session_notes where signed_at is not null limit 1")
    for statement in (
        'update session_notes set content = \'{"plan": "rewritten"}\' where id = %s',
        "update session_notes set signed_at = null, signed_by = null where id = %s",
        "delete from session_notes where id = %s",
    ):
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="is signed"):
            execute(demo_db, statement, signed)
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation):
        execute(demo_db, "truncate session_notes cascade")
    assert scalar(demo_db, "select count(*) from session_notes where id = %s", signed) == 1


def test_sign_command_locks_the_note(cli, demo_db):
    unsigned = str(scalar(demo_db, "select id from session_notes where signed_at is null"))
    result = cli("notes", "sign", unsigned[:8])
    assert result.exit_code == 0, result.stderr
    assert "Signed note" in result.stdout
    assert scalar(
        demo_db, "select signed_by is not null from session_notes where id = %s", unsigned
    )
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation):
        execute(demo_db, "update session_notes set mood_rating = 9 where id = %s", unsigned)
    again = cli("notes", "sign", unsigned[:8])
    assert again.exit_code == 1
    assert again.stderr.startswith("Error: Note ") and "already signed" in again.stderr


def test_addendum_appears_under_the_note(cli, demo_db):
    signed = str(
        scalar(demo_db, "select id from session_notes where signed_at is not null limit 1")
    )
    result = cli("notes", "amend", signed[:8], "--text", "Correction: session lasted 45 minutes.")
    assert result.exit_code == 0, result.stderr
    shown = cli("notes", "show", signed[:8], "--json")
    record = json.loads(shown.stdout)
    addenda = [(a["body"], a["author"]) for a in record["addenda"]]
    assert addenda == [("Correction: session lasted 45 minutes.", "Dr. Sarah Johnson")]
    table = cli("notes", "show", signed[:8]).stdout
    assert table.index("Correction: session lasted") > table.index("plan")
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation):
        execute(demo_db, "delete from note_addenda")


def test_empty_addendum_off_a_terminal_is_an_error(run_cli, demo_db):
    signed = str(
        scalar(demo_db, "select id from session_notes where signed_at is not null limit 1")
    )
    result = run_cli("notes", "amend", signed[:8])
    assert result.returncode == 1
    assert "--text" in result.stderr


def test_demo_notes_list_shows_tags_and_mood(cli, demo_db):
    result = cli("notes", "list", "--csv")
    assert result.exit_code == 0, result.stderr
    listed = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(listed) == 4
    by_mood = {row["mood_rating"]: row for row in listed}
    assert set(by_mood) == {"5", "3", "7", "4"}
    assert by_mood["5"]["tags"] == "anxiety; sleep; work"
    assert by_mood["4"]["tags"] == "intake; self-esteem; sleep; social"
    assert by_mood["3"]["risk_level"] == "moderate"
    table = cli("notes", "list", "Benjamin").stdout
    assert "depression; family; social" in table


def write_private_note(cli, patient="Benjamin"):
    result = cli(
        "--therapist", SARAH, "notes", "add", patient, "--private", *DAP_FLAGS[:2],
        "--data", "Countertransference: reminded of my father.", "--assessment", "Process in "
        "supervision.", "--plan", "Bring to consult group.",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result


def test_private_note_never_in_csv_or_json_listing(cli, demo_db):
    write_private_note(cli)
    csv_out = cli("notes", "list", "--csv").stdout
    assert "Countertransference" not in csv_out
    assert len(list(csv.DictReader(io.StringIO(csv_out)))) == 4
    assert len(json.loads(cli("notes", "list", "--json").stdout)) == 4
    assert len(json.loads(cli("notes", "search", "countertransference", "--json").stdout)) == 0
    # Its author sees it in the table, and in CSV only when asked explicitly.
    own_table = cli("notes", "list", "Benjamin").stdout
    assert own_table.count("true") == 1 and own_table.count("false") == 1
    explicit = cli("notes", "list", "--csv", "--include-private").stdout
    assert len(list(csv.DictReader(io.StringIO(explicit)))) == 5


def test_private_note_hidden_from_another_clinician(cli, demo_db):
    write_private_note(cli)
    mine = cli("--therapist", SARAH, "notes", "search", "countertransference")
    assert "Benjamin Carter" in mine.stdout
    # Care passes to another clinician: they get the progress notes, not the private one.
    add_second_clinician(demo_db, owns_patient="Benjamin Carter")
    theirs = cli("--therapist", OTHER, "notes", "search", "countertransference",
                 "--include-private")  # fmt: skip
    assert theirs.exit_code == 0, theirs.stderr
    assert "Benjamin" not in theirs.stdout
    assert "No note matches" in theirs.stdout
    # The other clinician still sees the shared progress notes on their patient.
    shared = cli("--therapist", OTHER, "notes", "list", "Benjamin", "--json", "--include-private")
    listed = json.loads(shared.stdout)
    assert [row["is_private"] for row in listed] == [False]
    private_id = scalar(demo_db, "select id from session_notes where is_private")
    shown = cli("--therapist", OTHER, "notes", "show", str(private_id)[:8])
    assert shown.exit_code == 1
    assert "No note with id" in shown.stderr


def test_private_note_feeds_no_report(cli, demo_db):
    before = rows(demo_db, "select * from patient_risk_status order by patient_id")
    write_private_note(cli)
    assert rows(demo_db, "select * from patient_risk_status order by patient_id") == before
    assert scalar(demo_db, "select count(*) from shared_session_notes where is_private") == 0
    assert scalar(demo_db, "select count(*) from shared_session_notes") == 4


def test_private_note_carries_no_risk_assessment(cli, demo_db):
    result = cli("notes", "add", "Amelia", "--private", *DAP_FLAGS, "--risk", "high",
                 "--safety-plan", "x")  # fmt: skip
    assert result.exit_code == 1
    assert "private note carries no risk assessment" in result.stderr


def test_full_text_search_finds_stemmed_words(cli, demo_db):
    result = cli("notes", "search", "breathe partners", "--csv")
    assert result.exit_code == 0, result.stderr
    found = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["patient_name"] for row in found] == ["Amelia Chen"]
    assert "«" in found[0]["excerpt"]


def test_notes_search_reads_session_notes_by_index_only(demo_db):
    # As the owner, under its forced row-level security: the query `notes search` sends reads
    # session_notes through its indexes, never by a sequential scan (the match runs in
    # sanctuary_note_matches, migrations 0122 and 0126, as the policy forbids the non-leakproof
    # @@ inside an index scan): the clinician's notes newest first or the text index, whichever
    # the planner finds cheaper for the word. Counted by this transaction's statistics.
    sarah = demo_db.one("therapists.resolve_current", ref="sarah.johnson@sanctuary.example")
    conn = demo_db.conn
    indexes = ("session_notes_therapist_date_idx", "session_notes_search_vector_idx")
    with conn.transaction(force_rollback=True), conn.cursor() as cur:
        cur.execute("set local enable_seqscan = off")
        cur.execute(
            named_query("notes.search"),
            {"text": "sleep", "therapist_id": sarah["id"], "include_private": False,
             "pool": 500, "since": None, "until": None},
        )  # fmt: skip
        found = cur.fetchall()
        cur.execute(
            "select sum(pg_stat_get_xact_numscans(i::regclass)) from unnest(%s::text[]) i",
            (list(indexes),),
        )
        scans = cur.fetchone()[0]
        cur.execute("select pg_stat_get_xact_numscans('session_notes'::regclass)")
        sequential = cur.fetchone()[0]
    assert found
    assert scans > 0
    assert sequential == 0


def test_note_for_an_appointment_takes_its_date_and_only_once(cli, demo_db):
    # The demo's one past session without a note (a session still to come has no note yet:
    # test_a_note_for_an_appointment_still_to_come_is_refused).
    appointment = rows(
        demo_db,
        "select a.id, (a.starts_at at time zone 'America/New_York')::date as day"
        " from appointments a left join session_notes n on n.appointment_id = a.id"
        " where a.status = 'completed' and n.id is null",
    )[0]
    ref = str(appointment["id"])[:8]
    result = cli("notes", "add", ref, *DAP_FLAGS, "--risk", "low")
    assert result.exit_code == 0, result.stderr
    note = rows(demo_db, "select * from session_notes where appointment_id = %s", appointment["id"])
    assert note[0]["session_date"] == appointment["day"]
    again = cli("notes", "add", ref, *DAP_FLAGS, "--risk", "low")
    assert again.exit_code == 1
    assert "already has a note" in again.stderr


def test_tags_list_counts_usage(cli, demo_db):
    cli("notes", "add", "Amelia", *DAP_FLAGS, "--risk", "low", "--tag", "sleep")
    result = cli("tags", "list", "--json")
    counts = {row["name"]: row["usage_count"] for row in json.loads(result.stdout)}
    assert counts["sleep"] == 3
    assert counts["anxiety"] == 2
    assert len(counts) == 11


def test_private_note_appears_in_no_report(cli, demo_db):
    old_session = scalar(
        demo_db,
        "select a.id from appointments a left join session_notes n on n.appointment_id = a.id"
        " where a.status = 'completed' and n.id is null",
    )
    risk_before = cli("report", "risk", "--csv").stdout
    result = cli(
        "notes", "add", str(old_session)[:8], "--private", "--template", "dap",
        "--data", "Private reflections.", "--assessment", "Mine.", "--plan", "Supervision.",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    private_id = str(scalar(demo_db, "select id from session_notes where is_private"))
    documentation = cli("report", "documentation", "--csv")
    assert documentation.exit_code == 0, documentation.stderr
    assert private_id not in documentation.stdout
    # The session still counts as undocumented: a private note is not the progress note.
    assert str(old_session) in documentation.stdout
    assert "missing note" in documentation.stdout
    assert cli("report", "risk", "--csv").stdout == risk_before


def test_long_section_can_be_written_in_editor(demo_db_url, demo_db, tmp_path):
    editor = tmp_path / "fake-editor"
    editor.write_text("#!/bin/sh\nprintf 'Long history, written in the editor.\\n' > \"$1\"\n")
    editor.chmod(0o755)
    term = Terminal("notes", "add", "Amelia", "--template", "dap", "--private",
                    env={"EDITOR": str(editor), "VISUAL": str(editor)})  # fmt: skip
    term.expect("Data (type !e")
    term.send("!e\r")
    term.expect("Assessment")
    term.send("Countertransference noted.\r")
    term.expect("Plan")
    term.send("Supervision.\r")
    term.expect("Tags (space to select)")
    term.send("\r")
    term.expect("New tags")
    term.send("\r")
    code, output = term.wait()
    assert code == 0, output
    assert "Private note" in output
    note = rows(demo_db, "select * from session_notes where is_private")[0]
    assert note["content"]["data"] == "Long history, written in the editor."
    assert note["risk_level"] == "low" and note["mood_rating"] is None


def test_note_signed_at_once_with_sign_flag(cli, demo_db):
    result = cli("notes", "add", "Amelia", *DAP_FLAGS, "--risk", "low", "--sign")
    assert result.exit_code == 0, result.stderr
    assert "(signed)" in result.stdout
    note_id = result.stdout.split()[1]
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation):
        execute(demo_db, "update session_notes set content = '{}' where id = %s", note_id)


def test_reading_notes_is_recorded_in_the_audit_log(cli, demo_db):
    note_id = str(scalar(demo_db, "select id from session_notes where signed_at is null"))
    assert cli("notes", "show", note_id[:8]).exit_code == 0
    assert cli("notes", "list", "Chloe", "--csv").exit_code == 0
    entries = rows(
        demo_db,
        "select action, row_id from audit_log where table_name = 'session_notes'"
        " and action in ('READ', 'EXPORT') order by seq",
    )
    assert entries == [
        {"action": "READ", "row_id": note_id},
        {"action": "EXPORT", "row_id": note_id},
    ]


def test_note_from_a_json_file_and_unknown_fields_rejected(cli, demo_db, tmp_path):
    good = tmp_path / "note.json"
    good.write_text(
        json.dumps(
            {
                "template": "soap",
                "sections": {"subjective": "s", "objective": "o", "assessment": "a", "plan": "p"},
                "risk_level": "low",
                "self_harm": "past",
                "tags": ["sleep"],
            }
        ),
        encoding="utf-8",
    )
    assert cli("notes", "add", "Amelia", "--from-file", str(good)).exit_code == 0
    note = rows(demo_db, "select * from session_notes order by created_at desc limit 1")[0]
    assert (note["self_harm"], note["content"]["plan"]) == ("past", "p")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"subjective": "s", "diagnosis": "F41.1"}), encoding="utf-8")
    result = cli("notes", "add", "Amelia", "--from-file", str(bad))
    assert result.exit_code == 1
    assert result.stderr == "Error: Unknown field 'diagnosis' in the note file\n"


def test_note_without_patient_off_a_terminal_is_an_error(run_cli, demo_db):
    result = run_cli("notes", "add", *DAP_FLAGS, "--risk", "low")
    assert result.returncode == 1
    assert result.stderr == "Error: Give an appointment id or a patient for the note\n"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("note.yaml", "template: dap\ndata: d\nassessment: a\nplan: p\nrisk: low\n"
                      "session_date: 2026-02-30\n"),
        ("note.md", "---\ntemplate: dap\nrisk_level: low\nsession_date: 2026-02-30\n---\n"
                    "## Data\nd\n## Assessment\na\n## Plan\np\n"),
        ("note.json", '{"template": "dap", "data": "d", "assessment": "a", "plan": "p",'
                      ' "risk_level": "low", "session_date": "2026-02-30"}'),
    ],
    ids=["yaml", "markdown", "json"],
)  # fmt: skip
def test_an_impossible_session_date_in_a_note_file_is_one_line(
    run_cli, demo_db, tmp_path, name, text
):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = note_count(demo_db)
    result = run_cli("notes", "add", "Amelia", "--from-file", str(path))
    assert result.returncode == 1
    assert result.stderr == "Error: Session date '2026-02-30' is not a date (YYYY-MM-DD)\n"
    assert note_count(demo_db) == before


def test_session_date_is_a_practice_day_from_a_file_or_words(cli, demo_db, tmp_path):
    from datetime import timedelta

    from sanctuary_cli.rules.dates import practice_today

    path = tmp_path / "note.yaml"
    path.write_text(
        "template: dap\ndata: d\nassessment: a\nplan: p\nrisk: low\nsession_date: 2026-01-05\n",
        encoding="utf-8",
    )
    assert cli("notes", "add", "Amelia", "--from-file", str(path)).exit_code == 0
    latest = "select session_date from session_notes order by created_at desc limit 1"
    assert str(scalar(demo_db, latest)) == "2026-01-05"
    result = cli("notes", "add", "Amelia", *DAP_FLAGS, "--risk", "low", "--date", "yesterday")
    assert result.exit_code == 0, result.stderr
    yesterday = practice_today(demo_db.settings.tz) - timedelta(days=1)
    assert scalar(demo_db, latest) == yesterday


def test_an_addendum_file_that_is_not_text_is_one_line(run_cli, demo_db, tmp_path):
    signed = str(
        scalar(demo_db, "select id from session_notes where signed_at is not null limit 1")
    )
    binary = tmp_path / "addendum.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81 not utf-8")
    result = run_cli("notes", "amend", signed[:8], "--from-file", str(binary))
    assert result.returncode == 1
    assert result.stderr == "Error: addendum.txt is not UTF-8 text\n"
    assert scalar(demo_db, "select count(*) from note_addenda") == 0
