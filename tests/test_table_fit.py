"""Tables fit the terminal (docs/SPEC.md section 7): at 80 and 120 columns no header or name is
broken mid-word, low-priority columns go before others wrap, ids are short; CSV keeps all."""

from __future__ import annotations

import csv
import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from rich.cells import cell_len
from terminal_helpers import run_on_terminal

from sanctuary_cli.cli.output import render
from sanctuary_cli.cli.table_fit import DETAIL, ESSENTIAL, fit_columns

ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-B]")
FULL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LISTINGS = [
    (("appointments", "upcoming"), "patient_name"),
    (("patients", "list"), "full_name"),
    (("billing", "overdue"), "patient_name"),
    (("notes", "list"), "patient_name"),
]


def screen(output: str) -> list[str]:
    """The lines a person sees: no escape sequences, no carriage returns."""
    return ESCAPES.sub("", output).replace("\r", "").splitlines()


def table_headers(lines: list[str]) -> list[str]:
    """Each column's header as read down its header cells, pieces joined by spaces."""
    top = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    rule = next(i for i, line in enumerate(lines) if line.startswith("┡"))
    rows = [[cell.strip() for cell in line.strip("┃").split("┃")] for line in lines[top + 1 : rule]]
    return [" ".join(row[k] for row in rows if row[k]) for k in range(len(rows[0]))]


def assert_fits(lines: list[str], width: int, contract: list[str], names: list[str]) -> list[str]:
    """The table is no wider than the terminal, every header is a whole column name, every
    name appears whole on one line, and no id is shown in full. Returns the headers."""
    assert lines, "no output"
    too_wide = [line for line in lines if cell_len(line) > width]
    assert not too_wide, too_wide
    headers = table_headers(lines)
    readable = {column.replace("_", " ") for column in contract}
    assert set(headers) <= readable, set(headers) - readable  # a broken word reads otherwise
    assert len(headers) == len(set(headers))
    for name in names:
        assert any(name in line for line in lines), f"{name!r} is not whole on one line"
    assert not FULL_UUID.search("\n".join(lines))
    return headers


def csv_of(cli, args: tuple[str, ...]) -> tuple[list[str], list[dict[str, str]]]:
    result = cli(*args, "--csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    return next(csv.reader(io.StringIO(result.stdout))), rows


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize(("args", "name_column"), LISTINGS, ids=lambda a: " ".join(a))
def test_listings_fit_a_terminal_without_breaking_words(cli, demo_db_url, args, name_column, width):
    contract, rows = csv_of(cli, args)
    names = sorted({row[name_column] for row in rows})
    assert names and any(FULL_UUID.fullmatch(v) for v in rows[0].values())  # full ids in CSV
    code, output = run_on_terminal(list(args), [], env={**os.environ, "COLUMNS": str(width)})
    assert code == 0, output
    headers = assert_fits(screen(output), width, contract, names)
    assert name_column.replace("_", " ") in headers


def test_overdue_keeps_the_columns_the_spec_names_at_80(cli, demo_db_url):
    code, output = run_on_terminal(["billing", "overdue"], [], env={**os.environ, "COLUMNS": "80"})
    assert code == 0, output
    headers = table_headers(screen(output))
    spec = ["patient_name", "service_date", "due_date", "days_overdue", "aging_bucket", "balance"]
    assert [c.replace("_", " ") for c in spec] == headers[:6]
    assert "charge id" not in headers  # ids go first


def run_in_window(args: list[str], columns: int) -> str:
    """The CLI on a pseudo-terminal of that many columns, with no COLUMNS in the environment:
    the width comes from the terminal itself, as in a person's shell."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sanctuary_cli", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "TERM": "xterm"},
        close_fds=True,
    )
    os.close(slave)
    seen, deadline = b"", time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        assert proc.wait(timeout=10) == 0, seen
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return seen.decode(errors="replace")


def test_the_terminal_size_decides_when_columns_is_not_set(cli, demo_db_url):
    contract, rows = csv_of(cli, ("appointments", "upcoming"))
    lines = screen(run_in_window(["appointments", "upcoming"], 80))
    assert_fits(lines, 80, contract, sorted({row["patient_name"] for row in rows}))


def test_off_a_terminal_columns_sets_the_width_and_200_is_the_default(cli, demo_db_url):
    contract, rows = csv_of(cli, ("appointments", "upcoming"))
    names = sorted({row["patient_name"] for row in rows})
    narrow = cli("appointments", "upcoming", env={"COLUMNS": "80"})
    assert_fits(screen(narrow.stdout), 80, contract, names)
    wide = screen(cli("appointments", "upcoming").stdout)
    # 200 columns hold every column of the listing, so none is left out.
    assert assert_fits(wide, 200, contract, names) == [c.replace("_", " ") for c in contract]
    assert max(cell_len(line) for line in wide) > 120


# The renderer itself, on rows made up to be awkward.

WHEN = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
ROWS = [
    {
        "appointment_id": UUID(int=i * 7919 + 1),
        "starts_at": WHEN + timedelta(days=i),
        "ends_at": WHEN + timedelta(days=i, minutes=50),
        "patient_name": name,
        "session_type": "Individual Therapy With A Long Name",
        "status": "scheduled",
        "email": f"{name.split()[0].lower()}.someone@example.com",
        "is_private": False,
        "tags": ["anxiety", "coping-skills", "relationships", "sleep"],
    }
    for i, name in enumerate(["Benjamin Carter", "Zoë Ångström-Lindqvist", "Amelia Chen"])
]
COLUMNS = list(ROWS[0])


def rendered(monkeypatch, width: int, **kwargs) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(width))
    out = io.StringIO()
    render(ROWS, COLUMNS, "table", out=out, **kwargs)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("width", range(48, 201, 8))
def test_no_width_breaks_a_header_word_or_a_name(monkeypatch, width):
    names = [row["patient_name"] for row in ROWS]
    lines = rendered(monkeypatch, width)
    headers = assert_fits(lines, width, COLUMNS, names)
    assert "patient name" in headers


def test_columns_go_in_priority_order(monkeypatch):
    shown = [table_headers(rendered(monkeypatch, width)) for width in (240, 120, 100, 80, 60)]
    for wider, narrower in zip(shown, shown[1:], strict=False):
        assert set(narrower) <= set(wider)
    assert shown[0] == [c.replace("_", " ") for c in COLUMNS]
    assert shown[-1][:2] == ["starts at", "patient name"]
    # The id and the flag are gone before the session type may wrap.
    assert {"appointment id", "is private", "ends at"}.isdisjoint(shown[-2])


def test_no_column_wraps_while_one_of_lower_priority_is_shown():
    columns = ["note", "flag", "when"]
    cells = [["one two three four five six"], ["false"], ["Wed Dec 2"]]
    levels = {"note": ESSENTIAL, "flag": DETAIL}
    wide = fit_columns(columns, cells, [True, False, False], 60, priority=levels)
    assert [c.index for c in wide] == [0, 1, 2]
    # At 44 cells the note would wrap beside the flag: the flag goes instead.
    narrow = fit_columns(columns, cells, [True, False, False], 44, priority=levels)
    assert [c.index for c in narrow] == [0, 2] and narrow[0].width == len(cells[0][0])


def test_long_text_of_low_priority_wraps_only_into_a_comfortable_width():
    columns = ["patient_name", "tags"]
    cells = [["Benjamin Carter"], ["anxiety; coping-skills; relationships; sleep; work"]]
    kept = fit_columns(columns, cells, [False, True], 50)
    assert [c.index for c in kept] == [0, 1] and kept[1].width >= 20
    assert [c.index for c in fit_columns(columns, cells, [False, True], 35)] == [0]


def test_a_priority_given_overrides_the_default(monkeypatch):
    headers = table_headers(rendered(monkeypatch, 80, priority={"email": ESSENTIAL}))
    assert "email" in headers


def test_a_single_column_wider_than_the_terminal_stays_inside_it(monkeypatch):
    monkeypatch.setenv("COLUMNS", "30")
    out = io.StringIO()
    name = "Maximiliana Wilhelmina Featherstonehaugh"
    render([{"patient_name": name}], ["patient_name"], out=out)
    assert all(cell_len(line) <= 30 for line in out.getvalue().splitlines())


def test_csv_json_and_markdown_keep_every_column_and_full_ids_whatever_the_width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    for fmt in ("csv", "json", "markdown"):
        out = io.StringIO()
        render(ROWS, COLUMNS, fmt, out=out)
        text = out.getvalue()
        assert all(column in text for column in COLUMNS), fmt
        assert str(ROWS[1]["appointment_id"]) in text, fmt
