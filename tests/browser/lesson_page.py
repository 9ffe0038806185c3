"""A learner's lesson in JupyterLab, driven through Chromium: menus in Chinese, widgets by their own DOM."""
from __future__ import annotations

import contextlib
import json
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Locator, Page, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")
WAIT = 60_000  # ms: generous for a loaded CI machine, bounded so a hang fails the test
expect.set_options(timeout=WAIT)  # a widget's round trip through the kernel: on a busy 2-core machine it took >20 s


def wait_until_up(url: str, proc, probe: str | None = None, timeout: float = 90) -> None:
    """Poll our own server (JupyterLab or Voilà) until it answers; fail at once if its process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited; see its log in artifacts/browser/"
        try:
            with urllib.request.urlopen(probe or url, timeout=10):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout:.0f} s")


@contextlib.contextmanager
def running(start, env: dict[str, str], log_path: Path, probe=None, unset: tuple[str, ...] = ()):
    """Start one of our servers (`start(log)` → process, URL) with `env` set, wait until it answers, and stop it by
    its own process id afterwards (it shuts its kernels down on SIGTERM)."""
    import pytest

    log = log_path.open("wb")
    try:
        with pytest.MonkeyPatch.context() as mp:
            for key, value in env.items():
                mp.setenv(key, value)
            for key in unset:
                mp.delenv(key, raising=False)
            proc, url = start(log)
        try:
            wait_until_up(url, proc, probe(url) if probe else None)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
    finally:
        log.close()


def lab_probe(url: str) -> str:
    """JupyterLab's status endpoint for a /lab?token=… URL."""
    base, token = url.split("/lab?token=")
    return f"{base}/api/status?token={token}"


class LessonPage:
    """One browser tab on one lesson notebook. Every action is what a learner's mouse or keyboard does."""

    def __init__(self, page: Page, url: str, notebook: str, shots: Path):
        self.page, self.url, self.notebook, self.shots = page, url, notebook, shots
        self.outside: list[str] = []  # requests that left the machine (there must be none)
        page.on("request", lambda r: None if r.url.startswith(LOCAL) else self.outside.append(r.url))

    # opening and running -------------------------------------------------------------------------
    def open(self) -> None:
        base, token = self.url.split("/lab?")
        self.page.goto(f"{base}/lab/tree/{quote(self.notebook)}?{token}")
        self.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=WAIT)
        self.wait_idle()

    def wait_idle(self) -> None:
        self.page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=WAIT)

    def menu(self, top: str, item: str) -> None:
        """Click a menu bar entry and one of its items, by their (Chinese) labels."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
        self.page.locator(".lm-Menu-item:visible").filter(
            has=self.page.locator(f".lm-Menu-itemLabel:text-is('{item}')")).first.click()

    def kernel_connected(self) -> bool:
        """The server sees the notebook's kernel idle with this page connected to it (REST, not the DOM)."""
        base, token = self.url.split("/lab?token=")
        reply = self.page.request.get(f"{base}/api/sessions?token={token}")
        sessions = reply.json() if reply.ok else []
        return any(s["path"].endswith(self.notebook) and s["kernel"]["execution_state"] == "idle"
                   and s["kernel"].get("connections", 0) > 0 for s in sessions)

    def run_all(self, restored: bool = False) -> None:
        """运行 → 运行所有单元格, then wait for every quiz (and, after a restart, its restore notice).

        Run-all clicked while JupyterLab is still connecting to a new kernel is silently dropped (a learner would
        click again): wait for the connection, and click once more if no cell started.
        """
        deadline = time.monotonic() + WAIT / 1000
        while not self.kernel_connected() and time.monotonic() < deadline:
            time.sleep(0.25)
        for _attempt in range(3):
            self.menu("运行", "运行所有单元格")
            started = self.page.locator(".jp-OutputArea-output .kit-quiz, .jp-InputPrompt:text-matches('\\[[*0-9]')")
            try:
                started.first.wait_for(state="attached", timeout=10_000)
                break
            except Exception:
                continue
        try:
            self.page.wait_for_selector(".kit-submit", state="attached", timeout=WAIT)
        except Exception:
            self.shot("failed-run-all")
            (self.shots / "failed-run-all.txt").write_text(
                "\n----\n".join(self.page.locator(".jp-Cell").all_inner_texts()), encoding="utf-8")
            raise
        if restored:
            expect(self.quizzes.filter(has=self.page.locator(".widget-html-content", has_text="已恢复"))
                   ).to_have_count(3, timeout=WAIT)
        self.wait_idle()

    def restart_kernel(self) -> None:
        self.menu("内核", "重启内核…")
        self.page.locator(".jp-Dialog .jp-mod-accept").click()
        self.page.wait_for_selector(".jp-Dialog", state="detached", timeout=WAIT)
        self.wait_idle()

    # widgets ----------------------------------------------------------------------------------------
    @property
    def quizzes(self) -> Locator:
        return self.page.locator(".jp-OutputArea-output .kit-quiz")

    def question(self, quiz: int, kind: str) -> Locator:
        """The question of type `kind` (single, multiple, judge, fill, short) in the quiz-th quiz."""
        return self.quizzes.nth(quiz).locator(f".kit-question.kit-{kind}").first

    def choices(self, question: Locator) -> Locator:
        return question.locator("input[type=radio], input[type=checkbox]")

    def check_button(self, question: Locator) -> Locator:
        return question.locator("button.jupyter-button")

    def shown_choices(self, question: Locator) -> list[bool]:
        return [c.is_checked() for c in self.choices(question).all()]

    def shown_texts(self, question: Locator) -> list[str]:
        return [f.input_value() for f in question.locator("input[type=text], textarea").all()]

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


def wait_for_file(path: Path, want, read=lambda p: json.loads(p.read_text(encoding="utf-8")), timeout: float = 20):
    """Poll a file written by the kernel until `want(content)` holds; return the last content read."""
    deadline, data = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            data = read(path)
            if want(data):
                return data
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    return data
