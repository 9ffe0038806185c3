"""A learner's progress: the numbers from a real graded course; the page they are shown on, as a unit."""
from __future__ import annotations

import pytest

from kit.report.progress import LessonProgress, Progress, learner_progress, progress_html


@pytest.mark.nbgrader
def test_progress_shows_own_lessons_scores_hours_and_review_count(demo, gradebook_truth, tmp_path):
    learner = next(x for x in demo.learners if x.id in gradebook_truth)
    p = learner_progress(demo.course, learner.id, review_dir=tmp_path)
    assert p.name == learner.name and len(p.lessons) == 1
    assert p.lessons[0].score == pytest.approx(gradebook_truth[learner.id][0])
    assert p.hours == 2 and p.minimum == (56 if learner.is_leader else 32)


@pytest.mark.unit
def test_the_progress_page_names_lessons_scores_hours_and_the_review_count():
    p = Progress("u1", "张<三>", (LessonProgress("第一课 党章", 18.5, 30.0, 2.0, "done"),
                                  LessonProgress("第二课 <准则>", None, 20.0, 0.0, "pending")), 2026, 2.0, 32, 4)
    page = progress_html(p)
    assert "我的学习进度" in page and "错题本" in page and "第一课 党章" in page and "18.5" in page
    assert "张&lt;三&gt;" in page and "&lt;准则&gt;" in page and "<准则>" not in page  # names are escaped
    assert "width:6%" in page  # 2 of the 32 hours
