"""Reading the clinical record is audited by the area itself: every listing of notes, mood,
progress and measures writes READ entries when shown as a table and EXPORT entries when written
out as CSV or JSON, naming the table and the patient, never the content."""

from __future__ import annotations

import pytest
from clinical_helpers import rows, scalar

AMELIA = "select id from patients where full_name = 'Amelia Chen'"

# (command, table audited, whether each row shown gets its own entry)
READS = [
    (["notes", "list", "Amelia"], "session_notes", True),
    (["notes", "show", "{note}"], "session_notes", True),
    (["notes", "search", "breathe"], "session_notes", True),
    (["mood", "list", "Amelia"], "mood_entries", True),
    (["mood", "trend", "Amelia"], "mood_entries", False),
    (["progress", "list", "Amelia"], "progress_entries", True),
    (["measures", "list", "Amelia"], "measure_administrations", True),
    (["measures", "trend", "Amelia"], "measure_administrations", False),
]
FORMATS = [([], "READ"), (["--csv"], "EXPORT"), (["--json"], "EXPORT")]


def reads_since(db, seq):
    return rows(
        db,
        "select action, table_name, row_id, patient_id from audit_log"
        " where seq > %s and action in ('READ', 'EXPORT') order by seq",
        seq,
    )


@pytest.mark.parametrize(
    ("args", "table", "per_row"), READS, ids=[" ".join(r[0][:2]) for r in READS]
)
@pytest.mark.parametrize(("extra", "action"), FORMATS, ids=["table", "csv", "json"])
def test_each_clinical_listing_records_its_read(cli, demo_db, args, table, per_row, extra, action):
    amelia = scalar(demo_db, AMELIA)
    note = scalar(demo_db, "select id from session_notes where patient_id = %s limit 1", amelia)
    assert cli("measures", "add", "Amelia", "gad7", "--answers", "1,1,1,1,0,0,0").exit_code == 0
    before = scalar(demo_db, "select coalesce(max(seq), 0) from audit_log")
    command = [arg.replace("{note}", str(note)[:8]) for arg in args]
    result = cli(*command, *extra)
    assert result.exit_code == 0, result.stderr
    entries = reads_since(demo_db, before)
    assert entries, f"{' '.join(command)} recorded no read"
    assert {(e["action"], e["table_name"], e["patient_id"]) for e in entries} == {
        (action, table, amelia)
    }
    if per_row:
        assert all(e["row_id"] for e in entries)
    else:
        assert [e["row_id"] for e in entries] == [None]  # one entry for the patient's summary
    if args[1] == "show":
        assert [e["row_id"] for e in entries] == [str(note)]


def test_private_notes_show_on_screen_but_leave_only_when_asked(cli, demo_db):
    added = cli(
        "notes", "add", "Amelia", "--private", "--template", "dap", "--data", "Mine.",
        "--assessment", "Mine.", "--plan", "Supervision.",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    private = str(scalar(demo_db, "select id from session_notes where is_private"))
    before = scalar(demo_db, "select coalesce(max(seq), 0) from audit_log")
    assert private[:8] in cli("notes", "list", "Amelia").stdout
    assert private not in cli("notes", "list", "Amelia", "--json").stdout
    assert private in cli("notes", "list", "Amelia", "--json", "--include-private").stdout
    # The audit follows what was shown: the private note was read once and exported once.
    shown = [(e["action"], e["row_id"]) for e in reads_since(demo_db, before)]
    assert shown.count(("READ", private)) == 1
    assert shown.count(("EXPORT", private)) == 1
