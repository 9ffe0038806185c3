"""A released course of one real lesson (第一课) with a 30-member roster, for printing and scanning."""
from __future__ import annotations

import random

import pytest

from kit.content.roster import save_roster
from kit.course.build import build_course
from kit.demo import make_roster
from kit.grader.pipeline import Course

LESSON = "dangzhang"


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    root = tmp_path_factory.mktemp("paper") / "course"
    build_course(root, only=[LESSON])
    course = Course(root)
    roster = make_roster(30, random.Random(18))
    save_roster(roster, course.root / "kit" / "roster.json")
    course.add_learners([{"id": x.id, "name": x.name} for x in roster])
    course.generate(LESSON)
    course.release(LESSON)
    return course, roster


SMALL = "paperdemo"
SMALL_LESSON = """---
id: paperdemo
title: 纸质测验练习课
bank: sample
hours: 1
minutes: 10
---

# 纸质测验练习课

```quiz
id: paperdemo-exam
mode: exam
items: [t-age, t-discipline, t-probation]
```
"""


def small_course(root, bank=None, learners=("dy001", "dy002", "张三")) -> Course:
    """The sample bank's choice items as a one-quiz lesson (options shuffled per learner, as exams are)."""
    from kit.content.roster import Learner

    from ..conftest import FIXTURES

    lessons = root / "lessons"
    lessons.mkdir(parents=True, exist_ok=True)
    (lessons / f"{SMALL}.md").write_text(SMALL_LESSON, encoding="utf-8")
    build_course(root / "course", lessons=lessons, quizzes=bank or FIXTURES / "banks" / "sample.yml")
    course = Course(root / "course")
    save_roster([Learner(x, f"学员{x}", "第一党支部") for x in learners], course.root / "kit" / "roster.json")
    return course
