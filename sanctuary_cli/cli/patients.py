"""`sanctuary patients`: the caseload, charts, search, import and export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sanctuary_cli.cli.context import app_context, current_therapist, therapist_scope
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import CsvOption, FormatOption, JsonOption, output_format
from sanctuary_cli.cli.patient_helpers import (
    err,
    print_chart,
    prompt_missing,
    raw_fields,
    safe,
)

app = typer.Typer(
    help=GROUP_HELP["patients"],
    no_args_is_help=True,
)

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

RefArg = Annotated[str, typer.Argument(help="Patient id, id prefix or name.")]
AllOpt = Annotated[bool, typer.Option("--all-therapists", help="Every clinician's patients.")]


@app.command("list")
def patients_list(
    ctx: typer.Context,
    status: Annotated[
        str, typer.Option("--status", help="Active, Inactive, Completed or all.")
    ] = "Active",
    all_therapists: AllOpt = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """List patients with their next appointment.

    Example: sanctuary patients list --status all --csv
    """
    from sanctuary_cli.cli.output import render
    from sanctuary_cli.practice.patients import parse_status

    app_ctx = app_context(ctx)
    chosen = None if status.lower() == "all" else parse_status(status)
    therapist_id = therapist_scope(ctx, all_therapists)
    rows = app_ctx.db().all("patients.list", therapist_id=therapist_id, status=chosen)
    render(
        rows,
        LIST_COLUMNS,
        output_format(fmt, csv, json),
        title=f"Patients ({status})",
        tz=app_ctx.settings.tz,
        empty_message="No patients.",
    )


@app.command("search")
def patients_search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Name or part of it; typos are forgiven.")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=200, help="At most this many.")] = 10,
    all_therapists: AllOpt = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Find patients by name, best match first (trigram similarity).

    Example: sanctuary patients search "amelia chn"
    """
    from sanctuary_cli.cli.output import render
    from sanctuary_cli.errors import UserError

    text = " ".join(text.split())
    if len(text) < 2:
        raise UserError("Give at least two letters of the name")
    app_ctx = app_context(ctx)
    therapist_id = therapist_scope(ctx, all_therapists)
    rows = app_ctx.db().all("patients.search", text=text, therapist_id=therapist_id, limit=limit)
    render(
        rows,
        SEARCH_COLUMNS,
        output_format(fmt, csv, json),
        title=f"Patients like {text!r}",
        empty_message=f"No patient name is close to {text!r}.",
    )


FirstOpt = Annotated[str | None, typer.Option("--first", help="First name.")]
LastOpt = Annotated[str | None, typer.Option("--last", help="Last name.")]
PreferredOpt = Annotated[str | None, typer.Option("--preferred-name", help="Name used.")]
PronounsOpt = Annotated[str | None, typer.Option("--pronouns", help="e.g. she/her.")]
DobOpt = Annotated[str | None, typer.Option("--dob", help="Date of birth, YYYY-MM-DD.")]
EmailOpt = Annotated[str | None, typer.Option("--email", help="Email address.")]
PhoneOpt = Annotated[str | None, typer.Option("--phone", help="Phone number.")]
AddressOpt = Annotated[str | None, typer.Option("--address", help="Postal address.")]
EcNameOpt = Annotated[str | None, typer.Option("--emergency-name", help="Emergency contact.")]
EcPhoneOpt = Annotated[str | None, typer.Option("--emergency-phone", help="Their phone.")]
EcRelOpt = Annotated[str | None, typer.Option("--emergency-relationship", help="e.g. spouse.")]
InsOpt = Annotated[str | None, typer.Option("--insurance", help="Insurance provider.")]
MemberOpt = Annotated[str | None, typer.Option("--member-id", help="Insurance member id.")]
GroupOpt = Annotated[str | None, typer.Option("--group-number", help="Insurance group.")]
CoverageOpt = Annotated[str | None, typer.Option("--coverage", help="Insurance pays, 0-100 %.")]
FeeExemptOpt = Annotated[
    bool | None,
    typer.Option("--fee-exempt/--not-fee-exempt", help="Never charge no-show/late fees."),
]
DiagnosisOpt = Annotated[
    list[str] | None, typer.Option("--diagnosis", help="ICD-10 code (repeat for several).")
]


@app.command("add")
def patients_add(
    ctx: typer.Context,
    first: FirstOpt = None,
    last: LastOpt = None,
    preferred_name: PreferredOpt = None,
    pronouns: PronounsOpt = None,
    dob: DobOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    address: AddressOpt = None,
    emergency_name: EcNameOpt = None,
    emergency_phone: EcPhoneOpt = None,
    emergency_relationship: EcRelOpt = None,
    insurance: InsOpt = None,
    member_id: MemberOpt = None,
    group_number: GroupOpt = None,
    coverage: CoverageOpt = None,
    fee_exempt: FeeExemptOpt = None,
    diagnosis: DiagnosisOpt = None,
) -> None:
    """Add a patient: prompts on a terminal for what the options leave out.

    Example: sanctuary patients add --first Dana --last Ruiz --dob 1990-05-14 --insurance Aetna
    """
    from sanctuary_cli.practice.patients import patient_values

    raw = raw_fields(locals())
    prompt_missing(raw)
    values = patient_values(raw)
    therapist_id = current_therapist(ctx)["id"]
    row = app_context(ctx).db().one("patients.insert", **values, therapist_id=therapist_id)
    print(f"Added {safe(row['full_name'])} (id {row['patient_id']})")


@app.command("edit")
def patients_edit(
    ctx: typer.Context,
    ref: RefArg,
    first: FirstOpt = None,
    last: LastOpt = None,
    preferred_name: PreferredOpt = None,
    pronouns: PronounsOpt = None,
    dob: DobOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    address: AddressOpt = None,
    emergency_name: EcNameOpt = None,
    emergency_phone: EcPhoneOpt = None,
    emergency_relationship: EcRelOpt = None,
    insurance: InsOpt = None,
    member_id: MemberOpt = None,
    group_number: GroupOpt = None,
    coverage: CoverageOpt = None,
    fee_exempt: FeeExemptOpt = None,
    diagnosis: DiagnosisOpt = None,
    status: Annotated[
        str | None, typer.Option("--status", help="Active, Inactive or Completed.")
    ] = None,
) -> None:
    """Change a patient's details; only the options given change.

    Example: sanctuary patients edit "ben carter" --phone "+1 646 555 0100" --fee-exempt
    """
    from sanctuary_cli.errors import UserError
    from sanctuary_cli.practice.patients import patient_values
    from sanctuary_cli.practice.refs import resolve_patient

    raw = raw_fields(locals())
    raw["status"] = status
    values = patient_values(raw, for_update=True)
    if all(value is None for value in values.values()):
        raise UserError("Nothing to change: give at least one option (see --help)")
    db = app_context(ctx).db()
    patient = resolve_patient(db, ref)
    row = db.one("patients.update", **values, patient_id=patient["id"])
    print(f"Updated {safe(row['full_name'])} ({row['status']})")


@app.command("discharge")
def patients_discharge(
    ctx: typer.Context,
    ref: RefArg,
    inactive: Annotated[
        bool, typer.Option("--inactive", help="Status Inactive (paused) instead of Completed.")
    ] = False,
) -> None:
    """End treatment: status Completed (or Inactive); nothing is deleted.

    Example: sanctuary patients discharge "chloe davis"
    """
    from sanctuary_cli.practice.refs import resolve_patient

    db = app_context(ctx).db()
    patient = resolve_patient(db, ref)
    status = "Inactive" if inactive else "Completed"
    row = db.one("patients.discharge", patient_id=patient["id"], status=status)
    print(f"Discharged {safe(row['full_name'])}: status {row['status']}")
    if row["scheduled_ahead"]:
        err(
            f"Note: {row['scheduled_ahead']} appointment(s) are still scheduled; cancel them with "
            "`sanctuary appointments cancel`"
        )


@app.command("show")
def patients_show(
    ctx: typer.Context,
    ref: RefArg,
    json: JsonOption = False,
) -> None:
    """Show a patient's chart on one screen: contact, insurance, appointments, balance.

    Example: sanctuary patients show amelia
    """
    from sanctuary_cli.practice.charting import clinical_summary
    from sanctuary_cli.practice.patients import patient_chart
    from sanctuary_cli.practice.refs import resolve_patient

    app_ctx = app_context(ctx)
    patient = resolve_patient(app_ctx.db(), ref)
    chart = patient_chart(app_ctx.db(), patient["id"])
    from sanctuary_cli.practice.audit import record_read

    record_read(app_ctx.db(), "patients", patient["id"], patient["id"])
    chart["clinical"] = clinical_summary(app_ctx.db(), patient["id"])
    if json:
        import json as json_module

        from sanctuary_cli.cli.output import json_value

        print(json_module.dumps(json_value(chart, app_ctx.settings.tz), indent=2))
    else:
        print_chart(chart, app_ctx.settings.tz)


@app.command("import")
def patients_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV with a header row (see --help).")],
) -> None:
    """Import patients from CSV in one transaction; any bad row means nothing is stored.

    Columns: first_name,last_name (required), preferred_name, pronouns, date_of_birth, email,
    phone, address, emergency_contact_*, insurance_*, coverage_percent, fee_exempt,
    diagnosis_codes (separated by ;), status, intake_date. `patients export` writes this format.

    Example: sanctuary patients import new_patients.csv
    """
    from sanctuary_cli.errors import UserError
    from sanctuary_cli.practice.patients import ImportRejected, import_patients

    therapist_id = current_therapist(ctx)["id"]
    try:
        result = import_patients(app_context(ctx).db(), file, therapist_id)
    except ImportRejected as exc:
        result = exc.result
    for line in result.errors:
        err(line)
    if result.errors:
        raise UserError(f"{len(result.errors)} row(s) are invalid; nothing was imported")
    print(f"Imported {result.imported} patient(s)")


@app.command("export")
def patients_export(
    ctx: typer.Context,
    all_therapists: AllOpt = False,
    fmt: FormatOption = "csv",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Write every patient's details (the columns `patients import` reads), CSV by default.

    Example: sanctuary patients export > patients.csv
    """
    from sanctuary_cli.cli.output import render
    from sanctuary_cli.practice.patients import IMPORT_COLUMNS

    app_ctx = app_context(ctx)
    therapist_id = therapist_scope(ctx, all_therapists)
    rows = app_ctx.db().all("patients.export", therapist_id=therapist_id)
    from sanctuary_cli.practice.audit import record_read

    record_read(app_ctx.db(), "patients", None, None, action="EXPORT")
    # Exactly what `patients import` reads back, with the id first.
    columns = ["patient_id", *IMPORT_COLUMNS]
    render(rows, columns, output_format(fmt, csv, json), title="Patients")
