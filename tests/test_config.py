"""Settings precedence: option > environment > .env > config.toml > defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.config import load_settings, mask_url


def write_config(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config" / "sanctuary" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_each_source_overrides_the_one_below(tmp_path, monkeypatch, isolated_env):
    monkeypatch.delenv("SANCTUARY_TIMEZONE")
    write_config(
        tmp_path, 'timezone = "Europe/Berlin"\ncurrency = "EUR"\ntherapist = "toml@x.org"\n'
    )
    assert load_settings().timezone == "Europe/Berlin"
    (isolated_env / ".env").write_text(
        "SANCTUARY_TIMEZONE=Asia/Tokyo\nSANCTUARY_THERAPIST=env@x.org\n"
    )
    assert load_settings().timezone == "Asia/Tokyo"
    monkeypatch.setenv("SANCTUARY_TIMEZONE", "America/Chicago")
    settings = load_settings(therapist="cli@x.org")
    assert settings.timezone == "America/Chicago"
    assert settings.therapist == "cli@x.org"
    assert settings.currency == "EUR"


def test_database_url_falls_back_to_database_url_variable(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://fallback/db")
    assert load_settings().database_url == "postgresql://fallback/db"
    monkeypatch.setenv("SANCTUARY_DATABASE_URL", "postgresql://primary/db")
    assert load_settings().database_url == "postgresql://primary/db"


def test_unknown_time_zone_is_one_clear_error(monkeypatch):
    monkeypatch.setenv("SANCTUARY_TIMEZONE", "Mars/Olympus")
    with pytest.raises(UserError, match="timezone"):
        load_settings()


def test_bad_setting_through_the_cli_is_exit_1_without_traceback(monkeypatch, cli):
    monkeypatch.setenv("SANCTUARY_TIMEZONE", "Mars/Olympus")
    result = cli("appointments", "upcoming")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_passwords_are_masked_in_urls_and_keyword_strings():
    assert mask_url("postgresql://u:p%40ss@h/db") == "postgresql://u:***@h/db"
    assert mask_url("host=h password=secret user=u") == "host=h password=*** user=u"
    assert mask_url("postgresql://h/db?password=secret&sslmode=require") == (
        "postgresql://h/db?password=***&sslmode=require"
    )
    assert mask_url("postgresql://u@h/db") == "postgresql://u@h/db"
