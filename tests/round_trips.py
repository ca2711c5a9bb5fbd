"""A relay that counts round trips between a PostgreSQL client and its server.

It listens on 127.0.0.1 and forwards to the server's unix socket (or TCP address), reading the
protocol's message frames as they pass. A round trip is a turn of the conversation: the client
sends one or more messages, then waits for the server. Turns are counted only after the server
first says ReadyForQuery ('Z'), so connecting (startup, authentication) is not counted; the
connection itself is counted apart. No TLS (the test connects with sslmode=disable to this
machine, which the product allows).
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field


@dataclass
class Counts:
    connections: int = 0
    round_trips: int = 0  # client turns after the connection was ready
    per_connection: list[int] = field(default_factory=list)


class CountingRelay:
    def __init__(self, target: str | tuple[str, int]):
        self.target = target
        self.counts = Counts()
        self._lock = threading.Lock()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(16)
        self.port = self._server.getsockname()[1]
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def reset(self) -> None:
        with self._lock:
            self.counts = Counts()

    def close(self) -> None:
        self._stop = True
        self._server.close()

    def _connect_target(self) -> socket.socket:
        if isinstance(self.target, str):
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        else:
            upstream = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        upstream.connect(self.target)
        return upstream

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream = self._connect_target()
        state = {"ready": False, "turn": "server", "turns": 0}
        with self._lock:
            self.counts.connections += 1
            index = len(self.counts.per_connection)
            self.counts.per_connection.append(0)

        def from_client() -> None:
            while True:
                try:
                    data = client.recv(65536)
                except OSError:
                    break
                if not data:
                    break
                with self._lock:
                    # The client speaks again after the server answered: a new round trip,
                    # unless it is only saying goodbye (Terminate, 'X').
                    if state["ready"] and state["turn"] == "server" and data[:1] != b"X":
                        state["turns"] += 1
                        self.counts.round_trips += 1
                        self.counts.per_connection[index] += 1
                    state["turn"] = "client"
                try:
                    upstream.sendall(data)
                except OSError:
                    break
            upstream.close()

        def from_server() -> None:
            buffer = b""
            while True:
                try:
                    data = upstream.recv(65536)
                except OSError:
                    break
                if not data:
                    break
                buffer += data
                # Walk whole frames: a type byte and a 4-byte length.
                while len(buffer) >= 5:
                    length = int.from_bytes(buffer[1:5], "big")
                    if len(buffer) < 1 + length:
                        break
                    kind, buffer = buffer[:1], buffer[1 + length :]
                    if kind == b"Z":
                        with self._lock:
                            state["ready"] = True
                            state["turn"] = "server"
                try:
                    client.sendall(data)
                except OSError:
                    break
            client.close()

        threading.Thread(target=from_server, daemon=True).start()
        from_client()
