"""`python bench/run.py --remote`: the used-by commands against a TLS PostgreSQL far away.

A throwaway cluster of the Debian PostgreSQL (tests/remote_helpers.py: TLS only, verify-full,
SCRAM with channel binding, as tests/test_remote.py uses it) gets a small generated practice
(`--remote-scale`, default 0.01: round trips, not table sizes, are what is measured here). The
commands reach it through DelayRelay, a userspace relay on loopback that holds every chunk it
forwards for a fixed time in each direction, so a round trip costs twice `--delay-ms` as over a
network. The relay cannot read the protocol inside TLS; it counts turns instead: each time the
client sends after the server has spoken is one, from the TLS handshake to the goodbye, so the
figure includes connecting (TLS, SCRAM) and is compared between the command, psql and the floor,
which all connect the same way.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

# The used-by commands of the issue, as run against the remote server.
REMOTE_BENCHES = [
    ("appointments upcoming --csv", ["appointments", "upcoming", "--csv"]),
    ("billing overdue --csv", ["billing", "overdue", "--csv"]),
    ("report daily --format csv", ["report", "daily", "--format", "csv"]),
    ("patients search --csv", ["patients", "search", "Nora Okafr", "--csv"]),
    ("billing aging --csv", ["billing", "aging", "--csv"]),
    ("notes search --json", ["notes", "search", "insomnia", "--json"]),
    ("patients show", ["patients", "show", "{patient}"]),
    ("today", ["today"]),
]


class DelayRelay:
    """127.0.0.1:port -> target, each chunk held `delay` seconds in each direction."""

    def __init__(self, target: tuple[str, int], delay: float):
        self.target, self.delay = target, delay
        self.turns = 0
        self.connections = 0
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def take(self) -> tuple[int, int]:
        """Connections and turns since the last call."""
        with self._lock:
            counts = (self.connections, self.turns)
            self.connections = self.turns = 0
        return counts

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for s in (client, upstream):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            state = {"last": "server"}
            with self._lock:
                self.connections += 1
            for src, dst, side in ((client, upstream, "client"), (upstream, client, "server")):
                pump = threading.Thread(target=self._pump, args=(src, dst, side, state))
                pump.daemon = True
                pump.start()

    def _pump(self, src: socket.socket, dst: socket.socket, side: str, state: dict) -> None:
        queue: list[tuple[float, bytes]] = []
        ready = threading.Condition()

        def deliver() -> None:
            while True:
                with ready:
                    while not queue:
                        ready.wait()
                    due, data = queue.pop(0)
                time.sleep(max(0.0, due - time.monotonic()))
                if not data:
                    with contextlib.suppress(OSError):
                        dst.shutdown(socket.SHUT_WR)
                    return
                try:
                    dst.sendall(data)
                except OSError:
                    return

        threading.Thread(target=deliver, daemon=True).start()
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            if data and side == "client":
                with self._lock:
                    if state["last"] == "server":
                        self.turns += 1
            if data:
                state["last"] = side
            with ready:
                queue.append((time.monotonic() + self.delay, data))
                ready.notify()
            if not data:
                return


@contextlib.contextmanager
def remote_practice(scale: float, delay_ms: float) -> Iterator[tuple[str, dict, DelayRelay]]:
    """A TLS server with a generated practice; yields (URL through the relay, env, relay)."""
    from remote_helpers import (
        APP_PASSWORD,
        DebianServer,
        make_certificates,
        missing_packages,
        service_dir,
    )

    why = missing_packages()
    if why:
        raise SystemExit(f"--remote needs the Debian PostgreSQL server: {why}")
    root = service_dir("sanctuary-bench-remote-")  # the server runs as a non-root user
    server = DebianServer(root, make_certificates(root)).init()
    relay = None
    try:
        server.create_database("sanctuary_bench")
        env = {"PGPASSWORD": APP_PASSWORD}
        direct = server.url("sanctuary_bench")
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--scale", str(scale), "--database-url",
             direct],
            env={**_plain_env(), **env}, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        relay = DelayRelay(("127.0.0.1", server.port), delay_ms / 1000)
        yield server.url("sanctuary_bench", port=relay.port), env, relay
    finally:
        if relay:
            relay.close()
        server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


def _plain_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith(("SANCTUARY_", "PG"))}


def time_with_turns(
    commands: dict[str, list[str]], env: dict[str, str], cwd: str, runs: int, relay: DelayRelay
) -> dict[str, tuple[list[float], list[int], list[int]]]:
    """Interleaved runs (one warm-up each): wall ms, relay turns and connections of each."""
    out: dict[str, tuple[list[float], list[int], list[int]]] = {
        name: ([], [], []) for name in commands
    }
    for round_no in range(runs + 1):
        for name, cmd in commands.items():
            relay.take()
            t0 = time.perf_counter()
            done = subprocess.run(
                cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )  # fmt: skip
            elapsed = (time.perf_counter() - t0) * 1000
            time.sleep(3 * relay.delay)  # let the goodbye pass before counting the next
            connections, turns = relay.take()
            if done.returncode != 0:
                raise SystemExit(f"{name} failed ({done.returncode}): {done.stderr[-500:]!r}")
            if round_no:
                out[name][0].append(elapsed)
                out[name][1].append(turns)
                out[name][2].append(connections)
    return out


def print_remote_row(name: str, result: dict[str, tuple[list[float], list[int]]]) -> None:
    if not getattr(print_remote_row, "header", False):
        print(
            f"{'command':<28} {'sanctuary ms':>12} {'turns':>5} {'psql ms':>9} {'turns':>5}"
            f" {'floor ms':>9} {'turns':>5} {'cli/floor':>9}  (connections)"
        )
        print_remote_row.header = True
    cells, links = [], []
    for who in ("sanctuary", "psql", "floor"):
        times, turns, connections = result[who]
        cells.append(f"{statistics.median(times):>9.0f} {statistics.median(turns):>5.0f}")
        links.append(f"{statistics.median(connections):.0f}")
    ratio = statistics.median(result["sanctuary"][0]) / statistics.median(result["floor"][0])
    print(
        f"{name:<28} {cells[0]:>18} {cells[1]:>15} {cells[2]:>15} {ratio:9.2f}"
        f"  ({'/'.join(links)})",
        flush=True,
    )
