"""`notes edit`: an unsigned note of one's own changes with the flags and files of `notes add`;
a signed note stays locked; the form offers the note's current text and answers."""

from __future__ import annotations

import json

import psycopg
import pytest
from clinical_helpers import OTHER, Terminal, add_second_clinician, execute, rows, scalar

UNSIGNED = "select id from session_notes where signed_at is null"  # Chloe's intake (DAP)
SIGNED = "select id from session_notes where signed_at is not null order by session_date limit 1"


def note(db, note_id):
    return rows(
        db,
        "select n.*, array(select t.name from note_tags nt join tags t on t.id = nt.tag_id"
        " where nt.note_id = n.id order by t.name) as tag_names"
        " from session_notes n where n.id = %s",
        note_id,
    )[0]


def test_edit_changes_only_what_is_given(cli, demo_db):
    note_id = scalar(demo_db, UNSIGNED)
    before = note(demo_db, note_id)
    result = cli(
        "notes", "edit", str(note_id)[:8], "--plan", "Fortnightly sessions; sleep diary.",
        "--mood", "6", "--tag", "sleep", "--tag", "work",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Note {note_id} updated for ")
    after = note(demo_db, note_id)
    assert after["content"] == {**before["content"], "plan": "Fortnightly sessions; sleep diary."}
    assert after["mood_rating"] == 6
    assert after["tag_names"] == ["sleep", "work"]  # --tag replaces the note's tags
    for column in ("template", "risk_level", "self_harm", "protective_factors", "session_date"):
        assert after[column] == before[column], column
    assert after["signed_at"] is None
    # The intake note's assessment was never complete; an edit does not make it so.
    assert after["risk_assessment_complete"] is False


def test_edit_from_a_file_with_a_new_template(cli, demo_db, tmp_path):
    note_id = scalar(demo_db, UNSIGNED)
    path = tmp_path / "rewrite.md"
    path.write_text(
        "---\ntemplate: soap\n---\n## Subjective\nLonely since the move.\n## Objective\nTired.\n",
        encoding="utf-8",
    )
    result = cli("notes", "edit", str(note_id)[:8], "--from-file", str(path))
    assert result.exit_code == 0, result.stderr
    after = note(demo_db, note_id)
    # Assessment and plan are shared by DAP and SOAP and kept; `data` is not SOAP's.
    assert after["template"] == "soap"
    assert set(after["content"]) == {"subjective", "objective", "assessment", "plan"}
    assert after["content"]["subjective"] == "Lonely since the move."


def test_a_file_without_a_template_is_read_as_the_notes_own(cli, demo_db, tmp_path):
    note_id = scalar(demo_db, UNSIGNED)
    path = tmp_path / "data.yaml"
    path.write_text("data: Second visit; new friends at work.\n", encoding="utf-8")
    assert cli("notes", "edit", str(note_id)[:8], "--from-file", str(path)).exit_code == 0
    after = note(demo_db, note_id)
    assert after["template"] == "dap"
    assert after["content"]["data"] == "Second visit; new friends at work."


def test_a_signed_note_stays_locked_with_one_line_pointing_at_amend(run_cli, demo_db):
    signed = str(scalar(demo_db, SIGNED))
    before = note(demo_db, signed)
    result = run_cli("notes", "edit", signed[:8], "--plan", "Rewritten.")
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: Note {signed[:8]} is signed and locked; correct it with an addendum: "
        f"`sanctuary notes amend {signed[:8]}`\n"
    )
    assert note(demo_db, signed) == before
    # The lock is the database's: the same change through SQL is refused.
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="is signed"):
        execute(demo_db, "update session_notes set content = '{}' where id = %s", signed)


def test_invalid_edits_store_nothing_and_only_the_author_edits(cli, demo_db):
    note_id = str(scalar(demo_db, UNSIGNED))
    before = note(demo_db, note_id)
    for args, message in [
        (["--risk", "high"], "A safety plan is required when overall risk is high"),
        (["--subjective", "s"], "Section 'subjective' is not part of the DAP template"),
        (["--date", "2999-01-01"], "The session date 2999-01-01 is in the future"),
    ]:
        result = cli("notes", "edit", note_id[:8], *args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith(f"Error: {message}"), result.stderr
    assert note(demo_db, note_id) == before
    other = add_second_clinician(demo_db)
    execute(demo_db, "update patients set therapist_id = %s where full_name = 'Chloe Davis'", other)
    theirs = cli("--therapist", OTHER, "notes", "edit", note_id[:8], "--plan", "x")
    assert theirs.exit_code == 1
    assert theirs.stderr == "Error: Only the author of a note can edit it\n"
    assert note(demo_db, note_id) == before


def test_a_private_note_stays_private(cli, demo_db):
    added = cli(
        "notes", "add", "Amelia", "--private", "--template", "dap", "--data", "Mine.",
        "--assessment", "Mine.", "--plan", "Supervision.", "--json",
    )  # fmt: skip
    note_id = json.loads(added.stdout)[0]["note_id"]
    result = cli("notes", "edit", note_id[:8], "--plan", "Consult group.", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["is_private"] is True
    refused = cli("notes", "edit", note_id[:8], "--mood", "5")
    assert refused.exit_code == 1
    assert "private note carries no risk assessment or mood" in refused.stderr


def test_edit_and_sign_at_once(cli, demo_db):
    note_id = str(scalar(demo_db, UNSIGNED))
    result = cli("notes", "edit", note_id[:8], "--plan", "Weekly.", "--sign", "--json")
    assert result.exit_code == 0, result.stderr
    written = json.loads(result.stdout)[0]
    assert (written["status"], written["note_id"]) == ("signed", note_id)
    assert note(demo_db, note_id)["signed_by"] is not None


def test_the_form_offers_the_current_text_and_answers(demo_db_url, demo_db):
    note_id = str(scalar(demo_db, UNSIGNED))
    term = Terminal("notes", "edit", note_id[:8])
    term.expect("Data (type !e")
    term.expect("Intake: moved cities")  # the current text, ready to change
    term.send(" Sister visiting.\r")
    term.expect("Assessment")
    term.send("\r")
    term.expect("Plan")
    term.send("\r")
    term.expect("Suicidal ideation")
    term.send("\r")
    term.expect("Self-harm")
    term.expect("past")  # the note's answer is the default
    term.send("\r")
    term.expect("Homicidal ideation")
    term.send("\r")
    term.expect("Protective factors")
    term.send("\r")
    term.expect("Other protective factors")
    term.send("\r")
    term.expect("Overall risk")
    term.send("\r")
    term.expect("Mood rating")
    term.send("\r")  # keeps 4
    term.expect("Tags (space to select)")
    term.send("\r")
    term.expect("New tags")
    term.send("\r")
    code, output = term.wait()
    assert code == 0, output
    after = note(demo_db, note_id)
    assert after["content"]["data"].endswith("poor sleep. Sister visiting.")
    assert after["self_harm"] == "past"
    assert after["protective_factors"] == ["good insight", "help-seeking"]
    assert after["mood_rating"] == 4
    assert after["tag_names"] == ["intake", "self-esteem", "sleep", "social"]
    assert after["risk_assessment_complete"] is True  # the form asks all three
