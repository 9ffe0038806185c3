"""Two `kit autograde` runs at once, or a run killed mid-way and started again, give the grades of one clean run:
nothing lost, nothing counted twice."""
from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kit.course.build import build_course
from kit.course.manifest import Manifest
from kit.demo import answer_lesson
from kit.grader.pipeline import Course

from ..conftest import FIXTURES

pytestmark = pytest.mark.nbgrader
LESSON = "sample"
KIT = str(Path(sys.executable).parent / "kit")


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """A course with 16 collected submissions, never graded, to be copied for each kind of run."""
    root = tmp_path_factory.mktemp("runs")
    course = Course(build_course(root / "course", lessons=FIXTURES / "lessons",
                                 quizzes=FIXTURES / "banks" / "sample.yml").course)
    learners = [f"u{n:02d}" for n in range(16)]
    course.add_learners([{"id": who} for who in learners])
    course.generate(LESSON)
    course.release(LESSON)
    manifest = Manifest.load(course.root)
    rng = random.Random(7)
    for who in learners:
        home = root / "homes" / who
        answer_lesson(course.fetch(LESSON, who, home), who, manifest, rng.uniform(0.3, 0.95), rng)
        course.submit(LESSON, who, home)
    course.collect(LESSON)
    return course


def copy_of(course: Course, where: Path) -> Course:
    shutil.copytree(course.root, where / "course")
    return Course(where / "course")


def run(course: Course, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([KIT, "autograde", LESSON, "--course", str(course.root), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def differences(got: tuple, want: tuple) -> list:
    """What differs between two ledgers, learner by learner (empty when they agree)."""
    diff = [(who, got[0].get(who), want[0].get(who)) for who in sorted(set(got[0]) | set(want[0]))
            if got[0].get(who) != want[0].get(who)]
    return diff + ([("counts", got[1:], want[1:])] if got[1:] != want[1:] else [])


def ledger(course: Course) -> tuple[dict, int, int]:
    """Every learner's cell scores, and how many submissions and grade rows the gradebook holds."""
    with course.gradebook() as gb:
        assignment = gb.find_assignment(LESSON)
        rows = sum(len(nb.grades) for sub in assignment.submissions for nb in sub.notebooks)
        count = len(assignment.submissions)
    return course.scores(LESSON), count, rows


@pytest.fixture(scope="module")
def clean(collected, tmp_path_factory):
    course = copy_of(collected, tmp_path_factory.mktemp("clean"))
    assert run(course).wait(timeout=600) == 0
    scores, count, rows = ledger(course)
    assert count == 16 and all(v is not None for cells in scores.values() for v in cells.values() if v is not None)
    return scores, count, rows


def test_two_runs_at_once_agree_with_one_clean_run(collected, clean, tmp_path):
    course = copy_of(collected, tmp_path)
    runs = [run(course), run(course, "--jobs", "2")]
    assert [r.wait(timeout=900) for r in runs] == [0, 0], [r.stderr.read() for r in runs]
    assert differences(ledger(course), clean) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_a_run_stopped_midway_and_started_again_agrees(collected, clean, tmp_path, sig):
    course = copy_of(collected, tmp_path)
    first = run(course, "--jobs", "2")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not (course.root / "autograded").exists():
        time.sleep(0.05)
    time.sleep(0.3)
    first.send_signal(sig)
    first.wait(timeout=120)
    assert run(course).wait(timeout=600) == 0
    assert differences(ledger(course), clean) == []
