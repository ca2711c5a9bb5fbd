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

_BETWEEN = "  ·  "


def print_json(record: dict[str, Any], tz: ZoneInfo) -> None:
    """The record as one indented JSON object (dates ISO, ids as text)."""
    sys.stdout.write(json.dumps(json_value(record, tz), indent=2) + "\n")


def print_chart(chart: dict[str, Any], tz: ZoneInfo) -> None:
    """The chart's header, then each section: its fields on a line for a dict (empty fields
    left out), a table for a list."""
    console = make_console()
    patient = chart["patient"]
    name = patient["full_name"] + (
        f" ({patient['preferred_name']})" if patient.get("preferred_name") else ""
    )
    header = _BETWEEN.join([name, patient["status"], f"id {patient['id']}"])
    console.print(safe_text(header), style="bold")
    sessions = patient["session_count"]
    about = [
        f"Born {display_value(patient['date_of_birth'], tz, column='date_of_birth')}"
        if patient.get("date_of_birth")
        else "",
        patient.get("pronouns") or "",
        f"{sessions} session{'' if sessions == 1 else 's'}",
        f"clinician {patient['therapist_name']}",
    ]
    console.print(safe_text(_BETWEEN.join(part for part in about if part)))
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
            fields = [
                f"{key.replace('_', ' ')}: {shown}"
                for key, field in value.items()
                if (shown := display_value(field, tz, column=key))
            ]
            for line in _packed(f"{title}: ", fields or ["none"], console.width):
                console.print(safe_text(line))
        else:
            console.print(safe_text(f"{title}: {display_value(value, tz) if value else 'none'}"))


def _packed(first: str, fields: list[str], width: int) -> list[str]:
    """Fields on as few lines as fit the width, never split between lines (a field longer
    than a line is wrapped by the console at its spaces); later lines indented."""
    from rich.cells import cell_len

    lines = [first + fields[0]]
    for field in fields[1:]:
        if cell_len(lines[-1]) + len(_BETWEEN) + cell_len(field) <= width:
            lines[-1] += _BETWEEN + field
        else:
            lines.append("  " + field)
    return lines
