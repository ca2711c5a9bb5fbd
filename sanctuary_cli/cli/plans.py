"""`sanctuary plans`: treatment plans, versioned, signed and reviewed (docs/SPEC.md section 9)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sanctuary_cli.cli.context import app_context, database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, Written, listing_options, written_options

app = typer.Typer(help=GROUP_HELP["plans"], no_args_is_help=True)

Patient = Annotated[str, typer.Argument(help="Patient name, id or id prefix.")]
PlanRef = Annotated[
    str, typer.Argument(help="Plan version id (prefix), or a patient: their draft, else current.")
]
FromFile = Annotated[
    Path | None,
    typer.Option(
        "--from-file", exists=True, dir_okay=False, help="YAML or Markdown (docs/outcomes.md)."
    ),
]
WRITTEN_COLUMNS = [
    "plan_id",
    "patient_id",
    "patient_name",
    "version",
    "status",
    "objectives",
    "review_date",
]
SIGNED_COLUMNS = [
    "plan_id",
    "patient_id",
    "patient_name",
    "version",
    "status",
    "signed_at",
    "review_date",
]
LIST_COLUMNS = [
    "plan_id",
    "patient_name",
    "therapist_name",
    "version",
    "status",
    "signed_at",
    "review_date",
    "review_due",
]


@app.command("add")
@written_options()
def plans_add(
    ctx: typer.Context, written: Written, patient: Patient, from_file: FromFile = None
) -> None:
    """Write a patient's first treatment plan, as a draft to sign: from a file, or on a terminal
    a form asks for each problem, goal, objective and intervention.

    Example: sanctuary plans add Amelia --from-file amelia-plan.md
    """
    from sanctuary_cli.cli.plans_form import plan_supply
    from sanctuary_cli.practice.plans import add_plan

    supply = plan_supply(from_file, app_context(ctx).settings.tz)
    show_written(written, add_plan(database(ctx), patient, supply))


@app.command("review")
@written_options()
def plans_review(
    ctx: typer.Context,
    written: Written,
    ref: PlanRef,
    from_file: FromFile = None,
    unchanged: Annotated[
        bool, typer.Option("--unchanged", help="The new version repeats the current one.")
    ] = False,
) -> None:
    """Write the next version of a plan from the current one (earlier versions are kept): from
    a file, unchanged, or in the form with the current entries offered. Given a draft, the
    draft is rewritten.

    Example: sanctuary plans review Amelia --from-file amelia-plan-v2.yaml
    """
    from sanctuary_cli.cli.plans_form import plan_supply
    from sanctuary_cli.practice.plans import review_plan

    supply = plan_supply(from_file, app_context(ctx).settings.tz, unchanged=unchanged)
    show_written(written, review_plan(database(ctx), ref, supply))


def show_written(written: Written, saved: dict) -> None:
    from sanctuary_cli.cli.messages import say

    short = str(saved["plan_id"])[:8]
    line = (
        f"Draft plan {saved['plan_id']} (version {saved['version']}) saved for "
        f"{saved['patient_name']}, {saved['objectives']} objective(s)"
    )
    written.show(saved, WRITTEN_COLUMNS, line)
    say(f"Sign it with `sanctuary plans sign {short}`; the database then locks it.")


@app.command("sign")
@written_options()
def plans_sign(ctx: typer.Context, written: Written, ref: PlanRef) -> None:
    """Sign a draft plan; it is due for review on the date it names, else in 90 days, and the
    database then refuses any change to it (a change is a new version: `plans review`).

    Example: sanctuary plans sign Amelia
    """
    from sanctuary_cli.practice.plans import sign_plan

    signed = sign_plan(database(ctx), ref)
    line = (
        f"Signed plan {signed['plan_id']} (version {signed['version']}) of "
        f"{signed['patient_name']}; review by {signed['review_date']}"
    )
    written.show(signed, SIGNED_COLUMNS, line)


@app.command("show")
@listing_options()
def plans_show(ctx: typer.Context, listing: Listing, patient: Patient) -> None:
    """Show a patient's treatment plan: the current version and the earlier ones (a draft
    first), with under each objective its evidence: progress ratings, the notes that worked on
    it, and the latest score of its measure against the target (--json: one object).

    Example: sanctuary plans show Amelia
    """
    from sanctuary_cli.cli.plans_view import SHOW_COLUMNS, TABLE_COLUMNS, plan_rows, version_title
    from sanctuary_cli.practice.plans_show import show_plans

    shown = show_plans(database(ctx), patient, export=listing.is_export)
    tz = app_context(ctx).settings.tz
    if listing.format == "json":
        from sanctuary_cli.cli.views import print_json

        print_json(shown, tz)
        return
    if listing.format == "csv" or not shown["versions"]:
        rows = [row for version in shown["versions"] for row in plan_rows(version)]
        listing.show(rows, SHOW_COLUMNS, empty=f"{shown['patient_name']} has no treatment plan.")
        return
    for n, version in enumerate(shown["versions"]):
        if n:
            from sanctuary_cli.cli.messages import result

            result("")
        title = version_title(shown["patient_name"], version, tz)
        listing.show(plan_rows(version), TABLE_COLUMNS, title=title)


@app.command("list")
@listing_options(all_therapists="Every clinician's patients, not only yours.")
def plans_list(
    ctx: typer.Context,
    listing: Listing,
    due: Annotated[
        bool, typer.Option("--due", help="Only current plans whose review date has come.")
    ] = False,
) -> None:
    """List each patient's current plan and draft, the reviews due first (names and dates).

    Example: sanctuary plans list --due --all-therapists
    """
    from sanctuary_cli.practice.plans import list_plans

    rows = list_plans(
        database(ctx), due=due, all_therapists=listing.all_therapists, export=listing.is_export
    )
    empty = "No plan is due for review." if due else "No treatment plans yet."
    listing.show(rows, LIST_COLUMNS, title="Treatment plans", empty=empty)
