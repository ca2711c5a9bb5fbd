"""Settings: command line > environment > .env > config.toml > defaults (SPEC.md section 1)."""

from __future__ import annotations

import contextlib
import os
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from sanctuary_cli.errors import UserError

APP_NAME = "sanctuary"


def config_file() -> Path:
    """config.toml in the platformdirs user config dir."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


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


class Settings(BaseSettings):
    """Every setting of the CLI; `.env.example` documents each one."""

    model_config = SettingsConfigDict(
        env_prefix="SANCTUARY_",
        env_file=".env",
        extra="ignore",
        populate_by_name=True,
    )

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("SANCTUARY_DATABASE_URL", "DATABASE_URL", "database_url"),
    )
    data_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME)))
    timezone: str = Field(default_factory=system_timezone)
    therapist: str | None = None
    currency: str = "USD"
    # Connections (docs/remote.md): clear-text to a non-local host only when this is true.
    allow_insecure: bool = False
    connect_retry_seconds: float = Field(default=15.0, ge=0, le=600)
    # A role that reads past row-level security, for `db backup` / `db restore`.
    backup_database_url: str | None = None
    # Fees for missed sessions (appointments cancel --late-fee / no-show --fee); fee-exempt
    # patients are never charged. A cancellation is late within late_cancel_hours of the start.
    no_show_fee: Decimal = Field(default=Decimal("100.00"), ge=0, decimal_places=2)
    late_cancel_fee: Decimal = Field(default=Decimal("75.00"), ge=0, decimal_places=2)
    late_cancel_hours: int = Field(default=24, ge=0, le=24 * 14)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if not _is_zone(value):
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name like America/New_York)"
            )
        return value

    @field_validator("database_url", "therapist")
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


def load_settings(**overrides: object) -> Settings:
    """Settings with command-line overrides (None means not given) on top."""
    from pydantic import ValidationError

    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err.get("loc", ())) or "settings"
        raise UserError(f"Invalid setting {where}: {err.get('msg', 'invalid value')}") from None
    except Exception as exc:  # a malformed config.toml or .env
        raise UserError(f"Cannot read settings: {exc}".splitlines()[0]) from None


_PASSWORD_IN_URL = re.compile(r"(?P<head>://[^:/?#@\s]*:)[^@/\s]*(?P<tail>@)")
_PASSWORD_PARAM = re.compile(r"(?i)(?P<head>\bpassword=)[^&\s]*")


def mask_url(url: str) -> str:
    """The URL with any password replaced by ***."""
    url = _PASSWORD_IN_URL.sub(r"\g<head>***\g<tail>", url)
    return _PASSWORD_PARAM.sub(r"\g<head>***", url)
