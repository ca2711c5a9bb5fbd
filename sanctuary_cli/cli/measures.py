"""`sanctuary measures`: PHQ-9, GAD-7 and the C-SSRS screener."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.context import app_context, current_therapist
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import CsvOption, FormatOption, JsonOption, output_format

app = typer.Typer(
    help=GROUP_HELP["measures"],
    no_args_is_help=True,
)

RESULT_COLUMNS = [
    "measure_id",
    "administered_at",
    "instrument",
    "total",
    "severity",
    "change",
    "risk_flag",
]


@app.command("add")
def measures_add(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="Patient name, id or id prefix.")],
    instrument: Annotated[str, typer.Argument(help="phq9, gad7 or cssrs.")],
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            help="PHQ-9/GAD-7: 0-3 per item, comma separated. C-SSRS: yes/no per question, "
            "'-' for skipped 3-5 (or give only 1, 2 and 6); question 6 is no, past or recent.",
        ),
    ] = None,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Score a questionnaire: asked item by item on a terminal, or given with --answers.

    Example: sanctuary measures add Benjamin cssrs --answers yes,no,no
    """
    from sanctuary_cli.cli.output import interactive, render
    from sanctuary_cli.errors import UserError
    from sanctuary_cli.practice.charting import add_measure
    from sanctuary_cli.rules import clinical

    app_ctx = app_context(ctx)
    db = app_ctx.db()
    therapist_id = current_therapist(ctx)["id"]
    name = clinical.normalize_instrument(instrument)
    if answers is not None:
        values = clinical.parse_answers(name, answers)
    elif interactive():
        from sanctuary_cli.cli.prompts import measure_form

        values = measure_form(name)
    else:
        raise UserError("Give the answers with --answers (no terminal to ask on)")
    row = add_measure(db, patient, therapist_id, clinical.score(name, values))
    render(
        [row], RESULT_COLUMNS, output_format(fmt, csv, json), title="Result", tz=app_ctx.settings.tz
    )
    if row["risk_flag"]:
        typer.echo("Risk flag: follow up on suicide risk with this patient.", err=True)


@app.command("list")
def measures_list(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="Patient name, id or id prefix.")],
    instrument: Annotated[str | None, typer.Option("--instrument", help="Only this one.")] = None,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """List administrations, newest first, with item answers and change since the previous.

    Example: sanctuary measures list Amelia --instrument phq9 --csv
    """
    from sanctuary_cli.cli.output import render
    from sanctuary_cli.practice.audit import record_shown
    from sanctuary_cli.practice.refs import resolve_patient
    from sanctuary_cli.rules.clinical import normalize_instrument

    app_ctx = app_context(ctx)
    db = app_ctx.db()
    chosen = output_format(fmt, csv, json)
    found = resolve_patient(db, patient)
    only = normalize_instrument(instrument) if instrument else None
    rows = db.all("measures.list", patient_id=found["id"], instrument=only)
    record_shown(
        db,
        "measure_administrations",
        rows,
        export=chosen != "table",
        id_key="measure_id",
        patient_id=found["id"],
    )
    render(
        rows,
        [*RESULT_COLUMNS, "answers"],
        chosen,
        title=f"Measures of {found['full_name']}",
        tz=app_ctx.settings.tz,
        empty_message="No measures yet.",
    )


@app.command("trend")
def measures_trend(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="Patient name, id or id prefix.")],
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Show each instrument's totals over time as a sparkline, first to latest.

    Example: sanctuary measures trend Amelia
    """
    from sanctuary_cli.cli.output import render
    from sanctuary_cli.practice.audit import record_shown
    from sanctuary_cli.practice.charting import measures_trend as trend_of
    from sanctuary_cli.practice.refs import resolve_patient

    db = app_context(ctx).db()
    chosen = output_format(fmt, csv, json)
    found = resolve_patient(db, patient)
    trend = trend_of(db, found["id"])
    record_shown(
        db, "measure_administrations", trend, export=chosen != "table", patient_id=found["id"]
    )
    render(
        trend,
        [
            "instrument",
            "administrations",
            "first_total",
            "latest_total",
            "change",
            "latest_severity",
            "sparkline",
        ],
        chosen,
        title=f"Measure trends of {found['full_name']}",
        empty_message="No measures yet.",
    )
