"""Outcome measures: stored item answers, bands, risk flags, and the patient_risk_status view."""

from __future__ import annotations

import json

import psycopg
import pytest
from clinical_helpers import Terminal, execute, rows

RISK_STATUS_COLUMNS = [
    "patient_id",
    "therapist_id",
    "last_note_risk_level",
    "last_note_at",
    "safety_plan_on_file",
    "phq9_item9_positive",
    "latest_phq9_total",
    "latest_phq9_severity",
    "latest_gad7_total",
    "latest_gad7_severity",
    "cssrs_risk",
    "last_measured_at",
    "elevated",
    # Added by migration 0075 (the flag stays up until resolved), after the contract's columns.
    "elevated_since",
    "elevated_by",
    "risk_cleared_at",
]


def risk_status(db, name):
    with db.transaction() as cur:
        cur.execute(
            "select r.* from patient_risk_status r join patients p on p.id = r.patient_id"
            " where p.full_name = %s",
            (name,),
        )
        return cur.fetchone()


def test_risk_status_view_has_the_contracted_columns(demo_db):
    with demo_db.transaction() as cur:
        cur.execute("select * from patient_risk_status limit 0")
        assert [c.name for c in cur.description] == RISK_STATUS_COLUMNS


def test_demo_patient_with_moderate_note_is_elevated(demo_db):
    ben = risk_status(demo_db, "Benjamin Carter")
    assert ben["last_note_risk_level"] == "moderate"
    assert ben["safety_plan_on_file"] is True
    assert ben["elevated"] is True
    amelia = risk_status(demo_db, "Amelia Chen")
    assert amelia["last_note_risk_level"] == "low"
    assert amelia["elevated"] is False
    assert amelia["latest_phq9_total"] is None


def test_phq9_stores_every_answer_total_band_and_item9_flag(cli, demo_db):
    result = cli("measures", "add", "Amelia", "phq9", "--answers", "1,1,2,1,0,1,1,0,1", "--json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)[0]
    assert (shown["total"], shown["severity"], shown["risk_flag"]) == (8, "mild", True)
    assert "Risk flag" in result.stderr
    stored = rows(demo_db, "select * from measure_administrations")[0]
    assert stored["answers"] == [1, 1, 2, 1, 0, 1, 1, 0, 1]
    status = risk_status(demo_db, "Amelia Chen")
    assert status["phq9_item9_positive"] is True
    assert (status["latest_phq9_total"], status["latest_phq9_severity"]) == (8, "mild")
    assert status["elevated"] is True


def test_change_since_previous_administration(cli, demo_db):
    cli("measures", "add", "Benjamin", "gad7", "--answers", "3,3,2,2,1,1,2")
    second = cli("measures", "add", "Benjamin", "gad7", "--answers", "2,1,1,1,0,0,1", "--json")
    shown = json.loads(second.stdout)[0]
    assert (shown["total"], shown["severity"], shown["change"]) == (6, "mild", -8)
    listed = json.loads(cli("measures", "list", "Benjamin", "--json").stdout)
    assert [(r["total"], r["change"]) for r in listed] == [(6, -8), (14, None)]
    assert listed[0]["answers"] == [2, 1, 1, 1, 0, 0, 1]
    trend = json.loads(cli("measures", "trend", "Benjamin", "--json").stdout)
    assert trend == [
        {
            "instrument": "gad7",
            "administrations": 2,
            "first_total": 14,
            "latest_total": 6,
            "change": -8,
            "latest_severity": "mild",
            "sparkline": "▆▃",
        }
    ]


def test_cssrs_screener_with_skipped_questions_sets_risk(cli, demo_db):
    result = cli("measures", "add", "Chloe", "cssrs", "--answers", "yes,no,past", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["severity"] == "moderate"
    stored = rows(demo_db, "select answers from measure_administrations")[0]
    assert stored["answers"] == [1, 0, None, None, None, 1]
    assert risk_status(demo_db, "Chloe Davis")["cssrs_risk"] == "moderate"


def test_bad_answers_are_one_clear_line_and_nothing_is_stored(run_cli, demo_db):
    result = run_cli("measures", "add", "Amelia", "phq9", "--answers", "1,2,3")
    assert result.returncode == 1
    assert result.stderr == "Error: PHQ-9 needs 9 answers (0-3 each), got 3\n"
    no_answers = run_cli("measures", "add", "Amelia", "gad7")
    assert no_answers.returncode == 1
    assert "--answers" in no_answers.stderr
    assert rows(demo_db, "select count(*) as n from measure_administrations")[0]["n"] == 0


def test_database_rejects_answers_that_do_not_add_up(demo_db):
    with pytest.raises(psycopg.errors.CheckViolation):
        execute(
            demo_db,
            "insert into measure_administrations (patient_id, therapist_id, instrument, answers,"
            " total, severity) select id, therapist_id, 'phq9', '{3,3,3,3,3,3,3,3,3}', 5, 'mild'"
            " from patients limit 1",
        )


def test_interactive_cssrs_asks_3_to_5_only_after_yes_to_2(demo_db_url, demo_db):
    term = Terminal("measures", "add", "Amelia", "cssrs")
    term.expect("wished you were dead")
    term.send("y")
    term.expect("thoughts of killing yourself")
    term.send("n")
    term.expect("prepared to do anything to end")
    term.send("\r")  # no
    code, output = term.wait()
    assert code == 0, output
    assert "thinking about how you might do this" not in output
    stored = rows(demo_db, "select answers, severity from measure_administrations")[0]
    assert stored == {"answers": [1, 0, None, None, None, 0], "severity": "low"}


def test_interactive_phq9_item_by_item(demo_db_url, demo_db):
    term = Terminal("measures", "add", "Benjamin", "phq9")
    term.expect("Over the last 2 weeks")
    for number in range(1, 10):
        if number > 1:
            term.expect(f"{number}. ")
        term.send("\x1b[B\r" if number == 9 else "\r")  # item 9: one down = "Several days"
    code, output = term.wait()
    assert code == 0, output
    stored = rows(demo_db, "select answers, total, risk_flag from measure_administrations")[0]
    assert stored == {"answers": [0] * 8 + [1], "total": 1, "risk_flag": True}


def test_clinical_summary_for_patients_show(cli, demo_db):
    from sanctuary_cli.practice.risk import clinical_summary

    cli("measures", "add", "Benjamin", "phq9", "--answers", "2,2,2,2,2,2,1,1,0")
    ben = rows(demo_db, "select id from patients where full_name = 'Benjamin Carter'")[0]["id"]
    summary = clinical_summary(demo_db, ben)
    assert summary["last_risk_level"] == "moderate"
    assert (summary["latest_phq9_total"], summary["latest_phq9_severity"]) == (14, "moderate")
    assert summary["phq9_item9_positive"] is False
    assert summary["mood_sparkline"] == "33244"  # one glyph per rating (rules/trends.py)
    assert summary["elevated"] is True


def test_patients_show_has_risk_level_scores_and_mood_sparkline(cli, demo_db):
    cli("measures", "add", "Benjamin", "phq9", "--answers", "2,2,2,2,2,2,1,1,1")
    shown = cli("patients", "show", "Benjamin")
    assert shown.exit_code == 0, shown.stderr
    assert "last risk level: moderate" in shown.stdout
    assert "latest phq9 total: 15" in shown.stdout
    assert "phq9 item9 positive: true" in shown.stdout
    assert "mood sparkline: 33244" in shown.stdout
    chart = json.loads(cli("patients", "show", "Benjamin", "--json").stdout)
    assert chart["clinical"]["latest_phq9_severity"] == "moderately severe"
    assert chart["clinical"]["elevated"] is True
