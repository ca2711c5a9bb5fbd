"""Helpers for the clinical tests: raw SQL look-ups, a second clinician, a pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time

SARAH = "sarah.johnson@sanctuary.example"
OTHER = "omar.reyes@sanctuary.example"
_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r")


def scalar(db, query, *params):
    with db.transaction() as cur:
        cur.execute(query, params)
        row = cur.fetchone()
        return None if row is None else next(iter(row.values()))


def rows(db, query, *params):
    with db.transaction() as cur:
        cur.execute(query, params)
        return cur.fetchall()


def add_second_clinician(db, *, owns_patient: str | None = None):
    """Dr. Omar Reyes; optionally the primary therapist of one demo patient."""
    with db.transaction() as cur:
        cur.execute(
            "insert into therapists (first_name, last_name, email, title)"
            " values ('Omar', 'Reyes', %s, 'Dr.') returning id",
            (OTHER,),
        )
        other_id = cur.fetchone()["id"]
        if owns_patient:
            cur.execute(
                "update patients set therapist_id = %s where full_name = %s",
                (other_id, owns_patient),
            )
    return other_id


class Terminal:
    """`python -m sanctuary_cli ...` on a pseudo-terminal, driven by what it prints."""

    def __init__(self, *args: str, env: dict[str, str] | None = None):
        import pty

        self.master, slave = pty.openpty()
        # A wide window, so prompts are not wrapped in the middle of the text we wait for.
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 250, 0, 0))
        environment = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})}
        environment.pop("NO_COLOR", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sanctuary_cli", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            close_fds=True,
        )
        os.close(slave)
        self.seen = b""
        self.cursor = 0

    def expect(self, text: str, timeout: float = 20) -> None:
        """Wait until `text` appears (escape sequences removed) after the last match."""
        deadline = time.monotonic() + timeout
        while True:
            plain = _ANSI.sub(b"", self.seen).decode("utf-8", "replace")
            found = plain.find(text, self.cursor)
            if found >= 0:
                self.cursor = found + len(text)
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._read(remaining):
                raise AssertionError(f"never saw {text!r}; output was:\n{plain[-2000:]}")

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait(self, timeout: float = 20) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(0.2)
        while self._read(0.2):
            pass
        code = self.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        os.close(self.master)
        return code, _ANSI.sub(b"", self.seen).decode("utf-8", "replace")

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return False
        self.seen += chunk
        return bool(chunk)


def execute(db, statement, *params):
    """Run one statement in its own transaction (raw SQL, as psql would)."""
    with db.transaction() as cur:
        cur.execute(statement, params)
