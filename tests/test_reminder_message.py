"""The reminder email (sanctuary_cli/rules/reminders.py): what it says, and nothing more."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules.reminders import (
    appointment_time_text,
    reminder_key,
    reminder_message,
)

TZ = ZoneInfo("America/New_York")
STARTS = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # 10:00 AM in New York (EST)
PATIENT = {
    "first_name": "Amelia",
    "last_name": "Castellanos",
    "diagnosis": "F41.1",
    "diagnosis_text": "Generalized anxiety disorder",
    "session_type": "Couples therapy",
    "note": "discussed panic attacks",
    "clinician": "Dr. Sarah Whitfield",
    "other_patient": "Benjamin Okafor",
}
# Nothing of the record but the first name may appear anywhere in the message.
FORBIDDEN = [v for k, v in PATIENT.items() if k != "first_name"] + ["F41"]


def make(**overrides):
    values = {
        "to_address": "amelia@example.com",
        "from_address": "reminders@calmharbor.example",
        "first_name": PATIENT["first_name"],
        "starts_at": STARTS,
        "tz": TZ,
        "practice_name": "Calm Harbor Counseling",
        "practice_phone": "(555) 010-0100",
        "cancel_instructions": "Call us or reply CANCEL at least 24 hours ahead.",
        "message_id_domain": "calmharbor.example",
        "key": reminder_key("0b9f3c2e-appointment", STARTS),
        "sent_at": datetime(2026, 12, 1, 14, 0, tzinfo=UTC),
    }
    return reminder_message(**{**values, **overrides})


def everything(msg) -> str:
    """Headers, the raw wire form and every decoded part, as one text to search."""
    texts = [msg.as_string(), msg.as_bytes().decode("ascii", "replace")]
    texts += [f"{k}: {v}" for k, v in msg.items()]
    for part in msg.walk():
        if not part.is_multipart():
            texts.append(part.get_content())
    return "\n".join(texts)


def test_the_message_holds_the_first_name_time_and_practice_and_nothing_else():
    msg = make()
    text = everything(msg)
    for forbidden in FORBIDDEN:
        assert forbidden.lower() not in text.lower(), forbidden
    plain = msg.get_body(("plain",)).get_content()
    for needed in (
        "Amelia",
        "Wednesday, December 2, 2026 at 10:00 AM EST",
        "Calm Harbor Counseling",
        "(555) 010-0100",
        "at least 24 hours ahead",
    ):
        assert needed in plain, needed
    html_part = msg.get_body(("html",)).get_content()
    assert "Amelia" in html_part and "10:00 AM EST" in html_part and "(555) 010-0100" in html_part


def test_the_subject_names_only_the_practice():
    msg = make()
    assert msg["Subject"] == "Appointment reminder \N{EM DASH} Calm Harbor Counseling"
    assert "Amelia" not in msg["Subject"] and "2026" not in msg["Subject"]
    assert str(msg["To"]) == "amelia@example.com"  # no display name
    assert str(msg["From"]) == "Calm Harbor Counseling <reminders@calmharbor.example>"
    assert msg["Auto-Submitted"] == "auto-generated"


def test_the_wire_form_is_7bit_and_parses_back():
    msg = make(first_name="Zoë")
    wire = msg.as_bytes(policy=policy.SMTP)
    assert wire.isascii()
    back = message_from_bytes(wire, policy=policy.default)
    assert "Hello Zoë," in back.get_body(("plain",)).get_content()
    assert back["Subject"] == msg["Subject"]


def test_html_is_escaped_and_optional():
    msg = make(first_name="<b>Amy</b> & co", practice_name="Calm <Harbor>")
    html_part = msg.get_body(("html",)).get_content()
    assert "<b>Amy" not in html_part and "&lt;b&gt;Amy&lt;/b&gt; &amp; co" in html_part
    assert "Calm &lt;Harbor&gt;" in html_part
    plain_only = make(html_part=False)
    assert not plain_only.is_multipart() and plain_only.get_content_type() == "text/plain"


def test_the_message_id_is_stable_for_a_reminder_and_changes_when_it_moves():
    first, again = make(), make(sent_at=datetime(2026, 12, 1, 20, 0, tzinfo=UTC))
    assert first["Message-ID"] == again["Message-ID"]
    assert re.fullmatch(r"<reminder\.[0-9a-f]{32}@calmharbor\.example>", first["Message-ID"])
    assert "0b9f3c2e" not in first["Message-ID"]  # the appointment id does not show
    moved = STARTS + timedelta(hours=2)
    later = make(starts_at=moved, key=reminder_key("0b9f3c2e-appointment", moved))
    assert later["Message-ID"] != first["Message-ID"]
    # The same instant written in another zone is the same reminder.
    assert reminder_key("a", STARTS) == reminder_key("a", STARTS.astimezone(TZ))


@pytest.mark.parametrize(
    ("moment", "zone", "text"),
    [
        (datetime(2026, 12, 2, 15, 0, tzinfo=UTC), "America/New_York",
         "Wednesday, December 2, 2026 at 10:00 AM EST"),
        (datetime(2026, 7, 1, 16, 30, tzinfo=UTC), "America/New_York",
         "Wednesday, July 1, 2026 at 12:30 PM EDT"),
        (datetime(2026, 3, 8, 0, 5, tzinfo=UTC), "America/Los_Angeles",
         "Saturday, March 7, 2026 at 4:05 PM PST"),
        (datetime(2026, 7, 2, 3, 5, tzinfo=UTC), "Asia/Dubai",
         "Thursday, July 2, 2026 at 7:05 AM UTC+04:00"),
        (datetime(2026, 1, 5, 9, 0, tzinfo=UTC), "UTC", "Monday, January 5, 2026 at 9:00 AM UTC"),
    ],
)  # fmt: skip
def test_the_time_is_written_unambiguously_in_the_practice_zone(moment, zone, text):
    assert appointment_time_text(moment, ZoneInfo(zone)) == text


@pytest.mark.parametrize(
    "overrides",
    [
        {"starts_at": datetime(2026, 12, 2, 10, 0)},  # naive: which zone?
        {"to_address": "not an address"},
        {"to_address": "amelia@example.com\r\nBcc: someone@example.net"},
        {"from_address": "reminders"},
        {"first_name": "  "},
        {"practice_phone": ""},
    ],
)
def test_bad_input_is_refused(overrides):
    with pytest.raises(UserError):
        make(**overrides)


def test_a_sender_with_its_own_name_keeps_it():
    msg = make(from_address="Front desk <desk@calmharbor.example>")
    assert str(msg["From"]) == "Front desk <desk@calmharbor.example>"


def test_without_cancel_instructions_the_phone_still_says_how_to_reach_us():
    plain = make(cancel_instructions="").get_body(("plain",)).get_content()
    assert "cancel" not in plain.lower() and "Call us at (555) 010-0100" in plain


def test_a_server_answer_keeps_no_address():
    from sanctuary_cli.rules.reminders import without_addresses

    answer = "recipient refused: 550 5.1.1 <Ben.Carter@Example.com>: Recipient address rejected"
    assert without_addresses(answer) == (
        "recipient refused: 550 5.1.1 <(address)>: Recipient address rejected"
    )
    assert without_addresses("451 4.7.1 try later, ben@x.org greylisted") == (
        "451 4.7.1 try later, (address) greylisted"
    )
    assert without_addresses("421 4.3.0 Closing") == "421 4.3.0 Closing"
