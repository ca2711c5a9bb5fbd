"""Settings: command line > environment > .env > config.toml > defaults (SPEC.md section 1).

Every setting is declared once, as a `Setting` row of SETTINGS. From that table come both
`Settings`, the pydantic-settings model (the documented schema, built on first use), and the
fast path that `load_settings` takes: importing pydantic-settings costs about 130 ms, more
than a whole `sanctuary appointments upcoming --csv` should take beyond psycopg itself. The
fast path reads the same sources in the same order and accepts only values whose meaning is
certain (plain strings, numbers, booleans); anything else -- a value it would have to guess
at, an invalid one, a malformed file -- goes to pydantic-settings, which decides and words
the error. tests/test_settings_fast_path.py checks that both give the same settings.

To add a setting: one Setting(...) row below and one commented line in .env.example.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sanctuary_cli.errors import UserError

APP_NAME = "sanctuary"
ENV_PREFIX = "SANCTUARY_"
ENV_FILE = ".env"


def config_file() -> Path:
    """config.toml in the platformdirs user config dir."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME))


def system_timezone() -> str:
    """The machine's IANA zone name, or UTC when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    try:
        link = os.readlink("/etc/localtime")
        candidates.append(link.split("zoneinfo/", 1)[-1])
    except OSError:
        pass
    for name in candidates:
        if name and _is_zone(name):
            return name
    return "UTC"


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Setting:
    """One setting: its name, type, default and limits. The env var is SANCTUARY_<NAME>."""

    name: str
    type: type
    default: Any = None
    factory: Any = None  # a callable giving the default, instead of `default`
    optional: bool = False  # None allowed (and the default)
    aliases: tuple[str, ...] = ()  # env var names read instead of SANCTUARY_<NAME>, in order
    ge: float | None = None
    le: float | None = None
    decimal_places: int | None = None
    doc: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        str,
        optional=True,
        aliases=("SANCTUARY_DATABASE_URL", "DATABASE_URL"),
        doc="libpq URL of the database; unset = the embedded server.",
    ),
    Setting(
        "data_dir",
        Path,
        factory=default_data_dir,
        doc="Where the embedded server keeps its cluster.",
    ),
    Setting("timezone", str, factory=system_timezone, doc="The practice's IANA time zone."),
    Setting(
        "therapist",
        str,
        optional=True,
        doc="Email or id of the clinician the commands act for.",
    ),
    Setting("currency", str, default="USD", doc="Currency shown beside amounts."),
    # Connections (docs/remote.md): clear-text to a non-local host only when this is true.
    Setting("allow_insecure", bool, default=False, doc="Allow a non-TLS remote connection."),
    Setting(
        "connect_retry_seconds",
        float,
        default=15.0,
        ge=0,
        le=600,
        doc="How long to retry connecting to a server that is starting.",
    ),
    # A role that reads past row-level security, for `db backup` / `db restore`.
    Setting(
        "backup_database_url",
        str,
        optional=True,
        doc="URL of a role that reads past row-level security, for backup and restore.",
    ),
    # Fees for missed sessions (appointments cancel --late-fee / no-show --fee); fee-exempt
    # patients are never charged. A cancellation is late within late_cancel_hours of the start.
    Setting(
        "no_show_fee",
        Decimal,
        default=Decimal("100.00"),
        ge=0,
        decimal_places=2,
        doc="Fee charged by `appointments no-show --fee`.",
    ),
    Setting(
        "late_cancel_fee",
        Decimal,
        default=Decimal("75.00"),
        ge=0,
        decimal_places=2,
        doc="Fee charged by `appointments cancel --late-fee`.",
    ),
    Setting(
        "late_cancel_hours",
        int,
        default=24,
        ge=0,
        le=24 * 14,
        doc="A cancellation this close to the start is late.",
    ),
    # Record retention (SPEC.md section 5; `report retention`): records are kept this many
    # years after the last service, and a minor's until this many years past majority if later.
    Setting("retention_years", int, default=7, ge=1, le=100, doc="Years kept after last service."),
    Setting("age_of_majority", int, default=18, ge=14, le=25, doc="Age of majority (retention)."),
    Setting(
        "retention_years_past_majority",
        int,
        default=3,
        ge=0,
        le=50,
        doc="A minor's records are kept this many years past majority.",
    ),
)
# Text settings where blank means "not set".
BLANK_IS_UNSET = ("database_url", "therapist")


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
        for key in ("database_url", "backup_database_url"):
            if shown[key]:
                shown[key] = mask_url(shown[key])
        return f"Settings({shown})"


def load_settings(**overrides: object) -> ResolvedSettings:
    """Settings with command-line overrides (None means not given) on top."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return ResolvedSettings(fast_values(given))
    except _Unsure:
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


# --- the fast path ------------------------------------------------------------------------


class _Unsure(Exception):
    """The fast path leaves this input to pydantic-settings."""


def fast_values(given: dict[str, Any]) -> dict[str, Any]:
    """Each setting from the highest source that has it, as pydantic-settings would read it."""
    by_name = {s.name: s for s in SETTINGS}
    if set(given) - set(by_name):
        raise _Unsure
    wanted = {n.lower() for s in SETTINGS for n in (s.aliases or (ENV_PREFIX + s.name,))}
    environ = _lower_keys(os.environ, wanted)
    dotenv = _lower_keys(_read_dotenv(), wanted)
    toml = _read_toml()
    values: dict[str, Any] = {}
    for s in SETTINGS:
        env_names = [n.lower() for n in (s.aliases or (ENV_PREFIX + s.name,))]
        toml_names = [*s.aliases, s.name]
        if sum(n in toml for n in toml_names) > 1:
            raise _Unsure
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
    if not _is_zone(values["timezone"]):
        raise _Unsure
    return values


def _lower_keys(mapping, wanted: set[str]) -> dict[str, Any]:
    """The entries whose names matter, by lower-case name (pydantic-settings ignores case)."""
    found = [(key.lower(), value) for key, value in mapping.items() if key.lower() in wanted]
    lowered = dict(found)
    if len(lowered) != len(found):  # two spellings of one name: which wins is not ours to say
        raise _Unsure
    return lowered


def _read_dotenv() -> dict[str, Any]:
    if not Path(ENV_FILE).is_file():
        return {}
    from dotenv import dotenv_values

    values = dotenv_values(ENV_FILE)
    if any(value is None for value in values.values()):
        raise _Unsure
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
        raise _Unsure from None


_INT = re.compile(r"[0-9]+")
_PLAIN_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
_TRUE = ("1", "on", "t", "true", "y", "yes")
_FALSE = ("0", "off", "f", "false", "n", "no")


def _coerce(s: Setting, raw: Any) -> Any:
    """The value of a setting from one source; _Unsure unless the reading is certain."""
    if s.type is str:
        if not isinstance(raw, str):
            raise _Unsure
        return raw
    if s.type is Path:
        if isinstance(raw, Path):
            return raw
        if not isinstance(raw, str) or not raw.strip() or raw != raw.strip():
            raise _Unsure
        return Path(raw)
    if s.type is bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw in _TRUE:
            return True
        if isinstance(raw, str) and raw in _FALSE:
            return False
        raise _Unsure
    if s.type is int:
        if isinstance(raw, bool):
            raise _Unsure
        if isinstance(raw, str) and _INT.fullmatch(raw):
            raw = int(raw)
        if not isinstance(raw, int):
            raise _Unsure
        return _within(s, raw)
    if s.type is float:
        if isinstance(raw, bool):
            raise _Unsure
        if isinstance(raw, str) and _PLAIN_NUMBER.fullmatch(raw):
            raw = float(raw)
        if not isinstance(raw, int | float):
            raise _Unsure
        return _within(s, float(raw))
    if s.type is Decimal:
        if isinstance(raw, Decimal):
            raw = str(raw)
        if not isinstance(raw, str) or not _PLAIN_NUMBER.fullmatch(raw):
            raise _Unsure
        value = Decimal(raw)
        places = -value.as_tuple().exponent
        if s.decimal_places is not None and places > s.decimal_places:
            raise _Unsure
        return _within(s, value)
    raise _Unsure


def _within(s: Setting, value):
    if (s.ge is not None and value < s.ge) or (s.le is not None and value > s.le):
        raise _Unsure
    return value


# --- the pydantic-settings model ----------------------------------------------------------

_MODEL: type | None = None


def settings_model() -> type:
    """`Settings`: the pydantic-settings model of SETTINGS (built once, on first use)."""
    global _MODEL
    if _MODEL is None:
        _MODEL = _build_model()
    return _MODEL


def _build_model() -> type:
    from pydantic import AliasChoices, Field, create_model, field_validator
    from pydantic_settings import (
        BaseSettings,
        PydanticBaseSettingsSource,
        SettingsConfigDict,
        TomlConfigSettingsSource,
    )

    class SettingsBase(BaseSettings):
        model_config = SettingsConfigDict(
            env_prefix=ENV_PREFIX,
            env_file=ENV_FILE,
            extra="ignore",
            populate_by_name=True,
        )

        @field_validator("timezone", check_fields=False)
        @classmethod
        def _known_zone(cls, value: str) -> str:
            if not _is_zone(value):
                raise ValueError(
                    f"unknown time zone {value!r} (use an IANA name like America/New_York)"
                )
            return value

        @field_validator(*BLANK_IS_UNSET, check_fields=False)
        @classmethod
        def _blank_is_unset(cls, value: str | None) -> str | None:
            return value.strip() or None if value is not None else None

        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file())
            return (init_settings, env_settings, dotenv_settings, toml)

        @property
        def tz(self) -> ZoneInfo:
            return ZoneInfo(self.timezone)

    fields: dict[str, Any] = {}
    for s in SETTINGS:
        kwargs: dict[str, Any] = {"description": s.doc}
        if s.factory is not None:
            kwargs["default_factory"] = s.factory
        else:
            kwargs["default"] = s.default
        if s.aliases:
            kwargs["validation_alias"] = AliasChoices(*s.aliases, s.name)
        for limit in ("ge", "le", "decimal_places"):
            if getattr(s, limit) is not None:
                kwargs[limit] = getattr(s, limit)
        annotation = s.type | None if s.optional else s.type
        fields[s.name] = (annotation, Field(**kwargs))
    model = create_model("Settings", __base__=SettingsBase, __module__=__name__, **fields)
    model.__doc__ = "Every setting of the CLI; `.env.example` documents each one."
    return model


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
