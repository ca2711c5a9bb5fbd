"""Tables drawn line by line, in the look rich gives them, without rich's layout.

rich measures and lays out every cell again (bench/RESULTS.md, "Long tables": most of a
5,000-row listing's time), although cli/table_fit.py has already chosen each column's width.
Here each row is written once: its cells padded to those widths between the same box lines
rich draws (its HEAVY_HEAD box, one space of padding), so a table reads exactly as before. A
cell is written as text, never parsed, so nothing in it can style the table (it is already
stripped of control characters by cli/output.py). Long cells wrap at spaces and fold only a
word longer than the column, as rich does; a short table that wraps is still drawn by rich
(cli/output.py), a long one here.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import IO

# rich's HEAVY_HEAD box: the top, the header row, the rule under it, body rows, the bottom.
_TOP, _HEAD, _RULE, _ROW, _BOTTOM = ("┏━┳┓", "┃ ┃┃", "┡━╇┩", "│ ││", "└─┴┘")
_BOLD, _ITALIC, _RESET = "\x1b[1m", "\x1b[3m", "\x1b[0m"
_WORDS = re.compile(r"\s*\S+\s*")
# A table of more rows than this is drawn here even when cells wrap.
LONG = 100


def cells(text: str) -> int:
    """Terminal cells of a text: its length for ASCII, else rich's measure (wide characters)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def console_width(stream: IO[str]) -> int:
    """The width rich's console would take (cli/output.py make_console): on a terminal COLUMNS,
    else the terminal's own size (80 for a dumb one); off a terminal COLUMNS, else 200."""
    columns = os.environ.get("COLUMNS", "")
    given = int(columns) if columns.isdigit() and int(columns) > 0 else None
    if not is_terminal(stream):
        return given or 200
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return 80
    if given:
        return given
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns or 80
        except (AttributeError, ValueError, OSError):
            continue
    return 80


def is_terminal(stream: IO[str]) -> bool:
    return hasattr(stream, "isatty") and stream.isatty()


def draws_boxes(stream: IO[str]) -> bool:
    """Box characters need a Unicode stream; rich draws ASCII boxes on any other."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return encoding.lower().replace("-", "").startswith("utf")


def styled(stream: IO[str]) -> bool:
    """Bold headers and an italic title where rich would show them: a terminal, no NO_COLOR."""
    term = os.environ.get("TERM", "").lower()
    return (
        is_terminal(stream) and not os.environ.get("NO_COLOR") and term not in ("dumb", "unknown")
    )


def wrap(text: str, width: int) -> list[str]:
    """The lines of a cell: at its line breaks, then at spaces; a longer word is folded."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if cells(paragraph) <= width:
            lines.append(paragraph)
            continue
        line, used = "", 0
        for word in _WORDS.findall(paragraph):
            bare = word.rstrip()
            size = cells(bare)
            if line and used + size > width:
                lines.append(line.rstrip())
                line, used, word, bare = "", 0, word.lstrip(), bare.lstrip()
                size = cells(bare)
            while size > width:  # a word longer than the column: folded
                lines.append(_fold(bare, width))
                bare = bare[len(lines[-1]) :]
                word, size = bare, cells(bare)
            line += word
            used += cells(word)
        lines.append(line.rstrip())
    return lines


def _fold(word: str, width: int) -> str:
    """The longest start of word that fits width cells (at least one character)."""
    end = 1
    while end < len(word) and cells(word[: end + 1]) <= width:
        end += 1
    return word[:end]


def pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - cells(text))
    return gap + text if right else text + gap


def draw(
    title: str | None,
    headers: Sequence[str],
    columns: Sequence[Sequence[str]],
    widths: Sequence[int],
    right: Sequence[bool],
    *,
    style: bool = False,
    fold: bool = True,
) -> list[str] | None:
    """The table's lines (with newlines), or None when fold is False and a cell needs more
    than one line (the caller then lets rich draw it)."""
    rows = len(columns[0]) if columns else 0
    out: list[str] = []
    total = sum(widths) + 3 * len(widths) + 1
    if title:
        for line in wrap(title, total):
            gap = total - cells(line)
            text = " " * (gap // 2) + line + " " * (gap - gap // 2)
            out.append((_ITALIC + text + _RESET if style else text) + "\n")
    out.append(_rule(_TOP, widths))
    head = [wrap(h, w) for h, w in zip(headers, widths, strict=True)]
    height = max(len(lines) for lines in head)  # rich sets headers on the rule below them
    head = [[""] * (height - len(lines)) + lines for lines in head]
    out.extend(_lines(_HEAD, head, widths, right, _BOLD if style else ""))
    out.append(_rule(_RULE, widths))
    left, mid, end = _ROW[0], f" {_ROW[2]} ", _ROW[3]
    plain = [not r for r in right]
    for r in range(rows):
        row = [column[r] for column in columns]
        texts = []
        for text, width, ljust in zip(row, widths, plain, strict=True):
            if "\n" in text or (size := cells(text)) > width:
                texts = None
                break
            gap = " " * (width - size)
            texts.append(text + gap if ljust else gap + text)
        if texts is not None:
            out.append(f"{left} {mid.join(texts)} {end}\n")
        elif not fold:
            return None
        else:
            parts = [wrap(text, width) for text, width in zip(row, widths, strict=True)]
            out.extend(_lines(_ROW, parts, widths, right, ""))
    out.append(_rule(_BOTTOM, widths))
    return out


def _rule(box: str, widths: Sequence[int]) -> str:
    left, line, cross, end = box
    return left + cross.join(line * (w + 2) for w in widths) + end + "\n"


def _lines(box, parts, widths, right, style: str) -> list[str]:
    """One row whose cells take several lines, each cell's lines from the top."""
    height = max(len(p) for p in parts)
    lines = []
    for i in range(height):
        texts = [
            style + " " + pad(p[i] if i < len(p) else "", w, r) + " " + (_RESET if style else "")
            for p, w, r in zip(parts, widths, right, strict=True)
        ]
        lines.append(box[0] + box[2].join(texts) + box[3] + "\n")
    return lines


def write(stream: IO[str] | None, lines: list[str]) -> None:
    (stream or sys.stdout).write("".join(lines))
