"""`sanctuary notes`: session notes with a structured risk assessment, signing and addenda."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sanctuary_cli.cli.context import app_context, database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, listing_options

app = typer.Typer(help=GROUP_HELP["notes"], no_args_is_help=True)

LIST_COLUMNS = [
    "note_id",
    "session_date",
    "patient_name",
    "template",
    "mood_rating",
    "risk_level",
    "tags",
    "status",
    "is_private",
    "addenda",
]
SEARCH_COLUMNS = ["note_id", "session_date", "patient_name", "status", "is_private", "excerpt"]

Text = Annotated[str | None, typer.Option(show_default=False, help="Section text.")]
IncludePrivate = Annotated[
    bool,
    typer.Option(
        "--include-private",
        help="Also your own private psychotherapy notes in CSV/JSON/Markdown output.",
    ),
]


@app.command("add")
def notes_add(
    ctx: typer.Context,
    target: Annotated[
        str | None, typer.Argument(help="Appointment id (prefix) or patient.", show_default=False)
    ] = None,
    template: Annotated[
        str | None, typer.Option("--template", "-t", help="soap, dap or birp (default soap).")
    ] = None,
    private: Annotated[
        bool, typer.Option("--private", help="A private psychotherapy note: only you see it.")
    ] = False,
    from_file: Annotated[
        Path | None,
        typer.Option("--from-file", exists=True, dir_okay=False, help="YAML, JSON or Markdown."),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Tag (repeatable).")] = None,
    subjective: Text = None,
    objective: Text = None,
    assessment: Text = None,
    plan: Text = None,
    data: Text = None,
    behavior: Text = None,
    intervention: Text = None,
    response: Text = None,
    mood: Annotated[int | None, typer.Option("--mood", help="Mood rating 1-10.")] = None,
    suicidal_ideation: Annotated[
        str | None,
        typer.Option(
            help="none, passive, active-without-plan, active-with-plan, active-with-intent."
        ),
    ] = None,
    self_harm: Annotated[str | None, typer.Option(help="none, past or current.")] = None,
    homicidal_ideation: Annotated[str | None, typer.Option(help="none, passive or active.")] = None,
    protective_factor: Annotated[
        list[str] | None, typer.Option("--protective-factor", help="Repeatable.")
    ] = None,
    protective_note: Text = None,
    risk: Annotated[
        str | None, typer.Option("--risk", help="Overall risk: low, moderate, high, imminent.")
    ] = None,
    safety_plan: Annotated[
        str | None, typer.Option(help="Required when risk is moderate or above.")
    ] = None,
    crisis: Annotated[list[str] | None, typer.Option("--crisis", help="Crisis indicator.")] = None,
    session_date: Annotated[
        str | None, typer.Option("--date", help="Session date YYYY-MM-DD (default today).")
    ] = None,
    sign: Annotated[bool, typer.Option("--sign", help="Sign the note at once.")] = False,
) -> None:
    """Write a note; on a terminal a form asks for each section, otherwise flags or a file.

    Example: sanctuary notes add Amelia -t dap --data "..." --assessment "..." --plan ... --risk low
    """
    from sanctuary_cli.cli.messages import result
    from sanctuary_cli.cli.prompts import NoteQuestions
    from sanctuary_cli.practice.notes import add_note

    flags = {
        "template": template,
        "private": private,
        "tags": tag or [],
        "mood": mood,
        "session_date": session_date,
        "sections": {
            "subjective": subjective,
            "objective": objective,
            "assessment": assessment,
            "plan": plan,
            "data": data,
            "behavior": behavior,
            "intervention": intervention,
            "response": response,
        },
        "risk": {
            "suicidal_ideation": suicidal_ideation,
            "self_harm": self_harm,
            "homicidal_ideation": homicidal_ideation,
            "protective_factors": protective_factor or [],
            "protective_factors_note": protective_note,
            "level": risk,
            "safety_plan": safety_plan,
            "crisis_indicators": crisis or [],
        },
    }
    saved = add_note(database(ctx), NoteQuestions(target, flags, from_file), sign=sign)
    state = "signed" if saved["signed_at"] else "unsigned"
    kind = "Private note" if saved["is_private"] else "Note"
    result(f"{kind} {saved['note_id']} saved for {saved['session_date']} ({state})")


@app.command("list")
@listing_options()
def notes_list(
    ctx: typer.Context,
    listing: Listing,
    patient: Annotated[str | None, typer.Argument(help="Only this patient.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 50,
    include_private: IncludePrivate = False,
) -> None:
    """List notes, newest first, with tags, mood and signing state.

    Your private notes show in the table; CSV, JSON and Markdown leave them out unless
    --include-private is given.

    Example: sanctuary notes list Amelia --csv > amelia-notes.csv
    """
    from sanctuary_cli.practice.notes import list_notes

    rows = list_notes(
        database(ctx),
        patient,
        include_private=include_private,
        export=listing.is_export,
        limit=limit,
    )
    listing.show(rows, LIST_COLUMNS, title="Session notes", empty="No notes yet.")


@app.command("show")
@listing_options()
def notes_show(
    ctx: typer.Context,
    listing: Listing,
    ref: Annotated[str, typer.Argument(help="Note id or id prefix.")],
) -> None:
    """Show one note: sections, risk assessment, tags, signature and addenda.

    Example: sanctuary notes show 3f2a9c
    """
    from sanctuary_cli.practice.notes import show_note

    shown = show_note(database(ctx), ref, export=listing.is_export)
    listing.show(shown.fields, ["field", "value"], title=f"Note {str(shown.note_id)[:8]}")


@app.command("search")
@listing_options()
def notes_search(
    ctx: typer.Context,
    listing: Listing,
    text: Annotated[str, typer.Argument(help='Words; "quoted phrase", or, -exclude.')],
    include_private: IncludePrivate = False,
) -> None:
    """Search the text of notes (full-text, English stemming), best match first.

    Example: sanctuary notes search "sleep OR insomnia"
    """
    from sanctuary_cli.practice.notes import search_notes

    rows = search_notes(
        database(ctx), text, include_private=include_private, export=listing.is_export
    )
    listing.show(rows, SEARCH_COLUMNS, title="Matching notes", empty="No note matches.")


@app.command("sign")
def notes_sign(
    ctx: typer.Context, ref: Annotated[str, typer.Argument(help="Note id or id prefix.")]
) -> None:
    """Sign a note; the database then refuses any change to it (corrections are addenda).

    Example: sanctuary notes sign 3f2a9c
    """
    from sanctuary_cli.cli.messages import result
    from sanctuary_cli.practice.notes import sign_note

    signed = sign_note(database(ctx), ref)
    signed_at = signed["signed_at"].astimezone(app_context(ctx).tz)
    result(f"Signed note {signed['note_id']} at {signed_at:%Y-%m-%d %H:%M %Z}")


@app.command("amend")
def notes_amend(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Note id or id prefix.")],
    text: Annotated[str | None, typer.Option("--text", help="The addendum.")] = None,
    from_file: Annotated[
        Path | None, typer.Option("--from-file", exists=True, dir_okay=False)
    ] = None,
) -> None:
    """Add a dated addendum to a note (how a signed note is corrected).

    Example: sanctuary notes amend 3f2a9c --text "Correction: session was 50 minutes."
    """
    from sanctuary_cli.cli.messages import result
    from sanctuary_cli.cli.output import interactive
    from sanctuary_cli.errors import UserError
    from sanctuary_cli.practice.notes import add_addendum

    if from_file is not None:
        from sanctuary_cli.cli.note_files import read_text_file

        text = read_text_file(from_file)
    if text is None:
        if not interactive():
            raise UserError("Give the addendum with --text or --from-file")
        from sanctuary_cli.cli.prompts import addendum_form

        text = addendum_form()
    added = add_addendum(database(ctx), ref, text)
    result(f"Addendum {added['addendum_id']} added to note {added['note_id']}")
