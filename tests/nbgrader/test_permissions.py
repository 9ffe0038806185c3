"""The course folder holds every key and the gradebook: another account on the machine can read none of it, and
nbgrader's exchange (which every learner must write to) sits outside it."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kit.course.build import build_course
from kit.grader.pipeline import Course

from ..conftest import FIXTURES

pytestmark = pytest.mark.nbgrader


@pytest.fixture
def course(tmp_path):
    tmp_path.chmod(0o755)  # the test's own folder must not be what protects the course
    course = Course(build_course(tmp_path / "course", lessons=FIXTURES / "lessons",
                                 quizzes=FIXTURES / "banks" / "sample.yml").course)
    course.generate("sample")
    return course


def test_the_course_is_private_and_the_exchange_is_beside_it(course):
    assert course.root.stat().st_mode & 0o777 == 0o700
    exchange = Path(course.config().Exchange.root)
    assert course.root not in exchange.parents and exchange.parent == course.root.parent


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("runuser"), reason="needs root to act as another account")
def test_another_account_cannot_read_the_keys_or_the_gradebook(course):
    for secret in [course.root / "kit" / "manifest.json", course.root / "gradebook.db",
                   next((course.root / "source" / "sample").glob("*.ipynb"))]:
        assert secret.exists()
        tried = subprocess.run(["runuser", "-u", "nobody", "--", "cat", str(secret)], capture_output=True, text=True)
        assert tried.returncode != 0 and "Permission denied" in tried.stderr


def test_a_course_a_hub_shares_with_its_trainers_group_keeps_that_access(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o2770)
    build_course(shared, lessons=FIXTURES / "lessons", quizzes=FIXTURES / "banks" / "sample.yml")
    assert shared.stat().st_mode & 0o7777 == 0o2770
