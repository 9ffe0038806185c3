"""The real `kit hub` command: a subprocess (root, as in CI) that makes the roster's accounts, builds and releases a
course, starts PostgreSQL and JupyterHub; a member signs in over HTTP; the command is stopped by its pid and takes
JupyterHub, the proxy and PostgreSQL down with it."""
from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

from kit.hub.accounts import remove_account

from .conftest import NEEDS_ROOT, needs_postgres
from .world import LESSON, PASSWORD

pytestmark = [pytest.mark.hub, pytest.mark.postgres, needs_postgres, NEEDS_ROOT]
KIT = Path(sys.executable).parent / "kit"


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _free_ports() -> int:
    """A port P with P+1 and P+81 free as well (kit hub's proxy API and hub ports)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port < 65000 and _free(port + 1) and _free(port + 81):
            return port
    raise AssertionError("no free ports")


def _pids_of(name: str) -> list[int]:
    done = subprocess.run(["ps", "-o", "pid=", "-u", name], capture_output=True, text=True)
    return [int(x) for x in done.stdout.split()]


@pytest.fixture
def place():
    root = Path(tempfile.mkdtemp(prefix="kit-hubcli-"))
    root.chmod(0o755)  # members' users pass through to their homes, postgres to its data folder
    tag = "c" + secrets.token_hex(3)
    people = {f"{tag}-a": "王<i>红</i>", f"{tag}-b": "李明", f"{tag}-t": "组织委员"}
    try:
        yield root, tag, people
    finally:
        for name in people:
            for pid in _pids_of(name):
                os.kill(pid, signal.SIGKILL)
            remove_account(name)
        for group in (f"formgrade-{tag}", f"nbgrader-{tag}"):
            subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _sign_in(url: str, name: str, password: str) -> tuple[requests.Session, requests.Response]:
    session = requests.Session()
    form = session.get(f"{url}/hub/login", timeout=60)
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', _text(form))
    assert form.status_code == 200 and xsrf and "登录" in _text(form), _text(form)[:2000]
    reply = session.post(f"{url}/hub/login", data={"username": name, "password": password, "_xsrf": xsrf[1]},
                         allow_redirects=False, timeout=120)
    return session, reply


def _text(reply: requests.Response) -> str:
    return reply.content.decode("utf-8")  # JupyterHub's pages are UTF-8 without saying so in their Content-Type


def _wait_up(proc: subprocess.Popen, url: str, log: Path, timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(errors="replace")[-4000:]
        try:
            if requests.get(f"{url}/hub/api/", timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise AssertionError(log.read_text(errors="replace")[-4000:])


def test_kit_hub_command_serves_a_sign_in_and_stops_by_its_pid(place):
    root, tag, people = place
    learner, other, trainer = people
    roster = root / "名册.csv"
    roster.write_text("账号,姓名,支部\n" + "".join(f"{n},{people[n]},第一党支部\n" for n in (learner, other)),
                      encoding="utf-8")
    port, log = _free_ports(), root / "kit-hub.log"
    url = f"http://127.0.0.1:{port}"
    command = [str(KIT), "hub", "--root", str(root / "srv"), "--course-id", tag, "--roster", str(roster),
               "--trainer", trainer, "--port", str(port), "--postgres", str(root / "pg"), "--release", LESSON]
    with open(log, "wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "KIT_LANG": "zh"})
    try:
        _wait_up(proc, url, log)
        session, signed_in = _sign_in(url, learner, PASSWORD)  # the first sign-in sets the password
        home = session.get(f"{url}/hub/home", timeout=60)
        _, wrong = _sign_in(url, learner, PASSWORD + "x")
        _, stranger = _sign_in(url, f"{tag}-z", PASSWORD)  # not on the roster
        postmaster = int((root / "pg" / "data" / "postmaster.pid").read_text().split()[0])
    finally:
        proc.send_signal(signal.SIGTERM)  # as systemd or Ctrl+C stops it
        code = proc.wait(timeout=120)
    text = log.read_text(errors="replace")
    assert signed_in.status_code == 302 and "jupyterhub-session-id" in session.cookies, text[-3000:]
    assert home.status_code == 200 and "进入我的课程" in _text(home) and "login_submit" not in _text(home)
    assert wrong.status_code == 403 and "账号或密码不对" in _text(wrong)
    assert stranger.status_code == 403
    assert f"JupyterHub 已启动：http://127.0.0.1:{port}/" in text and code == 0, text[-3000:]
    assert _free(port) and _free(port + 1) and _free(port + 81), "JupyterHub or its proxy outlived kit hub"
    assert not Path(f"/proc/{postmaster}").exists(), "PostgreSQL outlived kit hub"
    assert (root / "srv" / "exchange" / tag / "outbound" / LESSON).is_dir()  # the lesson was released
