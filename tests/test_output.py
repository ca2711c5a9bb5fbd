"""The one renderer: formats parse back, CSV is formula-safe, markup and escapes are inert."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from sanctuary_cli.cli.output import render, safe_text
from sanctuary_cli.rules.dates import practice_today

NY = ZoneInfo("America/New_York")
ROWS = [
    {
        "id": UUID("12345678-1234-4234-8234-123456789abc"),
        "name": '=HYPERLINK("x")',
        "when": datetime(2026, 12, 1, 14, 30, tzinfo=UTC),
        "day": date(2026, 12, 1),
        "balance": Decimal("-5"),
        "amount": Decimal("125.5"),
        "note": "[bold red]x[/] \x1b[31mred\x1b[0m",
        "tags": ["anxiety", "work"],
        "missing": None,
    }
]
COLUMNS = list(ROWS[0])


def rendered(fmt: str) -> str:
    out = io.StringIO()
    render(ROWS, COLUMNS, fmt, tz=NY, out=out)
    return out.getvalue()


def test_csv_parses_back_with_stable_header_and_iso_values():
    rows = list(csv.DictReader(io.StringIO(rendered("csv"))))
    assert list(rows[0]) == COLUMNS
    row = rows[0]
    assert row["when"] == "2026-12-01T09:30:00-05:00"
    assert row["day"] == "2026-12-01"
    assert row["amount"] == "125.50"
    assert row["balance"] == "-5.00"  # a number, not a formula: left alone
    assert row["tags"] == "anxiety; work"
    assert row["missing"] == ""


def test_csv_neutralizes_formula_text():
    row = next(csv.DictReader(io.StringIO(rendered("csv"))))
    assert row["name"] == '\'=HYPERLINK("x")'
    for start in ("+1", "-x", "@SUM(A1)", "\tx", "\r=x"):
        out = io.StringIO()
        render([{"v": start}], ["v"], "csv", out=out)
        assert next(csv.DictReader(io.StringIO(out.getvalue())))["v"].startswith("'"), start


def test_json_is_an_array_of_objects_with_strings_for_money():
    data = json.loads(rendered("json"))
    assert data[0]["amount"] == "125.50"
    assert data[0]["id"] == "12345678-1234-4234-8234-123456789abc"
    assert data[0]["tags"] == ["anxiety", "work"]
    assert data[0]["missing"] is None
    assert data[0]["name"] == '=HYPERLINK("x")'  # JSON is not a spreadsheet


def test_no_escape_sequences_survive_in_any_format():
    for fmt in ("table", "csv", "json", "markdown"):
        assert "\x1b" not in rendered(fmt), fmt


def test_table_shows_markup_literally_and_local_time():
    text = rendered("table")
    assert "[bold red]x[/]" in text
    # The practice zone's wall clock, the year only when it is not this year (docs/SPEC.md
    # section 7); tests/test_output_formats.py covers the forms.
    year = "" if practice_today(NY).year == 2026 else " 2026"
    assert f"Tue Dec 1{year} 09:30" in text


def test_markdown_escapes_pipes():
    out = io.StringIO()
    render([{"a": "x|y"}], ["a"], "markdown", out=out)
    assert "x\\|y" in out.getvalue()


def test_safe_text_escapes_markup_and_strips_controls():
    assert safe_text("[red]hi\x07") == "\\[red]hi"


def test_empty_listing_says_so_in_a_table_and_is_empty_in_csv():
    out = io.StringIO()
    render([], ["a", "b"], "table", out=out, empty_message="No appointments.")
    assert out.getvalue().strip() == "No appointments."
    out = io.StringIO()
    render([], ["a", "b"], "csv", out=out)
    assert out.getvalue() == "a,b\n"
