"""The options of a note, declared once for `notes add` and `notes edit` (docs/clinical-notes.md,
"Writing a note"): `@note_options()` gives a command every one of them and hands it one
`NoteOptions`: the note file, and the flags as note fields shaped like a file's (None or empty:
not given; rules/note_files.merge_note_fields)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from sanctuary_cli.cli.options import _keyword, _with_parameters

Text = Annotated[str | None, typer.Option(show_default=False, help="Section text.")]
SECTIONS = (
    "subjective",
    "objective",
    "assessment",
    "plan",
    "data",
    "behavior",
    "intervention",
    "response",
)
# (parameter, annotation): every option `notes add` and `notes edit` share.
NOTE_OPTIONS: list[tuple[str, Any]] = [
    (
        "template",
        Annotated[
            str | None, typer.Option("--template", "-t", help="soap, dap or birp (default soap).")
        ],
    ),
    (
        "from_file",
        Annotated[
            Path | None,
            typer.Option(
                "--from-file", exists=True, dir_okay=False, help="YAML, JSON or Markdown."
            ),
        ],
    ),
    ("tag", Annotated[list[str] | None, typer.Option("--tag", help="Tag (repeatable).")]),
    *((section, Text) for section in SECTIONS),
    ("mood", Annotated[int | None, typer.Option("--mood", help="Mood rating 1-10.")]),
    (
        "suicidal_ideation",
        Annotated[
            str | None,
            typer.Option(
                help="none, passive, active-without-plan, active-with-plan, active-with-intent."
            ),
        ],
    ),
    ("self_harm", Annotated[str | None, typer.Option(help="none, past or current.")]),
    ("homicidal_ideation", Annotated[str | None, typer.Option(help="none, passive or active.")]),
    (
        "protective_factor",
        Annotated[list[str] | None, typer.Option("--protective-factor", help="Repeatable.")],
    ),
    (
        "protective_note",
        Annotated[
            str | None,
            typer.Option(show_default=False, help="Other protective factors, in words."),
        ],
    ),
    (
        "risk",
        Annotated[
            str | None, typer.Option("--risk", help="Overall risk: low, moderate, high, imminent.")
        ],
    ),
    (
        "safety_plan",
        Annotated[str | None, typer.Option(help="Required when risk is moderate or above.")],
    ),
    ("crisis", Annotated[list[str] | None, typer.Option("--crisis", help="Crisis indicator.")]),
    (
        "session_date",
        Annotated[
            str | None,
            typer.Option("--date", help="Session date: YYYY-MM-DD, yesterday... (not ahead)."),
        ],
    ),
]


@dataclass(frozen=True)
class NoteOptions:
    from_file: Path | None
    flags: dict[str, Any]


def note_options() -> Callable:
    """Add the note options to a command that takes `ctx` and `note: NoteOptions`."""
    extra = [_keyword(name, annotation, None) for name, annotation in NOTE_OPTIONS]

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            given = {name: kwargs.pop(name) for name, _ in NOTE_OPTIONS}
            kwargs["note"] = NoteOptions(given["from_file"], note_flags(given))
            return command(*args, **kwargs)

        return _with_parameters(run, command, drop="note", add=extra)

    return decorate


def note_flags(given: dict[str, Any]) -> dict[str, Any]:
    """The options as note fields, shaped like a note file's (rules/note_files.py)."""
    return {
        "template": given["template"],
        "tags": given["tag"] or [],
        "mood": given["mood"],
        "session_date": given["session_date"],
        "sections": {section: given[section] for section in SECTIONS},
        "risk": {
            "suicidal_ideation": given["suicidal_ideation"],
            "self_harm": given["self_harm"],
            "homicidal_ideation": given["homicidal_ideation"],
            "protective_factors": given["protective_factor"] or [],
            "protective_factors_note": given["protective_note"],
            "level": given["risk"],
            "safety_plan": given["safety_plan"],
            "crisis_indicators": given["crisis"] or [],
        },
    }
