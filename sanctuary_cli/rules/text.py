"""Text from the database made safe to show: no terminal control sequences (docs/SPEC.md
section 4). Used by the renderer and by every message that names a person."""

from __future__ import annotations

import re

# C0 and C1 control characters other than tab and newline; ESC starts every terminal sequence.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control(value: str) -> str:
    return _CONTROL.sub("", value)


def short_id(value: object, length: int = 8) -> str:
    """The first characters of an id, as tables and messages show it."""
    return str(value)[:length]
