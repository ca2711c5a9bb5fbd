"""The fast path of load_settings: the sources read as pydantic-settings reads them, without
importing it (about 130 ms, more than a whole `sanctuary appointments upcoming --csv` should
take beyond psycopg itself).

It accepts only values whose meaning is certain (plain strings, numbers, booleans); anything
else -- a value it would have to guess at, an invalid one, a malformed file -- raises Unsure,
and pydantic-settings decides and words the error. tests/test_settings_fast_path.py checks
that both give the same settings.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from sanctuary_cli.store.settings_table import (
    BLANK_IS_UNSET,
    ENV_FILE,
    ENV_PREFIX,
    SETTINGS,
    Setting,
    config_file,
    is_zone,
)


class Unsure(Exception):
    """The fast path leaves this input to pydantic-settings."""


def fast_values(given: dict[str, Any]) -> dict[str, Any]:
    """Each setting from the highest source that has it, as pydantic-settings would read it."""
    by_name = {s.name: s for s in SETTINGS}
    if set(given) - set(by_name):
        raise Unsure
    wanted = {n.lower() for s in SETTINGS for n in (s.aliases or (ENV_PREFIX + s.name,))}
    environ = _lower_keys(os.environ, wanted)
    dotenv = _lower_keys(_read_dotenv(), wanted)
    toml = _read_toml()
    values: dict[str, Any] = {}
    for s in SETTINGS:
        env_names = [n.lower() for n in (s.aliases or (ENV_PREFIX + s.name,))]
        toml_names = [*s.aliases, s.name]
        if sum(n in toml for n in toml_names) > 1:
            raise Unsure
        if s.name in given:
            value = _coerce(s, given[s.name])
        elif any(n in environ for n in env_names):
            value = _coerce(s, next(environ[n] for n in env_names if n in environ))
        elif any(n in dotenv for n in env_names):
            value = _coerce(s, next(dotenv[n] for n in env_names if n in dotenv))
        elif any(n in toml for n in toml_names):
            value = _coerce(s, next(toml[n] for n in toml_names if n in toml))
        elif s.factory is not None:
            value = s.factory()
        else:
            value = s.default
        values[s.name] = value
    for name in BLANK_IS_UNSET:
        if values[name] is not None:
            values[name] = values[name].strip() or None
    if not is_zone(values["timezone"]):
        raise Unsure
    return values


def _lower_keys(mapping, wanted: set[str]) -> dict[str, Any]:
    """The entries whose names matter, by lower-case name (pydantic-settings ignores case)."""
    found = [(key.lower(), value) for key, value in mapping.items() if key.lower() in wanted]
    lowered = dict(found)
    if len(lowered) != len(found):  # two spellings of one name: which wins is not ours to say
        raise Unsure
    return lowered


def _read_dotenv() -> dict[str, Any]:
    if not Path(ENV_FILE).is_file():
        return {}
    from dotenv import dotenv_values

    values = dotenv_values(ENV_FILE)
    if any(value is None for value in values.values()):
        raise Unsure
    return dict(values)


def _read_toml() -> dict[str, Any]:
    path = config_file()
    if not path.is_file():
        return {}
    import tomllib

    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, ValueError):
        raise Unsure from None


_INT = re.compile(r"[0-9]+")
_PLAIN_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
_TRUE = ("1", "on", "t", "true", "y", "yes")
_FALSE = ("0", "off", "f", "false", "n", "no")


def _coerce(s: Setting, raw: Any) -> Any:
    """The value of a setting from one source; Unsure unless the reading is certain."""
    if s.type is str:
        if not isinstance(raw, str):
            raise Unsure
        return raw
    if s.type is Path:
        if isinstance(raw, Path):
            return raw
        if not isinstance(raw, str) or not raw.strip() or raw != raw.strip():
            raise Unsure
        return Path(raw)
    if s.type is bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw in _TRUE:
            return True
        if isinstance(raw, str) and raw in _FALSE:
            return False
        raise Unsure
    if s.type is int:
        if isinstance(raw, bool):
            raise Unsure
        if isinstance(raw, str) and _INT.fullmatch(raw):
            raw = int(raw)
        if not isinstance(raw, int):
            raise Unsure
        return _within(s, raw)
    if s.type is float:
        if isinstance(raw, bool):
            raise Unsure
        if isinstance(raw, str) and _PLAIN_NUMBER.fullmatch(raw):
            raw = float(raw)
        if not isinstance(raw, int | float):
            raise Unsure
        return _within(s, float(raw))
    if s.type is Decimal:
        if isinstance(raw, Decimal):
            raw = str(raw)
        if not isinstance(raw, str) or not _PLAIN_NUMBER.fullmatch(raw):
            raise Unsure
        value = Decimal(raw)
        places = -value.as_tuple().exponent
        if s.decimal_places is not None and places > s.decimal_places:
            raise Unsure
        return _within(s, value)
    raise Unsure


def _within(s: Setting, value):
    if (s.ge is not None and value < s.ge) or (s.le is not None and value > s.le):
        raise Unsure
    return value
