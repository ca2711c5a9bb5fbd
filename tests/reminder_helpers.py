"""What the `reminders` CLI tests share: the demo patients' addresses, the sender, the `mail`
fixture (a real SMTP server on 127.0.0.1 that the settings point at) and small steps.

A test module loads the fixture with `pytest_plugins = ("mail_server", "reminder_helpers")`.
"""

from __future__ import annotations

import pytest

AMELIA, BEN = "amelia.chen@example.com", "ben.carter@example.com"
SENDER = "Front desk <desk@sanctuary.example>"


@pytest.fixture
def mail(start_mail_server, monkeypatch):
    server = start_mail_server()
    monkeypatch.setenv("SANCTUARY_SMTP_URL", server.url())
    monkeypatch.setenv("SANCTUARY_REMINDER_FROM", SENDER)
    return server


def agree(cli, *patients: str) -> None:
    for patient in patients:
        done = cli("patients", "edit", patient, "--reminders", "email")
        assert done.exit_code == 0, done.stderr


def send(cli, *args: str):
    return cli("reminders", "send", "--for", "tomorrow", *args)


def texts(received) -> str:
    """Every header and decoded part of a received message, as one text."""
    message = received.message
    parts = [f"{k}: {v}" for k, v in message.items()]
    parts += [part.get_content() for part in message.walk() if not part.is_multipart()]
    return "\n".join(parts)
