"""Sending reminders (sanctuary_cli/store/smtp.py) to a real SMTP server on 127.0.0.1
(tests/mail_server.py: aiosmtpd, with STARTTLS, SMTPS and AUTH on a throwaway certificate)."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules.reminders import reminder_key, reminder_message
from sanctuary_cli.store import smtp
from sanctuary_cli.store.smtp import (
    FAILED,
    REFUSED,
    SENT,
    UNKNOWN,
    MailUnavailable,
    SmtpTarget,
    send_all,
)

PASSWORD = "correct-horse-battery"
USER = "desk@calmharbor.example"
START = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
pytest_plugins = ("mail_server",)  # the start_mail_server and tls_certificate fixtures


def reminder(to: str, hours: int = 0):
    starts = START + timedelta(hours=hours)
    return reminder_message(
        to_address=to,
        from_address="reminders@calmharbor.example",
        first_name=to.split("@")[0].title(),
        starts_at=starts,
        tz=ZoneInfo("America/New_York"),
        practice_name="Calm Harbor Counseling",
        practice_phone="(555) 010-0100",
        cancel_instructions="Call us at least 24 hours ahead.",
        message_id_domain="calmharbor.example",
        key=reminder_key(to, starts),
    )


def target(url: str, **options) -> SmtpTarget:
    options.setdefault("local_hostname", "client.sanctuary.test")  # no lookup of this machine
    options.setdefault("timeout", 10)
    password = options.pop("password", None)
    return SmtpTarget.from_url(url, password, options.pop("allow_insecure", False), **options)


def test_plain_delivery_to_this_machine(start_mail_server):
    server = start_mail_server()
    messages = [reminder("amelia@example.com"), reminder("ben@example.com", hours=1)]
    results = send_all(target(server.url()), messages)
    assert [r.status for r in results] == [SENT, SENT]
    assert [r.message_id for r in results] == [m["Message-ID"] for m in messages]
    got = server.messages
    assert [m.rcpt_tos for m in got] == [["amelia@example.com"], ["ben@example.com"]]
    assert got[0].mail_from == "reminders@calmharbor.example" and not got[0].tls
    body = got[0].message.get_body(("plain",)).get_content()
    assert "Hello Amelia," in body and "10:00 AM EST" in body
    assert got[0].message["Message-ID"] == messages[0]["Message-ID"]


def test_starttls_with_the_servers_certificate(start_mail_server, tls_certificate):
    server = start_mail_server(certificate=tls_certificate)
    results = send_all(
        target(server.url(), ca_file=str(tls_certificate.cert)), [reminder("a@x.org")]
    )
    assert results[0].sent and server.messages[0].tls


def test_the_ca_may_come_from_ssl_cert_file(start_mail_server, tls_certificate, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_certificate.cert))
    server = start_mail_server(certificate=tls_certificate)
    assert send_all(target(server.url("smtp", host="localhost")), [reminder("a@x.org")])[0].sent
    assert server.messages[0].tls


def test_an_untrusted_certificate_stops_before_anything_is_sent(start_mail_server, tls_certificate):
    server = start_mail_server(certificate=tls_certificate)
    with pytest.raises(MailUnavailable, match="certificate") as caught:
        send_all(target(server.url()), [reminder("a@x.org")])
    assert caught.value.exit_code == 3 and "SSL_CERT_FILE" in str(caught.value)
    assert server.messages == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # SMTPS: it is TLS
def test_smtps_and_auth_over_it(start_mail_server, tls_certificate):
    server = start_mail_server(
        certificate=tls_certificate, implicit_tls=True, users={USER: PASSWORD}
    )
    url = server.url("smtps", user=USER.replace("@", "%40"))
    t = target(url, password=PASSWORD, ca_file=str(tls_certificate.cert))
    assert send_all(t, [reminder("a@x.org")])[0].sent
    assert server.messages[0].user == USER and server.messages[0].tls


def test_auth_over_starttls(start_mail_server, tls_certificate):
    server = start_mail_server(certificate=tls_certificate, users={USER: PASSWORD})
    url = server.url("smtp", user=USER.replace("@", "%40"))
    t = target(url, password=PASSWORD, ca_file=str(tls_certificate.cert))
    results = send_all(t, [reminder("a@x.org"), reminder("b@x.org")])
    assert [r.status for r in results] == [SENT, SENT]
    assert server.recorder.logins == [(USER, PASSWORD, True)]  # once, for both, over TLS
    assert {m.user for m in server.messages} == {USER}


def test_a_wrong_password_is_one_line_without_it(start_mail_server, tls_certificate):
    server = start_mail_server(certificate=tls_certificate, users={USER: PASSWORD})
    wrong = "wrong-password-123"
    t = target(server.url("smtp", user="desk"), password=wrong, ca_file=str(tls_certificate.cert))
    with pytest.raises(UserError, match="refused the user name or password") as caught:
        send_all(t, [reminder("a@x.org")])
    assert wrong not in str(caught.value) and "\n" not in str(caught.value)
    assert server.messages == []


def test_a_server_that_wants_a_login_refuses_mail_without_one(start_mail_server, tls_certificate):
    server = start_mail_server(certificate=tls_certificate, users={USER: PASSWORD})
    t = target(server.url(), ca_file=str(tls_certificate.cert))
    [result] = send_all(t, [reminder("a@x.org")])
    assert result.status == REFUSED and result.code == 530 and server.messages == []


def test_one_refused_recipient_does_not_stop_the_others(start_mail_server):
    server = start_mail_server(refuse={"gone@example.com"}, defer={"busy@example.com"})
    to = ["amelia@example.com", "gone@example.com", "busy@example.com", "ben@example.com"]
    results = send_all(target(server.url()), [reminder(a) for a in to])
    assert [r.status for r in results] == [SENT, REFUSED, REFUSED, SENT]
    assert results[1].code == 550 and not results[1].retryable and "550" in results[1].reason
    assert results[2].code == 451 and results[2].retryable
    assert [m.rcpt_tos for m in server.messages] == [["amelia@example.com"], ["ben@example.com"]]


def test_a_connection_lost_during_data_is_unknown_and_the_rest_still_go(start_mail_server):
    server = start_mail_server(drop_during_data={"flaky@example.com"})
    to = ["amelia@example.com", "flaky@example.com", "ben@example.com"]
    results = send_all(target(server.url()), [reminder(a) for a in to])
    assert [r.status for r in results] == [SENT, UNKNOWN, SENT]
    assert not results[1].retryable and "DATA" in results[1].reason
    assert [m.rcpt_tos for m in server.messages] == [["amelia@example.com"], ["ben@example.com"]]


def test_a_host_off_this_machine_gets_nothing_without_tls(start_mail_server, monkeypatch):
    """127.0.0.1 stands in for a remote host: the session stops after EHLO, before AUTH/MAIL."""
    monkeypatch.setattr(smtp, "is_local_host", lambda host: False)
    server = start_mail_server(users={USER: PASSWORD})
    t = target(server.url("smtp", user="desk"), password=PASSWORD)
    assert t.tls_required
    with pytest.raises(UserError, match="clear text.*STARTTLS.*--allow-insecure"):
        send_all(t, [reminder("a@x.org")])
    assert server.messages == [] and server.recorder.logins == []
    # --allow-insecure lets the mail go, never the password.
    with pytest.raises(UserError, match="password .* without TLS"):
        send_all(target(server.url("smtp", user="desk"), password=PASSWORD, allow_insecure=True),
                 [reminder("a@x.org")])  # fmt: skip
    plain = start_mail_server()
    assert send_all(target(plain.url(), allow_insecure=True), [reminder("a@x.org")])[0].sent


def test_tls_rules_are_known_before_connecting():
    remote = target("smtp://desk%40calmharbor.example@mail.example.com:587", password=PASSWORD)
    assert remote.tls_required and remote.username == "desk@calmharbor.example"
    assert not target("smtps://u@mail.example.com", password="x").tls_required  # TLS anyway
    assert target("smtps://u@mail.example.com", password="x").port == 465
    assert not target("smtp://localhost:25").tls_required
    assert not target("smtp://[::1]:25").tls_required
    assert not target("smtp://mail.example.com", allow_insecure=True).tls_required
    assert target("smtp://mail.example.com").port == 587


def test_the_password_never_shows():
    t = target(f"smtp://desk:{PASSWORD}@mail.example.com:587")
    assert t.password == PASSWORD
    for text in (repr(t), str(t), t.describe()):
        assert PASSWORD not in text and "mail.example.com:587" in text
    t = target("smtp://desk@mail.example.com:587", password=PASSWORD)
    assert PASSWORD not in repr(t) and PASSWORD not in f"{t}"


@pytest.mark.parametrize(
    ("url", "password", "match"),
    [
        ("http://mail.example.com", None, "smtp:// or smtps://"),
        (f"mail.example.com:{PASSWORD}", None, "smtp:// or smtps://"),
        ("smtp://mail.example.com:99999", None, "invalid port"),
        ("smtp://mail.example.com/inbox", None, "smtp\\[s\\]://user@host:port"),
        ("smtp://desk@mail.example.com", None, "SANCTUARY_SMTP_PASSWORD is not set"),
        ("smtp://mail.example.com", PASSWORD, "names no user"),
        (f"ftp://desk:{PASSWORD}@mail.example.com", None, "smtp:// or smtps://"),
    ],
)
def test_bad_settings_are_one_line_without_the_password(url, password, match):
    with pytest.raises(UserError, match=match) as caught:
        target(url, password=password)
    assert PASSWORD not in str(caught.value)


def test_an_unreachable_server_is_exit_3():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(MailUnavailable, match=f"127.0.0.1:{port}") as caught:
        send_all(target(f"smtp://127.0.0.1:{port}"), [reminder("a@x.org")])
    assert caught.value.exit_code == 3


def test_a_message_without_a_recipient_fails_alone(start_mail_server):
    server = start_mail_server()
    broken = reminder("a@x.org")
    del broken["To"]
    results = send_all(target(server.url()), [broken, reminder("b@x.org")])
    assert [r.status for r in results] == [FAILED, SENT]
    assert send_all(target(server.url()), []) == []
