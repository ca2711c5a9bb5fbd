"""Long tables are drawn line by line (cli/table_plain.py), not laid out by rich, and still read
as rich's tables do: aligned, fitted without breaking words, values shown literally."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import rich.table
from rich.cells import cell_len

from sanctuary_cli.cli import table_plain
from sanctuary_cli.cli.output import render

ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
NAMES = ["Benjamin Carter", "Zoë Ångström-Lindqvist", "王小明 Wang", "[bold red]Mallory[/]"]


def long_rows(count: int) -> list[dict]:
    start = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
    return [
        {
            "patient_id": f"{i:08x}-0000-4000-8000-000000000000",
            "full_name": NAMES[i % len(NAMES)] + f" {i}",
            "starts_at": start + timedelta(hours=i),
            "date_of_birth": date(1980, 1, 1) + timedelta(days=i),
            "session_type": "Individual Therapy With A Long Name" if i % 3 else "Intake",
            "balance": Decimal(i) / 4,
            "note": "[link=https://x.example]click[/link] \\[escaped] " * (1 + i % 2),
        }
        for i in range(count)
    ]


COLUMNS = list(long_rows(1)[0])


@pytest.fixture
def no_rich_layout(monkeypatch):
    """rich's Table refuses to be built: only the line-by-line path can draw."""

    def refuse(*args, **kwargs):
        raise AssertionError("a long table went through rich's layout")

    monkeypatch.setattr(rich.table, "Table", refuse)


def table_lines(rows, width: int, monkeypatch) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(width))
    out = io.StringIO()
    render(rows, COLUMNS, "table", out=out, title="Patients [b](Active)[/b]")
    return out.getvalue().splitlines()


def columns_of(line: str) -> list[int]:
    """The cell offsets of a line's column separators."""
    return [cell_len(line[:i]) for i, ch in enumerate(line) if ch in "┃│┏┳┓┡╇┩└┴┘"]


@pytest.mark.parametrize("width", [80, 120, 200])
def test_a_5000_row_table_is_drawn_without_rich_and_stays_aligned(
    no_rich_layout, monkeypatch, width
):
    rows = long_rows(5000)
    lines = table_lines(rows, width, monkeypatch)
    assert lines[0].strip() == "Patients [b](Active)[/b]"  # markup shown as written
    table = lines[1:]
    assert table[0].startswith("┏") and table[-1].startswith("└")
    widths = {cell_len(line) for line in table}
    assert len(widths) == 1 and widths.pop() <= width
    separators = columns_of(table[0])
    assert all(columns_of(line) == separators for line in table), "a column is out of line"
    text = "\n".join(lines)
    assert "[bold red]Mallory[/] 4999" in text  # markup in a value is shown, not applied
    assert "\x1b" not in text
    # No name is broken across lines, and every row is there.
    for i in (0, 1, 2, 3, 2500, 4999):
        assert any(f"{NAMES[i % len(NAMES)]} {i}" in line for line in table)


def test_the_fast_path_draws_what_rich_draws(monkeypatch):
    """Where both can draw a table, the lines are the same, byte for byte."""
    rows = long_rows(40)
    for width in (60, 80, 100, 120, 160, 200):
        monkeypatch.setattr(table_plain, "LONG", 10**9)  # short: rich draws what wraps
        ours_off = table_lines(rows, width, monkeypatch)
        monkeypatch.setattr(table_plain, "LONG", -1)  # every table drawn line by line
        ours_on = table_lines(rows, width, monkeypatch)
        assert ours_on == ours_off, width


def test_a_short_table_that_wraps_is_still_rich_s(monkeypatch):
    built = []
    real = rich.table.Table

    def spy(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(rich.table, "Table", spy)
    out = io.StringIO()
    render(
        [{"patient_name": "Ann Lee", "note": "first line\nsecond"}],
        ["patient_name", "note"],
        out=out,
    )
    assert built and "second" in out.getvalue()


def test_a_long_csv_and_table_hold_the_same_rows(no_rich_layout, monkeypatch):
    rows = long_rows(300)
    out = io.StringIO()
    render(rows, COLUMNS, "csv", out=out)
    assert len(list(csv.DictReader(io.StringIO(out.getvalue())))) == 300
    body = [line for line in table_lines(rows, 200, monkeypatch) if line.startswith("│")]
    firsts = [line.split("│")[1].strip() for line in body]
    assert len([first for first in firsts if first]) == 300  # a row's later lines start blank


def test_on_a_terminal_headers_are_bold_unless_no_color(tmp_path):
    """On a terminal the fast path styles as rich does; NO_COLOR leaves plain text."""
    script = (
        "import sys; from sanctuary_cli.cli.output import render;"
        "import tests_rows; render(tests_rows.ROWS, tests_rows.COLUMNS, 'table')"
    )
    (tmp_path / "tests_rows.py").write_text(
        "from decimal import Decimal\n"
        "ROWS = [{'patient_name': f'P {i}', 'balance': Decimal(i)} for i in range(500)]\n"
        "COLUMNS = ['patient_name', 'balance']\n"
    )
    for no_color, bold in (("", True), ("1", False)):
        seen = on_terminal([sys.executable, "-c", script], tmp_path, no_color)
        assert ("\x1b[1m" in seen) is bold
        plain = ESCAPES.sub("", seen).replace("\r", "").splitlines()
        assert any("P 499" in line and "499.00 │" in line for line in plain)


def on_terminal(argv: list[str], cwd, no_color: str) -> str:
    import pty

    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    env.update(TERM="xterm", COLUMNS="80", PYTHONPATH=os.pathsep.join([str(cwd), *sys.path]))
    if no_color:
        env["NO_COLOR"] = no_color
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=60) == 0, seen[-2000:]
    os.close(master)
    return seen.decode()
