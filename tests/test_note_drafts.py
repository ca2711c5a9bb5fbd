"""Drafts: an interactive note interrupted by Ctrl-C or a lost terminal is kept outside the
record, 0600, offered by the next `notes add`/`notes edit` of that note, and removed once used
or declined (docs/clinical-notes.md, "Drafts"). Driven on a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import signal
import stat
from pathlib import Path

import pytest
from clinical_helpers import Terminal, rows, scalar

from sanctuary_cli.store import drafts

CTRL_C = "\x03"


def ids(db, patient="Chloe Davis"):
    return (
        scalar(db, "select id from therapists where email = 'sarah.johnson@sanctuary.example'"),
        scalar(db, "select id from patients where full_name = %s", patient),
    )


def data_dir() -> Path:
    return Path(os.environ["SANCTUARY_DATA_DIR"])


def note_count(db):
    return scalar(db, "select count(*) from session_notes")


def start_dap_note(*args: str) -> Terminal:
    term = Terminal("notes", "add", "Chloe", "--template", "dap", *args)
    term.expect("Data (type !e")
    term.send("Talked about the new job.\r")
    term.expect("Assessment")
    term.send("Adjusting; less iso")  # half typed when the session ends
    return term


def test_ctrl_c_keeps_a_private_draft_and_says_so_once(demo_db_url, demo_db):
    before = note_count(demo_db)
    term = start_dap_note()
    term.send(CTRL_C)
    code, output = term.wait()
    assert code == 130, output
    said = [line for line in output.splitlines() if "draft" in line or "Cancel" in line]
    assert said == ["Interrupted; your draft is kept: `sanctuary notes add Chloe` offers it"]
    assert "Error" not in output and "Cancelled by user" not in output
    assert note_count(demo_db) == before  # nothing half-written reached the record
    path = drafts.draft_path(data_dir(), *ids(demo_db))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    kept = json.loads(path.read_text())["fields"]
    assert kept["template"] == "dap"
    assert kept["sections"]["data"] == "Talked about the new job."
    assert kept["sections"]["assessment"] == "Adjusting; less iso"


def test_a_lost_terminal_keeps_the_draft_too(demo_db_url, demo_db):
    term = start_dap_note()
    term.expect("less iso")
    term.proc.send_signal(signal.SIGHUP)
    code, output = term.wait()
    assert code == 128 + signal.SIGHUP, output
    assert note_count(demo_db) == 4
    kept = drafts.load_draft(drafts.draft_path(data_dir(), *ids(demo_db)))
    assert kept["fields"]["sections"]["data"] == "Talked about the new job."


def finish_dap_form(term: Terminal, plan: str) -> None:
    term.expect("Plan")
    term.send(plan + "\r")
    for prompt in ("Suicidal ideation", "Self-harm", "Homicidal ideation"):
        term.expect(prompt)
        term.send("\r")
    term.expect("Protective factors")
    term.send("\r")
    term.expect("Other protective factors")
    term.send("\r")
    term.expect("Overall risk")
    term.send("\r")
    term.expect("Mood rating")
    term.send("6\r")
    term.expect("Tags (space to select)")
    term.send("\r")
    term.expect("New tags")
    term.send("\r")


def test_the_next_note_for_the_patient_resumes_the_draft_then_removes_it(demo_db_url, demo_db):
    interrupted = start_dap_note()
    interrupted.send(CTRL_C)
    assert interrupted.wait()[0] == 130
    path = drafts.draft_path(data_dir(), *ids(demo_db))
    assert path.exists()

    term = Terminal("notes", "add", "Chloe")
    term.expect("Resume the draft of this note kept")
    term.send("\r")  # yes
    term.expect("Data (type !e")
    term.send("\r")  # keep the draft's text
    term.expect("Assessment")
    term.send("lated.\r")  # the half-typed answer is offered; finish it
    finish_dap_form(term, "Climbing group.")
    code, output = term.wait()
    assert code == 0, output
    assert "saved" in output
    note = rows(demo_db, "select * from session_notes order by created_at desc limit 1")[0]
    assert note["template"] == "dap"
    assert note["content"] == {
        "data": "Talked about the new job.",
        "assessment": "Adjusting; less isolated.",
        "plan": "Climbing group.",
    }
    assert not path.exists()


def test_declining_the_draft_removes_it_and_starts_afresh(demo_db_url, demo_db):
    interrupted = start_dap_note()
    interrupted.send(CTRL_C)
    assert interrupted.wait()[0] == 130
    path = drafts.draft_path(data_dir(), *ids(demo_db))

    term = Terminal("notes", "add", "Chloe")
    term.expect("Resume the draft of this note kept")
    term.send("n")
    term.expect("Template")
    assert not path.exists()
    term.send(CTRL_C)  # nothing typed yet: nothing to keep
    code, output = term.wait()
    assert code == 130
    assert "Interrupted; nothing half-done was kept" in output
    assert not path.exists()


def test_an_interrupted_edit_keeps_its_own_draft(demo_db_url, demo_db):
    note_id = scalar(demo_db, "select id from session_notes where signed_at is null")
    term = Terminal("notes", "edit", str(note_id)[:8])
    term.expect("Data (type !e")
    term.send(" Sister visiting.")  # the current text is offered; this is added to it
    term.expect("Sister visiting.")
    term.send(CTRL_C)
    code, output = term.wait()
    assert code == 130, output
    assert f"`sanctuary notes edit {str(note_id)[:8]}` offers it" in output
    path = drafts.draft_path(data_dir(), *ids(demo_db), note_id)
    kept = drafts.load_draft(path)
    assert kept["fields"]["sections"]["data"] == (
        "Intake: moved cities four months ago, difficulty making friends, poor sleep."
        " Sister visiting."
    )
    # The new-note draft of the same patient is another file, untouched.
    assert not drafts.draft_path(data_dir(), *ids(demo_db)).exists()


@pytest.mark.parametrize("note_id", [None, "b6a1"])
def test_draft_store_round_trip(tmp_path, note_id):
    path = drafts.draft_path(tmp_path / "data", "t-1", "p-1", note_id)
    assert drafts.load_draft(path) is None
    drafts.save_draft(path, {"sections": {"plan": "p"}}, about={"command": "x"})
    assert path.parent == tmp_path / "data" / "drafts" / "t-1"
    kept = drafts.load_draft(path)
    assert kept["fields"] == {"sections": {"plan": "p"}} and kept["command"] == "x"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("not json")
    assert drafts.load_draft(path) is None
    drafts.discard_draft(path)
    drafts.discard_draft(path)  # twice is harmless
    assert not path.exists()
