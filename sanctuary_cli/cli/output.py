"""One renderer for every listing: rich table, CSV, JSON or Markdown (SPEC.md section 4)."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import IO, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sanctuary_cli.rules.text import strip_control

FORMATS = ("table", "csv", "json", "markdown")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: str = "table",
    *,
    title: str | None = None,
    tz: ZoneInfo | None = None,
    out: IO[str] | None = None,
    empty_message: str = "Nothing to show.",
) -> None:
    """Write rows in the chosen format; columns are the stable snake_case names."""
    out = out or sys.stdout
    if fmt == "csv":
        out.write(to_csv(rows, columns, tz))
    elif fmt == "json":
        out.write(to_json(rows, columns, tz) + "\n")
    elif fmt == "markdown":
        out.write(to_markdown(rows, columns, tz, title=title))
    else:
        print_table(rows, columns, tz, title=title, out=out, empty_message=empty_message)


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], tz: ZoneInfo | None) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(col), tz) for col in columns])
    return buf.getvalue()


def to_json(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], tz: ZoneInfo | None) -> str:
    data = [{col: json_value(row.get(col), tz) for col in columns} for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_markdown(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    tz: ZoneInfo | None,
    *,
    title: str | None = None,
) -> str:
    lines = [f"## {md_escape(title)}", ""] if title else []
    lines.append("| " + " | ".join(columns) + " |")
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    for row in rows:
        lines.append(
            "| " + " | ".join(md_escape(text_value(row.get(c), tz)) for c in columns) + " |"
        )
    return "\n".join(lines) + "\n"


def print_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    tz: ZoneInfo | None,
    *,
    title: str | None = None,
    out: IO[str] | None = None,
    empty_message: str = "Nothing to show.",
) -> None:
    from rich.table import Table
    from rich.text import Text

    console = make_console(out)
    if not rows:
        console.print(safe_text(empty_message))
        return
    table = Table(title=safe_text(title) if title else None, header_style="bold")
    for col in columns:
        justify = "right" if _is_numeric_column(rows, col) else "left"
        table.add_column(col.replace("_", " "), justify=justify, overflow="fold")
    # Cells are Text, which rich never parses as markup: nothing in a value can style the
    # table, and no per-cell escaping and markup parsing is needed.
    for row in rows:
        table.add_row(*(Text(strip_control(display_value(row.get(col), tz))) for col in columns))
    console.print(table)


def make_console(out: IO[str] | None = None, *, stderr: bool = False):
    """A rich console that never colours a pipe and honours NO_COLOR."""
    from rich.console import Console

    stream = out or (sys.stderr if stderr else sys.stdout)
    is_tty = hasattr(stream, "isatty") and stream.isatty()
    no_color = bool(os.environ.get("NO_COLOR")) or not is_tty
    return Console(
        file=stream,
        no_color=no_color,
        color_system=None if no_color else "auto",
        force_terminal=False if not is_tty else None,
        highlight=False,
        soft_wrap=False,
        width=None if is_tty else 200,
    )


def interactive() -> bool:
    """Prompts are allowed only on a terminal (stdin and stdout) without NO_COLOR."""
    return sys.stdin.isatty() and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def safe_text(value: str) -> str:
    """Text from the database made inert for rich: control characters out, markup escaped."""
    from rich.markup import escape

    return escape(strip_control(value))


def csv_cell(value: Any, tz: ZoneInfo | None) -> str:
    text = text_value(value, tz)
    # Only text can be a formula; numbers and dates are written as they are.
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def text_value(value: Any, tz: ZoneInfo | None) -> str:
    """The machine-readable text of a value: ISO dates with offset, money with two decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, datetime):
        return (value.astimezone(tz) if tz and value.tzinfo else value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list | tuple):
        return "; ".join(text_value(v, tz) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return strip_control(str(value))


def json_value(value: Any, tz: ZoneInfo | None) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [json_value(v, tz) for v in value]
    if isinstance(value, dict):
        return {k: json_value(v, tz) for k, v in value.items()}
    if isinstance(value, UUID):
        return str(value)
    return text_value(value, tz)


def display_value(value: Any, tz: ZoneInfo | None) -> str:
    """What a person reads in a table: a weekday and local time with its zone."""
    if isinstance(value, datetime) and value.tzinfo:
        local = value.astimezone(tz) if tz else value
        return local.strftime("%a %Y-%m-%d %H:%M %Z")
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, UUID):
        return str(value)[:8]
    return text_value(value, tz)


def money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):.2f}"


def md_escape(text: str) -> str:
    return strip_control(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _is_numeric_column(rows: Sequence[Mapping[str, Any]], col: str) -> bool:
    values = [row.get(col) for row in rows if row.get(col) is not None]
    return bool(values) and all(
        isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in values
    )
