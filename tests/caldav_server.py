"""A real CalDAV server for the tests: Radicale in a subprocess, on 127.0.0.1 only.

`start_caldav_server(https=False)` (a fixture) starts one with its storage in the test's temp
dir and stops it when the test ends. Authentication is `none` (any user name and password is
accepted, so the client still sends them) and rights `owner_only`, so the calendars live under
/<user>/ as on a real server. With https=True it serves TLS with the throwaway certificate of
tests/mail_server.py. `make_calendar` creates one (MKCALENDAR); `put_event` stores an event
that is not ours, as another calendar client would; `events` reads back what the server holds.
A test module loads the fixtures with `pytest_plugins = ("caldav_server",)`.
"""

from __future__ import annotations

import base64
import http.client
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # imported when used, so that pytest_plugins may load mail_server itself
    from mail_server import ServerCertificate

USER, PASSWORD = "sarah", "radicale-test-password"
START_TIMEOUT = 20.0


class CalDAVServer:
    user, password = USER, PASSWORD  # any pair is let in (auth none); these are sent

    def __init__(self, root: Path, certificate: ServerCertificate | None = None):
        self.root = root
        self.certificate = certificate
        self.scheme = "https" if certificate else "http"
        self.port = 0
        self.process: subprocess.Popen | None = None
        for _ in range(3):  # a free port is chosen, then bound by Radicale: retry a lost race
            self.port = _free_port()
            if self._start():
                return
        raise RuntimeError(f"Radicale did not start: {self._log()}")

    def _start(self) -> bool:
        config = self.root / "radicale.conf"
        tls = ""
        if self.certificate:
            tls = (
                f"ssl = True\ncertificate = {self.certificate.cert}\nkey = {self.certificate.key}\n"
            )
        config.write_text(
            f"[server]\nhosts = 127.0.0.1:{self.port}\n{tls}"
            "[auth]\ntype = none\n[rights]\ntype = owner_only\n"
            f"[storage]\nfilesystem_folder = {self.root / 'collections'}\n"
            "[web]\ntype = none\n[logging]\nlevel = warning\nmask_passwords = True\n"
        )
        self.log_path = self.root / "radicale.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "radicale", "--config", str(config)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                answered = self.request("PROPFIND", f"/{USER}/", headers={"Depth": "0"})[0] < 500
                # Ours, not another test's Radicale that won the port: it made our principal.
                if answered and (self.root / "collections" / "collection-root" / USER).is_dir():
                    return True
                time.sleep(0.1)
            except OSError:
                time.sleep(0.1)
        self.stop()
        return False

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def calendar_url(self, name: str = "practice") -> str:
        return f"{self.url}/{USER}/{name}/"

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        if self.certificate:
            context = ssl.create_default_context(cafile=str(self.certificate.cert))
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=5, context=context)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        try:
            conn.request(
                method, path, body=body.encode(),
                headers={"Authorization": f"Basic {token}", **(headers or {})},
            )  # fmt: skip
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def make_calendar(self, name: str = "practice") -> str:
        status, text = self.request("MKCALENDAR", f"/{USER}/{name}/")
        assert status == 201, (status, text)
        return self.calendar_url(name)

    def put_event(self, calendar: str, uid: str, summary: str, ics_lines: str = "") -> None:
        body = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone else//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20261201T120000Z\r\nDTSTART:20261203T150000Z\r\n"
            f"DTEND:20261203T160000Z\r\nSUMMARY:{summary}\r\n{ics_lines}END:VEVENT\r\n"
            "END:VCALENDAR\r\n"
        )
        path = f"/{USER}/{calendar}/{uid.replace('@', '-')}.ics"
        status, text = self.request("PUT", path, body, {"Content-Type": "text/calendar"})
        assert status in (201, 204), (status, text)

    def events(self, calendar: str = "practice") -> dict[str, object]:
        """UID -> the icalendar VEVENT of every event the calendar holds (read from storage)."""
        from icalendar import Calendar

        found = {}
        for path in sorted(
            (self.root / "collections" / "collection-root" / USER / calendar).glob("*.ics")
        ):
            for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
                found[str(event["UID"])] = event
        return found

    def _log(self) -> str:
        return self.log_path.read_text(errors="replace")[-2000:] if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def start_caldav_server(tmp_path: Path) -> Iterator:
    """start_caldav_server(https=False) -> CalDAVServer; every server started is stopped."""
    pytest.importorskip("radicale")
    started: list[CalDAVServer] = []

    def start(*, https: bool = False) -> CalDAVServer:
        root = tmp_path / f"radicale-{len(started)}"
        root.mkdir()
        from mail_server import make_certificate

        certificate = make_certificate(root) if https else None
        server = CalDAVServer(root, certificate)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
