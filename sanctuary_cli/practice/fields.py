"""Declared record fields: one list per record (patients, therapists) that `add`, `edit` and CSV
import all read, so an option, its column and its parser cannot drift apart.

The command layer turns a list into options (cli/options.py `field_options`); CSV import reads
the same columns as its header; `parse_fields` types what was given with each field's parser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.rules import parsers

Parser = Callable[[Any, ZoneInfo], Any]


def text(value: Any, tz: ZoneInfo) -> str | None:
    return parsers.clean_text(value)


@dataclass(frozen=True)
class Field:
    """One field: its column (also the CSV header), option, help, parser and where it is used."""

    column: str
    option: str
    help: str
    parse: Parser = text
    kind: str = "text"  # text | flag (--x/--not-x) | many (a repeatable option)
    modes: tuple[str, ...] = ("add", "edit", "import")
    prompt: str | None = None  # asked for on a terminal by `add` when the option is not given
    negative: str | None = None  # a flag's "off" option (default --not-<name>)


def parse_fields(fields: Sequence[Field], given: Mapping[str, Any], tz: ZoneInfo) -> dict[str, Any]:
    """Every field's column with its typed value; a field not given (None, blank) is None."""
    values: dict[str, Any] = {}
    for field in fields:
        raw = given.get(field.column)
        blank = raw is None or (isinstance(raw, str | list | tuple) and not raw)
        values[field.column] = None if blank else field.parse(raw, tz)
    return values


def columns(fields: Sequence[Field], mode: str) -> tuple[str, ...]:
    return tuple(f.column for f in fields if mode in f.modes)
