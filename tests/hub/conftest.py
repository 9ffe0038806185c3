"""A PostgreSQL cluster of our own for the hub tests: initdb in a temporary folder, 127.0.0.1, a free port."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from kit.hub.postgres import Cluster

NEEDS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="creates system users and runs servers as them (CI is root)")


def _has_postgres() -> bool:
    return any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


needs_postgres = pytest.mark.skipif(not _has_postgres(), reason="needs Debian's postgresql (make system)")


@pytest.fixture(scope="module")
def postgres():
    """A running cluster; stopped by its own pid and its folder removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="kit-pg-"))
    folder.chmod(0o711)  # the postgres user must pass through to its own data folder
    cluster = Cluster(folder / "pg")
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
