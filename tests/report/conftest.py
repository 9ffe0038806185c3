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
