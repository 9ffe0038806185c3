"""kit.learner.submit on a real nbgrader exchange: the 提交 button submits, confirms with the time, says what it replaced."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kit.course.build import build_course
from kit.grader.pipeline import Course
from kit.learner.submit import ENV_CONFIG, NoExchange, Receipt, SubmitPanel, shown_time, submit_button, submit_lesson

from ..conftest import FIXTURES

pytestmark = pytest.mark.nbgrader
LESSON = "sample"


@pytest.fixture
def fetched(tmp_path, monkeypatch):
    build_course(tmp_path / "course", lessons=FIXTURES / "lessons", quizzes=FIXTURES / "banks" / "sample.yml")
    course = Course(tmp_path / "course")
    course.add_learners([{"id": "wang"}])
    course.generate(LESSON)
    course.release(LESSON)
    folder = course.fetch(LESSON, "wang", tmp_path / "home")
    monkeypatch.setenv(ENV_CONFIG, str(course.root / "nbgrader_config.py"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))  # nbgrader's submission cache
    monkeypatch.setenv("KIT_LEARNER", "wang")
    return course, folder


def test_first_submission_confirms_with_the_time_and_a_second_replaces_it(fetched):
    course, folder = fetched
    first = submit_lesson(folder)
    assert first.previous is None and re.fullmatch(r"✔ 已提交，提交时间：\d{4}年\d+月\d+日 \d\d:\d\d:\d\d。", first.message())
    second = submit_lesson(folder)
    assert second.previous == first.timestamp and "替换" in second.message()
    inbound = sorted((Path(course.config().Exchange.root) / "dangke" / "inbound").glob(f"wang+{LESSON}+*"))
    assert len(inbound) == 2 and all((p / "测试课-党章.ipynb").exists() for p in inbound)
    sent = json.loads((inbound[-1] / "测试课-党章.answers.json").read_text(encoding="utf-8"))
    assert [e["event"] for e in sent["events"]].count("submitted") == 2  # the log travels with the submission


def test_no_configured_course_says_so_and_names_the_answers_file(fetched, tmp_path, monkeypatch):
    _, folder = fetched
    empty = tmp_path / "empty-config"
    empty.mkdir()
    (empty / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    monkeypatch.setenv(ENV_CONFIG, str(empty))
    with pytest.raises(NoExchange, match="没有配置在线提交"):
        submit_lesson(folder)


def test_panel_shows_the_receipt_or_the_reason():
    receipt = Receipt(LESSON, "wang", "2024-05-01 14:03:22.123456 CST", previous="2024-05-01 09:00:00.000001 CST")
    panel = SubmitPanel(FIXTURES, submit=lambda _folder: receipt, unanswered=lambda: 2)
    assert panel.click() == receipt
    assert "2024年5月1日 14:03:22" in panel.status.value and "2024年5月1日 09:00:00" in panel.status.value
    assert "还有 2 道题没有作答" in panel.status.value and not panel.button.disabled

    def refuse(_folder):
        raise NoExchange("本机没有配置在线提交")

    failing = SubmitPanel(FIXTURES, submit=refuse)
    assert failing.click() is None and "kit-submit-error" in failing.status.value


def test_time_is_shown_in_chinese_and_odd_formats_pass_through():
    assert shown_time("2024-12-31 08:05:09.000001 CST") == "2024年12月31日 08:05:09"
    assert shown_time("昨天") == "昨天"


def test_nothing_is_shown_under_nbgrader(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert submit_button() is None


def test_half_written_saves_are_not_submitted(fetched):
    course, folder = fetched
    leftover = folder / ".测试课-党章.answers.json.k1ll3d.tmp"
    leftover.write_text('{"schema": 1, "answ', encoding="utf-8")
    submit_lesson(folder)
    sent = next((Path(course.config().Exchange.root) / "dangke" / "inbound").glob(f"wang+{LESSON}+*"))
    assert (sent / "测试课-党章.ipynb").exists() and not list(sent.glob("*.tmp")) and not list(sent.glob(".*.tmp"))
