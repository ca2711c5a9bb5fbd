"""`sanctuary measures`: PHQ-9, GAD-7 and the C-SSRS screener."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.charts import (
    PlotOption,
    check_plot,
    initials,
    on_terminal,
    show_chart,
    write_chart,
)
from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, listing_options

app = typer.Typer(help=GROUP_HELP["measures"], no_args_is_help=True)

Patient = Annotated[str, typer.Argument(help="Patient name, id or id prefix.")]
RESULT_COLUMNS = [
    "measure_id",
    "administered_at",
    "instrument",
    "total",
    "severity",
    "change",
    "risk_flag",
]
# The measures drawn as a chart of totals (the C-SSRS screener is a yes/no screen).
CHARTED = {"phq9": "PHQ-9", "gad7": "GAD-7"}
TREND_COLUMNS = [
    "instrument",
    "administrations",
    "first_total",
    "latest_total",
    "change",
    "latest_severity",
    "sparkline",
]


@app.command("add")
@listing_options()
def measures_add(
    ctx: typer.Context,
    listing: Listing,
    patient: Patient,
    instrument: Annotated[str, typer.Argument(help="phq9, gad7 or cssrs.")],
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            help="PHQ-9/GAD-7: 0-3 per item, comma separated. C-SSRS: yes/no per question, "
            "'-' for skipped 3-5 (or give only 1, 2 and 6); question 6 is no, past or recent.",
        ),
    ] = None,
) -> None:
    """Score a questionnaire: asked item by item on a terminal, or given with --answers.

    Example: sanctuary measures add Benjamin cssrs --answers yes,no,no
    """
    from sanctuary_cli.cli.messages import say
    from sanctuary_cli.cli.output import interactive
    from sanctuary_cli.cli.prompts import measure_form
    from sanctuary_cli.practice.measures import add_measure

    ask = measure_form if interactive() else None
    row = add_measure(database(ctx), patient, instrument, answers, ask=ask)
    listing.show([row], RESULT_COLUMNS, title="Result")
    if row["risk_flag"]:
        say("Risk flag: follow up on suicide risk with this patient.")


@app.command("list")
@listing_options()
def measures_list(
    ctx: typer.Context,
    listing: Listing,
    patient: Patient,
    instrument: Annotated[str | None, typer.Option("--instrument", help="Only this one.")] = None,
) -> None:
    """List administrations, newest first, with item answers and change since the previous.

    Example: sanctuary measures list Amelia --instrument phq9 --csv
    """
    from sanctuary_cli.practice.measures import list_measures

    measures = list_measures(
        database(ctx), patient, instrument=instrument, export=listing.is_export
    )
    listing.show(
        measures["entries"],
        [*RESULT_COLUMNS, "answers"],
        title=f"Measures of {measures['patient_name']}",
        empty="No measures yet.",
    )


@app.command("trend")
@listing_options()
def measures_trend(
    ctx: typer.Context,
    listing: Listing,
    patient: Patient,
    instrument: Annotated[str | None, typer.Option("--instrument", help="Only this one.")] = None,
    plot: PlotOption = None,
) -> None:
    """Show each instrument's totals over time as a sparkline, first to latest; on a terminal
    a chart of PHQ-9 and GAD-7 follows, and --plot writes one as PNG or SVG.

    Example: sanctuary measures trend Amelia --instrument phq9 --plot amelia-phq9.png
    """
    from sanctuary_cli.cli.context import app_context
    from sanctuary_cli.cli.plots import terminal_chart
    from sanctuary_cli.errors import UserError
    from sanctuary_cli.practice.measures import measures_trend as trend_of
    from sanctuary_cli.rules.scoring import normalize_instrument

    check_plot(plot)
    only = normalize_instrument(instrument) if instrument else None
    trend = trend_of(database(ctx), patient, export=listing.is_export or plot is not None)
    charted = {
        kind: series
        for kind, series in trend["series"].items()
        if kind in CHARTED and series and only in (None, kind)
    }
    if plot is not None and len(charted) != 1:
        raise UserError(
            "--plot draws one measure: add --instrument phq9 or --instrument gad7"
            if charted
            else f"Nothing to plot: no {' or '.join(CHARTED.values())} scores"
        )
    listing.show(
        [row for row in trend["instruments"] if only in (None, row["instrument"])],
        TREND_COLUMNS,
        title=f"Measure trends of {trend['patient_name']}",
        empty="No measures yet.",
    )
    tz = app_context(ctx).settings.tz
    if on_terminal(listing):
        for kind, series in charted.items():
            show_chart(terminal_chart(series, kind, tz=tz))
    if plot is not None:
        ((kind, series),) = charted.items()
        write_chart(plot, series, kind, tz=tz)


@app.command("outcomes")
@listing_options(all_therapists="Every clinician's patients, not only yours.")
def measures_outcomes(
    ctx: typer.Context,
    listing: Listing,
    patient: Annotated[str | None, typer.Argument(help="Only this patient.")] = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="phq9 or gad7 (default: both).")
    ] = None,
    summary: Annotated[
        bool,
        typer.Option("--summary", help="Only the caseload summary (rates per measure)."),
    ] = False,
    plot: PlotOption = None,
) -> None:
    """Each patient's PHQ-9 and GAD-7 outcome over the current episode of care (baseline,
    latest, change, response, remission, reliable change), then the caseload summary.

    CSV and JSON hold the per-patient rows; --summary gives the summary rows instead. On a
    terminal a chart follows; --plot writes it (one measure) as PNG or SVG.

    Example: sanctuary measures outcomes --all-therapists --csv > outcomes.csv
    """
    from sanctuary_cli.cli.plots import terminal_outcomes
    from sanctuary_cli.errors import UserError
    from sanctuary_cli.practice.outcomes import caseload_outcomes
    from sanctuary_cli.rules.outcomes import OUTCOME_COLUMNS, SUMMARY_COLUMNS

    check_plot(plot)
    found = caseload_outcomes(
        database(ctx),
        patient,
        measure=measure,
        all_therapists=listing.all_therapists,
        export=listing.is_export or plot is not None,
    )
    charted = {kind: rows for kind, rows in found.by_measure.items() if rows}
    if plot is not None and len(charted) != 1:
        raise UserError(
            "--plot draws one measure: add --measure phq9 or --measure gad7"
            if charted
            else "Nothing to plot: no patient has two scores in this episode of care"
        )
    if not summary:
        listing.show(
            found.rows,
            ["patient_name", *OUTCOME_COLUMNS],
            title="Outcomes over the current episode of care",
            empty="No patient has two PHQ-9 or GAD-7 scores in this episode of care.",
        )
    if summary or listing.format in ("table", "markdown"):
        listing.show(found.summary, SUMMARY_COLUMNS, title="Caseload summary")
    if on_terminal(listing):
        for rows in charted.values():
            show_chart(terminal_outcomes([(name, item) for name, _, item in rows]))
    if plot is not None:
        ((_, rows),) = charted.items()
        write_chart(plot, [(initials(name, ref), item) for name, ref, item in rows], "outcomes")
