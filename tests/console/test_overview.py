"""The course overview model: rows per lesson and learner from hand-built records (no gradebook, no files)."""
from __future__ import annotations

from datetime import datetime

import pytest

from kit.console.flags import item_warnings
from kit.console.overview import build_overview, learner_view
from kit.content.roster import Learner
from kit.grader.gradebook import Submission
from kit.grader.status import LessonState
from kit.report.items import ItemStats
from kit.report.records import CourseRecords, LessonInfo

pytestmark = pytest.mark.unit
DAY = datetime(2026, 5, 4, 9, 0)
LEARNERS = (Learner("a1", "王建国", "第一党支部", role="书记"), Learner("a2", "李秀英", "第二党支部"),
            Learner("a3", "张志强", "第一党支部"))
LESSONS = (LessonInfo("l1", "第一课", 2.0, 10.0, None, "nb1", "nb1.answers.json"),
           LessonInfo("l2", "第二课", 3.0, 20.0, None, "nb2", "nb2.answers.json"))


def records(subs: dict[tuple[str, str], float]) -> CourseRecords:
    submissions = {key: Submission(key[0], key[1], DAY.replace(day=4 + n), None, 0.0) for n, key in enumerate(subs)}
    return CourseRecords(LEARNERS, LESSONS, submissions, dict(subs), {}, {}, ())


@pytest.fixture
def overview():
    states = {"l1": LessonState("l1", True, {"a1": DAY, "a2": DAY}, frozenset({"a1", "a2", "a3"}),
                                frozenset({"a1", "a2"}), frozenset({"a1"})),
              "l2": LessonState("l2", True, {"a2": datetime(2026, 6, 1, 8, 0)}, frozenset(), frozenset(), frozenset())}
    titles = {"l1": "第一课", "l2": "第二课", "l3": "第三课"}
    return build_overview(records({("a1", "l1"): 8.0, ("a2", "l1"): 5.0, ("a3", "l1"): 10.0}), titles, states,
                          {"l1": 2}, year=2026, now=DAY)


def test_a_row_per_lesson_with_its_counts(overview):
    l1, l2, l3 = overview.lessons
    assert (l1.title, l1.released, l1.submitted, l1.roster, l1.collected, l1.graded, l1.pending, l1.feedback) == (
        "第一课", True, 3, 3, 3, 2, 2, 1)
    assert (l2.submitted, l2.collected, l2.graded) == (1, 0, 0)  # handed in, still waiting in the exchange
    assert (l3.released, l3.submitted) == (False, 0)  # built, never released


def test_a_row_per_learner_with_hours_against_the_minimum(overview):
    rows = {x.id: x for x in overview.learners}
    assert (rows["a1"].done, rows["a1"].percent, rows["a1"].hours, rows["a1"].minimum) == (1, 80.0, 2.0, 56)
    assert (rows["a2"].percent, rows["a2"].minimum, rows["a2"].hours_met) == (50.0, 32, False)
    assert rows["a2"].last == datetime(2026, 6, 1, 8, 0)  # the hand-in not collected yet is the latest
    assert rows["a3"].last == DAY.replace(day=6)


def test_filter_by_branch_and_sort(overview):
    assert [x.id for x in learner_view(overview, "第一党支部")] == ["a1", "a3"]
    assert [x.id for x in learner_view(overview, sort="score")] == ["a3", "a1", "a2"]
    assert [x.id for x in learner_view(overview, sort="last")] == ["a2", "a3", "a1"]
    assert overview.branches == ("第一党支部", "第二党支部")


def test_learner_without_work_has_no_score_and_sorts_last():
    view = build_overview(records({("a1", "l1"): 8.0}), {"l1": "第一课"}, {}, {}, year=2026, now=DAY)
    assert [x.id for x in learner_view(view, sort="score")] == ["a1", "a2", "a3"]
    assert {x.id: x.percent for x in view.learners}["a2"] is None
    assert view.lessons[0].released is False  # no state known: nothing claimed


def test_item_warnings_carry_file_and_line_and_skip_other_flags():
    def stats(item: str, flags: tuple[str, ...], pbis: float) -> ItemStats:
        return ItemStats(item, "l1", "single", "题干", "A", 20, 0.5, pbis, -0.2, (), flags)

    found = item_warnings((stats("q1", ("wrong_key",), -0.1), stats("q2", ("too_easy",), 0.3),
                           stats("q3", ("wrong_key", "too_hard"), -0.4)),
                          {"q1": {"file": "quizzes/a.yml", "line": 12}, "q3": {"file": "quizzes/b.yml", "line": 40}})
    assert [(w.item, w.where) for w in found] == [("q3", "quizzes/b.yml:40"), ("q1", "quizzes/a.yml:12")]


def test_manifest_names_the_file_and_line_of_each_item(tmp_path):
    import json

    from kit.course.build import build_course

    from ..conftest import FIXTURES

    build_course(tmp_path / "course", lessons=FIXTURES / "lessons", quizzes=FIXTURES / "banks" / "sample.yml")
    items = json.loads((tmp_path / "course" / "kit" / "manifest.json").read_text(encoding="utf-8"))["items"]
    for item, entry in items.items():
        line = open(entry["file"], encoding="utf-8").read().splitlines()[entry["line"] - 1]
        assert f"id: {item}" in line, (item, entry["line"], line)
