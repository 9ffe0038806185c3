"""One learner's real session: a released lesson in JupyterLab (Chinese), answered in Chromium, submitted, graded.

One JupyterLab and one browser serve the whole module. Each test starts from the `answered` state (every
question answered by mouse and keyboard) and re-establishes what it changes, so any test can run alone.
Screenshots of each step go to artifacts/browser/.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect, sync_playwright

from kit.content.bank import load_bank
from kit.core.draw import draw_items
from kit.core.grading import grade
from kit.course.build import build_course
from kit.grader.autograde import autograde
from kit.grader.pipeline import Course
from kit.lab import start_lab

from ..conftest import FIXTURES, ROOT
from .lesson_page import CHROMIUM, CHROMIUM_ARGS, WAIT, LessonPage, lab_probe, running, wait_for_file

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (make system)")]
LESSON, NOTEBOOK = "sample", "测试课-党章"
SHOTS = ROOT / "artifacts" / "browser"
BANK = {q.id: q for q in load_bank(FIXTURES / "banks" / "sample.yml").items}
EXAM_POOL = [q.id for q in BANK.values() if "测验" in q.tags and q.type != "short"]
REFLECTION = "我认真学习了党章，明确了党员的义务和权利。"
# What the learner does, by canonical option id: the test clicks the option that shows this text.
CLICKS = {
    "sample-p1": {"t-practice": "C"},
    "sample-exam": {"t-discipline": ["A", "B"], "t-probation": False, "t-term": ["三年", "四年"]},
    "sample-reflection": {"t-reflect": REFLECTION},
}


def exam_learner() -> str:
    """A learner whose drawn exam holds the multiple, judge and fill items (the single one is in practice)."""
    for name in ("laodang", "xuyuan", "zhao6", "chen8"):
        if set(draw_items(EXAM_POOL, 3, name, "sample-exam")) == set(CLICKS["sample-exam"]):
            return name
    raise AssertionError("no learner draws the multiple, judge and fill items")


# the world: course, exchange, learner folder, JupyterLab, Chromium -------------------------------------------
@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    build_course(root / "course", lessons=FIXTURES / "lessons", quizzes=FIXTURES / "banks" / "sample.yml")
    course, learner = Course(root / "course"), exam_learner()
    course.add_learners([{"id": learner, "name": "老党员"}])
    course.generate(LESSON)
    course.release(LESSON)
    home = root / "home"
    folder = course.fetch(LESSON, learner, home)
    env = {"KIT_LEARNER": learner, "KIT_PREFS": str(root / "prefs.json"), "KIT_LANG": "zh",
           "KIT_COURSE_CONFIG": str(course.root / "nbgrader_config.py"),
           # nbgrader's submission cache and every Jupyter file stay inside the test's folder
           "JUPYTER_DATA_DIR": str(root / "jupyter-data"), "JUPYTER_CONFIG_DIR": str(root / "jupyter-config"),
           "JUPYTER_RUNTIME_DIR": str(root / "jupyter-runtime")}
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SimpleNamespace(root=root, course=course, learner=learner, home=home, folder=folder, env=env,
                           answers=folder / f"{NOTEBOOK}.answers.json", prefs=root / "prefs.json")


@pytest.fixture(scope="module")
def lab(world):
    with running(lambda log: start_lab(world.home, log=log), world.env, SHOTS / "jupyterlab.log", lab_probe,
                 unset=("NBGRADER_EXECUTION",)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    ctx.set_default_timeout(WAIT)
    yield ctx
    ctx.close()


def open_lesson(context, lab: str, restored: bool = False) -> LessonPage:
    lesson = LessonPage(context.new_page(), lab, f"{LESSON}/{NOTEBOOK}.ipynb", SHOTS)
    lesson.open()
    lesson.run_all(restored=restored)
    return lesson


@pytest.fixture(scope="module")
def answered(context, lab, world):
    """The learner opens the lesson, runs it, and answers every question type by mouse and keyboard."""
    lesson = open_lesson(context, lab)
    lesson.shot("01-opened-and-run")
    seen = SimpleNamespace(wrong_feedback="", focus_outlines=[])
    try:
        _practice(lesson, seen)
        _exam(lesson, seen)
        _reflection(lesson)
    except Exception:
        lesson.shot("failed-answering")
        raise
    lesson.quizzes.nth(0).locator(".widget-checkbox input").nth(0).click()  # 大字模式
    expect(lesson.quizzes.nth(0)).to_have_class(re.compile(r"\bkit-large\b"))
    lesson.shot("05-answered-large-font")
    return SimpleNamespace(lesson=lesson, seen=seen)


def option(lesson: LessonPage, question, item: str, oid: str):
    """The input of canonical option `oid`, found by the option text the widget shows (options may be shuffled)."""
    text = BANK[item].option_text(oid)
    label = question.locator("label").filter(has_text=re.compile(rf"^[A-H]\. {re.escape(text)}$"))
    return label.locator("input")


def _focus_outline(lesson: LessonPage) -> float:
    return lesson.page.evaluate("() => parseFloat(getComputedStyle(document.activeElement).outlineWidth) || 0")


def _practice(lesson: LessonPage, seen) -> None:
    """Mouse: a wrong answer and 核对答案; keyboard: Tab into the options, arrows to C, Tab, Enter."""
    q = lesson.question(0, "single")
    option(lesson, q, "t-practice", "A").click()
    lesson.check_button(q).click()
    expect(q.locator(".kit-verdict")).to_be_visible()
    seen.wrong_feedback = q.locator(".kit-verdict").inner_text() + q.locator(".kit-explanation").inner_text()
    lesson.shot("02-practice-wrong-feedback")
    option(lesson, q, "t-practice", "A").focus()
    for key in ("ArrowDown", "ArrowDown"):
        lesson.page.keyboard.press(key)
    expect(option(lesson, q, "t-practice", "C")).to_be_checked()
    seen.focus_outlines.append(_focus_outline(lesson))
    lesson.page.keyboard.press("Tab")
    expect(lesson.check_button(q)).to_be_focused()
    seen.focus_outlines.append(_focus_outline(lesson))
    lesson.page.keyboard.press("Enter")
    expect(q.locator(".kit-verdict.kit-correct")).to_be_visible()
    lesson.shot("03-practice-keyboard-correct")


def _exam(lesson: LessonPage, seen) -> None:
    plan = CLICKS["sample-exam"]
    multiple = lesson.question(1, "multiple")
    for oid in plan["t-discipline"]:
        option(lesson, multiple, "t-discipline", oid).click()
    judge = lesson.question(1, "judge")  # keyboard only: Tab from the question before it, Space, arrow
    _tab_into(lesson, judge)
    lesson.page.keyboard.press("Space")
    lesson.page.keyboard.press("ArrowDown")
    expect(judge.locator("input[type=radio]").nth(1)).to_be_checked()
    seen.focus_outlines.append(_focus_outline(lesson))
    fill = lesson.question(1, "fill")
    for field, text in zip(fill.locator("input[type=text]").all(), plan["t-term"]):
        field.click()
        field.press_sequentially(text)
    lesson.shot("04-exam-answered")


def _tab_into(lesson: LessonPage, question) -> None:
    """Press Tab (at most 30 times) until the focus is on the question's first option."""
    first = question.locator("input").first
    lesson.quizzes.nth(1).locator(".kit-header").click()
    for _ in range(30):
        lesson.page.keyboard.press("Tab")
        if first.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError("Tab never reached the question")


def _reflection(lesson: LessonPage) -> None:
    box = lesson.question(2, "short").locator("textarea")
    box.click()
    box.press_sequentially(REFLECTION)


def saved_responses(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {quiz: {item: entry["response"] for item, entry in items.items()} for quiz, items in data["answers"].items()}


def assert_widgets_show_clicks(lesson: LessonPage) -> None:
    """What the widgets show equals what was clicked and typed (after a restart or a new tab)."""
    q = lesson.question(0, "single")
    expect(option(lesson, q, "t-practice", "C")).to_be_checked()
    multiple = lesson.question(1, "multiple")
    for oid in "ABCD":
        want = oid in CLICKS["sample-exam"]["t-discipline"]
        assert option(lesson, multiple, "t-discipline", oid).is_checked() == want, oid
    assert lesson.shown_choices(lesson.question(1, "judge")) == [False, True]
    assert lesson.shown_texts(lesson.question(1, "fill")) == CLICKS["sample-exam"]["t-term"]
    assert lesson.shown_texts(lesson.question(2, "short")) == [REFLECTION]
    for n in range(3):  # large-font mode is a per-learner preference: every quiz picks it up
        expect(lesson.quizzes.nth(n)).to_have_class(re.compile(r"\bkit-large\b"))


# the tests -------------------------------------------------------------------------------------------------------
def test_interface_is_chinese_and_nothing_loads_from_the_internet(answered):
    lesson = answered.lesson
    menus = lesson.page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert {"文件", "编辑", "运行", "内核"} <= set(menus), menus
    shot = lesson.shot("00-chinese-interface")  # looked at by eye: Chinese menus and widgets, no tofu boxes
    assert shot.stat().st_size > 10_000
    assert lesson.outside == []


def test_lesson_shows_text_and_widgets_not_code(answered):
    page = answered.lesson.page
    # JupyterLab renders far-off cells lazily (an empty placeholder until scrolled to); every rendered one is a line
    placeholders = [p for p in page.locator(".jp-InputPlaceholder").all_inner_texts() if p.strip()]
    assert len(placeholders) >= 4 and all(p.strip().startswith("#") for p in placeholders), repr(placeholders)
    shown_inputs = page.eval_on_selector_all(  # no Python on screen: every code input is collapsed
        ".jp-CodeCell .jp-InputArea", "els => els.filter(e => getComputedStyle(e).display !== 'none').length")
    assert page.locator(".jp-CodeCell").count() >= 4 and shown_inputs == 0
    assert page.locator(".jp-MarkdownCell").count() >= 4


def test_practice_shows_verdict_and_explanation(answered):
    seen, q = answered.seen, answered.lesson.question(0, "single")
    assert "回答错误" in seen.wrong_feedback and "解析" in seen.wrong_feedback
    expect(q.locator(".kit-verdict")).to_contain_text("回答正确")
    expect(q.locator(".kit-explanation")).to_contain_text("解析")
    expect(q.locator(".kit-source")).to_contain_text("出处")


def test_exam_says_recorded_and_nothing_else(answered):
    exam = answered.lesson.quizzes.nth(1)
    expect(exam.locator(".kit-recorded")).to_have_count(3)
    assert exam.locator(".kit-verdict, .kit-explanation, .kit-source, button").count() == 0
    expect(exam).to_contain_text("已答 3/3")


def test_answers_file_holds_exactly_what_was_clicked(answered, world):
    saved = wait_for_file(world.answers, lambda d: saved_responses(world.answers) == CLICKS, read=lambda p: p)
    assert saved_responses(saved) == CLICKS
    data = json.loads(world.answers.read_text(encoding="utf-8"))
    assert data["learner"] == world.learner and data["answers"]["sample-p1"]["t-practice"]["attempts"] == 2


def test_keyboard_alone_answers_single_and_judge_questions(answered, world):
    assert all(width >= 2 for width in answered.seen.focus_outlines), answered.seen.focus_outlines
    saved = saved_responses(world.answers)
    assert saved["sample-p1"]["t-practice"] == "C" and saved["sample-exam"]["t-probation"] is False


def test_large_font_persists_per_learner(answered, world):
    assert json.loads(world.prefs.read_text(encoding="utf-8"))["large"] is True


def test_kernel_restart_loses_nothing(answered):
    lesson = answered.lesson
    lesson.restart_kernel()
    lesson.run_all(restored=True)
    lesson.shot("06-after-kernel-restart")
    assert_widgets_show_clicks(lesson)


def test_closing_and_reopening_the_tab_loses_nothing(answered, context, lab):
    answered.lesson.page.close()
    answered.lesson = reopened = open_lesson(context, lab, restored=True)
    reopened.shot("07-reopened-tab")
    assert_widgets_show_clicks(reopened)


def test_submit_button_submits_and_autogrades_to_the_grading_function(answered, world):
    lesson = answered.lesson
    panel = lesson.page.locator(".kit-submit")
    panel.locator("button").click()
    expect(panel.locator(".kit-submitted")).to_contain_text(re.compile(r"已提交，提交时间：\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d:\d\d"))
    panel.locator("button").click()
    expect(panel.locator(".kit-submitted")).to_contain_text("替换")
    lesson.shot("08-submitted-again")
    inbound = sorted((Path(world.course.config().Exchange.root) / "dangke" / "inbound").glob(f"{world.learner}+{LESSON}+*"))
    assert len(inbound) == 2
    assert saved_responses(inbound[-1] / f"{NOTEBOOK}.answers.json") == CLICKS
    world.course.collect(LESSON)
    report = autograde(world.course, LESSON)
    assert report.graded == [world.learner], report.summary()
    scores = world.course.scores(LESSON)[world.learner]
    assert {k: v for k, v in scores.items() if k.startswith("sample-exam-")} == pytest.approx(expected_exam(world.learner))


def expected_exam(learner: str) -> dict[str, float]:
    """What the one grading function gives for what was clicked, slot by slot of the learner's draw."""
    drawn = draw_items(EXAM_POOL, 3, learner, "sample-exam")
    return {f"sample-exam-{n}": grade(BANK[item], CLICKS["sample-exam"][item]).points
            for n, item in enumerate(drawn, 1)}
