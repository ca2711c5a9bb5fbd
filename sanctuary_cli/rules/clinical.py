"""Clinical rules that are pure arithmetic or vocabulary: questionnaire scoring, C-SSRS risk,
note templates and the structured risk assessment (SPEC.md section 3).

No I/O here: the command modules read and write the database and call these functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sanctuary_cli.errors import UserError

# --- Questionnaires -------------------------------------------------------------------------

INSTRUMENTS = ("phq9", "gad7", "cssrs")
INSTRUMENT_NAMES = {"phq9": "PHQ-9", "gad7": "GAD-7", "cssrs": "C-SSRS screener"}

FREQUENCY_SCALE = ("Not at all", "Several days", "More than half the days", "Nearly every day")

PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself, or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed; or the opposite, "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)

GAD7_ITEMS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)

CSSRS_ITEMS = (
    "Have you wished you were dead or wished you could go to sleep and not wake up?",
    "Have you actually had any thoughts of killing yourself?",
    "Have you been thinking about how you might do this?",
    "Have you had these thoughts and had some intention of acting on them?",
    "Have you started to work out or worked out the details of how to kill yourself? "
    "Do you intend to carry out this plan?",
    "Have you ever done anything, started to do anything, or prepared to do anything to end "
    "your life?",
)
CSSRS_BEHAVIOUR_ANSWERS = ("no", "yes, more than 3 months ago", "yes, within the past 3 months")

ITEMS = {"phq9": PHQ9_ITEMS, "gad7": GAD7_ITEMS, "cssrs": CSSRS_ITEMS}
STEMS = {
    "phq9": "Over the last 2 weeks, how often have you been bothered by the following?",
    "gad7": "Over the last 2 weeks, how often have you been bothered by the following?",
    "cssrs": "In the past month:",
}

PHQ9_BANDS = (
    (4, "minimal"),
    (9, "mild"),
    (14, "moderate"),
    (19, "moderately severe"),
    (27, "severe"),
)
GAD7_BANDS = ((4, "minimal"), (9, "mild"), (14, "moderate"), (21, "severe"))
CSSRS_LEVELS = ("none", "low", "moderate", "high")


@dataclass(frozen=True)
class Score:
    """The result of one administration, as stored in measure_administrations."""

    instrument: str
    answers: tuple[int | None, ...]
    total: int
    severity: str
    risk_flag: bool


def score(instrument: str, answers: Sequence[int | None]) -> Score:
    """Total, band and risk flag of a complete set of answers (validated first)."""
    instrument = normalize_instrument(instrument)
    answers = tuple(validate_answers(instrument, answers))
    if instrument == "cssrs":
        level = cssrs_risk(answers)
        total = sum(1 for a in answers if a)
        return Score(instrument, answers, total, level, level != "none")
    total = sum(a or 0 for a in answers)
    if instrument == "phq9":
        return Score(instrument, answers, total, phq9_severity(total), phq9_item9_flag(answers))
    return Score(instrument, answers, total, gad7_severity(total), False)


def phq9_severity(total: int) -> str:
    """PHQ-9 band: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe."""
    return _band(total, PHQ9_BANDS, "PHQ-9")


def gad7_severity(total: int) -> str:
    """GAD-7 band: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe."""
    return _band(total, GAD7_BANDS, "GAD-7")


def phq9_item9_flag(answers: Sequence[int | None]) -> bool:
    """Any answer above 0 to item 9 (thoughts of death or self-harm) needs risk follow-up."""
    return len(answers) >= 9 and (answers[8] or 0) > 0


def cssrs_risk(answers: Sequence[int | None]) -> str:
    """C-SSRS screener risk: high = yes to 4 or 5 or behaviour within 3 months; moderate =
    yes to 3 or behaviour longer ago; low = yes to 1 or 2 only; none otherwise."""
    q = [a or 0 for a in answers]
    if q[3] or q[4] or q[5] == 2:
        return "high"
    if q[2] or q[5] == 1:
        return "moderate"
    if q[0] or q[1]:
        return "low"
    return "none"


def cssrs_asks(question: int, answers_so_far: Sequence[int | None]) -> bool:
    """Skip logic: questions 3-5 (1-based) are asked only when question 2 is yes."""
    if question in (3, 4, 5):
        return len(answers_so_far) >= 2 and answers_so_far[1] == 1
    return True


def validate_answers(instrument: str, answers: Sequence[int | None]) -> list[int | None]:
    """The answers in stored form, or a UserError naming what is wrong."""
    instrument = normalize_instrument(instrument)
    name = INSTRUMENT_NAMES[instrument]
    answers = list(answers)
    if instrument == "cssrs":
        if len(answers) == 3:  # questions 1, 2 and 6 when 3-5 were skipped
            answers = [answers[0], answers[1], None, None, None, answers[2]]
        if len(answers) != 6:
            raise UserError(
                f"{name} needs 6 answers (or 3: questions 1, 2 and 6), got {len(answers)}"
            )
        for i in (0, 1, 5):
            if answers[i] is None:
                raise UserError(f"{name} question {i + 1} needs an answer")
        if answers[1] == 1:
            if any(answers[i] is None for i in (2, 3, 4)):
                raise UserError(f"{name}: questions 3-5 need answers when question 2 is yes")
        elif any(answers[i] is not None for i in (2, 3, 4)):
            raise UserError(f"{name}: questions 3-5 are asked only when question 2 is yes")
        for i, a in enumerate(answers):
            top = 2 if i == 5 else 1
            if a is not None and not 0 <= a <= top:
                raise UserError(f"{name} question {i + 1}: answer out of range")
        return answers
    count = len(ITEMS[instrument])
    if len(answers) != count:
        raise UserError(f"{name} needs {count} answers (0-3 each), got {len(answers)}")
    for i, a in enumerate(answers):
        if a is None or not 0 <= a <= 3:
            raise UserError(f"{name} item {i + 1}: answers are 0-3")
    return answers


def parse_answers(instrument: str, text: str) -> list[int | None]:
    """`--answers` text: "0,1,2,..." for PHQ-9/GAD-7; for the C-SSRS yes/no (or 1/0) per
    question, "-" for a skipped one, and question 6 as no, past (over 3 months) or recent."""
    instrument = normalize_instrument(instrument)
    tokens = [t.strip().lower() for t in re.split(r"[,\s]+", text.strip()) if t.strip()]
    if instrument != "cssrs":
        try:
            values: list[int | None] = [int(t) for t in tokens]
        except ValueError:
            raise UserError(
                f"{INSTRUMENT_NAMES[instrument]} answers are numbers 0-3 separated by commas"
            ) from None
        return validate_answers(instrument, values)
    values = []
    for position, token in enumerate(tokens):
        last = position == len(tokens) - 1
        values.append(_cssrs_token(token, behaviour=last and len(tokens) in (3, 6)))
    return validate_answers(instrument, values)


def _cssrs_token(token: str, *, behaviour: bool) -> int | None:
    if token in ("-", "skip", "skipped", "n/a"):
        return None
    if token in ("no", "n", "0"):
        return 0
    if behaviour:
        if token in ("past", "old", "1", "yes-past"):
            return 1
        if token in ("recent", "2", "yes-recent"):
            return 2
        raise UserError("C-SSRS question 6 is no, past (over 3 months ago) or recent (within 3)")
    if token in ("yes", "y", "1"):
        return 1
    raise UserError(f"C-SSRS answers are yes or no, not {token[:20]!r}")


def normalize_instrument(instrument: str) -> str:
    key = instrument.lower().replace("-", "").replace("_", "").replace(" ", "")
    key = {"cssrsscreener": "cssrs"}.get(key, key)
    if key not in INSTRUMENTS:
        raise UserError(f"Unknown measure {instrument[:20]!r}; choose phq9, gad7 or cssrs")
    return key


def change_since_previous(totals: Sequence[int]) -> list[int | None]:
    """For totals oldest first: the change from the administration before (None for the first)."""
    return [None if i == 0 else totals[i] - totals[i - 1] for i in range(len(totals))]


def _band(total: int, bands: Iterable[tuple[int, str]], name: str) -> str:
    if total < 0:
        raise UserError(f"{name} total cannot be negative")
    for top, label in bands:
        if total <= top:
            return label
    raise UserError(f"{name} total {total} is above the maximum")


# --- Note templates ---------------------------------------------------------------------------

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
    given = {_key(k): v for k, v in sections.items() if v is not None}
    unknown = sorted(set(given) - keys)
    if unknown:
        raise UserError(
            f"Section {unknown[0]!r} is not part of the {template.upper()} template "
            f"({', '.join(k for k, _ in expected)})"
        )
    content = {}
    for key, label in expected:
        text = clean_text(str(given.get(key) or ""))
        if not text:
            raise UserError(f"The {label} section is required for a {template.upper()} note")
        content[key] = text
    return content


def _key(name: str) -> str:
    key = name.strip().lower().replace(" ", "_")
    return {"behaviour": "behavior"}.get(key, key)


def clean_text(text: str) -> str:
    """NFC-normalized text without trailing blanks."""
    return unicodedata.normalize("NFC", text).strip()


# --- Risk assessment -------------------------------------------------------------------------

SUICIDAL_IDEATION = (
    "none",
    "passive",
    "active without plan",
    "active with plan",
    "active with intent",
)
SELF_HARM = ("none", "past", "current")
HOMICIDAL_IDEATION = ("none", "passive", "active")
RISK_LEVELS = ("low", "moderate", "high", "imminent")
PROTECTIVE_FACTORS = (
    "supportive family",
    "social support",
    "spouse or partner",
    "children",
    "engaged in treatment",
    "future plans",
    "religious or spiritual beliefs",
    "employment or school",
    "pets",
    "good insight",
    "help-seeking",
    "no access to means",
)
CRISIS_INDICATORS = (
    "recent loss",
    "access to means",
    "substance use",
    "hopelessness",
    "isolation",
    "recent discharge",
    "agitation",
)
_SEVERE_IDEATION = ("active with plan", "active with intent")


@dataclass(frozen=True)
class RiskAssessment:
    suicidal_ideation: str = "none"
    self_harm: str = "none"
    homicidal_ideation: str = "none"
    protective_factors: tuple[str, ...] = ()
    protective_factors_note: str | None = None
    risk_level: str = "low"
    safety_plan: str | None = None
    crisis_indicators: tuple[str, ...] = ()


def risk_assessment(
    *,
    risk_level: str | None,
    suicidal_ideation: str | None = None,
    self_harm: str | None = None,
    homicidal_ideation: str | None = None,
    protective_factors: Iterable[str] = (),
    protective_factors_note: str | None = None,
    safety_plan: str | None = None,
    crisis_indicators: Iterable[str] = (),
) -> RiskAssessment:
    """A validated structured risk assessment; overall risk must be stated explicitly."""
    if not risk_level:
        raise UserError("The overall risk level is required (low, moderate, high or imminent)")
    level = choice(risk_level, RISK_LEVELS, "overall risk")
    si = choice(suicidal_ideation or "none", SUICIDAL_IDEATION, "suicidal ideation")
    sh = choice(self_harm or "none", SELF_HARM, "self-harm")
    hi = choice(homicidal_ideation or "none", HOMICIDAL_IDEATION, "homicidal ideation")
    plan = clean_text(safety_plan or "") or None
    if level != "low" and plan is None:
        raise UserError(f"A safety plan is required when overall risk is {level}")
    if level == "low" and (si in _SEVERE_IDEATION or sh == "current" or hi == "active"):
        raise UserError(
            "Overall risk cannot be low with active ideation with a plan or intent, current "
            "self-harm or active homicidal ideation"
        )
    return RiskAssessment(
        suicidal_ideation=si,
        self_harm=sh,
        homicidal_ideation=hi,
        protective_factors=_labels(protective_factors),
        protective_factors_note=clean_text(protective_factors_note or "") or None,
        risk_level=level,
        safety_plan=plan,
        crisis_indicators=_labels(crisis_indicators),
    )


def choice(value: str, allowed: Sequence[str], what: str) -> str:
    """One of `allowed`, accepting hyphens or underscores for spaces and any case."""
    key = " ".join(value.lower().replace("-", " ").replace("_", " ").split())
    for option in allowed:
        if key == option.replace("-", " "):
            return option
    raise UserError(f"Unknown {what} {value[:30]!r}; choose one of: {', '.join(allowed)}")


def _labels(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        for part in str(value).split(","):
            label = " ".join(clean_text(part).split())
            if label:
                seen.setdefault(label, None)
    return tuple(seen)


def tag_names(values: Iterable[str]) -> list[str]:
    """Tag names as stored: lower case, trimmed, no duplicates, in the order given."""
    names = [label.lower() for label in _labels(values)]
    for name in names:
        if len(name) > 40:
            raise UserError("A tag is at most 40 characters")
    return list(dict.fromkeys(names))


# --- Mood, progress and trends ---------------------------------------------------------------

SPARK_CHARS = "▁▂▃▄▅▆▇█"


def rating(value: Any, what: str = "mood rating") -> int:
    """A 1-10 rating, or a UserError saying so."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise UserError(f"The {what} must be a whole number from 1 to 10") from None
    if not 1 <= number <= 10:
        raise UserError(f"The {what} must be from 1 to 10, not {number}")
    return number


def sparkline(values: Sequence[int | float], low: float = 1, high: float = 10) -> str:
    """One block character per value on a fixed scale, so two sparklines compare."""
    if not values:
        return ""
    span = high - low
    chars = []
    for v in values:
        position = 0 if span <= 0 else (min(max(v, low), high) - low) / span
        chars.append(SPARK_CHARS[round(position * (len(SPARK_CHARS) - 1))])
    return "".join(chars)


def weekly_means(entries: Sequence[tuple[datetime | date, int]]) -> list[dict[str, Any]]:
    """Mean rating per ISO week (Monday start), oldest first; entries are (when, rating)."""
    from decimal import ROUND_HALF_UP, Decimal

    weeks: dict[date, list[int]] = {}
    for when, value in entries:
        day = when.date() if isinstance(when, datetime) else when
        monday = day - timedelta(days=day.weekday())
        weeks.setdefault(monday, []).append(value)
    return [
        {
            "week_start": monday,
            "entries": len(values),
            "mean": float(
                (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            ),
        }
        for monday, values in sorted(weeks.items())
    ]


# --- Whole notes -----------------------------------------------------------------------------

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


def note_draft(fields: dict[str, Any]) -> NoteDraft:
    """Validate note fields gathered from flags, a file or the form (see merge_note_fields).

    A private psychotherapy note carries no risk assessment or mood: those belong in the
    progress note, where the care team and the risk report can see them.
    """
    template = str(fields.get("template") or "soap").lower()
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
            protective_factors=_as_list(risk_in.get("protective_factors")),
            protective_factors_note=risk_in.get("protective_factors_note"),
            safety_plan=risk_in.get("safety_plan"),
            crisis_indicators=_as_list(risk_in.get("crisis_indicators")),
        )
    return NoteDraft(
        template=template,
        content=content,
        risk=risk,
        mood_rating=None if mood in (None, "") else rating(mood),
        tags=tuple(tag_names(_as_list(fields.get("tags")))),
        is_private=private,
        session_date=_as_date(fields.get("session_date")),
    )


def merge_note_fields(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Fields from a file overridden by those given as flags (None and empty mean not given)."""
    merged = {k: v for k, v in base.items() if k not in ("sections", "risk")}
    for key, value in override.items():
        if key not in ("sections", "risk") and _given(value):
            merged[key] = value
    for nested in ("sections", "risk"):
        part = {_key(k): v for k, v in (base.get(nested) or {}).items()}
        part.update({_key(k): v for k, v in (override.get(nested) or {}).items() if _given(v)})
        merged[nested] = part
    return merged


def normalize_note_file(data: dict[str, Any]) -> dict[str, Any]:
    """Note fields from a YAML/JSON mapping: sections at the top level or under `sections`,
    risk fields under `risk` or at the top level (`risk_level` for the overall level)."""
    if not isinstance(data, dict):
        raise UserError("A note file must hold a mapping of fields")
    data = {_key(str(k)): v for k, v in data.items()}
    template = str(data.get("template") or "soap").lower()
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
    known = (
        section_keys
        | set(RISK_FIELDS)
        | {
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
    )
    unknown = sorted(set(data) - known)
    if unknown:
        raise UserError(f"Unknown field {unknown[0]!r} in the note file")
    return {
        "template": template,
        "sections": sections,
        "risk": {_key(k): v for k, v in risk.items()},
        "mood": data.get("mood", data.get("mood_rating")),
        "tags": _as_list(data.get("tags")),
        "private": bool(data.get("private")),
        "session_date": data.get("session_date", data.get("date")),
    }


def markdown_note(text: str) -> dict[str, Any]:
    """A Markdown note: optional front matter as `key: value` lines between `---` lines (YAML
    is parsed by the caller), then one heading per section (`## Subjective`)."""
    sections: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        heading = re.match(r"^#{1,3}\s+(.+?)\s*#*\s*$", line)
        if heading:
            if current is not None:
                sections[current] = "\n".join(lines).strip()
            current, lines = _key(heading.group(1)), []
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


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(f"Session date {str(value)[:20]!r} is not YYYY-MM-DD") from None
