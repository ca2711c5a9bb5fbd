"""Settings: command line > environment > .env > config.toml > defaults (docs/SPEC.md
section 1).

Every setting is declared once, as a `Setting` row of SETTINGS (store/settings_table.py).
From that table come both `Settings`, the pydantic-settings model (store/settings_model.py,
the documented schema, built on first use), and the fast path that `load_settings` takes
(store/settings_fast.py): importing pydantic-settings costs about 130 ms, more than a whole
`sanctuary appointments upcoming --csv` should take beyond psycopg itself. The fast path
reads the same sources in the same order and accepts only values whose meaning is certain;
anything else goes to pydantic-settings, which decides and words the error.
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.settings_fast import Unsure, fast_values
from sanctuary_cli.store.settings_table import SETTINGS


class ResolvedSettings:
    """The settings in force: one attribute per Setting row."""

    __slots__ = tuple(s.name for s in SETTINGS)

    def __init__(self, values: dict[str, Any]):
        for name, value in values.items():
            setattr(self, name, value)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ResolvedSettings) and all(
            getattr(self, s.name) == getattr(other, s.name) for s in SETTINGS
        )

    def __repr__(self) -> str:
        shown = {s.name: getattr(self, s.name) for s in SETTINGS}
        for key in ("database_url", "backup_database_url", "smtp_url", "caldav_url"):
            if shown.get(key):
                shown[key] = mask_url(shown[key])
        for key in ("backup_passphrase", "smtp_password", "caldav_password"):
            if shown.get(key):
                shown[key] = "****"
        return f"Settings({shown})"


def load_settings(**overrides: object) -> ResolvedSettings:
    """Settings with command-line overrides (None means not given) on top."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return ResolvedSettings(fast_values(given))
    except Unsure:
        return ResolvedSettings(validated_values(given))


def validated_values(given: dict[str, Any]) -> dict[str, Any]:
    """The settings as pydantic-settings reads and validates them (the reference path)."""
    from pydantic import ValidationError

    try:
        settings = settings_model()(**given)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err.get("loc", ())) or "settings"
        raise UserError(f"Invalid setting {where}: {err.get('msg', 'invalid value')}") from None
    except Exception as exc:  # a malformed config.toml or .env
        raise UserError(f"Cannot read settings: {exc}".splitlines()[0]) from None
    return {s.name: getattr(settings, s.name) for s in SETTINGS}


def settings_model() -> type:
    """`Settings`, the pydantic-settings model (built once, on first use)."""
    from sanctuary_cli.store.settings_model import settings_model as build

    return build()


def __getattr__(name: str) -> Any:
    if name == "Settings":  # `from sanctuary_cli.store.config import Settings` still works
        return settings_model()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_PASSWORD_IN_URL = re.compile(r"(?P<head>://[^:/?#@\s]*:)[^@/\s]*(?P<tail>@)")
_PASSWORD_PARAM = re.compile(r"(?i)(?P<head>\bpassword=)[^&\s]*")


def mask_url(url: str) -> str:
    """The URL with any password replaced by ***."""
    url = _PASSWORD_IN_URL.sub(r"\g<head>***\g<tail>", url)
    return _PASSWORD_PARAM.sub(r"\g<head>***", url)
