"""A throwaway local PostgreSQL for the benchmarks: temp data folder, 127.0.0.1, a free port, stopped by its pid.

initdb refuses root, so the server runs as the `postgres` user Debian's package creates.
"""
from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    if not found:
        raise SystemExit("PostgreSQL is not installed (Debian package `postgresql`)")
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres() -> dict:
    """Run a child as `postgres` when we are root (initdb refuses root); as ourselves otherwise."""
    return {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}


SHARED_BUFFERS = "512MB"


@contextlib.contextmanager
def postgres_server():
    """Yields `database(name) -> SQLAlchemy URL`, which creates a fresh database on a private server; the
    server is stopped (and its folder removed) on exit."""
    binaries, port = pg_bin(), free_port()
    folder = Path(tempfile.mkdtemp(prefix="kit-pg-"))
    if os.geteuid() == 0:
        uid = pwd.getpwnam("postgres")
        os.chown(folder, uid.pw_uid, uid.pw_gid)
    data = folder / "data"
    subprocess.run([binaries / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale"],
                   check=True, stdout=subprocess.DEVNULL, cwd=folder, **as_postgres())
    server = subprocess.Popen([binaries / "postgres", "-D", data, "-p", str(port), "-k", folder,
                               "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                               "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                               # a county's gradebook server is given memory for its working set (docs/deploy.md);
                               # PostgreSQL's 128 MB default is sized for the smallest machines
                               "-c", f"shared_buffers={SHARED_BUFFERS}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder, **as_postgres())
    previous = signal.signal(signal.SIGTERM, _stop)  # a terminated benchmark still stops its server
    try:
        wait_ready(port, server)

        def database(name: str) -> str:
            create_database(port, name)
            return f"postgresql://postgres@127.0.0.1:{port}/{name}"

        yield database
    finally:
        server.send_signal(signal.SIGINT)  # fast shutdown
        server.wait(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)


def _stop(_signum, _frame):
    raise SystemExit(143)


def wait_ready(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True).close()
            return
        except psycopg.OperationalError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the benchmark's PostgreSQL did not start") from None
            time.sleep(0.2)


def create_database(port: int, name: str) -> None:
    import psycopg

    conn = psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True)
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def server_seconds(pid: int | None) -> float | None:
    """CPU seconds of a server process and its finished children (PostgreSQL's backends), from /proc."""
    if pid is None:
        return None
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime, stime, cutime, cstime


def postmaster(url: str) -> int:
    """The pid of the PostgreSQL server behind `url` (the parent of our own backend)."""
    import psycopg

    with psycopg.connect(url) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    return int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
