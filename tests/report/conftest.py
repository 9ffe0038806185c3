"""A small real graded course (8 learners, the sample lesson), built once per test session."""
from __future__ import annotations

import pytest

from ..conftest import FIXTURES


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    from kit.demo import run_demo

    return run_demo(tmp_path_factory.mktemp("report-demo"), learners=8, lessons_dir=FIXTURES / "lessons",
                    quizzes_dir=FIXTURES / "banks" / "sample.yml", progress=False)


@pytest.fixture(scope="session")
def gradebook_truth(demo):
    """Per-learner totals and percentages computed independently, through nbgrader's own ORM."""
    from kit.grader.pipeline import Course

    truth = {}
    with Course(demo.course).gradebook() as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                got = truth.setdefault(sub.student_id, [0.0, 0.0])
                got[0] += max(0.0, sub.score - sub.late_submission_penalty)
                got[1] += assignment.max_score
    return truth


@pytest.fixture(scope="session")
def made_report():
    """A report computed from hand-made records (no course, no gradebook): for the writers and charts, as units."""
    from datetime import datetime

    from kit.content.roster import Learner
    from kit.grader.gradebook import Submission
    from kit.report import ReportOptions
    from kit.report.analysis import analyse
    from kit.report.items import ItemStats
    from kit.report.records import CourseRecords, LessonInfo

    lesson = LessonInfo("sample", "第一课 学习党章", 2.0, 10.0, None, "sample.ipynb", "sample.answers.json")
    learners = tuple(Learner(f"m{i}", f"学员{i}", ("第一支部", "第二支部")[i % 2], "机关党委") for i in range(8))
    done = learners[:6]
    at = datetime(2024, 6, 1, 9, 30)
    items = (ItemStats("t-age", "sample", "single", "年满多少岁可以申请入党？", "B. 十八岁", 6, 0.5, 0.42, 0.5,
                       (("A", 1), ("B", 3), ("C", 1), ("D", 1)), ()),
             ItemStats("t-term", "sample", "fill", "党的基层委员会每届任期（ ）至（ ）。", "三年；五年", 6, 0.33, -0.2,
                       -0.25, (), ("wrong_key",)))
    records = CourseRecords(learners, (lesson,), {(x.id, "sample"): Submission(x.id, "sample", at, None, 0.0) for x in done},
                            {(x.id, "sample"): float(4 + i) for i, x in enumerate(done)}, {x.id: i for i, x in enumerate(done)},
                            {(x.id, "sample"): 20.0 + i for i, x in enumerate(done)}, items)
    return analyse(records, ReportOptions(progress=False), "course", now=datetime(2024, 12, 1))
