"""`sanctuary measures outcomes` (docs/SPEC.md section 9): each patient's PHQ-9 and GAD-7 outcome
over the current episode of care, with exactly the SPEC's columns, and the caseload summary;
the definitions are rules/outcomes.py's (docs/outcomes.md)."""

from __future__ import annotations

import csv
import io
import json

from clinical_helpers import execute

from sanctuary_cli.rules.outcomes import OUTCOME_COLUMNS, SUMMARY_COLUMNS

# Answers whose totals are the ones named (item 9 of the PHQ-9 left at 0: no risk flag).
PHQ9 = {18: "3,3,3,3,3,3,0,0,0", 8: "1,1,1,1,1,1,1,1,0", 10: "2,2,2,2,2,0,0,0,0"}
PHQ9 |= {16: "2,2,2,2,2,2,2,2,0", 20: "3,3,3,3,3,3,2,0,0", 4: "1,1,1,1,0,0,0,0,0"}
GAD7 = {15: "3,3,3,3,3,0,0", 12: "2,2,2,2,2,2,0"}


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def score(cli, patient, instrument, *totals):
    answers = PHQ9 if instrument == "phq9" else GAD7
    for total in totals:
        ok(cli("measures", "add", patient, instrument, "--answers", answers[total]))


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_phq9_18_then_8_responds_and_improves_reliably_and_gad7_15_then_12_does_not(cli, demo_db):
    score(cli, "Amelia", "phq9", 18, 8)
    score(cli, "Amelia", "gad7", 15, 12)
    done = ok(cli("measures", "outcomes", "--csv"))
    assert done.stdout.splitlines()[0] == ",".join(["patient_name", *OUTCOME_COLUMNS])
    phq9, gad7 = csv_rows(done.stdout)
    assert phq9["patient_name"] == "Amelia Chen" and phq9["measure"] == "PHQ-9"
    assert (phq9["baseline"], phq9["latest"], phq9["change"]) == ("18", "8", "-10")
    assert (phq9["response"], phq9["remission"]) == ("true", "false")
    assert (phq9["reliable_improvement"], phq9["reliable_deterioration"]) == ("true", "false")
    assert phq9["baseline_date"] <= phq9["latest_date"]
    assert gad7["measure"] == "GAD-7" and gad7["change"] == "-3"
    assert (gad7["reliable_improvement"], gad7["reliable_deterioration"]) == ("false", "false")
    assert (gad7["response"], gad7["remission"]) == ("false", "false")


def test_the_caseload_summary_gives_the_rates_per_measure(cli, demo_db):
    score(cli, "Amelia", "phq9", 18, 8)
    score(cli, "Benjamin", "phq9", 10, 16)  # a reliable deterioration
    score(cli, "Chloe", "phq9", 8, 4)  # a response and a remission
    score(cli, "Chloe", "gad7", 15)  # one score: no outcome
    summary = ok(cli("measures", "outcomes", "--summary", "--csv"))
    assert summary.stdout.splitlines()[0] == ",".join(SUMMARY_COLUMNS)
    phq9, gad7 = csv_rows(summary.stdout)
    assert phq9 == {
        "measure": "PHQ-9",
        "patients": "3",
        "responded": "2",
        "responded_pct": "66.7",
        "remitted": "1",
        "remitted_pct": "33.3",
        "reliably_improved": "1",
        "reliably_improved_pct": "33.3",
        "reliably_deteriorated": "1",
        "reliably_deteriorated_pct": "33.3",
    }
    assert (gad7["patients"], gad7["responded_pct"]) == ("0", "")  # no patient: no rate
    rows = json.loads(ok(cli("measures", "outcomes", "--json")).stdout)
    assert [(r["patient_name"], r["change"]) for r in rows] == [
        ("Amelia Chen", -10),
        ("Benjamin Carter", 6),
        ("Chloe Davis", -4),
    ]
    assert list(rows[0]) == ["patient_name", *OUTCOME_COLUMNS]
    table = ok(cli("measures", "outcomes")).stdout
    assert "Caseload summary" in table and "66.7" in table
    one = json.loads(ok(cli("measures", "outcomes", "Benjamin", "--json")).stdout)
    assert [(r["patient_name"], r["reliable_deterioration"]) for r in one] == [
        ("Benjamin Carter", True)
    ]
    only = ok(cli("measures", "outcomes", "--measure", "gad7", "--summary", "--csv"))
    assert [row["measure"] for row in csv_rows(only.stdout)] == ["GAD-7"]
    assert ok(cli("measures", "outcomes", "--all-therapists", "--csv")).stdout.count("\n") == 4


def test_the_baseline_is_the_first_score_after_a_readmission(cli, demo_db):
    score(cli, "Amelia", "phq9", 20, 16)  # the first episode
    ok(cli("patients", "discharge", "Amelia"))
    discharged = json.loads(ok(cli("measures", "outcomes", "Amelia", "--json")).stdout)
    assert [(r["baseline"], r["latest"]) for r in discharged] == [(20, 16)]  # the ended episode
    ok(cli("patients", "edit", "Amelia", "--status", "Active"))
    assert json.loads(ok(cli("measures", "outcomes", "Amelia", "--json")).stdout) == []
    score(cli, "Amelia", "phq9", 18, 8)
    (row,) = json.loads(ok(cli("measures", "outcomes", "Amelia", "--json")).stdout)
    assert (row["baseline"], row["latest"], row["change"]) == (18, 8, -10)
    # An intake date set later than the re-admission starts the episode on that day instead.
    later = "update patients set intake_date = current_date + 1 where first_name = 'Amelia'"
    execute(demo_db, later)
    assert json.loads(ok(cli("measures", "outcomes", "Amelia", "--json")).stdout) == []


def test_outcomes_reads_are_audited_and_bad_input_is_one_line(cli, demo_db):
    score(cli, "Amelia", "phq9", 18, 8)
    ok(cli("measures", "outcomes"))
    ok(cli("measures", "outcomes", "--csv"))
    entries = json.loads(ok(cli("audit", "list", "--json", "--limit", "20")).stdout)
    reads = [e["action"] for e in entries if e["table_name"] == "measure_administrations"]
    assert reads.count("READ") == 2 and reads.count("EXPORT") == 2  # baseline and latest
    bad = cli("measures", "outcomes", "--measure", "cssrs")
    assert bad.exit_code == 1
    assert bad.stderr == "Error: Outcomes are computed for PHQ-9 or GAD-7, not 'cssrs'\n"
    empty = ok(cli("measures", "outcomes", "Chloe"))
    assert "No patient has two PHQ-9 or GAD-7 scores" in empty.stdout
