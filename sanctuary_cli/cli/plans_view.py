"""`plans show` as rows: one per problem, goal, objective (with a row per piece of evidence under
it) and intervention, for the table (one per version), Markdown and CSV; JSON is the nested
record practice/plans_show.py returns."""

from __future__ import annotations

from typing import Any

SHOW_COLUMNS = [
    "plan_id",
    "version",
    "status",
    "signed_at",
    "review_date",
    "section",
    "number",
    "entry",
    "detail",
]
TABLE_COLUMNS = ["section", "number", "entry", "detail"]


def plan_rows(version: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of one version, in the order of the plan."""
    head = {key: version[key] for key in ("plan_id", "version", "status", "signed_at")}
    head["review_date"] = version["review_date"]
    rows: list[dict[str, Any]] = []

    def add(section: str, number: int, entry: str, detail: Any = None) -> None:
        rows.append({**head, "section": section, "number": number, "entry": entry,
                     "detail": detail})  # fmt: skip

    for n, problem in enumerate(version["problems"], start=1):
        add("problem", n, problem["description"], ", ".join(problem["icd10"]))
    for n, goal in enumerate(version["goals"], start=1):
        add("goal", n, goal)
    for objective in version["objectives"]:
        n = objective["number"]
        target = f"; target {objective['measure_target']}" if objective["measure_target"] else ""
        add("objective", n, objective["description"], f"by {objective['target_date']}{target}")
        if objective["measure_target"]:
            add("score", n, *score_text(objective))
        for entry in objective["progress"]:
            said = f": {entry['notes']}" if entry["notes"] else ""
            add("progress", n, f"{entry['rating']}/10 {entry['area']}{said}", entry["recorded_at"])
        for note in objective["notes"]:
            state = "signed" if note["signed_at"] else "unsigned"
            add("note", n, f"note {str(note['note_id'])[:8]} ({state})", note["session_date"])
    for n, item in enumerate(version["interventions"], start=1):
        add("intervention", n, item["modality"], item["frequency"])
    return rows


def score_text(objective: dict[str, Any]) -> tuple[str, Any]:
    """The latest score of an objective's measure and whether it meets the target."""
    latest = objective["latest_score"]
    if latest is None:
        return f"no {objective['measure']} score yet", None
    verdict = "target met" if objective["target_met"] else "target not met"
    return f"{latest['instrument']} {latest['total']}: {verdict}", latest["administered_at"]


def version_title(patient_name: str, version: dict[str, Any], tz: Any) -> str:
    """`Amelia Chen: plan version 2 (current), signed 2026-03-02 by Dr. Sarah Johnson, review
    by 2026-06-01 (due)`."""
    title = f"{patient_name}: plan version {version['version']} ({version['status']})"
    if version["signed_at"]:
        signed = version["signed_at"].astimezone(tz)
        title += f", signed {signed:%Y-%m-%d} by {version['therapist_name']}"
    else:
        title += f", written by {version['therapist_name']}, not signed"
    if version["review_date"]:
        due = " (due)" if version["review_due"] else ""
        title += f", review by {version['review_date']}{due}"
    return title
