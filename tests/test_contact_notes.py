"""`notes contact`: a brief contact note, signed as written, in `notes list`, with no risk
assessment (it neither raises nor closes a risk flag)."""

from __future__ import annotations

import csv
import io
import json

import psycopg
import pytest
from clinical_helpers import execute, rows, scalar

from sanctuary_cli.practice.chart import patient_chart
from sanctuary_cli.store.db import named_query


def risk_status(db, name):
    return rows(
        db,
        "select r.* from patient_risk_status r join patients p on p.id = r.patient_id"
        " where p.full_name = %s",
        name,
    )[0]


def test_contact_note_is_signed_listed_and_shown(cli, demo_db):
    result = cli(
        "notes", "contact", "Amelia", "Called to move Tuesday's session to 3pm.",
        "--minutes", "5", "--kind", "phone",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Contact note ")
    assert "(phone, 5 min) signed for Amelia Chen" in result.stdout
    stored = rows(demo_db, "select * from session_notes where template = 'contact'")[0]
    assert stored["content"] == {"text": "Called to move Tuesday's session to 3pm."}
    assert (stored["contact_kind"], stored["contact_minutes"]) == ("phone", 5)
    assert stored["signed_at"] is not None and stored["signed_by"] == stored["therapist_id"]
    assert stored["risk_assessment_complete"] is False and stored["mood_rating"] is None

    listed = list(csv.DictReader(io.StringIO(cli("notes", "list", "Amelia", "--csv").stdout)))
    contact = [row for row in listed if row["template"] == "contact"]
    assert len(contact) == 1
    assert (contact[0]["status"], contact[0]["risk_level"]) == ("signed", "")
    shown = json.loads(cli("notes", "show", str(stored["id"])[:8], "--json").stdout)
    assert shown["sections"] == {"text": "Called to move Tuesday's session to 3pm."}
    assert (shown["contact_kind"], shown["contact_minutes"]) == ("phone", 5)
    assert "risk_level" not in shown and "mood_rating" not in shown
    found = json.loads(cli("notes", "search", "Tuesday", "--json").stdout)
    assert [row["note_id"] for row in found] == [str(stored["id"])]


def test_contact_note_with_json_output_and_default_kind(cli, demo_db):
    result = cli("notes", "contact", "Chloe", "Emailed the intake forms.", "--json")
    assert result.exit_code == 0, result.stderr
    written = json.loads(result.stdout)
    assert len(written) == 1
    row = written[0]
    assert (row["template"], row["contact_kind"], row["contact_minutes"]) == (
        "contact",
        "phone",
        None,
    )
    assert row["status"] == "signed" and row["patient_name"] == "Chloe Davis"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["   "], "Error: The contact note is empty; say what the contact was about\n"),
        (["x", "--minutes", "0"], "Error: --minutes must be from 1 to 600, not 0\n"),
        (["x", "--minutes", "ten"], "Error: --minutes must be a whole number from 1 to 600\n"),
        (["x", "--kind", "fax"], "Error: --kind must be one of phone, email, message, other, "
                                 "not 'fax'\n"),
    ],
)  # fmt: skip
def test_bad_contact_notes_are_one_line_and_store_nothing(run_cli, demo_db, args, message):
    result = run_cli("notes", "contact", "Amelia", *args)
    assert result.returncode == 1
    assert result.stderr == message
    assert scalar(demo_db, "select count(*) from session_notes") == 4


def test_a_contact_note_neither_raises_nor_closes_a_risk_flag(cli, demo_db):
    # Benjamin's last session note: moderate risk, passive ideation; the flag is up.
    before = risk_status(demo_db, "Benjamin Carter")
    assert before["elevated"] is True and before["last_note_risk_level"] == "moderate"
    assert cli("notes", "contact", "Benjamin", "Checked in by phone; feels a bit better.",
               "--minutes", "10").exit_code == 0  # fmt: skip
    after = risk_status(demo_db, "Benjamin Carter")
    assert after["elevated"] is True
    assert after["last_note_risk_level"] == "moderate"  # a contact assesses nothing
    assert after["risk_cleared_at"] is None


def test_the_database_holds_a_contact_note_to_its_shape(demo_db):
    patient = scalar(demo_db, "select id from patients where full_name = 'Amelia Chen'")
    therapist = scalar(demo_db, "select therapist_id from patients where id = %s", patient)
    base = (
        "insert into session_notes (patient_id, therapist_id, template, content, contact_kind,"
        " signed_at, signed_by{extra_cols}) values (%s, %s, 'contact', '{content}', {kind},"
        " {signed}, {signer}{extra_vals})"
    )

    def insert(content='{"text": "Called."}', kind="'phone'", signed="now()", extra=()):
        cols = "".join(f", {c}" for c, _ in extra)
        vals = "".join(f", {v}" for _, v in extra)
        signer = "%s" if signed != "null" else "null"
        params = [patient, therapist] + ([therapist] if signer == "%s" else [])
        statement = base.format(
            extra_cols=cols, content=content, kind=kind, signed=signed, signer=signer,
            extra_vals=vals,
        )  # fmt: skip
        execute(demo_db, statement, *params)

    insert()  # the shape `notes contact` writes
    for bad in (
        {"signed": "null"},  # a contact note is signed as it is written
        {"kind": "null"},  # it says how the contact was made
        {"content": '{"text": "x", "plan": "y"}'},  # its text alone
        {"content": '{"text": "  "}'},
        {"extra": [("risk_assessment_complete", "true")]},  # it assesses nothing
        {"extra": [("mood_rating", "5")]},
        {"extra": [("risk_level", "'high'"), ("safety_plan", "'x'")]},
        {"extra": [("is_private", "true")]},
    ):
        with pytest.raises(psycopg.errors.CheckViolation):
            insert(**bad)
    with pytest.raises(psycopg.errors.CheckViolation):  # only a contact has a contact kind
        execute(
            demo_db,
            "update session_notes set contact_kind = 'phone' where signed_at is null",
        )


def test_the_chart_section_lists_contact_notes_without_their_text(cli, demo_db):
    cli("notes", "contact", "Chloe", "Confirmed Thursday by text.", "--kind", "message")
    patient = rows(demo_db, "select id from patients where full_name = 'Chloe Davis'")[0]
    listed = patient_chart(demo_db, patient["id"])["recent_notes"]
    assert [row["kind"] for row in listed] == ["contact by message", "DAP"]
    assert [row["status"] for row in listed] == ["signed", "unsigned"]
    assert "Confirmed" not in json.dumps(listed, default=str)
    assert named_query("notes.chart_notes")


def test_a_contact_note_shows_in_the_chart(cli, demo_db_url):
    added = cli("notes", "contact", "Chloe", "Confirmed next week by text", "--kind", "message")
    assert added.exit_code == 0, added.stderr
    chart = json.loads(cli("patients", "show", "Chloe", "--json").stdout)
    assert chart["recent_notes"][0]["kind"].startswith("contact by message")
    assert "Confirmed next week" not in json.dumps(chart["recent_notes"])  # text stays in notes
