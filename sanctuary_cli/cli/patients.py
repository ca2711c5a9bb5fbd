"""`sanctuary patients`: the caseload, charts, search, import and export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import (
    JsonOption,
    Listing,
    Written,
    field_options,
    listing_options,
    written_options,
)
from sanctuary_cli.practice.patients import FIELDS, IMPORT_COLUMNS

app = typer.Typer(help=GROUP_HELP["patients"], no_args_is_help=True)

LIST_COLUMNS = [
    "patient_id",
    "full_name",
    "preferred_name",
    "status",
    "phone",
    "email",
    "insurance_provider",
    "session_count",
    "next_appointment_at",
]
SEARCH_COLUMNS = ["patient_id", "full_name", "status", "date_of_birth", "score"]
# Exactly what `patients import` reads back, with the id first.
EXPORT_COLUMNS = ["patient_id", *IMPORT_COLUMNS]
ALL_THERAPISTS = "Every clinician's patients."

RefArg = Annotated[str, typer.Argument(help="Patient id, id prefix or name.")]


@app.command("list")
@listing_options(all_therapists=ALL_THERAPISTS)
def patients_list(
    ctx: typer.Context,
    listing: Listing,
    status: Annotated[
        str, typer.Option("--status", help="Active, Inactive, Completed or all.")
    ] = "Active",
) -> None:
    """List patients with their next appointment.

    Example: sanctuary patients list --status all --csv
    """
    from sanctuary_cli.practice.patients import list_patients

    rows = list_patients(database(ctx), status, all_therapists=listing.all_therapists)
    listing.show(rows, LIST_COLUMNS, title=f"Patients ({status})", empty="No patients.")


@app.command("search")
@listing_options(all_therapists=ALL_THERAPISTS)
def patients_search(
    ctx: typer.Context,
    listing: Listing,
    text: Annotated[str, typer.Argument(help="Name or part of it; typos are forgiven.")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=200, help="At most this many.")] = 10,
) -> None:
    """Find patients by name, best match first (trigram similarity).

    Example: sanctuary patients search "amelia chn"
    """
    from sanctuary_cli.practice.patients import search_patients

    rows = search_patients(database(ctx), text, limit=limit, all_therapists=listing.all_therapists)
    text = " ".join(text.split())
    listing.show(
        rows,
        SEARCH_COLUMNS,
        title=f"Patients like {text!r}",
        empty=f"No patient name is close to {text!r}.",
    )


# The row a write prints with --format csv|json (add, edit, discharge).
WRITTEN_COLUMNS = [
    "patient_id", "full_name", "preferred_name", "status", "date_of_birth", "email", "phone",
    "insurance_provider", "coverage_percent", "fee_exempt", "intake_date", "discharged_at",
]  # fmt: skip
MERGED_COLUMNS = ["patient_id", "full_name", "merged_patient_id", "merged_full_name", "moved"]
AllowDuplicate = Annotated[
    bool,
    typer.Option(
        "--allow-duplicate",
        help="Add even when the clinician has a patient with the same name and date of birth, "
        "or email (another person who shares them).",
    ),
]


@app.command("add")
@field_options(FIELDS, mode="add")
@written_options()
def patients_add(
    ctx: typer.Context,
    values: dict[str, Any],
    written: Written,
    allow_duplicate: AllowDuplicate = False,
) -> None:
    """Add a patient: prompts on a terminal for what the options leave out. A patient with the
    same name and date of birth, or email, as one of yours is refused (see --allow-duplicate).

    Example: sanctuary patients add --first Dana --last Ruiz --dob 1990-05-14 --insurance Aetna
    """
    from sanctuary_cli.practice.patients import add_patient

    added = add_patient(database(ctx), ask_for_missing(values), allow_duplicate=allow_duplicate)
    written.show(added, WRITTEN_COLUMNS, f"Added {added['full_name']} (id {added['patient_id']})")


@app.command("edit")
@field_options(FIELDS, mode="edit")
@written_options()
def patients_edit(
    ctx: typer.Context, values: dict[str, Any], written: Written, ref: RefArg
) -> None:
    """Change a patient's details; only the options given change.

    Example: sanctuary patients edit "ben carter" --phone "+1 646 555 0100" --fee-exempt
    """
    from sanctuary_cli.practice.patients import edit_patient

    edited = edit_patient(database(ctx), ref, values)
    written.show(edited, WRITTEN_COLUMNS, f"Updated {edited['full_name']} ({edited['status']})")


@app.command("discharge")
@written_options()
def patients_discharge(
    ctx: typer.Context,
    written: Written,
    ref: RefArg,
    inactive: Annotated[
        bool, typer.Option("--inactive", help="Status Inactive (paused) instead of Completed.")
    ] = False,
) -> None:
    """End treatment: status Completed (or Inactive); nothing is deleted.

    Example: sanctuary patients discharge "chloe davis"
    """
    from sanctuary_cli.cli.messages import say
    from sanctuary_cli.practice.patients import discharge_patient

    row = discharge_patient(database(ctx), ref, inactive=inactive)
    written.show(row, WRITTEN_COLUMNS, f"Discharged {row['full_name']}: status {row['status']}")
    if row["scheduled_ahead"]:
        say(
            f"Note: {row['scheduled_ahead']} appointment(s) are still scheduled; cancel them with "
            "`sanctuary appointments cancel`"
        )


@app.command("merge")
@written_options()
def patients_merge(
    ctx: typer.Context,
    written: Written,
    keep: Annotated[str, typer.Argument(help="The record to keep: id, id prefix or name.")],
    other: Annotated[str, typer.Argument(help="The duplicate: its rows move to KEEP.")],
) -> None:
    """Merge a duplicate record into the one kept, in one transaction: appointments, notes
    (signed ones too), mood, progress, measures, charges, risk resolutions all move to KEEP;
    OTHER is discharged (Inactive, marked merged). Both must be your patients.

    Example: sanctuary patients merge 3f2a9c1e 7b41d0aa
    """
    from sanctuary_cli.cli.messages import say
    from sanctuary_cli.practice.merge import merge_patients

    row = merge_patients(database(ctx), keep, other)
    written.show(
        row,
        MERGED_COLUMNS,
        f"Merged {row['merged_full_name']} ({str(row['merged_patient_id'])[:8]}) into "
        f"{row['full_name']} ({str(row['patient_id'])[:8]}): moved {row['moved']}",
    )
    if row["hint"]:
        say(row["hint"])


@app.command("resolve-risk")
def patients_resolve_risk(
    ctx: typer.Context,
    ref: RefArg,
    reason: Annotated[
        str, typer.Option("--reason", help="Why the risk no longer needs follow-up (kept).")
    ],
) -> None:
    """Close a patient's risk flag with your reason; a later concerning note raises it again.

    The flag otherwise stays up until a note's full risk assessment finds no ideation, no
    current self-harm and overall risk low (docs/clinical-notes.md).

    Example: sanctuary patients resolve-risk Benjamin --reason "Seen twice since; no ideation"
    """
    from sanctuary_cli.cli.messages import result
    from sanctuary_cli.practice.risk import resolve_risk

    row = resolve_risk(database(ctx), ref, reason)
    result(f"Risk flag of {row['patient_name']} resolved (was: {row['elevated_by']})")


@app.command("show")
def patients_show(
    ctx: typer.Context,
    ref: RefArg,
    json: JsonOption = False,
) -> None:
    """Show a patient's chart on one screen: contact, insurance, appointments, balance.

    Example: sanctuary patients show amelia
    """
    from sanctuary_cli.cli import views
    from sanctuary_cli.practice.chart import show_chart

    db = database(ctx)
    chart = show_chart(db, ref)
    if json:
        views.print_json(chart, db.settings.tz)
    else:
        views.print_chart(chart, db.settings.tz)


@app.command("import")
def patients_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV with a header row (see --help).")],
    allow_duplicate: AllowDuplicate = False,
) -> None:
    """Import patients from CSV in one transaction; any bad row means nothing is stored.

    Columns: first_name,last_name (required), preferred_name, pronouns, date_of_birth, email,
    phone, address, emergency_contact_*, insurance_*, coverage_percent, fee_exempt,
    diagnosis_codes (separated by ;), status, intake_date. `patients export` writes this format.
    UTF-8 (with or without BOM) or UTF-16 with BOM. Rows repeating each other or one of your
    patients (name and date of birth, or email) are refused unless --allow-duplicate.

    Example: sanctuary patients import new_patients.csv
    """
    from sanctuary_cli.cli.messages import result, say
    from sanctuary_cli.practice.patient_import import ImportRejected, import_patients

    try:
        imported = import_patients(database(ctx), file, allow_duplicate=allow_duplicate)
    except ImportRejected as rejected:
        for line in rejected.errors:
            say(line)
        raise
    result(f"Imported {imported} patient(s)")


@app.command("export")
@listing_options(all_therapists=ALL_THERAPISTS, default="csv")
def patients_export(ctx: typer.Context, listing: Listing) -> None:
    """Write every patient's details (the columns `patients import` reads), CSV by default.

    Example: sanctuary patients export > patients.csv
    """
    from sanctuary_cli.practice.patients import export_patients

    rows = export_patients(database(ctx), all_therapists=listing.all_therapists)
    listing.show(rows, EXPORT_COLUMNS, title="Patients")


def ask_for_missing(values: dict[str, Any]) -> dict[str, Any]:
    """On a terminal, ask for each field with a prompt that the options did not give (an
    empty answer leaves it out); off one, both names must come as options."""
    from sanctuary_cli.cli.output import interactive
    from sanctuary_cli.errors import UserError

    if not interactive():
        if not values.get("first_name") or not values.get("last_name"):
            raise UserError("Give --first and --last (no terminal to ask on)")
        return values
    import questionary

    asked = dict(values)
    for field in FIELDS:
        if field.prompt and "add" in field.modes and asked.get(field.column) is None:
            answer = questionary.text(f"{field.prompt}:").ask()
            if answer is None:  # Ctrl-C or Esc
                raise KeyboardInterrupt
            asked[field.column] = answer
    return asked
