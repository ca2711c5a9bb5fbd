"""Treatment plans through the CLI (docs/SPEC.md section 9): written from a file, signed,
reviewed into a new version with the earlier one kept, listed, due for review, and the evidence
under each objective."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from clinical_helpers import execute, scalar
from clinical_helpers import rows as query_rows

from sanctuary_cli.rules.dates import practice_today

TZ = "America/New_York"
PLAN_MD = """---
review_date: {review}
---
# Treatment plan

## Problems
- Generalized anxiety disorder (F41.1)
- F32.1: Major depressive disorder, single episode, moderate

## Goals
- Return to work full time

## Objectives
- PHQ-9 below 10 (by {target}, phq9<10)
- Sleeps 6 hours on 5 nights a week (by {target})

## Interventions
- CBT weekly
"""
PLAN_YAML = """problems:
  - {{description: Generalized anxiety disorder, icd10: [F41.1]}}
goals: [Return to work full time, Rejoin the choir]
objectives:
  - {{description: PHQ-9 below 10, target_date: {target}, measure_target: phq9<=7}}
  - "Uses breathing before meetings (by {target})"
interventions:
  - {{modality: CBT, frequency: every 2 weeks}}
  - Behavioural activation weekly
"""
DAP = ["--template", "dap", "--data", "d", "--assessment", "a", "--plan", "p", "--risk", "low"]


def today():
    from zoneinfo import ZoneInfo

    return practice_today(ZoneInfo(TZ))


def plan_file(tmp_path, name="plan.md", text=PLAN_MD, review=None):
    path = tmp_path / name
    target = today() + timedelta(days=60)
    path.write_text(text.format(review=review or today() + timedelta(days=45), target=target))
    return str(path)


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def signed_plan(cli, tmp_path, patient="Amelia"):
    added = json.loads(ok(cli("plans", "add", patient, "--from-file", plan_file(tmp_path),
                              "--format", "json")).stdout)[0]  # fmt: skip
    ok(cli("plans", "sign", patient))
    return added["plan_id"]


def test_a_plan_from_a_file_signed_then_reviewed_shows_both_versions(cli, demo_db, tmp_path):
    added = ok(cli("plans", "add", "Amelia", "--from-file", plan_file(tmp_path)))
    assert (
        added.stdout.startswith("Draft plan ")
        and "(version 1) saved for Amelia Chen" in added.stdout
    )
    assert "2 objective(s)" in added.stdout and "plans sign" in added.stderr
    again = cli("plans", "add", "Amelia", "--from-file", plan_file(tmp_path))
    assert again.exit_code == 1 and "already has a treatment plan" in again.stderr

    signed = json.loads(ok(cli("plans", "sign", "Amelia", "--format", "json")).stdout)[0]
    assert signed["version"] == 1 and signed["status"] == "current"
    assert signed["review_date"] == str(today() + timedelta(days=45))  # the one the file names
    assert cli("plans", "sign", "Amelia").exit_code == 1  # nothing left to sign

    yaml_file = plan_file(tmp_path, "v2.yaml", PLAN_YAML)
    reviewed = ok(cli("plans", "review", signed["plan_id"][:8], "--from-file", yaml_file))
    assert "(version 2) saved" in reviewed.stdout
    second = ok(cli("plans", "sign", "Amelia", "--format", "json"))
    assert json.loads(second.stdout)[0]["review_date"] == str(today() + timedelta(days=90))

    shown = json.loads(ok(cli("plans", "show", "Amelia", "--json")).stdout)
    assert shown["patient_name"] == "Amelia Chen"
    versions = shown["versions"]
    assert [(v["version"], v["status"]) for v in versions] == [(2, "current"), (1, "superseded")]
    latest, first = versions
    assert latest["goals"] == ["Return to work full time", "Rejoin the choir"]
    assert latest["interventions"] == [
        {"modality": "CBT", "frequency": "every 2 weeks"},
        {"modality": "Behavioural activation", "frequency": "weekly"},
    ]
    assert first["problems"][1] == {
        "description": "Major depressive disorder, single episode, moderate",
        "icd10": ["F32.1"],
    }
    assert [o["measure_target"] for o in first["objectives"]] == ["phq9<10", None]
    assert latest["objectives"][0]["measure_target"] == "phq9<=7"

    table = ok(cli("plans", "show", "Amelia")).stdout
    assert "Amelia Chen: plan version 2 (current)" in table
    assert "Amelia Chen: plan version 1 (superseded)" in table
    assert table.index("version 2") < table.index("version 1")
    rows = list(csv.DictReader(io.StringIO(ok(cli("plans", "show", "Amelia", "--csv")).stdout)))
    assert {row["version"] for row in rows} == {"1", "2"}
    assert ("problem", "F41.1") in {(row["section"], row["detail"]) for row in rows}

    listed = json.loads(ok(cli("plans", "list", "--json")).stdout)
    assert [(row["patient_name"], row["version"], row["status"]) for row in listed] == [
        ("Amelia Chen", 2, "current")
    ]
    assert listed[0]["review_due"] is False
    assert json.loads(ok(cli("plans", "list", "--due", "--json")).stdout) == []


def test_a_review_of_a_draft_rewrites_it_and_an_old_version_is_not_reviewed(cli, demo_db, tmp_path):
    first = signed_plan(cli, tmp_path)
    ok(cli("plans", "review", "Amelia", "--unchanged"))
    draft = scalar(demo_db, "select id from treatment_plans where signed_at is null")
    clash = cli("plans", "review", first[:8], "--unchanged")
    assert clash.exit_code == 1 and "is already a draft of this plan" in clash.stderr
    rewritten = ok(cli("plans", "review", str(draft)[:8], "--from-file",
                       plan_file(tmp_path, "v2.yaml", PLAN_YAML)))  # fmt: skip
    assert "(version 2) saved" in rewritten.stdout
    assert scalar(demo_db, "select count(*) from treatment_plans") == 2
    assert scalar(demo_db, "select goals from treatment_plans where id = %s", draft) == [
        "Return to work full time",
        "Rejoin the choir",
    ]
    ok(cli("plans", "sign", str(draft)[:8]))
    old = cli("plans", "review", first[:8], "--unchanged")
    assert old.exit_code == 1 and "is an earlier version" in old.stderr


def test_bad_plan_input_is_one_line_and_stores_nothing(cli, demo_db, tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("## Problems\n- Anxiety\n\n## Goals\n\n## Objectives\n- Sleep better\n")
    result = cli("plans", "add", "Amelia", "--from-file", str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Invalid plan: problem 1: name its ICD-10 code")
    assert "no goals" in result.stderr and "objective 1: needs a target date" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    text = tmp_path / "plan.txt"
    text.write_text("not a plan\n")
    prose = cli("plans", "add", "Amelia", "--from-file", str(text))
    assert prose.exit_code == 1 and "text before the first section heading" in prose.stderr
    pdf = tmp_path / "plan.pdf"
    pdf.write_text("%PDF")
    wrong = cli("plans", "add", "Amelia", "--from-file", str(pdf))
    assert wrong.exit_code == 1 and "Plan files are .yaml, .json or .md" in wrong.stderr
    no_file = cli("plans", "add", "Amelia")  # no terminal to ask on
    assert no_file.exit_code == 1 and "--from-file" in no_file.stderr
    past = plan_file(tmp_path, review=today() - timedelta(days=1))
    ok(cli("plans", "add", "Amelia", "--from-file", past))
    refused = cli("plans", "sign", "Amelia")
    assert refused.exit_code == 1 and "is not after signing" in refused.stderr
    assert scalar(demo_db, "select count(*) from treatment_plans where signed_at is not null") == 0
    assert scalar(demo_db, "select count(*) from plan_objectives") == 2


def make_overdue(db, plan_id):
    """Sign a draft as if 100 days ago, with a review date that has passed (raw SQL)."""
    execute(
        db,
        "update treatment_plans set signed_at = now() - interval '100 days', signed_by ="
        " therapist_id, review_date = current_date - 10 where id = %s",
        plan_id,
    )


def test_a_plan_past_its_review_date_is_due_and_listed_in_report_documentation(
    cli, demo_db, tmp_path
):
    added = json.loads(ok(cli("plans", "add", "Amelia", "--from-file", plan_file(tmp_path),
                              "--json")).stdout)[0]  # fmt: skip
    make_overdue(demo_db, added["plan_id"])
    rows = list(csv.DictReader(io.StringIO(ok(cli("report", "documentation", "--csv")).stdout)))
    plans = {row["patient_name"]: row for row in rows if row["issue"] != "missing note"}
    assert plans["Amelia Chen"]["issue"] == "plan review overdue"
    assert plans["Amelia Chen"]["lateness"] == "10 days"
    # Benjamin (intake 120 days ago) has no plan; Chloe's 45 days are past the 30 too.
    assert plans["Benjamin Carter"]["issue"] == "no treatment plan"
    assert plans["Chloe Davis"]["issue"] == "no treatment plan"
    header = ok(cli("report", "documentation", "--csv")).stdout.splitlines()[0]
    assert header == (
        "patient_name,session_date,session_ended_at,hours_since_session,lateness,issue,"
        "note_id,appointment_id"
    )

    due = json.loads(ok(cli("plans", "list", "--due", "--json")).stdout)
    assert [(row["patient_name"], row["review_due"]) for row in due] == [("Amelia Chen", True)]
    screen = json.loads(ok(cli("today", "--json")).stdout)
    assert screen["plans_due"] == [
        {
            "patient_name": "Amelia Chen",
            "therapist_name": "Dr. Sarah Johnson",
            "plan_id": added["plan_id"],
            "review_due": str(today() - timedelta(days=10)),
        }
    ]
    # Shown by `today` (as by `plans list --due`): one audit entry naming the plan and patient.
    shown = query_rows(
        demo_db,
        "select action, row_id, patient_id from audit_log where table_name = 'treatment_plans'"
        " and action in ('READ', 'EXPORT') and row_id = %s order by seq",
        added["plan_id"],
    )
    amelia = str(scalar(demo_db, "select id from patients where full_name = 'Amelia Chen'"))
    assert [(r["action"], str(r["patient_id"])) for r in shown][-2:] == [
        ("EXPORT", amelia),  # plans list --due --json
        ("EXPORT", amelia),  # today --json
    ]
    ok(cli("today"))
    latest = query_rows(
        demo_db,
        "select action, row_id from audit_log where table_name = 'treatment_plans'"
        " order by seq desc limit 1",
    )
    assert latest == [{"action": "READ", "row_id": added["plan_id"]}]
    # A review signed today takes it off both lists.
    ok(cli("plans", "review", "Amelia", "--unchanged"))
    ok(cli("plans", "sign", "Amelia"))
    assert json.loads(ok(cli("today", "--json")).stdout)["plans_due"] == []
    again = ok(cli("report", "documentation", "--csv")).stdout
    assert "plan review overdue" not in again


def test_a_draft_only_is_not_a_current_plan_and_a_new_patient_has_thirty_days(
    cli, demo_db, tmp_path
):
    ok(cli("plans", "add", "Benjamin", "--from-file", plan_file(tmp_path)))
    execute(
        demo_db, "update patients set intake_date = current_date - 29 where first_name = 'Chloe'"
    )
    rows = list(csv.DictReader(io.StringIO(ok(cli("report", "documentation", "--csv")).stdout)))
    issues = {row["patient_name"]: row["issue"] for row in rows if "plan" in row["issue"]}
    assert issues == {"Benjamin Carter": "plan not signed", "Amelia Chen": "no treatment plan"}


def test_progress_ratings_notes_and_scores_are_the_evidence_under_each_objective(
    cli, demo_db, tmp_path
):
    plan_id = signed_plan(cli, tmp_path)
    rated = ok(cli("progress", "add", "Amelia", "anxiety", "6", "--objective", "2",
                   "--note", "Slept better"))  # fmt: skip
    assert "objective 2 of plan version 1" in rated.stdout
    ok(cli("progress", "add", "Amelia", "sleep", "7", "--objective", "sleeps 6 hours"))
    ok(cli("progress", "add", "Amelia", "sleep", "5"))  # rates no objective
    links = ["--plan-objective", "1", "--plan-objective", "2"]
    added = ok(cli("notes", "add", "Amelia", *DAP, *links, "--sign", "--format", "json"))
    note = json.loads(added.stdout)[0]
    ok(cli("measures", "add", "Amelia", "phq9", "--answers", "1,1,1,1,1,1,1,1,0"))

    (version,) = json.loads(ok(cli("plans", "show", "Amelia", "--json")).stdout)["versions"]
    phq, sleep = version["objectives"]
    assert phq["latest_score"]["total"] == 8 and phq["target_met"] is True
    assert [n["note_id"] for n in phq["notes"]] == [note["note_id"]]
    assert phq["progress"] == []
    assert [(e["rating"], e["area"]) for e in sleep["progress"]] == [
        (6, "Anxiety Management"),
        (7, "Sleep"),
    ]
    assert sleep["target_met"] is None and [n["note_id"] for n in sleep["notes"]] == [
        note["note_id"]
    ]
    table = ok(cli("plans", "show", "Amelia")).stdout
    assert "PHQ-9 8: target met" in table and "6/10 Anxiety Management: Slept better" in table

    # The next version keeps the objective (same description), and its evidence with it.
    ok(cli("plans", "review", plan_id[:8], "--unchanged"))
    ok(cli("plans", "sign", "Amelia"))
    ok(cli("progress", "add", "Amelia", "sleep", "8", "--objective", "2"))
    current, earlier = json.loads(ok(cli("plans", "show", "Amelia", "--json")).stdout)["versions"]
    assert [e["rating"] for e in current["objectives"][1]["progress"]] == [6, 7, 8]
    assert [e["rating"] for e in earlier["objectives"][1]["progress"]] == [6, 7]


def test_an_objective_reference_is_checked_and_nothing_is_stored_on_a_mistake(
    cli, demo_db, tmp_path
):
    before = scalar(demo_db, "select count(*) from progress_entries")
    none_yet = cli("progress", "add", "Amelia", "anxiety", "6", "--objective", "1")
    assert none_yet.exit_code == 1 and "has no signed treatment plan" in none_yet.stderr
    signed_plan(cli, tmp_path)
    for ref, message in [("3", "has objectives 1-2, not 3"), ("juggling", "No objective")]:
        bad = cli("progress", "add", "Amelia", "anxiety", "6", "--objective", ref)
        assert bad.exit_code == 1 and message in bad.stderr, bad.stderr
    private = cli("notes", "add", "Amelia", *DAP, "--private", "--plan-objective", "1")
    assert private.exit_code == 1 and "private psychotherapy note" in private.stderr
    other = cli("progress", "add", "Benjamin", "anxiety", "6", "--objective", "1")
    assert other.exit_code == 1 and "Benjamin Carter has no signed treatment plan" in other.stderr
    assert scalar(demo_db, "select count(*) from progress_entries") == before
    assert scalar(demo_db, "select count(*) from note_plan_objectives") == 0
    # The database itself refuses an objective of another patient's plan.
    objective = scalar(demo_db, "select id from plan_objectives limit 1")
    refused = cli("progress", "add", "Benjamin", "anxiety", "6", "--objective", str(objective))
    assert refused.exit_code == 1


def test_reads_of_a_plan_are_audited(cli, demo_db, tmp_path):
    plan_id = signed_plan(cli, tmp_path)
    ok(cli("plans", "show", "Amelia"))
    ok(cli("plans", "show", "Amelia", "--csv"))
    entries = json.loads(ok(cli("audit", "list", "--json", "--limit", "50")).stdout)
    reads = [(e["action"], e["row_id"]) for e in entries if e["table_name"] == "treatment_plans"]
    assert ("READ", plan_id) in reads and ("EXPORT", plan_id) in reads
    assert ("INSERT", plan_id) in reads and ("UPDATE", plan_id) in reads


def test_a_discharged_patients_plan_is_no_longer_due_and_plans_list_is_audited(
    cli, demo_db, tmp_path
):
    added = json.loads(ok(cli("plans", "add", "Amelia", "--from-file", plan_file(tmp_path),
                              "--json")).stdout)[0]  # fmt: skip
    make_overdue(demo_db, added["plan_id"])
    due = json.loads(ok(cli("plans", "list", "--due", "--json")).stdout)
    assert [row["plan_id"] for row in due] == [added["plan_id"]]
    ok(cli("patients", "discharge", "Amelia"))
    assert json.loads(ok(cli("plans", "list", "--due", "--json")).stdout) == []
    assert json.loads(ok(cli("today", "--json")).stdout)["plans_due"] == []
    listed = json.loads(ok(cli("plans", "list", "--json")).stdout)
    assert [(row["plan_id"], row["review_due"]) for row in listed] == [(added["plan_id"], True)]
    entries = json.loads(ok(cli("audit", "list", "--json", "--limit", "20")).stdout)
    reads = [(e["action"], e["row_id"]) for e in entries if e["table_name"] == "treatment_plans"]
    assert reads.count(("EXPORT", added["plan_id"])) == 2  # the first --due and the full list
