"""A released course of one real lesson (第一课) with a 30-member roster, for printing and scanning."""
from __future__ import annotations

import random

import pytest

from kit.build import build_course
from kit.demo import make_roster
from kit.grader.pipeline import Course
from kit.roster import save_roster

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
