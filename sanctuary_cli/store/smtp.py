"""Sending email (reminders, docs/reminders.md): one SMTP connection, TLS off this machine.

`smtps://user@host:465` is TLS from the first byte, `smtp://user@host:587` STARTTLS when
offered. As for databases (store/db.require_secure_transport) a host that is not this machine
gets nothing in clear text: without SMTPS or a negotiated STARTTLS the session stops after EHLO,
before any password, address or message, unless allow_insecure; the password goes only over
TLS or to this machine, always. Certificates are verified (ssl.create_default_context, which
reads SSL_CERT_FILE; `ca_file` adds a CA). The password is in no repr, message or exception.
Each message is its own transaction; its result says sent, refused, failed (not sent), or
unknown (the connection broke during DATA: a caller promising at most once must not resend)."""

from __future__ import annotations

import contextlib
import copy
import smtplib
import ssl
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from typing import Any
from urllib.parse import unquote, urlsplit

from sanctuary_cli.errors import SanctuaryError, UserError
from sanctuary_cli.store.config import mask_url
from sanctuary_cli.store.db import is_local_host

SENT, REFUSED, FAILED, UNKNOWN = "sent", "refused", "failed", "unknown"
DEFAULT_PORTS = {"smtp": 587, "smtps": 465}
TIMEOUT_SECONDS = 30.0


class MailUnavailable(SanctuaryError):
    """The mail server cannot be reached or no trusted TLS session could be set up (exit 3)."""

    exit_code = 3


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    implicit_tls: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    allow_insecure: bool = False
    ca_file: str | None = None
    timeout: float = TIMEOUT_SECONDS
    local_hostname: str | None = None  # the EHLO name; None: this machine's (smtplib's)

    @classmethod
    def from_url(
        cls, url: str, password: str | None = None, allow_insecure: bool = False, **options: Any
    ) -> SmtpTarget:
        """smtp://user@host:port or smtps://user@host:port (user percent-encoded: a%40b.org);
        options: ca_file, timeout, local_hostname."""
        shown = mask_url(str(url or "").strip())
        parts = urlsplit(str(url or "").strip())
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:  # the rest is not shown: it may hold the password
            given = f"{parts.scheme}://" if parts.scheme else "no scheme"
            raise UserError(f"The SMTP URL must start with smtp:// or smtps://, not {given}")
        try:
            port = parts.port or DEFAULT_PORTS[scheme]
        except ValueError:
            raise UserError(f"The SMTP URL has an invalid port: {shown}") from None
        if not parts.hostname or parts.path not in ("", "/") or parts.query or parts.fragment:
            raise UserError(f"The SMTP URL must be smtp[s]://user@host:port, not {shown!r}")
        username = unquote(parts.username) if parts.username else None
        if password is None and parts.password is not None:
            password = unquote(parts.password)
        if bool(password) != bool(username):  # a login needs both; no login neither
            what = "SANCTUARY_SMTP_PASSWORD is not set" if username else "the URL names no user"
            raise UserError(f"SMTP login for {shown}: {what}")
        tls = scheme == "smtps"
        return cls(parts.hostname, port, tls, username, password, allow_insecure, **options)

    @property
    def is_local(self) -> bool:
        return is_local_host(self.host)

    @property
    def tls_required(self) -> bool:
        return not self.implicit_tls and not self.is_local and not self.allow_insecure

    def describe(self) -> str:
        """Where the mail goes, password-free: smtps://user@host:465."""
        user = f"{self.username}@" if self.username else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'smtps' if self.implicit_tls else 'smtp'}://{user}{host}:{self.port}"

    def __repr__(self) -> str:
        return f"SmtpTarget({self.describe()})"


@dataclass(frozen=True)
class SendResult:
    message_id: str
    recipients: tuple[str, ...]
    status: str  # SENT, REFUSED (the server said no), FAILED (not sent), UNKNOWN (maybe sent)
    reason: str = ""
    code: int | None = None  # the SMTP reply code of a refusal: 4xx temporary, 5xx permanent
    refused: tuple[str, ...] = ()  # recipients refused when the others were accepted

    @property
    def sent(self) -> bool:
        return self.status == SENT

    @property
    def retryable(self) -> bool:
        """Nothing was delivered and trying again later may work."""
        temporary = self.code is not None and 400 <= self.code < 500
        return self.status == FAILED or (self.status == REFUSED and temporary)


def send_all(target: SmtpTarget, messages: Iterable[EmailMessage]) -> list[SendResult]:
    """Send each message in its own transaction over one connection; one result each."""
    return list(send_each(target, messages))


def send_each(target: SmtpTarget, messages: Iterable[EmailMessage]) -> Iterator[SendResult]:
    """send_all, one result as soon as each message is done (to record it at once). Failing
    to connect, secure or log in raises before anything is sent (UserError: our rules, or the
    login refused; MailUnavailable: unreachable or untrusted). A lost connection fails that
    message only; the next one reconnects."""
    pending = list(messages)
    if not pending:
        return
    smtp: smtplib.SMTP | None = _connect(target)
    try:
        for index, message in enumerate(pending):
            if smtp is None:
                try:
                    smtp = _connect(target)
                except SanctuaryError as exc:
                    for rest in pending[index:]:
                        yield _result(rest, FAILED, _scrub(str(exc), target))
                    return
            try:
                result = _transmit(smtp, message, target)
            except _Lost as lost:
                result = lost.args[0]
                _close(smtp)
                smtp = None
            yield result
    finally:
        if smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.quit()
            _close(smtp)


class _Lost(Exception):
    """The connection broke; args[0] is the message's result."""


def _connect(target: SmtpTarget) -> smtplib.SMTP:
    context = tls_context(target.ca_file)
    smtp: smtplib.SMTP | None = None
    try:
        if target.implicit_tls:
            smtp = smtplib.SMTP_SSL(
                target.host, target.port, target.local_hostname, timeout=target.timeout,
                context=context)  # fmt: skip
        else:
            smtp = smtplib.SMTP(target.host, target.port, target.local_hostname, target.timeout)
        _secure_and_login(smtp, target, context)
        return smtp
    except BaseException as exc:
        if smtp is not None:
            _close(smtp)
        error = _connect_error(exc, target)
        if error is None:
            raise
        raise error from None


def _connect_error(exc: BaseException, target: SmtpTarget) -> SanctuaryError | None:
    where = target.describe()
    if isinstance(exc, ssl.SSLCertVerificationError):
        why = f"has a certificate this machine does not trust ({exc.verify_message})"
        return MailUnavailable(f"The mail server {where} {why}; give its CA in SSL_CERT_FILE")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        reply = _reply(exc.smtp_code, exc.smtp_error)
        return UserError(f"The mail server {where} refused the user name or password ({reply})")
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = _reply(exc.smtp_code, exc.smtp_error)
        return MailUnavailable(f"The mail server {where} refused the session: {reply}")
    if isinstance(exc, OSError):  # smtplib.SMTPException is one too
        cause = _scrub(str(exc) or type(exc).__name__, target)
        return MailUnavailable(f"No session with the mail server {where}: {cause}")
    return None


def _secure_and_login(smtp: smtplib.SMTP, target: SmtpTarget, context: ssl.SSLContext) -> None:
    where = target.describe()
    smtp.ehlo_or_helo_if_needed()
    if not target.implicit_tls and smtp.has_extn("starttls"):
        smtp.starttls(context=context)
        smtp.ehlo()
    secure = isinstance(smtp.sock, ssl.SSLSocket)
    if not secure and target.tls_required:
        raise UserError(
            f"Refusing to send mail to {where} in clear text: the server offers no STARTTLS. "
            "Use smtps://, or pass --allow-insecure on a trusted network"
        )
    if target.username:
        if not secure and not target.is_local:
            raise UserError(f"Refusing to send the SMTP password to {where} without TLS")
        if not smtp.has_extn("auth"):
            raise UserError(f"The mail server {where} offers no login (AUTH); remove the user")
        smtp.login(target.username, target.password or "")


def tls_context(ca_file: str | None = None) -> ssl.SSLContext:
    """Verifying context: the system's CAs (or SSL_CERT_FILE's), plus `ca_file` if given."""
    context = ssl.create_default_context()
    if ca_file:
        try:
            context.load_verify_locations(cafile=ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise UserError(f"Cannot read the CA file {ca_file}: {exc}") from None
    return context


def _transmit(smtp: smtplib.SMTP, message: EmailMessage, target: SmtpTarget) -> SendResult:
    sender = parseaddr(str(message.get("Sender") or message.get("From") or ""))[1]
    fields = [str(v) for k in ("To", "Cc", "Bcc") for v in message.get_all(k, [])]
    recipients = tuple(addr for _, addr in getaddresses(fields) if addr)
    if not sender or not recipients:
        return _result(message, FAILED, "the message has no sender or no recipient", recipients)
    utf8 = not all(a.isascii() for a in (sender, *recipients))
    if utf8 and not smtp.has_extn("smtputf8"):
        return _result(message, FAILED, "the server takes no non-ASCII address", recipients)
    try:
        code, reply = smtp.mail(sender, ["SMTPUTF8", "BODY=8BITMIME"] if utf8 else [])
        if code != 250:
            return _reset(smtp, message, recipients, code, reply, f"sender {sender} refused")
        refused = {}
        for rcpt in recipients:
            rcode, rreply = smtp.rcpt(rcpt)
            if rcode not in (250, 251):
                refused[rcpt] = (rcode, rreply)
        if len(refused) == len(recipients):
            code, reply = refused[recipients[0]]
            return _reset(smtp, message, recipients, code, reply, "recipient refused")
    except (smtplib.SMTPException, OSError) as exc:
        reason = f"connection lost: {_scrub(str(exc) or type(exc).__name__, target)}"
        raise _Lost(_result(message, FAILED, reason, recipients)) from None
    try:
        code, reply = smtp.data(_flatten(message, utf8))
    except smtplib.SMTPDataError as exc:  # DATA itself was refused: no content went out
        return _reset(smtp, message, recipients, exc.smtp_code, exc.smtp_error, "refused")
    except (smtplib.SMTPException, OSError) as exc:
        reason = f"connection lost during DATA ({_scrub(str(exc) or type(exc).__name__, target)})"
        raise _Lost(_result(message, UNKNOWN, reason, recipients)) from None
    if code != 250:
        return _reset(smtp, message, recipients, code, reply, "message refused")
    return _result(message, SENT, "", recipients, refused=refused)


def _flatten(message: EmailMessage, utf8: bool) -> bytes:
    outgoing = copy.copy(message)  # deleting headers rebinds the copy's list, as smtplib does
    del outgoing["Bcc"]
    del outgoing["Resent-Bcc"]
    return outgoing.as_bytes(policy=policy.SMTPUTF8 if utf8 else policy.SMTP)


def _reset(smtp, message, recipients, code, reply, what) -> SendResult:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        smtp.rset()
    return _result(message, REFUSED, f"{what}: {_reply(code, reply)}", recipients, code=code)


def _result(message, status, reason, recipients=None, *, code=None, refused=()) -> SendResult:
    if recipients is None:
        recipients = tuple(a for _, a in getaddresses([str(message.get("To", ""))]) if a)
    message_id = str(message.get("Message-ID") or "").strip()
    return SendResult(message_id, tuple(recipients), status, reason, code, tuple(refused))


def _reply(code: int | None, reply: bytes | str | None) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply or "")
    return " ".join(f"{code or ''} {text}".split())


def _scrub(text: str, target: SmtpTarget) -> str:
    """Text without the password, whatever the server or a library echoed."""
    text = mask_url(text)
    secret = target.password or ""
    return text.replace(secret, "***") if len(secret) >= 4 else text


def _close(smtp: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError):
        smtp.close()
