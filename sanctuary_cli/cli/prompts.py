"""Questionary prompts: a long text (or $EDITOR), measures, addenda, the patient of a note, and
passwords (the note form is cli/note_form.py; note files, its non-interactive equivalent, are
read by cli/note_files.py). questionary is imported inside the functions that ask, so
`sanctuary --help` never loads it.
"""

from __future__ import annotations

from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules import scoring

EDITOR_HINT = "(type !e to write it in $EDITOR)"


# --- Interactive prompts ---------------------------------------------------------------------


def ask_patient() -> str:
    """The patient a note is about, asked on a terminal; an error off one."""
    from sanctuary_cli.cli.output import interactive

    if not interactive():
        raise UserError("Give an appointment id or a patient for the note")
    import questionary

    return ask(questionary.text("Patient (name or id)")).strip() or ask_patient()


def long_text(label: str, default: str = "") -> str:
    """One line typed at the prompt, or `!e` to write it in $EDITOR."""
    import questionary

    answer = ask(questionary.text(f"{label} {EDITOR_HINT}", default=default))
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
            answers.append(ask(questionary.select(f"{number}. {text}", choices=scale)))
        elif not scoring.cssrs_asks(number, answers):
            answers.append(None)
        elif number == 6:
            scale = [
                questionary.Choice(label, value=value)
                for value, label in enumerate(scoring.CSSRS_BEHAVIOUR_ANSWERS)
            ]
            answers.append(ask(questionary.select(f"{number}. {text}", choices=scale)))
        else:
            yes = ask(questionary.confirm(f"{number}. {text}", default=False))
            answers.append(1 if yes else 0)
    return answers


def addendum_form() -> str:
    return long_text("Addendum")


def ask(question: Any) -> Any:
    """The answer. Ctrl-C (or SIGTERM/SIGHUP, errors.Stopped) propagates as KeyboardInterrupt
    for the caller to handle, carrying what was typed at a text prompt (`typed`): questionary's
    own `ask()` would print "Cancelled by user" on stdout and return None, a second message
    besides the one the root prints."""
    try:
        answer = question.unsafe_ask()
    except KeyboardInterrupt as exc:
        exc.typed = _typed_so_far(question)
        raise
    if answer is None:
        raise UserError("Cancelled; nothing was saved")
    return answer


def _typed_so_far(question: Any) -> str | None:
    try:
        return str(question.application.current_buffer.text)
    except Exception:  # no buffer (a choice list): nothing was typed
        return None


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
