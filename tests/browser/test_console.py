"""培训管理台 in Chromium: a trainer takes a new lesson from release to report on the page, on a demo-filled course.

The demo fills lesson `sample` (learners, submissions, grades, feedback); the test then adds lesson `sample2`, and
the trainer releases it, collects, autogrades, marks three 学习体会 and sends feedback on the page. Learners fetch
and submit in between through nbgrader's exchange (as their own JupyterLab would). What was stored is checked in
the gradebook, the learner's feedback and `kit report`, never on the page.
"""
from __future__ import annotations

import contextlib
import csv
import os
import random
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect, sync_playwright

from kit.cli import main
from kit.console.app import console_url, start_console
from kit.console.snapshot import take_snapshot
from kit.core.answers import FileStore
from kit.course.build import build_course
from kit.course.manifest import Manifest
from kit.demo import answer_lesson, run_demo
from kit.grader.pipeline import Course
from kit.lab import start_lab

from ..conftest import FIXTURES, ROOT
from .lesson_page import CHROMIUM, CHROMIUM_ARGS, LOCAL, WAIT, lab_probe, running

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (make system)")]
SHOTS = ROOT / "artifacts" / "browser"
BANK = FIXTURES / "banks" / "sample.yml"
LESSON, TITLE, NOTEBOOK = "sample2", "测试课二 党章再学", "测试课二"
REFLECTION, CELL = "sample2-reflection", "sample2-reflection-t-reflect"
SCRIPT = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">我的体会'
BROKEN = "dy006"  # this learner's notebook arrives damaged: one failed row, the others go on
# what the trainer gives, learner by learner: one score per rubric point (联系实际, 观点正确), and a comment
MARKS = {"dy001": ([4.0, 3.5], "联系实际还可以更具体。"), "dy002": ([5.0, 5.0], ""), "dy003": ([2.0, 3.0], "请结合本支部工作谈体会。")}
ACTION_WAIT = 180_000  # ms: autograde and feedback run nbgrader on a shared, busy machine
DOCS_IMG = ROOT / "docs" / "img"  # the README's 「培训管理员的一年」 shows these, as this test takes them
README_SHOTS = {"console-overview", "console-actions", "console-marking", "console-warnings", "console-source"}


def second_lesson(folder: Path) -> Path:
    """The fixture lesson, and a copy of it under new ids: the lesson the trainer releases on the page."""
    folder.mkdir()
    text = (FIXTURES / "lessons" / "sample.md").read_text(encoding="utf-8")
    (folder / "sample.md").write_text(text, encoding="utf-8")
    copy = (text.replace("id: sample\n", f"id: {LESSON}\n").replace("id: sample-", f"id: {LESSON}-")
            .replace("notebook: 测试课-党章", f"notebook: {NOTEBOOK}").replace("title: 测试课 党章要点", f"title: {TITLE}"))
    (folder / f"{LESSON}.md").write_text(copy, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("console")
    lessons = second_lesson(root / "lessons")
    demo = run_demo(root / "demo", learners=6, lessons=["sample"], lessons_dir=lessons, quizzes_dir=BANK,
                    progress=False, jobs=1)
    build_course(demo.course, lessons=lessons, quizzes=BANK)  # the new lesson joins the course, unreleased
    env = {"KIT_LANG": "zh", "JUPYTER_DATA_DIR": str(root / "jupyter-data"),
           "JUPYTER_RUNTIME_DIR": str(root / "jupyter-runtime"), "KIT_PREFS": str(root / "prefs.json")}
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SimpleNamespace(root=root, course=Course(demo.course), learners=[x.id for x in demo.learners], env=env)


def console_probe(url: str) -> str:
    """The server's status endpoint for the page's /voila/render/…?token=… URL (rendering it starts a kernel)."""
    base, token = url.split("/voila/render/")[0], url.split("?token=")[1]
    return f"{base}/api/status?token={token}"


@pytest.fixture(scope="module")
def server(world):
    with running(lambda log: start_console(world.course.root, log=log), world.env, SHOTS / "console.log",
                 console_probe) as url:
        yield url


@contextlib.contextmanager
def learners_cache(world, who: str):
    """nbgrader keeps a learner's submissions in a cache under their JUPYTER_DATA_DIR; feedback is found through it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_DATA_DIR", str(world.root / "learners" / who / ".jupyter-data"))
        yield


def learners_hand_in(world) -> None:
    """Every learner fetches, answers through the quiz widgets' code and submits; one writes a <script>."""
    course, rng = world.course, random.Random(7)
    manifest = Manifest.load(course.root)
    for who in world.learners:
        home = world.root / "learners" / who
        folder = course.fetch(LESSON, who, home)
        answer_lesson(folder, who, manifest, 0.8, rng)
        if who == "dy001":
            store = FileStore(folder / f"{NOTEBOOK}.answers.json")
            sheet = store.load()
            sheet.record(REFLECTION, "t-reflect", SCRIPT)
            store.save(sheet)
        with learners_cache(world, who):
            course.submit(LESSON, who, home)
    inbound = course.config().Exchange.root
    damaged = next(Path(inbound).glob(f"*/inbound/{BROKEN}+{LESSON}+*")) / f"{NOTEBOOK}.ipynb"
    damaged.write_text("{ 这不是笔记本", encoding="utf-8")


class Console:
    """The page, driven as a trainer drives it: tabs, a lesson list, buttons, boxes and keys."""

    def __init__(self, page, shots: Path):
        self.page, self.shots, self.runs = page, shots, 0

    def tab(self, title: str) -> None:
        self.page.locator(".lm-TabBar-tab", has_text=title).click()

    def run(self, action: str, label: str) -> str:
        self.runs += 1
        self.page.locator(f"button.kit-action-{action}").click()
        done = self.page.locator(f".kit-status [data-run='{self.runs}']")
        expect(done).to_contain_text(f"{label}完成", timeout=ACTION_WAIT)
        expect(self.page.locator("button.kit-action-report")).to_be_enabled()
        return self.page.locator(".kit-results-box").inner_text()

    def shot(self, name: str, page=None) -> Path:
        """A screenshot in the artifacts; with KIT_DOCS_SHOTS=1 (make docs-shots) the README's copy in docs/img too."""
        path = self.shots / f"{name}.png"
        (page or self.page).screenshot(path=str(path), full_page=page is None)
        if os.environ.get("KIT_DOCS_SHOTS") == "1" and name in README_SHOTS:
            shutil.copyfile(path, DOCS_IMG / path.name)
        return path

    def mark(self, at: int, points: list[float], comment: str, keyboard: bool) -> None:
        """Score the answer at position `at` (its boxes, not the previous answer's still on screen), comment, save."""
        boxes = self.page.locator(f".kit-mark-at-{at} input")
        expect(boxes).to_have_count(len(points))
        for n, value in enumerate(points):
            boxes.nth(n).fill(f"{value:g}")
            boxes.nth(n).press("Tab")
        self.page.locator(".kit-mark-comment textarea").fill(comment)
        if keyboard:
            self.page.locator(".kit-mark-comment textarea").press("Control+Enter")
        else:
            self.page.locator("button.kit-mark-save").click()


@pytest.fixture(scope="module")
def session(world, server):
    """The trainer's whole run, on the page; what the page showed on the way is kept for the tests."""
    seen = SimpleNamespace(outside=[], results={}, marked={}, script_text="", script_nodes=-1, pwned=None)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page.set_default_timeout(WAIT)
        page.context.on("request", lambda r: None if r.url.startswith(LOCAL) else seen.outside.append(r.url))
        page.goto(server)
        console = Console(page, SHOTS)
        try:
            _run(console, world, seen)
        except Exception:
            console.shot("console-failed")
            raise
        finally:
            browser.close()
    return seen


def _run(console: Console, world, seen) -> None:
    page = console.page
    expect(page.locator(".kit-lessons")).to_contain_text(TITLE)
    seen.overview = page.locator(".kit-lessons").inner_text()
    console.tab("发布与评分")
    page.locator(".kit-console .widget-dropdown select:visible").first.select_option(label=TITLE)
    seen.results["release"] = console.run("release", "发布")
    seen.results["release-again"] = console.run("release", "发布")
    learners_hand_in(world)
    seen.results["collect"] = console.run("collect", "收取")
    seen.results["grade"] = console.run("grade", "自动评分")
    seen.results["grade-again"] = console.run("grade", "自动评分")
    console.shot("console-actions")
    _mark_three(console, seen)
    console.tab("发布与评分")
    seen.results["feedback"] = console.run("feedback", "发回反馈")
    seen.results["report"] = console.run("report", "生成报表")
    with page.expect_popup() as popup:  # the server's signed-in /files/, reached as a click reaches it
        page.locator(".kit-files a", has_text="学习报告.html").click()
    seen.report_heading = popup.value.locator("h1").first.inner_text()
    popup.value.close()
    console.tab("课程概况")
    page.locator(".kit-refresh").click()
    expect(page.locator(".kit-lessons tbody tr").nth(1)).to_contain_text("3")  # 反馈已发回
    seen.lessons_after = page.locator(".kit-lessons tbody tr").nth(1).inner_text()
    page.locator(".kit-console .widget-dropdown select:visible").first.select_option(label="第一党支部")
    expect(page.locator(".kit-learners tbody tr").filter(has_not_text="第一党支部")).to_have_count(0)
    seen.filtered = page.locator(".kit-learners tbody tr td:nth-child(3)").all_inner_texts()
    console.shot("console-overview")
    console.tab("题目预警")
    expect(page.locator(".kit-warnings")).to_be_attached()
    seen.warnings = page.locator(".kit-warnings tbody tr").all_inner_texts()
    console.shot("console-warnings")
    seen.source = _open_first_source(page, console)


def _open_first_source(page, console: Console) -> dict:
    """The first flagged item's file:line, opened from the keyboard: the bank's read-only page at that line."""
    links = page.locator(".kit-warnings a.kit-source-link")
    found = {"links": links.count()}
    if not found["links"]:
        return found
    links.first.focus()
    with page.expect_popup() as popup:
        page.keyboard.press("Enter")
    view = popup.value
    view.wait_for_load_state()
    target = view.locator("li:target")
    found.update(href=links.first.get_attribute("href"), target=target.get_attribute("id"), text=target.inner_text(),
                 flagged=view.locator("li.kit-flagged").evaluate_all("xs => xs.map(x => x.id)"),
                 lines=view.locator("ol.kit-source li").count(), title=view.locator("h1").inner_text())
    view.set_viewport_size({"width": 1280, "height": 900})
    console.shot("console-source", view)
    return found


def _mark_three(console: Console, seen) -> None:
    page = console.page
    console.tab("批改学习体会")
    page.locator(".kit-marking select").select_option(label=TITLE)
    who = page.locator(".kit-mark-learner")
    expect(who).to_contain_text("dy001")
    seen.script_text = page.locator(".kit-mark-answer").inner_text()
    seen.script_nodes = page.locator(".kit-mark-answer script, .kit-mark-answer img").count()
    page.locator(".kit-marking .widget-checkbox input").check()  # anonymous: the name disappears
    expect(who).not_to_contain_text("dy001")
    seen.anonymous = who.inner_text()
    page.locator(".kit-marking .widget-checkbox input").uncheck()
    expect(who).to_contain_text("dy001")
    console.shot("console-marking")
    for n, (learner, (points, comment)) in enumerate(MARKS.items()):
        expect(who).to_contain_text(learner)
        if learner == "dy002":  # Alt+N and Alt+P walk the answers without saving
            page.keyboard.press("Alt+n")
            expect(who).to_contain_text("dy003")
            page.keyboard.press("Alt+p")
            expect(who).to_contain_text("dy002")
        console.mark(n, points, comment, keyboard=n == 1)
        expect(page.locator(".kit-mark-progress")).to_contain_text(f"批改进度 {n + 1}/")
    seen.pwned = page.evaluate("() => window.__pwned === undefined ? null : window.__pwned")


# the page ---------------------------------------------------------------------------------------------------
def test_page_is_chinese_and_offline(session):
    assert "测试课 党章要点" in session.overview and "已发布" in session.overview
    assert session.outside == []


def test_actions_report_each_learner_and_are_safe_twice(session, world):
    assert "完成 1 项" in session.results["release"]
    assert "无需重复发布" in session.results["release-again"]
    assert f"完成 {len(world.learners)} 项" in session.results["collect"]
    failed = [line for line in session.results["grade"].splitlines() if BROKEN in line]
    assert failed and "失败" in failed[0] and "损坏" in failed[0], session.results["grade"]
    assert f"完成 {len(world.learners) - 1} 项" in session.results["grade"]
    assert "完成 0 项" in session.results["grade-again"] and "已评分" in session.results["grade-again"]
    assert "完成 3 项" in session.results["feedback"] and "尚未批改" in session.results["feedback"]
    assert "已写出" in session.results["report"] and "完成 0 项" not in session.results["report"]
    assert session.report_heading == "学习情况报告"


def test_short_answer_with_script_is_shown_as_text(session):
    assert "<script>window.__pwned = 1</script>" in session.script_text
    assert session.script_nodes == 0 and session.pwned is None


def test_anonymous_mode_hides_the_name(session, world):
    assert "匿名" in session.anonymous and "dy001" not in session.anonymous


def test_overview_counts_feedback_and_filters_by_branch(session):
    assert session.lessons_after.split()[-1] == "3"
    assert session.filtered and set(session.filtered) == {"第一党支部"}


# what was stored -------------------------------------------------------------------------------------------
def test_marks_are_nbgrader_manual_grades_and_comments(session, world):
    with world.course.gradebook() as gb:
        for learner, (points, comment) in MARKS.items():
            grade = gb.find_grade(CELL, NOTEBOOK, LESSON, learner)
            assert grade.manual_score == sum(points) and not grade.needs_manual_grade
            assert gb.find_comment(CELL, NOTEBOOK, LESSON, learner).manual_comment == comment


def test_feedback_shows_the_comment_and_escapes_the_answer(session, world):
    with learners_cache(world, "dy001"):
        folder = world.course.fetch_feedback(LESSON, "dy001", world.root / "learners" / "dy001")
    page = next(folder.rglob("*.html")).read_text(encoding="utf-8")
    assert MARKS["dy001"][1] in page
    assert "&lt;script&gt;window.__pwned" in page and "<script>window.__pwned" not in page


def test_kit_report_totals_include_the_marks(session, world):
    out = world.root / "report"
    result = CliRunner().invoke(main, ["report", "--course", str(world.course.root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with (out / "学员.csv").open(encoding="utf-8-sig") as fh:
        rows = {r["学号"]: r for r in csv.DictReader(fh)}
    with world.course.gradebook() as gb:
        for learner, (points, _comment) in MARKS.items():
            grades = gb.find_submission_notebook(NOTEBOOK, LESSON, learner).grades
            auto = sum(g.auto_score or 0 for g in grades if g.name != CELL)
            assert float(rows[learner][TITLE]) == pytest.approx(auto + sum(points))


# the same page from a trainer's JupyterLab -------------------------------------------------------------------
def test_page_is_reachable_from_kit_lab(world):
    with running(lambda log: start_lab(world.course.root, log=log), world.env, SHOTS / "console-lab.log",
                 lab_probe) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="zh-CN")
        page.goto(console_url(url), timeout=3 * WAIT)  # Voilà runs the page before it answers
        expect(page.locator(".kit-console .kit-lessons")).to_contain_text(TITLE, timeout=WAIT)
        assert page.locator(".lm-TabBar-tab").all_inner_texts()[:4] == ["课程概况", "发布与评分", "批改学习体会", "题目预警"]
        browser.close()


def test_item_warnings_are_the_analysis_flags_with_file_and_line(session, world):
    expected = take_snapshot(world.course).warnings
    assert expected and len(session.warnings) == len(expected)  # the demo's simulated class flags some items
    for row, warning in zip(session.warnings, expected):
        assert warning.item in row and f"sample.yml:{warning.line}" in row


def test_each_warning_links_to_its_bank_line_shown_read_only(session, world):
    expected = take_snapshot(world.course).warnings
    first, source = expected[0], session.source
    assert source["links"] == len(expected) and source["href"].endswith(f"#L{first.line}")
    assert source["target"] == f"L{first.line}" and source["title"] == "题库原文（只读）"
    bank = Path(first.file).read_text(encoding="utf-8").splitlines()
    assert source["text"] == bank[first.line - 1] and source["lines"] == len(bank)
    assert source["flagged"] == [f"L{w.line}" for w in sorted(expected, key=lambda w: w.line) if w.file == first.file]
