"""Locate the shipped SQL in an installed wheel and in an editable checkout alike."""

from functools import cache
from pathlib import Path


@cache
def sql_dir() -> Path:
    """The `sql/` folder: packaged as sanctuary_cli/sql, or at the top of a checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "sql", package.parent / "sql"):
        if (candidate / "migrations").is_dir():
            return candidate
    raise FileNotFoundError("the sql/ folder of sanctuary is missing from this installation")
