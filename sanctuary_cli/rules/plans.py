"""Treatment plan content (docs/SPEC.md section 9): problems with ICD-10 codes, goals,
measurable objectives (target date, optional measure target such as `phq9<10`), interventions
("CBT weekly") and the review date, from YAML or Markdown text (docs/outcomes.md, "Plan files").
Pure: the cli layer reads the file. Every mistake in a plan is named in one line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.note_files import split_front_matter
from sanctuary_cli.rules.outcomes import MeasureTarget, parse_measure_target

REVIEW_DAYS = 90  # a plan is reviewed 90 days after signing unless it names a review date
SECTIONS = ("problems", "goals", "objectives", "interventions")
MAX_TEXT = 500
_FREQUENCY = re.compile(
    r"(?:^|\s)(daily|weekly|biweekly|fortnightly|monthly|as needed|prn"
    r"|(?:once|twice|three times|\d+ ?(?:x|times))(?: a| per|/)? ?(?:day|week|month)"
    r"|(?:twice|\d+ ?x) (?:daily|weekly|monthly)"
    r"|every (?:other|\d+) (?:days?|weeks?|months?))$",
    re.I,
)
_BULLET = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])\s+(.*\S)\s*$")
_HEADING = re.compile(r"^#{1,3}\s+(.+?)\s*#*\s*$")
_TRAILING = re.compile(r"^(?P<text>.*?)\s*\((?P<inside>[^()]*)\)\s*$")


@dataclass(frozen=True)
class Problem:
    description: str
    icd10: tuple[str, ...]


@dataclass(frozen=True)
class Objective:
    description: str
    target_date: date
    measure_target: MeasureTarget | None = None


@dataclass(frozen=True)
class Intervention:
    modality: str  # "CBT", "EMDR", "DBT skills group"
    frequency: str  # "weekly", "twice a week", "every 2 weeks"

    def __str__(self) -> str:
        return f"{self.modality} {self.frequency}"


@dataclass(frozen=True)
class Plan:
    problems: tuple[Problem, ...]
    goals: tuple[str, ...]
    objectives: tuple[Objective, ...]
    interventions: tuple[Intervention, ...]
    review_date: date | None = None  # None: REVIEW_DAYS after signing


def target_met(target: MeasureTarget | Objective | None, latest: int | None) -> bool | None:
    """Whether the latest total meets an objective's measure target; None when the objective
    has no target or there is no score yet."""
    if isinstance(target, Objective):
        target = target.measure_target
    if target is None or latest is None:
        return None
    return target.met_by(latest)


def parse_intervention(text: Any) -> Intervention:
    """Modality, then how often: CBT weekly, DBT skills group twice a week, EMDR every 2 weeks."""
    cleaned = " ".join(str(text or "").split())
    match = _FREQUENCY.search(cleaned)
    modality = cleaned[: match.start()].strip(" ,;:-–—") if match else ""
    if not match or not modality:
        raise UserError(f"{cleaned[:40]!r} needs a modality and a frequency, like CBT weekly")
    return Intervention(_text(modality, "modality"), match[1].lower())


def default_review_date(signed_on: date) -> date:
    return signed_on + timedelta(days=REVIEW_DAYS)


def review_date_for(plan: Plan, signed_on: date) -> date:
    """The plan's review date, or REVIEW_DAYS after signing; one before signing is refused."""
    if plan.review_date is None:
        return default_review_date(signed_on)
    if plan.review_date <= signed_on:
        raise UserError(f"The review date {plan.review_date} is not after signing ({signed_on})")
    return plan.review_date


def review_due(review_date: date, today: date) -> bool:
    return today >= review_date


def plan_from_mapping(data: Any, tz: ZoneInfo) -> Plan:
    """A plan from a mapping (a YAML file): each item a mapping or a line in the Markdown
    form; every mistake is named in one UserError."""
    if not isinstance(data, dict):
        raise UserError("A plan file holds a mapping: problems, goals, objectives, interventions")
    errors: list[str] = []
    unknown = sorted(set(map(str, data)) - {*SECTIONS, "review_date"})
    errors += [f"unknown field {key!r}" for key in unknown]
    items = {section: data.get(section) or [] for section in SECTIONS}
    for section in [s for s in SECTIONS if not isinstance(items[s], list)]:
        errors.append(f"{section} must be a list")
        items[section] = []
    return _plan(items, data.get("review_date"), tz, errors)


def parse_plan_yaml(text: str, tz: ZoneInfo) -> Plan:
    return plan_from_mapping(_yaml(text) or {}, tz)


def parse_plan_markdown(text: str, tz: ZoneInfo) -> Plan:
    """A plan from Markdown: optional front matter (`review_date: 2026-09-01`), then one heading
    per section (Problems, Goals, Objectives, Interventions) with one list item per entry; an
    indented line continues the item above it."""
    front, body = split_front_matter(text)
    meta = _yaml(front) if front else {}
    if not isinstance(meta, dict):
        raise UserError("The front matter of a plan must be `key: value` lines")
    errors = [f"unknown front matter field {key!r}" for key in sorted(set(meta) - {"review_date"})]
    items: dict[str, list[Any]] = {section: [] for section in SECTIONS}
    current: list[Any] | None = None
    skipping = False  # under an unknown heading, or after text before the first one
    for number, line in enumerate(body.splitlines(), start=1):
        heading = _HEADING.match(line)
        if heading:
            name = heading[1].strip().lower()
            if name not in items and current is None and line.startswith("# "):
                continue  # a title above the sections
            current = items.get(name)
            skipping = current is None
            if skipping:
                errors.append(f"line {number}: unknown section {heading[1][:30]!r}")
            continue
        if skipping or not line.strip():
            continue
        bullet = _BULLET.match(line)
        if current is None:
            errors.append(f"line {number}: text before the first section heading")
            skipping = True
        elif bullet:
            current.append(bullet[1])
        elif line[:1].isspace() and current:
            current[-1] = f"{current[-1]} {line.strip()}"
        else:
            errors.append(f"line {number}: start each entry with '- '")
    return _plan(items, meta.get("review_date"), tz, errors)


def plan_markdown(plan: Plan) -> str:
    """The plan in the Markdown form parse_plan_markdown reads (to show or to edit)."""
    lines = [f"---\nreview_date: {plan.review_date}\n---\n"] if plan.review_date else []
    lines.append("## Problems\n")
    lines += [f"- {p.description} ({', '.join(p.icd10)})" for p in plan.problems]
    lines.append("\n## Goals\n")
    lines += [f"- {goal}" for goal in plan.goals]
    lines.append("\n## Objectives\n")
    for o in plan.objectives:
        target = f", {o.measure_target}" if o.measure_target else ""
        lines.append(f"- {o.description} (by {o.target_date}{target})")
    lines.append("\n## Interventions\n")
    lines += [f"- {i}" for i in plan.interventions]
    return "\n".join(lines) + "\n"


# --- Items ----------------------------------------------------------------------------------


def _plan(items: dict[str, list[Any]], review: Any, tz: ZoneInfo, errors: list[str]) -> Plan:
    review_date = _collect(errors, "review date", parsers.parse_optional_day, review, tz)
    readers = dict(zip(SECTIONS, (_problem, _goal, _objective, _intervention), strict=True))
    parsed: dict[str, list[Any]] = {}
    for section in SECTIONS:
        label = section[:-1]
        if not items[section]:
            errors.append(f"no {section}")
        parsed[section] = [
            _collect(errors, f"{label} {n}", readers[section], item, tz)
            for n, item in enumerate(items[section], start=1)
        ]
    if errors:
        raise UserError("Invalid plan: " + "; ".join(errors))
    return Plan(*(tuple(parsed[s]) for s in SECTIONS), review_date=review_date)


def _collect(errors: list[str], label: str, reader: Any, item: Any, tz: ZoneInfo) -> Any:
    try:
        return reader(item, tz)
    except UserError as exc:
        errors.append(f"{label}: {exc}")
        return None


def _problem(item: Any, tz: ZoneInfo) -> Problem:
    """`Major depressive disorder (F32.1)`, `F32.1: Major depressive disorder`, or a mapping
    with description and icd10."""
    if isinstance(item, dict):
        _fields(item, {"description", "icd10"})
        return Problem(_text(item.get("description"), "description"), _codes(item.get("icd10")))
    text = str(item)
    trailing = _TRAILING.match(text)
    if trailing:
        return Problem(_text(trailing["text"], "description"), _codes(trailing["inside"]))
    codes, colon, rest = text.partition(":")
    try:
        if colon:
            return Problem(_text(rest, "description"), _codes(codes))
    except UserError:
        pass
    raise UserError("name its ICD-10 code, like Major depressive disorder (F32.1) or F32.1: ...")


def _goal(item: Any, tz: ZoneInfo) -> str:
    if isinstance(item, dict):
        _fields(item, {"description"})
        item = item.get("description")
    return _text(item, "goal")


def _objective(item: Any, tz: ZoneInfo) -> Objective:
    """`Sleeps 6 hours (by 2026-06-30)`, `PHQ-9 below 10 (by 2026-06-30, phq9<10)`, or a
    mapping with description, target_date and measure_target."""
    if isinstance(item, dict):
        _fields(item, {"description", "target_date", "measure_target"})
        text, when, target = (item.get(k) for k in ("description", "target_date", "measure_target"))
    else:
        trailing = _TRAILING.match(str(item))
        if not trailing:
            raise UserError("needs a target date: end it with (by YYYY-MM-DD)")
        text, when, target = trailing["text"], None, None
        for part in filter(None, (p.strip() for p in re.split(r"[,;]", trailing["inside"]))):
            if part.lower().startswith("by "):
                when = part[3:]
            else:
                target = part
    if when is None or str(when).strip() == "":
        raise UserError("needs a target date (by YYYY-MM-DD)")
    day = parsers.parse_day(when, tz, what="target date")
    measure_target = parse_measure_target(target) if target not in (None, "") else None
    return Objective(_text(text, "description"), day, measure_target)


def _intervention(item: Any, tz: ZoneInfo) -> Intervention:
    if isinstance(item, dict):
        _fields(item, {"modality", "frequency"})
        return parse_intervention(f"{item.get('modality') or ''} {item.get('frequency') or ''}")
    return parse_intervention(item)


def _codes(value: Any) -> tuple[str, ...]:
    if value is None or str(value).strip() in ("", "[]"):
        raise UserError("needs an ICD-10 code, like F41.1")
    return tuple(parsers.parse_icd10(value))


def _text(value: Any, what: str) -> str:
    text = parsers.clean_text(value)
    if text is None:
        raise UserError(f"the {what} is empty")
    if len(text) > MAX_TEXT:
        raise UserError(f"the {what} is longer than {MAX_TEXT} characters")
    return text


def _fields(item: dict[Any, Any], allowed: set[str]) -> None:
    unknown = sorted(set(map(str, item)) - allowed)
    if unknown:
        raise UserError(f"unknown field {unknown[0]!r} (use {', '.join(sorted(allowed))})")


def _yaml(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)  # safe: no arbitrary objects
    except ValueError:  # an impossible date such as 2026-02-30
        raise UserError("The plan has an impossible date (a day the month does not have)") from None
    except yaml.YAMLError:
        raise UserError("The plan is not valid YAML") from None
