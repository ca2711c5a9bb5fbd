"""Views of one record on stdout: a patient's chart on one screen, or a record as JSON.

Listings of rows go through output.py; this is for a record shown as a whole, section by
section. Text from the database is made inert (no control characters, no markup) first.
"""

from __future__ import annotations

import json
import sys
from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.cli.output import display_value, json_value, make_console, render, safe_text


def print_json(record: dict[str, Any], tz: ZoneInfo) -> None:
    """The record as one indented JSON object (dates ISO, ids as text)."""
    sys.stdout.write(json.dumps(json_value(record, tz), indent=2) + "\n")


def print_chart(chart: dict[str, Any], tz: ZoneInfo) -> None:
    """The chart's header, then each section: key/value line for a dict, a table for a list."""
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
