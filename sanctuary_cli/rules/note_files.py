"""Note fields from a note file (a YAML/JSON mapping, or Markdown with `## Section` headings and
front matter) and from flags, merged into one mapping for rules/notes.note_draft. Pure: the
cli layer reads the file and parses its YAML or JSON; these functions take the text or mapping.
"""

from __future__ import annotations

import re
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules.notes import (
    RISK_FIELDS,
    SCREENING_FIELDS,
    as_list,
    section_key,
    template_sections,
)

# Fields a note file may hold besides the template's sections and the risk fields.
OTHER_FIELDS = {
    "template",
    "sections",
    "risk",
    "risk_level",
    "mood",
    "mood_rating",
    "tags",
    "private",
    "session_date",
    "date",
}


def merge_note_fields(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Fields from a file overridden by those given as flags (None and empty mean not given)."""
    merged = {k: v for k, v in base.items() if k not in ("sections", "risk")}
    for key, value in override.items():
        if key not in ("sections", "risk") and _given(value):
            merged[key] = value
    for nested in ("sections", "risk"):
        part = {section_key(k): v for k, v in (base.get(nested) or {}).items()}
        part.update(
            {section_key(k): v for k, v in (override.get(nested) or {}).items() if _given(v)}
        )
        merged[nested] = part
    return merged


def edited_note_fields(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A note's fields after an edit: its current fields (current_note_fields) overridden by
    what the file and flags give. A new template keeps only the sections it shares with the
    old one (assessment, plan...); the others must then be given."""
    template = str(changes.get("template") or current.get("template") or "soap").lower()
    base = dict(current)
    if template != current.get("template"):
        keys = {key for key, _ in template_sections(template)}
        base["sections"] = {k: v for k, v in (current.get("sections") or {}).items() if k in keys}
    merged = merge_note_fields(base, changes)
    merged["template"] = template
    return merged


def current_note_fields(note: dict[str, Any]) -> dict[str, Any]:
    """The fields of a stored note as a file or the form gives them, the start of an edit.

    Suicidal ideation, self-harm and homicidal ideation count as answered when the note's
    assessment was complete, or when they say more than the default `none`: an edit does not
    make an assessment complete that was not (docs/clinical-notes.md, "Risk follow-up").
    """
    risk: dict[str, Any] = {}
    if not note["is_private"]:
        risk = {
            "level": note["risk_level"],
            "protective_factors": list(note["protective_factors"] or []),
            "protective_factors_note": note["protective_factors_note"],
            "safety_plan": note["safety_plan"],
            "crisis_indicators": list(note["crisis_indicators"] or []),
        }
        for key in SCREENING_FIELDS:
            if note["risk_assessment_complete"] or note[key] != "none":
                risk[key] = note[key]
    return {
        "template": note["template"],
        "sections": dict(note["content"] or {}),
        "risk": risk,
        "mood": note["mood_rating"],
        "tags": list(note["tags"] or []),
        "private": note["is_private"],
        "session_date": note["session_date"],
    }


def normalize_note_file(data: dict[str, Any], template: str = "soap") -> dict[str, Any]:
    """Note fields from a YAML/JSON mapping: sections at the top level or under `sections`,
    risk fields under `risk` or at the top level (`risk_level` for the overall level).
    `template` is the one assumed when the file names none (an edited note's own)."""
    if not isinstance(data, dict):
        raise UserError("A note file must hold a mapping of fields")
    data = {section_key(str(k)): v for k, v in data.items()}
    named = data.get("template")
    template = str(named or template).lower()
    section_keys = {k for k, _ in template_sections(template)}
    sections = dict(data.get("sections") or {})
    risk = dict(data.get("risk") or {}) if isinstance(data.get("risk"), dict) else {}
    if isinstance(data.get("risk"), str):
        risk["level"] = data["risk"]
    for key, value in data.items():
        if key in section_keys:
            sections[key] = value
        elif key in RISK_FIELDS or key == "risk_level":
            risk["level" if key == "risk_level" else key] = value
    unknown = sorted(set(data) - (section_keys | set(RISK_FIELDS) | OTHER_FIELDS))
    if unknown:
        raise UserError(f"Unknown field {unknown[0]!r} in the note file")
    return {
        "template": template if named else None,
        "sections": sections,
        "risk": {section_key(k): v for k, v in risk.items()},
        "mood": data.get("mood", data.get("mood_rating")),
        "tags": as_list(data.get("tags")),
        "private": bool(data.get("private")),
        "session_date": data.get("session_date", data.get("date")),
    }


def markdown_note(text: str) -> dict[str, Any]:
    """A Markdown note's sections: one heading per section (`## Subjective`), after optional
    front matter (split off by split_front_matter, its YAML parsed by the caller)."""
    sections: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        heading = re.match(r"^#{1,3}\s+(.+?)\s*#*\s*$", line)
        if heading:
            if current is not None:
                sections[current] = "\n".join(lines).strip()
            current, lines = section_key(heading.group(1)), []
        elif current is not None:
            lines.append(line)
        elif line.strip():
            raise UserError("Text before the first section heading in the Markdown note")
    if current is not None:
        sections[current] = "\n".join(lines).strip()
    return sections


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter text or None, body) of a Markdown document."""
    match = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n?(.*)\Z", text, re.S)
    if match:
        return match.group(1), match.group(2)
    return None, text


def _given(value: Any) -> bool:
    """Whether a flag was given: None, False and empty collections mean it was not (0 was)."""
    return not (
        value is None or value is False or (isinstance(value, list | tuple | str) and not value)
    )
