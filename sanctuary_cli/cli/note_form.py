"""The note form of `notes add` and `notes edit`, and the draft it keeps when interrupted
(docs/clinical-notes.md, "Drafts").

On a terminal, without a note file, each section of the template is asked (an edit offers the
note's current text), then the risk assessment, mood and tags. What is typed is gathered as it
is typed: if the form is interrupted (Ctrl-C, or a lost terminal: errors.Stopped) or the note is
then refused, it is kept as a draft file outside the record (store/drafts.py), which the next
`notes add`/`notes edit` of that note offers to resume. The database only ever sees a whole
note, in one transaction.
"""

from __future__ import annotations

import contextlib
import copy
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import typer

from sanctuary_cli.cli.note_flags import NoteOptions
from sanctuary_cli.cli.prompts import ask, ask_patient, long_text
from sanctuary_cli.errors import Stopped, UserError
from sanctuary_cli.rules import risk as vocabulary
from sanctuary_cli.rules.note_files import edited_note_fields, merge_note_fields
from sanctuary_cli.rules.notes import TEMPLATES, template_sections
from sanctuary_cli.rules.trends import rating
from sanctuary_cli.store import drafts

INTERRUPTED_EXIT = 130  # as a shell reports a command ended by SIGINT


@dataclass
class NoteQuestions:
    """What `notes add` or `notes edit` was given, the questions for the rest, and the draft
    (practice/notes.NoteInput). `note_ref` is the note an edit is about."""

    given_target: str | None
    options: NoteOptions
    data_dir: Path
    tz: ZoneInfo
    note_ref: str | None = None
    typed: dict[str, Any] | None = field(default=None, init=False)  # the form's, live
    started: dict[str, Any] | None = field(default=None, init=False)  # before it asked
    draft: Path | None = field(default=None, init=False)
    resume: str = field(default="", init=False)  # the command that offers the draft

    def target(self) -> str:
        self.given_target = self.given_target or ask_patient()
        return self.given_target

    def fields(self, context: Any) -> dict[str, Any]:
        """File fields overridden by flags (an edit starts from the note's own); on a terminal
        without a file, the form fills the rest (off one nothing is asked: the note's rules
        report what is missing)."""
        from sanctuary_cli.cli.note_files import load_note_file
        from sanctuary_cli.cli.output import interactive

        current = dict(context.current) if context.current is not None else None
        path = self.options.from_file
        base = load_note_file(path, (current or {}).get("template") or "soap") if path else {}
        changes = merge_note_fields(base, self.options.flags)
        fields = edited_note_fields(current, changes) if current is not None else changes
        if path is not None or not interactive():
            return fields
        self.draft = drafts.draft_path(
            self.data_dir, context.therapist_id, context.patient_id, context.note_id
        )
        self.resume = (
            f"sanctuary notes edit {str(context.note_id)[:8]}"
            if context.note_id
            else f"sanctuary notes add {shlex.quote(self.given_target or '')}"
        )
        fields = self.offer_draft(fields, changes)
        self.started = copy.deepcopy(fields)
        self.typed = fields
        note_form(fields, context.known_tags())
        return fields

    def offer_draft(self, fields: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        """The kept draft, resumed (what is given now still wins) or discarded, as asked."""
        import questionary

        assert self.draft is not None
        kept = drafts.load_draft(self.draft)
        if kept is None:
            return fields
        when = saved_when(kept.get("saved_at"), self.tz)
        if ask(questionary.confirm(f"Resume the draft of this note kept {when}?", default=True)):
            return merge_note_fields(kept["fields"], changes)
        drafts.discard_draft(self.draft)
        return fields

    @contextlib.contextmanager
    def keeping_draft(self) -> Iterator[None]:
        """Around the area call: the draft goes once the note is saved; an interruption or a
        refusal after typing began keeps what was typed, said in one line."""
        try:
            yield
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt as exc:
            if not self.keep():
                raise
            with contextlib.suppress(OSError):  # a lost terminal cannot be told
                from sanctuary_cli.cli.messages import say

                say(f"Interrupted; your draft is kept: `{self.resume}` offers it")
            code = exc.exit_code if isinstance(exc, Stopped) else INTERRUPTED_EXIT
            raise typer.Exit(code) from None
        except Exception as exc:
            if not self.keep():
                raise
            from sanctuary_cli.cli.app import describe_error

            message, code = describe_error(exc)
            kept = UserError(f"{message}; your draft is kept: `{self.resume}` offers it")
            kept.exit_code = code
            raise kept from None
        if self.draft is not None:
            drafts.discard_draft(self.draft)

    def keep(self) -> bool:
        """Write the draft of what the form gathered, if anything was typed; whether a draft
        is kept now (a resumed one stays when nothing was added to it)."""
        if self.typed is None or self.draft is None:
            return False
        if self.typed != self.started:
            about = {"command": self.resume, "note": self.note_ref}
            drafts.save_draft(self.draft, self.typed, about=about)
        return self.draft.exists()


def saved_when(saved_at: Any, tz: ZoneInfo) -> str:
    try:
        return f"{datetime.fromisoformat(str(saved_at)).astimezone(tz):%Y-%m-%d %H:%M}"
    except ValueError:
        return "earlier"


def note_form(fields: dict[str, Any], known_tags: list[str]) -> None:
    """Ask for each section of the template, then the risk assessment, mood and tags, filling
    `fields` as each answer comes (so an interruption keeps them); values already given (flags,
    the note being edited, a draft) are offered as defaults."""
    import questionary

    if not fields.get("template"):
        fields["template"] = ask(
            questionary.select("Template", choices=list(TEMPLATES), default="soap")
        )
    sections = fields["sections"] = dict(fields.get("sections") or {})
    for key, label in template_sections(fields["template"]):
        default = sections.get(key) or ""
        keep_typed(sections, key, lambda label=label, default=default: long_text(label, default))
    if not fields.get("private"):
        fields["risk"] = dict(fields.get("risk") or {})
        risk_form(fields["risk"])
        mood = ask(
            questionary.text(
                "Mood rating 1-10 (blank to skip)",
                default=str(fields.get("mood") or ""),
                validate=_optional_rating,
            )
        )
        fields["mood"] = int(mood) if mood.strip() else None
    given = list(fields.get("tags") or [])
    choices = list(dict.fromkeys([*known_tags, *given]))
    chosen = (
        ask(
            questionary.checkbox(
                "Tags (space to select)",
                choices=[questionary.Choice(t, checked=t in given) for t in choices],
            )
        )
        if choices
        else []
    )
    extra = ask(questionary.text("New tags, comma separated (blank for none)", default=""))
    fields["tags"] = [*chosen, *[t for t in extra.split(",") if t.strip()]]


def risk_form(risk: dict[str, Any]) -> None:
    """The structured risk assessment, filled into `risk` answer by answer; a safety plan is
    asked for at moderate risk or above."""
    import questionary

    def choose(key: str, label: str, choices: tuple[str, ...], default: str) -> None:
        risk[key] = ask(questionary.select(label, choices=list(choices), default=default))

    choose(
        "suicidal_ideation",
        "Suicidal ideation",
        vocabulary.SUICIDAL_IDEATION,
        risk.get("suicidal_ideation") or "none",
    )
    choose("self_harm", "Self-harm", vocabulary.SELF_HARM, risk.get("self_harm") or "none")
    choose(
        "homicidal_ideation",
        "Homicidal ideation",
        vocabulary.HOMICIDAL_IDEATION,
        risk.get("homicidal_ideation") or "none",
    )
    given = set(risk.get("protective_factors") or [])
    risk["protective_factors"] = ask(
        questionary.checkbox(
            "Protective factors (space to select)",
            choices=[
                questionary.Choice(f, checked=f in given) for f in vocabulary.PROTECTIVE_FACTORS
            ],
        )
    )
    note = risk.get("protective_factors_note") or ""
    keep_typed(
        risk,
        "protective_factors_note",
        lambda: ask(questionary.text("Other protective factors (blank for none)", default=note)),
    )
    choose("level", "Overall risk", vocabulary.RISK_LEVELS, risk.get("level") or "low")
    if risk["level"] != "low":
        label = "Safety plan (required at moderate risk or above)"
        plan = ""
        while not plan.strip():
            plan = keep_typed(
                risk, "safety_plan", lambda: long_text(label, risk.get("safety_plan") or "")
            )


def keep_typed(target: dict[str, Any], key: str, question: Callable[[], str]) -> str:
    """Ask a text question into target[key]; interrupted, keep what was half typed there."""
    try:
        target[key] = question()
    except KeyboardInterrupt as exc:
        typed = (getattr(exc, "typed", None) or "").strip()
        if typed and typed != "!e":
            target[key] = typed
        raise
    return target[key]


def _optional_rating(text: str) -> bool | str:
    if not text.strip():
        return True
    try:
        rating(text)
    except UserError as exc:
        return str(exc)
    return True
