"""load_settings' fast path reads every source exactly as pydantic-settings does.

The fast path exists to keep pydantic-settings (about 130 ms of imports) off every command.
Each case below builds the sources (options, environment, .env, config.toml), then compares
what load_settings returns with what the pydantic-settings model reads and validates.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sanctuary_cli.errors import UserError
from sanctuary_cli.store import config
from sanctuary_cli.store.config import SETTINGS, load_settings, validated_values


def write_toml(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config" / "sanctuary" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def outcome(function, given):
    try:
        return "ok", function(given)
    except UserError as exc:
        return "error", str(exc)


def assert_same_as_pydantic(given: dict | None = None, *, fast: bool = True) -> None:
    given = given or {}
    expected = outcome(validated_values, {k: v for k, v in given.items() if v is not None})
    got = outcome(lambda g: vars_of(load_settings(**g)), given)
    assert got == expected
    if fast:  # the case is meant to be served without pydantic-settings
        config.fast_values({k: v for k, v in given.items() if v is not None})


def vars_of(settings) -> dict:
    return {s.name: getattr(settings, s.name) for s in SETTINGS}


def test_defaults_match(monkeypatch):
    monkeypatch.delenv("SANCTUARY_TIMEZONE")
    monkeypatch.setenv("TZ", "Europe/Paris")
    assert_same_as_pydantic()
    assert load_settings().timezone == "Europe/Paris"
    assert load_settings().currency == "USD"


@pytest.mark.parametrize(
    "name,value",
    [
        ("SANCTUARY_ALLOW_INSECURE", "true"),
        ("SANCTUARY_ALLOW_INSECURE", "0"),
        ("SANCTUARY_ALLOW_INSECURE", "yes"),
        ("SANCTUARY_CONNECT_RETRY_SECONDS", "3"),
        ("SANCTUARY_CONNECT_RETRY_SECONDS", "2.5"),
        ("SANCTUARY_NO_SHOW_FEE", "80"),
        ("SANCTUARY_NO_SHOW_FEE", "80.5"),
        ("SANCTUARY_LATE_CANCEL_FEE", "60.25"),
        ("SANCTUARY_LATE_CANCEL_HOURS", "12"),
        ("SANCTUARY_THERAPIST", "  "),
        ("SANCTUARY_THERAPIST", " sarah@example.org "),
        ("SANCTUARY_DATABASE_URL", ""),
        ("SANCTUARY_BACKUP_DATABASE_URL", ""),
        ("SANCTUARY_DATA_DIR", "/srv/sanctuary"),
        ("sanctuary_currency", "EUR"),
        ("DATABASE_URL", "postgresql://fallback/db"),
    ],
)
def test_environment_values_match(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    assert_same_as_pydantic()


@pytest.mark.parametrize(
    "name,value",
    [
        ("SANCTUARY_ALLOW_INSECURE", "TRUE"),
        ("SANCTUARY_ALLOW_INSECURE", "maybe"),
        ("SANCTUARY_CONNECT_RETRY_SECONDS", "1e2"),
        ("SANCTUARY_CONNECT_RETRY_SECONDS", "601"),
        ("SANCTUARY_CONNECT_RETRY_SECONDS", "-1"),
        ("SANCTUARY_NO_SHOW_FEE", "80.505"),
        ("SANCTUARY_NO_SHOW_FEE", "lots"),
        ("SANCTUARY_LATE_CANCEL_HOURS", " 5"),
        ("SANCTUARY_LATE_CANCEL_HOURS", "1000"),
        ("SANCTUARY_TIMEZONE", "Mars/Olympus"),
        ("SANCTUARY_TIMEZONE", ""),
        ("SANCTUARY_DATA_DIR", ""),
    ],
)
def test_doubtful_values_are_decided_by_pydantic(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    assert_same_as_pydantic(fast=False)


def test_database_url_variables_keep_their_order(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://fallback/db")
    monkeypatch.setenv("SANCTUARY_DATABASE_URL", "postgresql://primary/db")
    assert_same_as_pydantic()
    assert load_settings().database_url == "postgresql://primary/db"


def test_every_source_in_its_place(tmp_path, monkeypatch, isolated_env):
    monkeypatch.delenv("SANCTUARY_TIMEZONE")
    write_toml(
        tmp_path,
        'timezone = "Europe/Berlin"\ncurrency = "EUR"\ntherapist = "toml@x.org"\n'
        "allow_insecure = true\nconnect_retry_seconds = 30\nlate_cancel_hours = 48\n"
        'database_url = "postgresql://toml/db"\nunknown_key = 1\n',
    )
    assert_same_as_pydantic()
    (isolated_env / ".env").write_text(
        "# comment\nSANCTUARY_TIMEZONE=Asia/Tokyo\nexport SANCTUARY_THERAPIST='env@x.org'\n"
        'SANCTUARY_NO_SHOW_FEE="90.00"\nDATABASE_URL=postgresql://dotenv/db\nOTHER=1\n'
    )
    assert_same_as_pydantic()
    monkeypatch.setenv("SANCTUARY_TIMEZONE", "America/Chicago")
    assert_same_as_pydantic({"therapist": "cli@x.org", "database_url": None})
    settings = load_settings(therapist="cli@x.org", data_dir=str(tmp_path / "d"))
    assert (settings.timezone, settings.therapist, settings.currency) == (
        "America/Chicago",
        "cli@x.org",
        "EUR",
    )
    assert settings.database_url == "postgresql://dotenv/db"
    assert settings.allow_insecure is True
    assert settings.data_dir == tmp_path / "d"


def test_malformed_config_file_is_one_clear_error(tmp_path):
    write_toml(tmp_path, "timezone = \n")
    with pytest.raises(UserError, match="Cannot read settings"):
        load_settings()


def test_a_toml_value_of_another_type_is_decided_by_pydantic(tmp_path):
    write_toml(tmp_path, "currency = 5\nno_show_fee = 12.5\n")
    assert_same_as_pydantic(fast=False)


def test_overrides_of_every_kind(tmp_path):
    assert_same_as_pydantic(
        {
            "database_url": "postgresql://cli/db",
            "therapist": "a@b.org",
            "timezone": "Asia/Kolkata",
            "data_dir": tmp_path,
            "allow_insecure": True,
        }
    )


def test_the_model_declares_exactly_the_table():
    model = config.Settings
    assert list(model.model_fields) == [s.name for s in SETTINGS]
    assert model.__name__ == "Settings"


def test_a_database_command_does_not_import_pydantic_settings(tmp_path):
    code = (
        "import sys\n"
        "from sanctuary_cli.store.config import load_settings\n"
        "import sanctuary_cli.store.db, sanctuary_cli.cli.app, sanctuary_cli.cli.output\n"
        "load_settings()\n"
        "print('pydantic_settings' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("args", [["--help"], ["report", "daily", "--csv"]], ids=" ".join)
def test_help_and_a_listing_do_not_import_pydantic(demo_db_url, args):
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sanctuary_cli", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert not {name for name in loaded if name.startswith("pydantic")}
