"""Where a treatment plan's content comes from (docs/outcomes.md, "Plan files"): a YAML or
Markdown file, the current version unchanged, or, on a terminal, a form asking for each entry
(a review offers the current version's entries as defaults). Every answer is checked by the
same parsers as a file, and the whole plan by rules/plans.py. Ctrl-C ends the form with nothing
saved (the root says so, exit code 130): nothing is written before the last answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.outcomes import parse_measure_target
from sanctuary_cli.rules.plans import MAX_TEXT, Plan, parse_intervention, plan_from_mapping

YAML_SUFFIXES = (".yaml", ".yml", ".json")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")


def plan_supply(
    from_file: Path | None, tz: ZoneInfo, *, unchanged: bool = False
) -> Callable[[Plan | None], Plan]:
    """What practice/plans.py calls with the version a new one starts from (None: none)."""
    from sanctuary_cli.cli.output import interactive

    if from_file is not None and unchanged:
        raise UserError("Give either --from-file or --unchanged")
    if from_file is not None:
        return lambda current: plan_file(from_file, tz)
    if unchanged:
        return lambda current: current if current is not None else _nothing_to_keep()
    if not interactive():
        raise UserError(
            "Give the plan with --from-file (YAML or Markdown, see docs/outcomes.md); there is "
            "no terminal to ask on"
        )
    return lambda current: plan_form(current, tz)


def plan_file(path: Path, tz: ZoneInfo) -> Plan:
    """A plan from a .yaml/.yml/.json or .md/.markdown/.txt file."""
    from sanctuary_cli.cli.note_files import read_text_file
    from sanctuary_cli.rules.plans import parse_plan_markdown, parse_plan_yaml

    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return parse_plan_yaml(read_text_file(path), tz)
    if suffix in MARKDOWN_SUFFIXES:
        return parse_plan_markdown(read_text_file(path), tz)
    raise UserError(f"Plan files are .yaml, .json or .md, not {suffix or 'no extension'}")


def plan_form(current: Plan | None, tz: ZoneInfo) -> Plan:
    """Ask for each problem, goal, objective and intervention, then the review date. An entry
    of the version reviewed is offered as it is (Enter keeps it, blank text drops it); a blank
    answer to a new entry ends that list once it has one."""
    from sanctuary_cli.cli.messages import say

    say("Treatment plan. Enter keeps an entry as shown; blank text drops it or ends a list.")
    data: dict[str, Any] = {}
    data["problems"] = _entries("Problem", current and current.problems, _problem, tz)
    data["goals"] = _entries("Goal", current and current.goals, _goal, tz)
    data["objectives"] = _entries("Objective", current and current.objectives, _objective, tz)
    data["interventions"] = _entries(
        "Intervention", current and current.interventions, _intervention, tz
    )
    shown = str(current.review_date) if current and current.review_date else ""
    data["review_date"] = _text(
        "Review date (blank: 90 days after signing)",
        shown,
        lambda text: parsers.parse_optional_day(text, tz, what="review date"),
    )
    return plan_from_mapping(data, tz)


def _entries(label: str, existing: Any, ask_one: Callable, tz: ZoneInfo) -> list[Any]:
    """The entries of one section: each existing one offered, then new ones until a blank."""
    kept = [entry for old in existing or () if (entry := ask_one(label, old, tz)) is not None]
    while True:
        entry = ask_one(
            f"{label} {len(kept) + 1}" + (" (blank when done)" if kept else ""), None, tz
        )
        if entry is None:
            if kept:
                return kept
            from sanctuary_cli.cli.messages import say

            say(f"A plan has at least one {label.lower()}.")
            continue
        kept.append(entry)


def _problem(label: str, old: Any, tz: ZoneInfo) -> dict[str, Any] | None:
    description = _text(f"{label}: description", old.description if old else "", _check_text)
    if not description:
        return None
    codes = _text(
        "  ICD-10 codes (comma separated)",
        ", ".join(old.icd10) if old else "",
        lambda text: parsers.parse_icd10(text),
        required=True,
    )
    return {"description": description, "icd10": parsers.parse_icd10(codes)}


def _goal(label: str, old: Any, tz: ZoneInfo) -> str | None:
    return _text(label, old or "", _check_text) or None


def _objective(label: str, old: Any, tz: ZoneInfo) -> dict[str, Any] | None:
    description = _text(f"{label}: what is measured", old.description if old else "", _check_text)
    if not description:
        return None
    target_date = _text(
        "  Target date (YYYY-MM-DD, dec 3...)",
        str(old.target_date) if old else "",
        lambda text: parsers.parse_day(text, tz, what="target date"),
        required=True,
    )
    target = _text(
        "  Measure target, like phq9<10 (blank for none)",
        str(old.measure_target) if old and old.measure_target else "",
        parse_measure_target,
    )
    return {
        "description": description,
        "target_date": str(parsers.parse_day(target_date, tz, what="target date")),
        "measure_target": target or None,
    }


def _intervention(label: str, old: Any, tz: ZoneInfo) -> str | None:
    return _text(f"{label}: modality and frequency (CBT weekly)", str(old) if old else "",
                 parse_intervention) or None  # fmt: skip


def _check_text(text: str) -> None:
    if len(text.strip()) > MAX_TEXT:
        raise UserError(f"At most {MAX_TEXT} characters")


def _text(label: str, default: str, check: Callable[[str], Any], *, required: bool = False) -> str:
    """One answer, checked as it is typed (blank passes unless required)."""
    import questionary

    from sanctuary_cli.cli.prompts import ask

    def validate(text: str) -> bool | str:
        if not text.strip():
            return "Required" if required else True
        try:
            check(text)
        except UserError as exc:
            return str(exc)
        return True

    return ask(questionary.text(label, default=default, validate=validate)).strip()


def _nothing_to_keep() -> Plan:
    raise UserError("--unchanged keeps the current version: a first plan needs its content")
