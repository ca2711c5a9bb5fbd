"""Run the CLI on a pseudo-terminal and answer its prompts (for the interactive paths)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

CURSOR_POSITION_QUERY = b"\x1b[6n"


def run_on_terminal(
    args: list[str], answers: list[tuple[str, str]], env: dict[str, str], timeout: float = 60
) -> tuple[int, str]:
    """Exit code and everything written to the terminal; each answer is typed once its
    prompt text has appeared."""
    master, slave = pty.openpty()
    env = {key: value for key, value in env.items() if key != "NO_COLOR"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sanctuary_cli", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "TERM": "xterm"},
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    pending = list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
                if CURSOR_POSITION_QUERY in chunk:  # prompt_toolkit asks where the cursor is
                    os.write(master, b"\x1b[1;1R")
            if pending and pending[0][0].encode() in seen:
                prompt, answer = pending.pop(0)
                seen = seen.replace(prompt.encode(), b"[answered]", 1)
                time.sleep(0.2)
                os.write(master, answer.encode() + b"\r")
            if proc.poll() is not None and not ready:
                break
        return proc.wait(timeout=10), seen.decode(errors="replace")
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
