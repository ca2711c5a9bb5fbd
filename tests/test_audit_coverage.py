"""Read audit by construction (docs/architecture.md, "Read audit"): every command that shows
clinical content -- the chart, notes, measures, mood, progress, the risk report, exports and
the superbill -- leaves its READ or EXPORT entry, whichever way it is asked for.

A command that shows clinical content and is missing from CLINICAL_READS fails
test_every_clinical_command_is_walked, so a new one cannot slip past this file.
"""

from __future__ import annotations

import json

import pytest
import typer.main
from claims_helpers import set_up_billing

from sanctuary_cli.cli.app import app

NOTE = "__note__"  # replaced by the id of one of the demo practice's notes
CLAIM = "__claim__"  # replaced by the control number of a claim of Amelia's (claims_helpers)
# (command, the audit action expected, the table named by the entry)
CLINICAL_READS = [
    (["patients", "show", "Benjamin"], "READ", "patients"),
    (["patients", "show", "Benjamin", "--json"], "READ", "patients"),
    (["patients", "export"], "EXPORT", "patients"),
    (["notes", "list"], "READ", "session_notes"),
    (["notes", "list", "--csv"], "EXPORT", "session_notes"),
    (["notes", "show", NOTE], "READ", "session_notes"),
    (["notes", "show", NOTE, "--json"], "EXPORT", "session_notes"),
    (["notes", "search", "sleep"], "READ", "session_notes"),
    (["notes", "search", "sleep", "--json"], "EXPORT", "session_notes"),
    (["mood", "list", "Amelia"], "READ", "mood_entries"),
    (["mood", "list", "Amelia", "--csv"], "EXPORT", "mood_entries"),
    (["mood", "trend", "Amelia"], "READ", "mood_entries"),
    (["mood", "trend", "Amelia", "--json"], "EXPORT", "mood_entries"),
    (["progress", "list", "Amelia"], "READ", "progress_entries"),
    (["progress", "list", "Amelia", "--json"], "EXPORT", "progress_entries"),
    (["measures", "list", "Benjamin"], "READ", "measure_administrations"),
    (["measures", "list", "Benjamin", "--csv"], "EXPORT", "measure_administrations"),
    (["measures", "trend", "Benjamin"], "READ", "measure_administrations"),
    (["measures", "trend", "Benjamin", "--json"], "EXPORT", "measure_administrations"),
    # A chart written to a file is a copy leaving the screen (docs/clinical-notes.md, "Charts").
    (
        ["measures", "trend", "Benjamin", "--instrument", "phq9", "--plot", "{tmp}/trend.png"],
        "EXPORT",
        "measure_administrations",
    ),
    (["mood", "trend", "Amelia", "--plot", "{tmp}/mood.svg"], "EXPORT", "mood_entries"),
    (["measures", "outcomes"], "READ", "measure_administrations"),
    (["measures", "outcomes", "Benjamin", "--csv"], "EXPORT", "measure_administrations"),
    (
        ["measures", "outcomes", "--measure", "phq9", "--plot", "{tmp}/outcomes.svg"],
        "EXPORT",
        "measure_administrations",
    ),
    (["plans", "show", "Amelia"], "READ", "treatment_plans"),
    (["plans", "show", "Amelia", "--json"], "EXPORT", "treatment_plans"),
    (["plans", "show", "Amelia", "--csv"], "EXPORT", "treatment_plans"),
    (["plans", "list"], "READ", "treatment_plans"),
    (["plans", "list", "--json"], "EXPORT", "treatment_plans"),
    (["today"], "READ", "patient_risk_status"),
    (["today", "--json"], "EXPORT", "patient_risk_status"),
    (["report", "risk"], "READ", "patient_risk_status"),
    (["report", "risk", "--format", "markdown"], "EXPORT", "patient_risk_status"),
    (["appointments", "export", "--ics", "{tmp}/week.ics"], "EXPORT", "appointments"),
    (
        ["billing", "superbill", "Amelia", "--from", "2000-01-01", "--to", "today",
         "-o", "{tmp}/superbill.pdf"],
        "EXPORT",
        "financial_records",
    ),
    # A claim carries diagnosis codes and the services billed (docs/claims.md).
    (["claims", "show", CLAIM], "READ", "financial_records"),
    (["claims", "show", CLAIM, "--json"], "EXPORT", "financial_records"),
    (["claims", "show", CLAIM, "--csv"], "EXPORT", "financial_records"),
    (["claims", "export", "-o", "{tmp}/claims.837"], "EXPORT", "financial_records"),
    (["claims", "export", "--test", "-o", "{tmp}/test.837"], "EXPORT", "financial_records"),
    (
        ["billing", "estimate", "Chloe", "--sessions", "2", "-o", "{tmp}/estimate.pdf"],
        "EXPORT",
        "financial_records",
    ),
]  # fmt: skip
# Commands that show no clinical content: names, times, money, counts, signing state.
NOT_CLINICAL = {
    "appointments upcoming", "appointments list", "patients list", "patients search",
    "billing overdue", "billing summary", "billing aging", "report daily", "report weekly",
    "report monthly", "report caseload", "report documentation", "report retention",
    "therapists list", "therapists show", "tags list", "progress areas", "audit list",
    "db status",
    "reminders list",  # patient names and appointment times, as appointments list
    # Claims by number, patient, payer, service dates, money and status, as billing overdue:
    # no diagnosis nor service code (claims show has those, and is walked above).
    "claims list",
    "payers list",  # insurers, their ids and how many policies name each: no patient
    "practice show",  # the practice's own billing profile
}  # fmt: skip


def last_seq(cli) -> int:
    rows = json.loads(cli("audit", "list", "--json", "--limit", "1").stdout)
    return rows[0]["seq"] if rows else 0


@pytest.fixture
def a_note(cli) -> str:
    measures = cli("measures", "add", "Benjamin", "phq9", "--answers", "1,1,1,1,1,1,1,1,0")
    assert measures.exit_code == 0, measures.stderr
    return json.loads(cli("notes", "list", "--json").stdout)[0]["note_id"]


def prepare(cli, tmp_path, args) -> None:
    """What a walked command needs beyond the demo practice and a_note's PHQ-9: a second PHQ-9
    for an outcome, and Amelia's signed treatment plan."""
    steps = []
    if args[:2] == ["measures", "outcomes"]:
        steps.append(["measures", "add", "Benjamin", "phq9", "--answers", "0,0,1,0,0,1,0,0,0"])
    if args[0] == "plans":
        plan = tmp_path / "plan.md"
        plan.write_text(
            "## Problems\n- Anxiety (F41.1)\n## Goals\n- Sleep\n"
            "## Objectives\n- PHQ-9 below 10 (by next mon, phq9<10)\n"
            "## Interventions\n- CBT weekly\n"
        )
        steps += [["plans", "add", "Amelia", "--from-file", str(plan)], ["plans", "sign", "Amelia"]]
    for step in steps:
        done = cli(*step)
        assert done.exit_code == 0, done.stderr


def a_claim(cli) -> str:
    """The billing profile, a payer and Amelia's coverage set up, and a ready claim made of
    her demo charges: its control number."""
    set_up_billing(cli)
    made = cli("claims", "create", "Amelia", "--json")
    assert made.exit_code == 0, made.stderr
    return json.loads(made.stdout)[0]["control_number"]


@pytest.mark.parametrize("args, action, table", CLINICAL_READS, ids=lambda v: str(v))
def test_every_command_showing_clinical_content_audits_it(
    cli, demo_db_url, a_note, tmp_path, args, action, table
):
    claim = a_claim(cli) if args[0] == "claims" else None
    prepare(cli, tmp_path, args)
    before = last_seq(cli)
    argv = [
        a_note if a == NOTE else claim if a == CLAIM else a.replace("{tmp}", str(tmp_path))
        for a in args
    ]
    shown = cli(*argv)
    assert shown.exit_code == 0, shown.stderr
    entries = json.loads(cli("audit", "list", "--json", "--limit", "1000").stdout)
    new = [(e["action"], e["table_name"]) for e in entries if e["seq"] > before]
    assert (action, table) in new, (argv, new)


def leaf_commands():
    root = typer.main.get_command(app)
    for group_name, group in root.commands.items():
        for name in getattr(group, "commands", {}):
            yield f"{group_name} {name}"


def test_every_clinical_command_is_walked():
    """Each read-only listing is either walked above or stated to show nothing clinical."""
    walked = {" ".join(args[:2]) for args, _, _ in CLINICAL_READS}
    readers = {
        name
        for name in leaf_commands()
        if name.split()[1]
        in ("show", "list", "search", "trend", "export", "risk", "superbill", "outcomes")
        or name.startswith("report ")
    }
    assert readers - walked - NOT_CLINICAL == set()
