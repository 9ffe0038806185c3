"""Servers and grading workers die with the kit process that started them, however it ends."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.nbgrader


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(x) for x in (task / "children").read_text().split()]
    return found


def gone(pid: int, within: float = 60) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
            if state == "Z":
                return True
        except (ProcessLookupError, FileNotFoundError):
            return True
        time.sleep(0.3)
    return False


def wait_for_children(pid: int, n: int, within: float = 120) -> list[int]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        kids = children(pid)
        if len(kids) >= n:
            return kids
        time.sleep(0.3)
    raise AssertionError(f"process {pid} started no child")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_kit_lab_takes_its_server_with_it(tmp_path, sig):
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"), "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg")}
    kit = subprocess.Popen([str(Path(sys.executable).parent / "kit"), "lab", "--course", str(tmp_path)], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        server = wait_for_children(kit.pid, 1)[0]
        time.sleep(1)
        kit.send_signal(sig)
        kit.wait(timeout=60)
        assert gone(server), "the JupyterLab server outlived kit lab"
    finally:
        for pid in children(kit.pid) if kit.poll() is None else []:
            os.kill(pid, signal.SIGKILL)
        kit.kill()


WORKERS = textwrap.dedent("""
    import os, time
    from concurrent.futures import ProcessPoolExecutor
    from kit.core.children import die_with_parent
    pool = ProcessPoolExecutor(2, initializer=die_with_parent, initargs=(os.getpid(),))
    futures = [pool.submit(time.sleep, 600) for _ in range(2)]
    time.sleep(600)
""")


def test_grading_workers_end_when_the_run_is_killed():
    run = subprocess.Popen([sys.executable, "-c", WORKERS])
    workers = wait_for_children(run.pid, 2)
    time.sleep(1)
    run.kill()
    run.wait()
    assert all(gone(pid) for pid in workers), "a worker outlived its killed parent"
