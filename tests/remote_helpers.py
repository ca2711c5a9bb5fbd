"""A real remote-style PostgreSQL for tests: the Debian server over TLS, and PgBouncer.

The embedded server is built without OpenSSL, so TLS, SCRAM with channel binding and a
transaction-mode pooler are tested against the Debian `postgresql-NN` and `pgbouncer` packages
(`.ci/run` installs them). Servers run as an unprivileged user (the `postgres` system user when
the tests run as root), listen on 127.0.0.1 only, and use a CA made here with the openssl CLI.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
from psycopg import sql

APP_ROLE = "sanctuary_app"
APP_PASSWORD = "s3cret-pass phrase"
SERVICE_USER = "postgres"


def debian_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/NN/bin holding a server, or None."""
    dirs = sorted(
        (Path(d) for d in glob.glob("/usr/lib/postgresql/*/bin")),
        key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0,
    )
    for bin_dir in reversed(dirs):
        if all((bin_dir / p).exists() for p in ("initdb", "pg_ctl", "postgres")):
            return bin_dir
    return None


def missing_packages() -> str | None:
    """Why the remote tests cannot run here, or None when everything is installed."""
    if debian_bin_dir() is None:
        return "Debian PostgreSQL server packages (postgresql-15) are not installed"
    if shutil.which("openssl") is None:
        return "the openssl CLI is not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVICE_USER)
        except KeyError:
            return f"running as root and there is no {SERVICE_USER!r} system user"
    return None


def missing_pgbouncer() -> str | None:
    return None if pgbouncer_bin() else "the Debian pgbouncer package is not installed"


def pgbouncer_bin() -> str | None:
    return shutil.which("pgbouncer") or (
        "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _service_kwargs() -> dict:
    """Run server processes as the unprivileged service user when we are root."""
    return {"user": SERVICE_USER, "group": pwd.getpwnam(SERVICE_USER).pw_gid} if _root() else {}


def _root() -> bool:
    return os.geteuid() == 0


def _give_to_service_user(path: Path) -> None:
    if _root():
        entry = pwd.getpwnam(SERVICE_USER)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip() or done.stdout}")
    return done


@dataclass
class Certificates:
    ca_cert: Path
    server_cert: Path
    server_key: Path


def make_ca(directory: Path, stem: str = "ca") -> tuple[Path, Path]:
    """A self-signed certificate authority: (cert, key)."""
    key, cert = directory / f"{stem}.key", directory / f"{stem}.crt"
    _run(["openssl", "genrsa", "-out", str(key), "2048"])
    _run(
        [
            "openssl", "req", "-x509", "-new", "-key", str(key), "-sha256", "-days", "2",
            "-subj", f"/CN=Sanctuary test {stem}", "-out", str(cert),
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ]
    )  # fmt: skip
    return cert, key


def make_certificates(directory: Path) -> Certificates:
    """A CA and a server certificate for 127.0.0.1 / localhost signed by it."""
    ca_cert, ca_key = make_ca(directory)
    key, csr, cert = directory / "server.key", directory / "server.csr", directory / "server.crt"
    ext = directory / "server.ext"
    ext.write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "extendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n"
    )
    _run(["openssl", "genrsa", "-out", str(key), "2048"])
    _run(["openssl", "req", "-new", "-key", str(key), "-subj", "/CN=127.0.0.1", "-out", str(csr)])
    _run(
        [
            "openssl", "x509", "-req", "-in", str(csr), "-CA", str(ca_cert), "-CAkey",
            str(ca_key), "-CAcreateserial", "-days", "2", "-sha256", "-extfile", str(ext),
            "-out", str(cert),
        ]
    )  # fmt: skip
    ca_key.unlink()
    key.chmod(0o600)
    for path in (key, cert, ca_cert):
        _give_to_service_user(path)
    return Certificates(ca_cert=ca_cert, server_cert=cert, server_key=key)


class DebianServer:
    """A throwaway cluster of the Debian server: TLS only on 127.0.0.1, SCRAM passwords."""

    def __init__(self, root: Path, certs: Certificates):
        self.bin = debian_bin_dir()
        self.root = root
        self.data = root / "data"
        self.socket_dir = root / "socket"
        self.log = root / "server.log"
        self.port = free_port()
        self.certs = certs

    def init(self) -> DebianServer:
        self.socket_dir.mkdir()
        _give_to_service_user(self.socket_dir)
        _run(
            [
                str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-E", "UTF8",
                "--locale=C", "--data-checksums", "--auth-local=trust",
                "--auth-host=scram-sha-256",
            ],
            **_service_kwargs(),
        )  # fmt: skip
        conf = self.data / "postgresql.conf"
        with conf.open("a") as f:
            f.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.socket_dir}'\n"
                f"ssl = on\nssl_cert_file = '{self.certs.server_cert}'\n"
                f"ssl_key_file = '{self.certs.server_key}'\n"
                "password_encryption = 'scram-sha-256'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 120\n"
            )
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\n"
            "hostssl all all 127.0.0.1/32 scram-sha-256\n"
            "hostnossl all all 127.0.0.1/32 reject\n"
        )
        _give_to_service_user(self.data / "pg_hba.conf")
        self.start()
        with self.admin() as conn:
            conn.execute(
                sql.SQL("create role {} login createdb password {}").format(
                    sql.Identifier(APP_ROLE), sql.Literal(APP_PASSWORD)
                )
            )
        return self

    def start(self) -> None:
        _run(
            [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "start"],
            **_service_kwargs(),
        )

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"],
            capture_output=True,
            **_service_kwargs(),
        )

    def admin(self, dbname: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user="postgres",
            dbname=dbname,
            autocommit=True,
        )

    def create_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(
                sql.SQL("create database {} owner {}").format(
                    sql.Identifier(name), sql.Identifier(APP_ROLE)
                )
            )

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
            )

    def url(self, dbname: str, port: int | None = None, **params: str) -> str:
        """A TLS URL with full verification and channel binding; no password in it."""
        query = {
            "sslmode": "verify-full",
            "sslrootcert": str(self.certs.ca_cert),
            "channel_binding": "require",
            **params,
        }
        return (
            f"postgresql://{quote(APP_ROLE)}@127.0.0.1:{port or self.port}/{dbname}"
            f"?{urlencode(query)}"
        )


class PgBouncer:
    """PgBouncer in transaction mode in front of a DebianServer, TLS on both sides."""

    def __init__(self, server: DebianServer, root: Path, pool_size: int = 4):
        self.server = server
        self.root = root
        self.port = free_port()
        self.pool_size = pool_size
        self.process: subprocess.Popen | None = None

    def start(self) -> PgBouncer:
        certs = self.server.certs
        userlist = self.root / "userlist.txt"
        userlist.write_text(f'"{APP_ROLE}" "{APP_PASSWORD}"\n')
        userlist.chmod(0o600)
        ini = self.root / "pgbouncer.ini"
        ini.write_text(
            "[databases]\n"
            f"* = host=127.0.0.1 port={self.server.port}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\nunix_socket_dir =\n"
            f"auth_type = scram-sha-256\nauth_file = {userlist}\n"
            f"pool_mode = transaction\ndefault_pool_size = {self.pool_size}\n"
            "max_client_conn = 200\n"
            f"client_tls_sslmode = require\nclient_tls_cert_file = {certs.server_cert}\n"
            f"client_tls_key_file = {certs.server_key}\n"
            f"server_tls_sslmode = verify-full\nserver_tls_ca_file = {certs.ca_cert}\n"
            f"logfile = {self.root / 'pgbouncer.log'}\n"
        )
        for path in (userlist, ini):
            _give_to_service_user(path)
        self.process = subprocess.Popen(
            [pgbouncer_bin(), str(ini)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **_service_kwargs(),
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.root / "pgbouncer.log").read_text(errors="replace")
                raise RuntimeError(f"pgbouncer exited: {log[-2000:]}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5),
            ):
                return self
            time.sleep(0.1)
        raise RuntimeError("pgbouncer did not start listening")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def url(self, dbname: str) -> str:
        """Through the pooler: TLS verified against the same CA (no channel binding there)."""
        return self.server.url(dbname, port=self.port, channel_binding="disable")


def service_dir(prefix: str) -> Path:
    """A private directory the service user owns (pytest's tmp dirs are root-only)."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    _give_to_service_user(root)
    root.chmod(0o700)
    return root
