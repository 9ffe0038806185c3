"""A real hub for tests and the benchmark: PostgreSQL, system users, the course with lesson 1 released, JupyterHub.

Everything it starts it stops by pid; every user it makes it removes (with any process still running as them)."""
from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kit.core.types import question_from_dict
from kit.course.build import build_course
from kit.grader.pipeline import Course
from kit.hub.accounts import remove_account
from kit.hub.config import HubSettings
from kit.hub.layout import HubLayout
from kit.hub.postgres import Cluster
from kit.hub.python import users_python
from kit.hub.server import course_environment, release_lessons, setup_hub, start_hub
from kit.lab import free_port

LESSON = "dangzhang"
EXAM = "dangzhang-exam"
PASSWORD = "xuexi2024"
MARKED_NAME = "<b>张</b>三"


@dataclass
class HubWorld:
    learners: int
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="kit-hub-")))
    tag: str = field(default_factory=lambda: "k" + secrets.token_hex(3))
    proc: subprocess.Popen | None = None
    start_timeout: int = 180

    def __post_init__(self) -> None:
        self.root.chmod(0o755)  # members' users pass through to their homes and the exchange
        self.layout = HubLayout(self.root / "srv", course_id=self.tag)  # groups of its own: formgrade-<tag>
        self.names = [f"{self.tag}-l{i + 1}" for i in range(self.learners)]
        self.trainer = f"{self.tag}-t"
        self.postgres = Cluster(self.root / "pg")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.port}"

    def start(self) -> HubWorld:
        self.postgres.init()
        self.postgres.start()
        build_course(self.layout.course, only=[LESSON], course_id=self.tag)
        self.settings = HubSettings(self.layout, tuple(self.names), (self.trainer,), port=free_port(),
                                    hub_port=free_port(), proxy_api_port=free_port(),
                                    gradebook_url=self.postgres.create_database("gradebook"),
                                    hub_db_url=self.postgres.create_database("jupyterhub"),
                                    start_timeout=self.start_timeout, names=self.roster_names())
        config = setup_hub(self.settings)
        release_lessons(self.settings, [LESSON])
        self.log = open(self.root / "jupyterhub.log", "wb")
        self.proc = start_hub(config, self.log)
        self._wait_up()
        return self

    def roster_names(self) -> dict[str, str]:
        """The roster's names: Chinese; the last one with markup that must reach the page as text, never as HTML."""
        return {name: f"党员{i + 1}号" for i, name in enumerate(self.names)} | {self.names[-1]: MARKED_NAME}

    def _wait_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (self.root / "jupyterhub.log").read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=5):
                    return
            except OSError:
                time.sleep(0.5)
        raise AssertionError("JupyterHub did not answer")

    # what the trainer does -------------------------------------------------------------------------------------
    def course(self) -> Course:
        return Course(self.layout.course)

    def as_trainer(self, *args: str) -> subprocess.CompletedProcess:
        """A command run as the trainer's own user, with the environment the hub gives the trainer's server."""
        env = {"HOME": str(self.layout.homes / self.trainer), "PATH": f"{users_python().parent}:/usr/bin:/bin",
               "KIT_LANG": "zh", "KIT_EXCHANGE": str(self.layout.exchange), "KIT_GROUPSHARED": "1",
               "KIT_DB_URL": self.settings.gradebook_url}
        return subprocess.run([str(users_python()), *args], user=self.trainer, group=self.trainer,
                              extra_groups=[self.layout.trainers_group], cwd=self.layout.course, env=env,
                              capture_output=True, text=True, timeout=600)

    def manifest(self) -> dict:
        return json.loads((self.layout.course / "kit" / "manifest.json").read_text(encoding="utf-8"))

    def keyed(self) -> dict:
        """Every item of the lesson with its key (the trainer's manifest, which no learner can read)."""
        return {i: question_from_dict(d) for i, d in self.manifest()["items"].items()}

    def scores(self) -> dict:
        with course_environment(self.settings):
            return self.course().scores(LESSON)

    def home(self, name: str) -> Path:
        return self.layout.homes / name

    def saved(self, name: str) -> dict:
        """Item → response, as in the member's answers file for lesson 1's quiz ({} before the first answer)."""
        path = self.home(name) / LESSON / f"{LESSON}.answers.json"
        try:
            found = json.loads(path.read_text(encoding="utf-8"))["answers"].get(EXAM, {})
        except (OSError, ValueError, KeyError):
            return {}
        return {item: entry["response"] for item, entry in found.items()}

    async def until_saved(self, name: str, item: str, response, timeout: float = 120) -> float:
        """Wait until the member's answer is in their answers file; the time it got there (or the deadline)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.saved(name).get(item) != response:
            await asyncio.sleep(0.05)
        return time.monotonic()

    # stopping --------------------------------------------------------------------------------------------------
    def user_pids(self, name: str) -> list[int]:
        done = subprocess.run(["ps", "-o", "pid=", "-u", name], capture_output=True, text=True)
        return [int(x) for x in done.stdout.split()]

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # JupyterHub stops members' servers and its proxy itself
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for name in [*self.names, self.trainer]:
            for pid in self.user_pids(name):  # anything left running as a user we made, by its pid
                _kill(pid)
            remove_account(name)
        for group in (self.layout.trainers_group, self.layout.learners_group):
            subprocess.run(["groupdel", group], capture_output=True)
        self.postgres.stop()
        if getattr(self, "log", None):
            self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
