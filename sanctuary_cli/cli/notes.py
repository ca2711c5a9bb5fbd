"""`sanctuary notes`: session notes with a structured risk assessment, editing until signed,
drafts, contact notes, signing and addenda."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sanctuary_cli.cli.context import app_context, database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.note_flags import NoteOptions, note_options
from sanctuary_cli.cli.options import Listing, Written, listing_options, written_options

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
# What `notes add`/`notes edit` print with --format (the row written).
WRITTEN_COLUMNS = [
    "note_id",
    "patient_id",
    "patient_name",
    "session_date",
    "template",
    "mood_rating",
    "mood_entry_id",
    "risk_level",
    "tags",
    "is_private",
    "status",
    "signed_at",
]
CONTACT_COLUMNS = [
    "note_id",
    "patient_id",
    "patient_name",
    "session_date",
    "template",
    "contact_kind",
    "contact_minutes",
    "status",
    "signed_at",
]
NoteRef = Annotated[str, typer.Argument(help="Note id or id prefix.")]
Sign = Annotated[bool, typer.Option("--sign", help="Sign the note at once.")]
IncludePrivate = Annotated[
    bool,
    typer.Option(
        "--include-private",
        help="Also your own private psychotherapy notes in CSV/JSON/Markdown output.",
    ),
]


@app.command("add")
@written_options()
@note_options()
def notes_add(
    ctx: typer.Context,
    note: NoteOptions,
    written: Written,
    target: Annotated[
        str | None, typer.Argument(help="Appointment id (prefix) or patient.", show_default=False)
    ] = None,
    private: Annotated[
        bool, typer.Option("--private", help="A private psychotherapy note: only you see it.")
    ] = False,
    sign: Sign = False,
    plan_objective: Annotated[
        list[str] | None,
        typer.Option(
            "--plan-objective",
            help="A treatment plan objective the session worked on: its number, id or words "
            "(repeatable). (--objective is the SOAP section.)",
        ),
    ] = None,
) -> None:
    """Write a note; on a terminal a form asks for each section, otherwise flags or a file.

    Example: sanctuary notes add Amelia -t dap --data "..." --assessment "..." --plan ... --risk low
    """
    from sanctuary_cli.practice.notes import add_note

    flags = {**note.flags, "private": private}
    questions = note_questions(ctx, target, NoteOptions(note.from_file, flags))
    with questions.keeping_draft():
        saved = add_note(database(ctx), questions, sign=sign, objectives=plan_objective or [])
    show_written(written, saved, "saved")


@app.command("edit")
@written_options()
@note_options()
def notes_edit(
    ctx: typer.Context, note: NoteOptions, written: Written, ref: NoteRef, sign: Sign = False
) -> None:
    """Change an unsigned note of yours: the options given replace what it says (tags too); on
    a terminal a form offers each section with its current text. A signed note is locked.

    Example: sanctuary notes edit 3f2a9c --plan "Move to fortnightly sessions" --mood 6
    """
    from sanctuary_cli.practice.note_edit import edit_note

    questions = note_questions(ctx, None, note, note_ref=ref)
    with questions.keeping_draft():
        saved = edit_note(database(ctx), ref, questions, sign=sign)
    show_written(written, saved, "updated")


def note_questions(
    ctx: typer.Context, target: str | None, note: NoteOptions, *, note_ref: str | None = None
):
    from sanctuary_cli.cli.note_form import NoteQuestions

    settings = app_context(ctx).settings
    return NoteQuestions(target, note, Path(settings.data_dir), settings.tz, note_ref=note_ref)


def show_written(written: Written, saved: dict, done: str) -> None:
    """The note written: one line, or its row with --format."""
    state = "signed" if saved["signed_at"] else "unsigned"
    kind = "Private note" if saved["is_private"] else "Note"
    line = f"{kind} {saved['note_id']} {done} for {saved['session_date']} ({state})"
    written.show(saved, WRITTEN_COLUMNS, line)


@app.command("contact")
@written_options()
def notes_contact(
    ctx: typer.Context,
    written: Written,
    patient: Annotated[str, typer.Argument(help="Patient name, id or id prefix.")],
    text: Annotated[str, typer.Argument(help="What the contact was about.")],
    minutes: Annotated[
        str | None, typer.Option("--minutes", help="How long it took (1-600).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="phone (default), email, message or other.")
    ] = None,
) -> None:
    """Record a brief contact (a phone call, an email): no template, no risk assessment,
    signed as it is written; shown in `notes list` and the chart.

    Example: sanctuary notes contact Amelia "Moved Tuesday's session to 3pm" --minutes 5
    """
    from sanctuary_cli.practice.contact_notes import add_contact

    saved = add_contact(database(ctx), patient, text, minutes=minutes, kind=kind)
    length = f", {saved['contact_minutes']} min" if saved["contact_minutes"] else ""
    line = (
        f"Contact note {saved['note_id']} ({saved['contact_kind']}{length}) signed for "
        f"{saved['patient_name']}"
    )
    written.show(saved, CONTACT_COLUMNS, line)


@app.command("list")
@listing_options()
def notes_list(
    ctx: typer.Context,
    listing: Listing,
    patient: Annotated[str | None, typer.Argument(help="Only this patient.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 50,
    include_private: IncludePrivate = False,
) -> None:
    """List notes, newest first, with tags, mood and signing state (contact notes too).

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
def notes_show(ctx: typer.Context, listing: Listing, ref: NoteRef) -> None:
    """Show one note: sections, risk assessment, tags, signature and addenda (--json: one
    object, sections nested, addenda a list).

    Example: sanctuary notes show 3f2a9c
    """
    from sanctuary_cli.practice.note_show import show_note

    shown = show_note(database(ctx), ref, export=listing.is_export)
    if listing.format == "json":
        from sanctuary_cli.cli.views import print_json

        print_json(shown.record, app_context(ctx).tz)
        return
    listing.show(shown.fields, ["field", "value"], title=f"Note {str(shown.note_id)[:8]}")


@app.command("search")
@listing_options()
def notes_search(
    ctx: typer.Context,
    listing: Listing,
    text: Annotated[str, typer.Argument(help='Words; "quoted phrase", or, -exclude.')],
    include_private: IncludePrivate = False,
    first_day: Annotated[
        str | None, typer.Option("--from", help="First session day searched (ISO, jan 5...).")
    ] = None,
    last_day: Annotated[str | None, typer.Option("--to", help="Last session day searched.")] = None,
) -> None:
    """Search the text of notes (full-text, English stemming), best match first among the
    newest 500 that match; --from/--to search an earlier period.

    Example: sanctuary notes search "sleep OR insomnia" --from 2024-01-01 --to 2024-12-31
    """
    from sanctuary_cli.cli.messages import say
    from sanctuary_cli.practice.notes import NOTE_SEARCH_POOL, search_notes

    found = search_notes(
        database(ctx),
        text,
        include_private=include_private,
        export=listing.is_export,
        first_day=first_day,
        last_day=last_day,
    )
    listing.show(found.rows, SEARCH_COLUMNS, title="Matching notes", empty="No note matches.")
    if found.older_unranked:
        say(
            f"More than {NOTE_SEARCH_POOL} notes match: these are the best of the newest "
            f"{NOTE_SEARCH_POOL}. Use --from/--to to search an earlier period."
        )


@app.command("sign")
@written_options()
def notes_sign(ctx: typer.Context, written: Written, ref: NoteRef) -> None:
    """Sign a note; the database then refuses any change to it (corrections are addenda).

    Example: sanctuary notes sign 3f2a9c
    """
    from sanctuary_cli.practice.notes import sign_note

    signed = sign_note(database(ctx), ref)
    signed_at = signed["signed_at"].astimezone(app_context(ctx).tz)
    line = f"Signed note {signed['note_id']} at {signed_at:%Y-%m-%d %H:%M %Z}"
    written.show(signed, ["note_id", "patient_id", "status", "signed_at"], line)


@app.command("amend")
@written_options()
def notes_amend(
    ctx: typer.Context,
    written: Written,
    ref: NoteRef,
    text: Annotated[str | None, typer.Option("--text", help="The addendum.")] = None,
    from_file: Annotated[
        Path | None, typer.Option("--from-file", exists=True, dir_okay=False)
    ] = None,
) -> None:
    """Add a dated addendum to a note (how a signed note is corrected).

    Example: sanctuary notes amend 3f2a9c --text "Correction: session was 50 minutes."
    """
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
    line = f"Addendum {added['addendum_id']} added to note {added['note_id']}"
    written.show(added, ["addendum_id", "note_id", "patient_id", "created_at"], line)
