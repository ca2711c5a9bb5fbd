"""The risk flag stays up until it is resolved (migration 0075; docs/clinical-notes.md "Risk
follow-up"): a later note that only says "risk low" does not take a patient off `report risk`
or the chart; a complete clean assessment or `patients resolve-risk` does, and a new concern
raises it again."""

from __future__ import annotations

import json

SOAP = ["--subjective", "s", "--objective", "o", "--assessment", "a", "--plan", "p"]
CLEAN = ["--suicidal-ideation", "none", "--self-harm", "none", "--homicidal-ideation", "none"]


def note(cli, patient: str, *risk: str):
    result = cli("notes", "add", patient, *SOAP, *risk)
    assert result.exit_code == 0, result.stderr
    return result


def flagged(cli) -> dict[str, dict]:
    result = cli("report", "risk", "--json")
    assert result.exit_code == 0, result.stderr
    return {row["patient_name"]: row for row in json.loads(result.stdout)}


def chart(cli, patient: str) -> dict:
    return json.loads(cli("patients", "show", patient, "--json").stdout)["clinical"]


def test_passive_ideation_then_a_risk_low_note_stays_flagged(cli, demo_db_url):
    note(cli, "Amelia", "--suicidal-ideation", "passive", "--risk", "moderate",
         "--safety-plan", "Call the crisis line; remove means")  # fmt: skip
    assert "Amelia Chen" in flagged(cli)
    note(cli, "Amelia", "--risk", "low")  # a phone call: no structured screen
    rows = flagged(cli)
    assert "Amelia Chen" in rows
    assert "passive suicidal ideation" in rows["Amelia Chen"]["elevated_by"]
    shown = chart(cli, "Amelia")
    assert shown["elevated"] is True and shown["safety_plan_on_file"] is True


def test_a_complete_clean_assessment_closes_it_and_a_new_concern_reopens_it(cli, demo_db_url):
    note(cli, "Amelia", "--suicidal-ideation", "passive", "--risk", "moderate",
         "--safety-plan", "Plan")  # fmt: skip
    note(cli, "Amelia", *CLEAN, "--risk", "low")
    assert "Amelia Chen" not in flagged(cli)
    assert chart(cli, "Amelia")["elevated"] is False
    scored = cli("measures", "add", "Amelia", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    assert scored.exit_code == 0, scored.stderr
    assert flagged(cli)["Amelia Chen"]["elevated_by"] == "PHQ-9 item 9 = 1"


def test_resolve_risk_with_a_reason_is_kept_and_audited(cli, demo_db_url, demo_db):
    assert "Benjamin Carter" in flagged(cli)  # the demo's moderate-risk note
    missing = cli("patients", "resolve-risk", "Benjamin", "--reason", " ")
    assert missing.exit_code == 1 and "--reason" in missing.stderr
    resolved = cli("patients", "resolve-risk", "Benjamin", "--reason", "Seen twice; no ideation")
    assert resolved.exit_code == 0, resolved.stderr
    assert resolved.stdout.startswith("Risk flag of Benjamin Carter resolved (was: risk moderate")
    assert "Benjamin Carter" not in flagged(cli)
    again = cli("patients", "resolve-risk", "Benjamin", "--reason", "again")
    assert again.exit_code == 1 and "no risk flag" in again.stderr
    entries = json.loads(cli("audit", "list", "--json", "--limit", "5").stdout)
    assert ("INSERT", "risk_resolutions") in {(e["action"], e["table_name"]) for e in entries}
    with demo_db.transaction() as cur:
        cur.execute("select reason from risk_resolutions")
        assert [r["reason"] for r in cur.fetchall()] == ["Seen twice; no ideation"]


def test_a_positive_cssrs_stays_up_after_a_risk_low_note(cli, demo_db_url):
    screened = cli("measures", "add", "Chloe", "cssrs", "--answers", "yes,no,no")
    assert screened.exit_code == 0, screened.stderr
    note(cli, "Chloe", "--risk", "low")
    assert flagged(cli)["Chloe Davis"]["elevated_by"] == "C-SSRS screen low"
