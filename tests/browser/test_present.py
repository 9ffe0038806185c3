"""`kit present`: a lesson as a code-free Voilà page; clicks are saved and restored like in JupyterLab."""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from kit.course.build import build_course
from kit.grader.pipeline import Course
from kit.present import start_present

from ..conftest import FIXTURES, ROOT
from .lesson_page import CHROMIUM, CHROMIUM_ARGS, LOCAL, WAIT, wait_until_up

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (make system)")]
SHOTS = ROOT / "artifacts" / "browser"


@pytest.fixture
def lesson(tmp_path, monkeypatch):
    build_course(tmp_path / "course", lessons=FIXTURES / "lessons", quizzes=FIXTURES / "banks" / "sample.yml")
    Course(tmp_path / "course").generate("sample")
    folder = tmp_path / "sample"
    shutil.copytree(tmp_path / "course" / "release" / "sample", folder)
    for var, value in {"KIT_LEARNER": "老党员", "KIT_PREFS": str(tmp_path / "prefs.json"),
                       "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}.items():
        monkeypatch.setenv(var, value)
    proc, url = start_present(folder)
    try:
        wait_until_up(url, proc)
        yield folder, url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def open_page(browser, url: str, outside: list[str]):
    page = browser.new_page(locale="zh-CN")
    page.set_default_timeout(WAIT)
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(LOCAL) else None)
    page.goto(url)
    page.locator(".kit-quiz").nth(2).wait_for()
    return page


def test_code_free_page_records_and_restores_answers(lesson):
    folder, url = lesson
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = open_page(browser, url, outside)
        assert page.locator(".kit-quiz").count() == 3
        assert page.locator(".cm-editor, .CodeMirror").count() == 0 and "from kit" not in page.content()
        # the 怎样学习 cell speaks of this page, not of JupyterLab's toolbar and menus, which it does not have
        howto = page.locator(".kit-howto").inner_text()
        assert "自动出现" in howto and "提交" in howto
        assert "⏩" not in page.inner_text("body") and "运行所有单元格" not in page.inner_text("body")
        practice = page.locator(".kit-quiz").first.locator(".kit-single")
        practice.locator("input[type=radio]").nth(2).check()  # C. 五年
        answers = folder / "测试课-党章.answers.json"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (answers.exists() and "sample-p1" in answers.read_text("utf-8")):
            time.sleep(0.3)
        saved = json.loads(answers.read_text(encoding="utf-8"))
        assert saved["answers"]["sample-p1"]["t-practice"]["response"] == "C"
        assert saved["learner"] == "老党员"
        page.close()
        again = open_page(browser, url, outside)  # a new page is a new kernel: only the file remembers
        radios = again.locator(".kit-quiz").first.locator(".kit-single input[type=radio]")
        assert [radios.nth(i).is_checked() for i in range(3)] == [False, False, True]
        SHOTS.mkdir(parents=True, exist_ok=True)
        again.screenshot(path=SHOTS / "present.png", full_page=True)
        browser.close()
    assert outside == []
