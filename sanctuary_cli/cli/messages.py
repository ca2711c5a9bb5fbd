"""The three ways a command talks to a person, by one rule (docs/architecture.md, "Output").

stdout carries what the command produces: the rows it lists (through output.render) or, for a
write, the one line naming the record it wrote (`result`), so `id=$(sanctuary ... )` and pipes
get data only. stderr carries everything about how the work went: progress, files written,
hints and notes (`say`), and warnings (`warn`). Text is stripped of terminal control characters
first: names in messages come from the database.
"""

from __future__ import annotations

import sys

from sanctuary_cli.rules.text import strip_control


def result(line: str) -> None:
    """The record a write command wrote (or the answer of a check), on stdout."""
    sys.stdout.write(strip_control(line) + "\n")


def say(line: str) -> None:
    """Progress, a file written, a hint or a note, on stderr."""
    sys.stderr.write(strip_control(line) + "\n")


def warn(line: str) -> None:
    """Something the person should act on, though the command succeeded, on stderr."""
    sys.stderr.write("Warning: " + strip_control(line) + "\n")
