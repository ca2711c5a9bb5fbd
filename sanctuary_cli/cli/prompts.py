"""Questionary forms for notes, measures and addenda (note files, their non-interactive
equivalent, are read by cli/note_files.py). questionary is imported inside the functions that
ask, so `sanctuary --help` never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctuary_cli.cli.note_files import load_note_file
from sanctuary_cli.errors import UserError
from sanctuary_cli.rules import risk as vocabulary
from sanctuary_cli.rules import scoring
from sanctuary_cli.rules.note_files import merge_note_fields
from sanctuary_cli.rules.notes import TEMPLATES, template_sections
from sanctuary_cli.rules.trends import rating

EDITOR_HINT = "(type !e to write it in $EDITOR)"


# --- Interactive forms -----------------------------------------------------------------------


@dataclass(frozen=True)
class NoteQuestions:
    """What `notes add` was given, and the questions for the rest (practice/notes.NoteInput)."""

    given_target: str | None
    flags: dict[str, Any]
    from_file: Path | None

    def target(self) -> str:
        return self.given_target or ask_patient()

    def fields(self, known_tags: Callable[[], list[str]]) -> dict[str, Any]:
        return note_fields(self.flags, self.from_file, known_tags)


def note_fields(
    flags: dict[str, Any], from_file: Path | None, known_tags: Callable[[], list[str]]
) -> dict[str, Any]:
    """File fields overridden by flags; on a terminal without a file, the form fills the rest
    (off a terminal nothing is asked: note_draft reports what is missing)."""
    from sanctuary_cli.cli.output import interactive

    base = load_note_file(from_file) if from_file else {}
    fields = merge_note_fields(base, flags)
    if from_file is None and interactive():
        fields = note_form(fields, known_tags())
    return fields


def ask_patient() -> str:
    """The patient a note is about, asked on a terminal; an error off one."""
    from sanctuary_cli.cli.output import interactive

    if not interactive():
        raise UserError("Give an appointment id or a patient for the note")
    import questionary

    return _ask(questionary.text("Patient (name or id)")).strip() or ask_patient()


def note_form(fields: dict[str, Any], known_tags: list[str]) -> dict[str, Any]:
    """Ask for each section of the template, then the risk assessment, mood and tags; values
    already given as flags are offered as defaults."""
    import questionary

    fields = dict(fields)
    template = fields.get("template") or _ask(
        questionary.select("Template", choices=list(TEMPLATES), default="soap")
    )
    fields["template"] = template
    sections = dict(fields.get("sections") or {})
    for key, label in template_sections(template):
        sections[key] = long_text(label, sections.get(key) or "")
    fields["sections"] = sections
    if not fields.get("private"):
        fields["risk"] = risk_form(fields.get("risk") or {})
        mood = _ask(
            questionary.text(
                "Mood rating 1-10 (blank to skip)",
                default=str(fields.get("mood") or ""),
                validate=_optional_rating,
            )
        )
        fields["mood"] = int(mood) if mood.strip() else None
    chosen = (
        _ask(
            questionary.checkbox(
                "Tags (space to select)",
                choices=[
                    questionary.Choice(t, checked=t in (fields.get("tags") or []))
                    for t in known_tags
                ],
            )
        )
        if known_tags
        else []
    )
    extra = _ask(questionary.text("New tags, comma separated (blank for none)", default=""))
    fields["tags"] = [*chosen, *[t for t in extra.split(",") if t.strip()]]
    return fields


def risk_form(risk: dict[str, Any]) -> dict[str, Any]:
    """The structured risk assessment; a safety plan is asked for at moderate risk or above."""
    import questionary

    risk = dict(risk)
    risk["suicidal_ideation"] = _ask(
        questionary.select(
            "Suicidal ideation",
            choices=list(vocabulary.SUICIDAL_IDEATION),
            default=risk.get("suicidal_ideation") or "none",
        )
    )
    risk["self_harm"] = _ask(
        questionary.select(
            "Self-harm", choices=list(vocabulary.SELF_HARM), default=risk.get("self_harm") or "none"
        )
    )
    risk["homicidal_ideation"] = _ask(
        questionary.select(
            "Homicidal ideation",
            choices=list(vocabulary.HOMICIDAL_IDEATION),
            default=risk.get("homicidal_ideation") or "none",
        )
    )
    given = set(risk.get("protective_factors") or [])
    risk["protective_factors"] = _ask(
        questionary.checkbox(
            "Protective factors (space to select)",
            choices=[
                questionary.Choice(f, checked=f in given) for f in vocabulary.PROTECTIVE_FACTORS
            ],
        )
    )
    risk["protective_factors_note"] = _ask(
        questionary.text(
            "Other protective factors (blank for none)",
            default=risk.get("protective_factors_note") or "",
        )
    )
    risk["level"] = _ask(
        questionary.select(
            "Overall risk", choices=list(vocabulary.RISK_LEVELS), default=risk.get("level") or "low"
        )
    )
    if risk["level"] != "low":
        plan = ""
        while not plan.strip():
            plan = long_text(
                "Safety plan (required at moderate risk or above)", risk.get("safety_plan") or ""
            )
        risk["safety_plan"] = plan
    return risk


def long_text(label: str, default: str = "") -> str:
    """One line typed at the prompt, or `!e` to write it in $EDITOR."""
    import questionary

    answer = _ask(questionary.text(f"{label} {EDITOR_HINT}", default=default))
    if answer.strip() == "!e":
        return edit_in_editor(default).strip() or default
    return answer.strip()


def edit_in_editor(text: str) -> str:
    """Open $VISUAL / $EDITOR (default vi) on a private temporary file; its text afterwards."""
    import os
    import shlex
    import subprocess
    import tempfile

    command = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
    fd, name = tempfile.mkstemp(prefix="sanctuary-", suffix=".md")  # mode 0600: it holds PHI
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            finished = subprocess.run([*command, name], check=False)
        except OSError:
            raise UserError(f"Cannot run the editor {command[0]!r}; set $EDITOR") from None
        if finished.returncode != 0:
            raise UserError("The editor exited with an error; nothing was saved")
        with open(name, encoding="utf-8") as handle:
            return handle.read()
    finally:
        os.unlink(name)


def measure_form(instrument: str) -> list[int | None]:
    """Administer a questionnaire item by item with its standard wording and answer scale;
    the C-SSRS screener skips questions 3-5 unless question 2 is yes."""
    import questionary

    instrument = scoring.normalize_instrument(instrument)
    items = scoring.ITEMS[instrument]
    answers: list[int | None] = []
    stem = f"{scoring.INSTRUMENT_NAMES[instrument]}. {scoring.STEMS[instrument]}\n"
    for number, text in enumerate(items, start=1):
        text = (stem if number == 1 else "") + text
        if instrument != "cssrs":
            scale = [
                questionary.Choice(f"{value} {label}", value=value)
                for value, label in enumerate(scoring.FREQUENCY_SCALE)
            ]
            answers.append(_ask(questionary.select(f"{number}. {text}", choices=scale)))
        elif not scoring.cssrs_asks(number, answers):
            answers.append(None)
        elif number == 6:
            scale = [
                questionary.Choice(label, value=value)
                for value, label in enumerate(scoring.CSSRS_BEHAVIOUR_ANSWERS)
            ]
            answers.append(_ask(questionary.select(f"{number}. {text}", choices=scale)))
        else:
            yes = _ask(questionary.confirm(f"{number}. {text}", default=False))
            answers.append(1 if yes else 0)
    return answers


def addendum_form() -> str:
    return long_text("Addendum")


def _optional_rating(text: str) -> bool | str:
    if not text.strip():
        return True
    try:
        rating(text)
    except UserError as exc:
        return str(exc)
    return True


def _ask(question: Any) -> Any:
    """The answer, or a clean stop when the person presses Ctrl-C."""
    answer = question.ask()
    if answer is None:
        raise UserError("Cancelled; nothing was saved")
    return answer


# --- Passwords -------------------------------------------------------------------------------


def new_password() -> str | None:
    """A new login's password typed twice on a terminal; None (generate one) when left empty
    or when there is no terminal."""
    import getpass

    from sanctuary_cli.cli.output import interactive

    if not interactive():
        return None
    first = getpass.getpass("Database password for the new login (empty: generate one): ")
    if not first:
        return None
    if getpass.getpass("Again: ") != first:
        raise UserError("The two passwords differ; nothing was created")
    return first


def backup_passphrase(*, confirm: bool) -> str | None:
    """The backup passphrase typed on a terminal (twice when it is new); None off a terminal."""
    import getpass

    from sanctuary_cli.cli.output import interactive

    if not interactive():
        return None
    first = getpass.getpass("Backup passphrase: ")
    if confirm and first and getpass.getpass("Again: ") != first:
        raise UserError("The two passphrases differ; nothing was written")
    return first or None
