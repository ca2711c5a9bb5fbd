"""A real SMTP server for the tests (aiosmtpd), on 127.0.0.1 only, that keeps what it receives.

`start_mail_server(...)` (a fixture) starts one in a thread on a free port and stops it when the
test ends. It can offer STARTTLS or speak implicit TLS (SMTPS) with a throwaway certificate
for 127.0.0.1 / localhost made here with the openssl CLI (`tls_certificate`, once per session),
require AUTH (PLAIN / LOGIN, which aiosmtpd offers only after TLS), refuse some recipients
(550), answer some with a temporary failure (451) or drop the connection in the middle of DATA.
A test module loads the fixtures with `pytest_plugins = ("mail_server",)`.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

SERVER_NAME = "mail.sanctuary.test"  # given, so aiosmtpd does not look up this machine's name
# A name the certificate also holds, for tests that stand it for a host off this machine (a
# test resolves it to 127.0.0.1 itself): the TLS rules for remote hosts apply to it.
REMOTE_NAME = "mail.practice.test"
SUBJECT_ALT_NAMES = f"subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:{REMOTE_NAME}"


@dataclass(frozen=True)
class ServerCertificate:
    cert: Path  # also the CA file a client trusts: the certificate is self-signed
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.cert), str(self.key))
        return context


def make_certificate(directory: Path) -> ServerCertificate:
    """A self-signed certificate for 127.0.0.1, localhost and REMOTE_NAME, valid two days."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl CLI is not installed")
    cert, key = directory / "mail.crt", directory / "mail.key"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-sha256",
            "-subj", "/CN=127.0.0.1", "-addext", SUBJECT_ALT_NAMES,
        ],
        check=True, capture_output=True,
    )  # fmt: skip
    key.chmod(0o600)
    return ServerCertificate(cert=cert, key=key)


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    tls: bool
    user: str | None

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)  # type: ignore[return-value]


@dataclass
class Recorder:
    """The aiosmtpd handler: keeps every message, refuses what it is told to."""

    refuse: set[str] = field(default_factory=set)  # 550 at RCPT
    defer: set[str] = field(default_factory=set)  # 451 at RCPT
    drop_during_data: set[str] = field(default_factory=set)  # connection closed at DATA
    messages: list[Received] = field(default_factory=list)
    logins: list[tuple[str, str, bool]] = field(default_factory=list)  # (login, password, tls)
    users: dict[str, str] = field(default_factory=dict)
    implicit_tls: bool = False  # SMTPS: aiosmtpd's session.ssl is set only by STARTTLS

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # As Postfix does, the answers echo the address.
        if address.lower() in self.refuse:
            return f"550 5.1.1 <{address}>: Mailbox unavailable"
        if address.lower() in self.defer:
            return f"451 4.3.0 <{address}>: Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if {a.lower() for a in envelope.rcpt_tos} & self.drop_during_data:
            server.transport.close()
            return "421 4.3.0 Closing"
        self.messages.append(
            Received(
                mail_from=envelope.mail_from,
                rcpt_tos=list(envelope.rcpt_tos),
                data=envelope.original_content or envelope.content,
                tls=self.implicit_tls or session.ssl is not None,
                user=session.auth_data if session.authenticated else None,
            )
        )
        return "250 2.0.0 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        login = auth_data.login.decode()
        password = auth_data.password.decode()
        self.logins.append((login, password, self.implicit_tls or session.ssl is not None))
        ok = self.users.get(login) == password
        return AuthResult(success=ok, handled=False, auth_data=login if ok else None)


class MailServer:
    """One aiosmtpd server on 127.0.0.1, on a port the system chose (no race for it)."""

    def __init__(
        self,
        *,
        certificate: ServerCertificate | None = None,
        implicit_tls: bool = False,
        users: dict[str, str] | None = None,
        **recorder: set[str],
    ):
        from aiosmtpd.controller import Controller

        self.recorder = Recorder(users=dict(users or {}), **recorder)
        listener = socket.create_server(("127.0.0.1", 0))
        self.host, self.port = "127.0.0.1", listener.getsockname()[1]
        kwargs: dict = {"server_hostname": SERVER_NAME, "ready_timeout": 10}
        context = certificate.server_context() if certificate else None
        if implicit_tls:
            kwargs["ssl_context"] = context
        elif context is not None:
            kwargs["tls_context"] = context
        if users is not None:
            kwargs["authenticator"] = self.recorder.authenticate
            kwargs["auth_required"] = True
            # aiosmtpd 1.4 counts only STARTTLS as TLS: over SMTPS it would offer no AUTH.
            kwargs["auth_require_tls"] = not implicit_tls
        self.recorder.implicit_tls = implicit_tls

        class OnListener(Controller):
            def _create_server(self):
                return self.loop.create_server(
                    self._factory_invoker, sock=listener, ssl=self.ssl_context
                )

        self.controller = OnListener(self.recorder, hostname=self.host, port=self.port, **kwargs)
        self.controller.start()

    @property
    def messages(self) -> list[Received]:
        return self.recorder.messages

    def url(self, scheme: str = "smtp", user: str | None = None, host: str | None = None) -> str:
        who = f"{user}@" if user else ""
        return f"{scheme}://{who}{host or self.host}:{self.port}"

    def stop(self) -> None:
        self.controller.stop()


@pytest.fixture(scope="session")
def tls_certificate(tmp_path_factory: pytest.TempPathFactory) -> ServerCertificate:
    return make_certificate(tmp_path_factory.mktemp("mail-tls"))


@pytest.fixture
def start_mail_server() -> Iterator:
    """start_mail_server(**options) -> MailServer; every server started is stopped after."""
    started: list[MailServer] = []

    def start(**options) -> MailServer:
        server = MailServer(**options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
