"""The learner's progress widget, driven from Python without a browser."""
from __future__ import annotations

import pytest

from kit.report.progress import learner_progress, progress_html

pytestmark = pytest.mark.nbgrader


def test_progress_shows_own_lessons_scores_hours_and_review_count(demo, gradebook_truth, tmp_path):
    learner = next(x for x in demo.learners if x.id in gradebook_truth)
    p = learner_progress(demo.course, learner.id, review_dir=tmp_path)
    assert p.name == learner.name and len(p.lessons) == 1
    assert p.lessons[0].score == pytest.approx(gradebook_truth[learner.id][0])
    assert p.hours == 2 and p.minimum == (56 if learner.is_leader else 32)
    page = progress_html(p)
    assert "我的学习进度" in page and "错题本" in page and "测试课 党章要点" in page

