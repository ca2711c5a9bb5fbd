"""Locate the shipped SQL in an installed wheel and in an editable checkout alike."""

from functools import cache
from pathlib import Path


@cache
def sql_dir() -> Path:
    """The `sql/` folder: packaged as sanctuary_cli/sql, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "sql", here.parent / "sql"):
        if (candidate / "migrations").is_dir():
            return candidate
    raise FileNotFoundError("the sql/ folder of sanctuary is missing from this installation")
