"""`plans add` and `plans review` on a terminal (docs/clinical-notes.md, "Treatment plans"): a
form asks for each problem, goal, objective and intervention, checking each answer as it is
typed; a review offers the current entries, Enter keeping each."""

from __future__ import annotations

import json
import os
from datetime import timedelta

from clinical_helpers import scalar
from terminal_helpers import run_on_terminal
from test_plans import ok, today

FIRST_PLAN = [
    ("Problem 1: description", "Generalized anxiety disorder"),
    ("ICD-10 codes", "F41.1"),
    ("Problem 2 (blank when done): description", ""),
    ("Goal 1", "Return to work"),
    ("Goal 2 (blank when done)", ""),
    ("Objective 1: what is measured", "PHQ-9 below 10"),
    ("Target date", "{target}"),
    ("Measure target", "phq9<10"),
    ("Objective 2 (blank when done): what is measured", ""),
    ("Intervention 1: modality and frequency", "CBT weekly"),
    ("Intervention 2 (blank when done)", ""),
    ("Review date", ""),
]


def test_a_plan_is_written_in_the_form_on_a_terminal_and_reviewed_in_it(cli, demo_db):
    target = str(today() + timedelta(days=60))
    answers = [(prompt, answer.format(target=target)) for prompt, answer in FIRST_PLAN]
    code, screen = run_on_terminal(["plans", "add", "Amelia"], answers, dict(os.environ))
    assert code == 0, screen
    assert "(version 1) saved for Amelia Chen, 1 objective(s)" in screen
    ok(cli("plans", "sign", "Amelia"))
    (version,) = json.loads(ok(cli("plans", "show", "Amelia", "--json")).stdout)["versions"]
    assert version["problems"] == [
        {"description": "Generalized anxiety disorder", "icd10": ["F41.1"]}
    ]
    assert version["goals"] == ["Return to work"]
    (objective,) = version["objectives"]
    assert (objective["description"], objective["target_date"]) == ("PHQ-9 below 10", target)
    assert objective["measure_target"] == "phq9<10"
    assert version["interventions"] == [{"modality": "CBT", "frequency": "weekly"}]
    assert version["review_date"] == str(today() + timedelta(days=90))

    # A review offers each current entry: Enter keeps it; a new goal is added at the end.
    keep = [
        ("Problem: description", ""),
        ("ICD-10 codes", ""),
        ("Problem 2 (blank when done): description", ""),
        ("Goal", ""),
        ("Goal 2 (blank when done)", "Rejoin the choir"),
        ("Goal 3 (blank when done)", ""),
        ("Objective: what is measured", ""),
        ("Target date", ""),
        ("Measure target", ""),
        ("Objective 2 (blank when done): what is measured", ""),
        ("Intervention: modality and frequency", ""),
        ("Intervention 2 (blank when done)", ""),
        ("Review date", ""),
    ]
    code, screen = run_on_terminal(["plans", "review", "Amelia"], keep, dict(os.environ))
    assert code == 0, screen
    assert "(version 2) saved" in screen
    draft, current = json.loads(ok(cli("plans", "show", "Amelia", "--json")).stdout)["versions"]
    assert draft["status"] == "draft" and current["status"] == "current"
    assert draft["goals"] == ["Return to work", "Rejoin the choir"]
    assert draft["problems"] == current["problems"]
    assert draft["interventions"] == current["interventions"]
    kept = [(o["description"], o["target_date"], o["measure_target"]) for o in draft["objectives"]]
    assert kept == [("PHQ-9 below 10", target, "phq9<10")]
    carried = "select count(*) from plan_objectives where carried_from is not null"
    assert scalar(demo_db, carried) == 1  # the same objective, its evidence kept with it


def test_a_wrong_answer_is_refused_as_typed_and_ctrl_c_stores_nothing(demo_db):
    answers = [
        ("Problem 1: description", "Anxiety"),
        ("ICD-10 codes", "anxious"),  # not a code: refused where it is typed
        ("an ICD-10-CM code like F41.1", "\x15F41.1"),  # Ctrl-U clears it, then a code
        ("Problem 2 (blank when done)", ""),
        ("Goal 1", "\x03"),  # Ctrl-C
    ]
    code, screen = run_on_terminal(["plans", "add", "Amelia"], answers, dict(os.environ))
    assert code == 130, screen
    assert "Invalid ICD-10 code 'ANXIOUS'" in screen
    assert scalar(demo_db, "select count(*) from treatment_plans") == 0
