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

from sanctuary_cli.rules.fees import fee_name
from sanctuary_cli.rules.text import short_id, strip_control

FORMATS = ("table", "csv", "json", "markdown")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Stored codes shown in words in tables ("no-show fee" for `late-fee`); CSV and JSON keep the
# stored value, which is what options and scripts use.
LABELS = {"record_type": fee_name}


def render(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: str = "table",
    *,
    title: str | None = None,
    tz: ZoneInfo | None = None,
    out: IO[str] | None = None,
    empty_message: str = "Nothing to show.",
    priority: Mapping[str, int] | None = None,
) -> None:
    """Write rows in the chosen format; columns are the stable snake_case names. priority
    overrides, for a table, how long a column survives a narrow terminal (cli/table_fit.py)."""
    out = out or sys.stdout
    if fmt == "csv":
        out.write(to_csv(rows, columns, tz))
    elif fmt == "json":
        out.write(to_json(rows, columns, tz) + "\n")
    elif fmt == "markdown":
        out.write(to_markdown(rows, columns, tz, title=title))
    else:
        print_table(
            rows, columns, tz, title=title, out=out, empty_message=empty_message, priority=priority
        )


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
    priority: Mapping[str, int] | None = None,
) -> None:
    """A table that fits the console: columns of low priority (cli/table_fit.py) are left out
    before a word would break; CSV and JSON always carry every column. Drawn line by line
    (cli/table_plain.py) in rich's look; rich draws only a short table whose cells wrap."""
    from sanctuary_cli.cli import table_plain
    from sanctuary_cli.cli.table_fit import fit_columns, header, never_wraps

    out = out or sys.stdout
    if not rows:
        out.write(strip_control(empty_message) + "\n")
        return
    this_year = _this_year(tz)
    cells = [
        [display_value(row.get(col), tz, column=col, this_year=this_year) for row in rows]
        for col in columns
    ]
    firsts = [next((r[c] for r in rows if r.get(c) is not None), None) for c in columns]
    wrappable = [
        isinstance(first, str | list | tuple) and not never_wraps(col)
        for col, first in zip(columns, firsts, strict=True)
    ]
    width = table_plain.console_width(out)
    shown = fit_columns(columns, cells, wrappable, width, priority=priority)
    right = [_is_numeric_column(rows, columns[column.index]) for column in shown]
    lines = table_plain.draws_boxes(out) and table_plain.draw(
        strip_control(title) if title else None,
        [header(columns[column.index]) for column in shown],
        [cells[column.index] for column in shown],
        [column.width for column in shown],
        right,
        style=table_plain.styled(out),
        fold=len(rows) > table_plain.LONG,
    )
    if lines:
        table_plain.write(out, lines)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=safe_text(title) if title else None, header_style="bold")
    for column, numeric in zip(shown, right, strict=True):
        justify = "right" if numeric else "left"
        table.add_column(
            header(columns[column.index]), justify=justify, width=column.width, overflow="fold"
        )
    # Cells are Text, which rich never parses as markup: nothing in a value can style the table.
    for r in range(len(rows)):
        table.add_row(*(Text(cells[column.index][r]) for column in shown))
    make_console(out).print(table)


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
        width=None if is_tty else _pipe_width(),
    )


def _pipe_width() -> int:
    """Off a terminal a table is as wide as COLUMNS says, or 200 (rich would assume 80)."""
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 200


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
    # Seconds and offset, never microseconds (docs/SPEC.md section 4).
    if isinstance(value, datetime):
        local = value.astimezone(tz) if tz and value.tzinfo else value
        return local.isoformat(timespec="seconds")
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return strip_control(str(value.value))
    if isinstance(value, list | tuple):
        return "; ".join(text_value(v, tz) for v in value)
    if isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, default=lambda v: text_value(v, tz))
        return strip_control(text)  # JSON escapes C0 controls but not C1 ones
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


def display_value(
    value: Any, tz: ZoneInfo | None, *, column: str = "", this_year: int | None = None
) -> str:
    """What a person reads in a table or a chart (docs/SPEC.md section 7): "Wed Dec 2 10:00"
    in the practice zone, the year only when it is not this year, short ids, labels for
    stored codes. Already stripped of control characters."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return moment_text(value, tz, _this_year(tz) if this_year is None else this_year)
    if isinstance(value, date):
        year = _this_year(tz) if this_year is None else this_year
        return day_text(value, year, weekday="birth" not in column)
    if isinstance(value, time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, UUID):
        return short_id(value)
    if isinstance(value, str) and column:
        if column in LABELS:
            return strip_control(LABELS[column](value))
        if len(value) == 36 and (column == "id" or column.endswith("_id")):
            return short_id(value)
    return text_value(value, tz)


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(day: date, this_year: int, *, weekday: bool = True) -> str:
    """A day as "Wed Dec 2", with the year when it is not this_year ("Mon Nov 30 2025"); English
    names whatever the locale, as the WHEN words are English."""
    text = f"{_MONTHS[day.month - 1]} {day.day}"
    if weekday:
        text = f"{_WEEKDAYS[day.weekday()]} {text}"
    return text if day.year == this_year else f"{text} {day.year}"


def moment_text(moment: datetime, tz: ZoneInfo | None, this_year: int) -> str:
    """A moment as "Wed Dec 2 10:00" in the practice zone. Every time in a table is in that
    zone, so the zone is named only for an hour that happens twice (autumn: "01:30 EST")."""
    local = moment.astimezone(tz) if tz and moment.tzinfo else moment
    text = f"{day_text(local.date(), this_year)} {local.hour:02d}:{local.minute:02d}"
    if local.tzinfo and local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        text += f" {local.tzname()}"
    return text


def _this_year(tz: ZoneInfo | None) -> int:
    from sanctuary_cli.rules.dates import practice_today

    return practice_today(tz or ZoneInfo("UTC")).year


def money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):.2f}"


def md_escape(text: str) -> str:
    return strip_control(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _is_numeric_column(rows: Sequence[Mapping[str, Any]], col: str) -> bool:
    values = [row.get(col) for row in rows if row.get(col) is not None]
    return bool(values) and all(
        isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in values
    )
