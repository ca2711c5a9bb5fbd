"""`Settings`: the pydantic-settings model of SETTINGS, the documented schema and the
reference reading of every source. Built on first use: importing pydantic-settings costs
about 130 ms, so the everyday path (store/settings_fast.py) goes without it.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.store.settings_table import (
    BLANK_IS_UNSET,
    ENV_FILE,
    ENV_PREFIX,
    SETTINGS,
    config_file,
    is_zone,
)

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
            if not is_zone(value):
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
