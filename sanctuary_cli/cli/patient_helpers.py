"""Helpers of `sanctuary patients`: option names to columns, terminal prompts, chart printing."""

from __future__ import annotations

import sys
from typing import Any

OPTION_FIELDS = {
    "first": "first_name",
    "last": "last_name",
    "preferred_name": "preferred_name",
    "pronouns": "pronouns",
    "dob": "date_of_birth",
    "email": "email",
    "phone": "phone",
    "address": "address",
    "emergency_name": "emergency_contact_name",
    "emergency_phone": "emergency_contact_phone",
    "emergency_relationship": "emergency_contact_relationship",
    "insurance": "insurance_provider",
    "member_id": "insurance_member_id",
    "group_number": "insurance_group_number",
    "coverage": "coverage_percent",
    "fee_exempt": "fee_exempt",
    "diagnosis": "diagnosis_codes",
}
PROMPTS = [
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("date_of_birth", "Date of birth (YYYY-MM-DD, optional)"),
    ("phone", "Phone (optional)"),
    ("email", "Email (optional)"),
    ("insurance_provider", "Insurance provider (optional)"),
]


def raw_fields(options: dict[str, Any]) -> dict[str, Any]:
    """Command options renamed to the patient columns."""
    return {column: options.get(option) for option, column in OPTION_FIELDS.items()}


def prompt_missing(raw: dict[str, Any]) -> None:
    """On a terminal, ask for the main fields the options did not give."""
    from sanctuary_cli.cli.output import interactive
    from sanctuary_cli.errors import UserError

    if not interactive():
        if not raw.get("first_name") or not raw.get("last_name"):
            raise UserError("Give --first and --last (no terminal to ask on)")
        return
    import questionary

    for key, label in PROMPTS:
        if raw.get(key) is None:
            answer = questionary.text(f"{label}:").ask()
            if answer is None:
                raise KeyboardInterrupt
            raw[key] = answer


def print_chart(chart: dict[str, Any], tz) -> None:
    """Each section of the chart: key/value lines for a dict, a small table for a list."""
    from sanctuary_cli.cli.output import display_value, make_console, render, safe_text

    console = make_console()
    patient = chart["patient"]
    name = patient["full_name"] + (
        f" ({patient['preferred_name']})" if patient.get("preferred_name") else ""
    )
    console.print(safe_text(f"{name}  ·  {patient['status']}  ·  id {patient['id']}"), style="bold")
    dob = patient.get("date_of_birth")
    console.print(
        safe_text(
            f"Born {dob or '?'}  ·  {patient.get('pronouns') or ''}  ·  "
            f"{patient['session_count']} sessions  ·  clinician {patient['therapist_name']}"
        )
    )
    for section, value in chart.items():
        if section == "patient":
            continue
        title = section.replace("_", " ").capitalize()
        if isinstance(value, list):
            if value:
                render(value, list(value[0].keys()), "table", title=title, tz=tz)
            else:
                console.print(safe_text(f"{title}: none"))
        elif isinstance(value, dict):
            shown = [f"{k.replace('_', ' ')}: {display_value(v, tz)}" for k, v in value.items()]
            console.print(safe_text(f"{title}: " + "  ·  ".join(shown)))
        else:
            console.print(safe_text(f"{title}: {display_value(value, tz) if value else 'none'}"))


def safe(text: str) -> str:
    from sanctuary_cli.cli.output import strip_control

    return strip_control(text)


def err(message: str) -> None:
    sys.stderr.write(message + "\n")
