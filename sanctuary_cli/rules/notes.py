"""Session notes: templates and their sections, tags, and the validated NoteDraft a note is
written from (docs/clinical-notes.md, "Writing a note"). Pure: fields in, a draft or a UserError.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.rules.risk import RiskAssessment, labels, risk_assessment
from sanctuary_cli.rules.trends import rating

TEMPLATES: dict[str, tuple[tuple[str, str], ...]] = {
    "soap": (
        ("subjective", "Subjective"),
        ("objective", "Objective"),
        ("assessment", "Assessment"),
        ("plan", "Plan"),
    ),
    "dap": (("data", "Data"), ("assessment", "Assessment"), ("plan", "Plan")),
    "birp": (
        ("behavior", "Behavior"),
        ("intervention", "Intervention"),
        ("response", "Response"),
        ("plan", "Plan"),
    ),
}
# The questions a complete risk screen answers (docs/clinical-notes.md, "Risk follow-up").
SCREENING_FIELDS = ("suicidal_ideation", "self_harm", "homicidal_ideation")
# The risk assessment's fields as a note's fields name them (`level` is the overall risk).
RISK_FIELDS = (
    "suicidal_ideation",
    "self_harm",
    "homicidal_ideation",
    "protective_factors",
    "protective_factors_note",
    "level",
    "safety_plan",
    "crisis_indicators",
)
MAX_TAG_LENGTH = 40
# A brief contact (a phone call, an email) is a note of its own kind: text, channel, minutes.
CONTACT = "contact"
CONTACT_KINDS = ("phone", "email", "message", "other")
MAX_CONTACT_MINUTES = 600


def template_sections(template: str) -> tuple[tuple[str, str], ...]:
    """(key, label) of each section of a template, in order."""
    try:
        return TEMPLATES[template.lower()]
    except KeyError:
        raise UserError(f"Unknown template {template[:20]!r}; choose soap, dap or birp") from None


def note_content(template: str, sections: dict[str, Any]) -> dict[str, str]:
    """The content object of a note: every section of the template, none empty, no extras."""
    expected = template_sections(template)
    keys = {key for key, _ in expected}
    given = {section_key(k): v for k, v in sections.items() if v is not None}
    unknown = sorted(set(given) - keys)
    if unknown:
        raise UserError(
            f"Section {unknown[0]!r} is not part of the {template.upper()} template "
            f"({', '.join(k for k, _ in expected)})"
        )
    content = {}
    for key, label in expected:
        text = parsers.clean_text(given.get(key) or None)
        if not text:
            raise UserError(f"The {label} section is required for a {template.upper()} note")
        content[key] = text
    return content


def section_key(name: str) -> str:
    """A section or field name as stored: lower case, underscores (`Behaviour` is `behavior`)."""
    key = name.strip().lower().replace(" ", "_")
    return {"behaviour": "behavior"}.get(key, key)


def tag_names(values: Iterable[str]) -> list[str]:
    """Tag names as stored: lower case, trimmed, no duplicates, in the order given."""
    names = [label.lower() for label in labels(values)]
    for name in names:
        if len(name) > MAX_TAG_LENGTH:
            raise UserError(f"A tag is at most {MAX_TAG_LENGTH} characters")
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class NoteDraft:
    """A validated note, ready to insert."""

    template: str
    content: dict[str, str]
    risk: RiskAssessment
    mood_rating: int | None
    tags: tuple[str, ...]
    is_private: bool
    session_date: date | None


def note_draft(fields: dict[str, Any], tz: ZoneInfo) -> NoteDraft:
    """Validate note fields gathered from flags, a file or the form (note_files.merge_note_fields).

    A private psychotherapy note carries no risk assessment or mood: those belong in the
    progress note, where the care team and the risk report can see them. The session date is
    a day in the practice zone `tz` (YYYY-MM-DD or words like yesterday).
    """
    template = str(fields.get("template") or "soap").lower()
    if template == CONTACT:
        raise UserError("A contact note is written with `sanctuary notes contact`")
    content = note_content(template, fields.get("sections") or {})
    private = bool(fields.get("private"))
    risk_in = {k: v for k, v in (fields.get("risk") or {}).items() if v not in (None, "", [], ())}
    mood = fields.get("mood")
    if private:
        if mood is not None or any(
            risk_in.get(k) not in (None, "none", "low") for k in RISK_FIELDS
        ):
            raise UserError(
                "A private note carries no risk assessment or mood rating; record those in "
                "the progress note"
            )
        risk = RiskAssessment()
    else:
        risk = risk_assessment(
            risk_level=risk_in.get("level"),
            suicidal_ideation=risk_in.get("suicidal_ideation"),
            self_harm=risk_in.get("self_harm"),
            homicidal_ideation=risk_in.get("homicidal_ideation"),
            protective_factors=as_list(risk_in.get("protective_factors")),
            protective_factors_note=risk_in.get("protective_factors_note"),
            safety_plan=risk_in.get("safety_plan"),
            crisis_indicators=as_list(risk_in.get("crisis_indicators")),
        )
        screened = all(k in risk_in for k in SCREENING_FIELDS)
        risk = dataclasses.replace(risk, complete=screened)
    day = parsers.parse_optional_day(fields.get("session_date"), tz, what="Session date")
    return NoteDraft(
        template=template,
        content=content,
        risk=risk,
        mood_rating=None if mood in (None, "") else rating(mood),
        tags=tuple(tag_names(as_list(fields.get("tags")))),
        is_private=private,
        session_date=None if day is None else past_session_day(day, tz),
    )


def past_session_day(day: date, tz: ZoneInfo, *, today: date | None = None) -> date:
    """A session day that has come: a note documents a session that took place, so a day after
    today in the practice zone is refused."""
    today = today or practice_today(tz)
    if day > today:
        raise UserError(
            f"The session date {day.isoformat()} is in the future (today is {today.isoformat()})"
        )
    return day


def as_list(value: Any) -> list[str]:
    """A field that may be one value or several, as a list of text."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


@dataclass(frozen=True)
class ContactDraft:
    """A validated contact note: what was said, by which channel, for how long."""

    text: str
    kind: str
    minutes: int | None


def contact_draft(text: Any, minutes: Any, kind: Any) -> ContactDraft:
    """Validate a contact note (docs/clinical-notes.md, "Contact notes"); kind defaults to phone."""
    body = parsers.clean_text(text)
    if not body:
        raise UserError("The contact note is empty; say what the contact was about")
    return ContactDraft(
        text=body,
        kind=parsers.parse_choice(kind, CONTACT_KINDS, what="--kind") or "phone",
        minutes=None
        if minutes in (None, "")
        else parsers.parse_whole_number(minutes, what="--minutes", low=1, high=MAX_CONTACT_MINUTES),
    )
