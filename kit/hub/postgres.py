"""A PostgreSQL cluster of its own (Debian's binaries): initdb in a folder, started on 127.0.0.1, stopped by pid.

`kit hub --postgres DIR` keeps the gradebook and the hub's database in one; tests and the benchmark use a temporary
one. A server that already runs PostgreSQL as a service needs none of this: give its URL in KIT_DB_URL.
"""
from __future__ import annotations

import glob
import os
import pwd
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import KitError
from ..core.messages import t
from ..lab import free_port

OWNER = "postgres"  # initdb refuses root; Debian's package makes this system user
SUPERUSER = "kit"


def postgres_bin(tool: str) -> Path:
    """Debian keeps the server's programs in /usr/lib/postgresql/<version>/bin (not on PATH); newest first."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"), key=lambda p: int(p.split("/")[4]), reverse=True)
    if not found:
        raise KitError(t("hub.no_postgres"))
    return Path(found[0])


@dataclass
class Cluster:
    """One data folder; `start()` runs the server on 127.0.0.1:`port`, password auth only (scram-sha-256)."""

    folder: Path
    port: int = 0
    proc: subprocess.Popen | None = None

    def __post_init__(self) -> None:
        self.folder = Path(self.folder).resolve()
        self.port = self.port or free_port()

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def password(self) -> str:
        return (self.folder / "password").read_text(encoding="utf-8").strip()

    def url(self, database: str, driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{SUPERUSER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        """initdb once (as the postgres user); later calls keep the existing data."""
        if (self.data / "PG_VERSION").exists():
            return
        user = pwd.getpwnam(OWNER)
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "password").write_text(secrets.token_hex(16) + "\n", encoding="utf-8")
        for path in (self.folder, self.folder / "password"):
            os.chown(path, user.pw_uid, user.pw_gid)
            os.chmod(path, 0o700 if path.is_dir() else 0o600)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=scram-sha-256", "--encoding=UTF8",
                  "--locale=C.UTF-8", f"--pwfile={self.folder / 'password'}")

    def start(self, timeout: float = 60) -> None:
        cmd = [str(postgres_bin("postgres")), "-D", str(self.data), "-h", "127.0.0.1", "-p", str(self.port),
               "-k", str(self.folder), "-c", "max_connections=200"]
        log = open(self.folder / "server.log", "ab")
        self.proc = subprocess.Popen(cmd, user=OWNER, group=OWNER, extra_groups=[], stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        log.close()
        self._wait(timeout)

    def _wait(self, timeout: float) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise KitError(t("hub.postgres_failed", log=self.folder / "server.log"))
            ready = subprocess.run([str(postgres_bin("pg_isready")), "-h", "127.0.0.1", "-p", str(self.port)],
                                   capture_output=True)
            if ready.returncode == 0:
                return
            time.sleep(0.3)
        raise KitError(t("hub.postgres_failed", log=self.folder / "server.log"))

    def create_database(self, name: str) -> str:
        """Create `name` unless it exists; returns its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(self.url("postgres", driver="postgresql"), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self, timeout: float = 30) -> None:
        """Fast shutdown by the server's own pid (SIGINT), then wait for it."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([str(postgres_bin(tool)), *args], user=OWNER, group=OWNER, extra_groups=[], capture_output=True,
                              text=True, cwd=self.folder)
        if done.returncode != 0:
            raise KitError(t("hub.postgres_failed", log=done.stderr.strip()[-300:]))
