"""`kit lab --role learner` is a real boundary: the learner's server cannot reach the course, the gradebook, the
formgrader API or a terminal. The same requests against the trainer's server succeed, so the denials are real."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from kit.core.errors import UsageError
from kit.course.build import build_course
from kit.grader.pipeline import Course
from kit.lab import learner_home, start_lab

from ..browser.lesson_page import lab_probe, wait_until_up
from ..conftest import FIXTURES

pytestmark = pytest.mark.nbgrader


def status(base: str, token: str, path: str, method: str = "GET", body: dict | None = None) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base}{path}", data=data, method=method,
                                     headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("role")
    course = Course(build_course(root / "course", lessons=FIXTURES / "lessons",
                                 quizzes=FIXTURES / "banks" / "sample.yml").course)
    course.generate("sample")
    course.release("sample")
    course.add_learners([{"id": "u1", "name": "张三"}])
    return course


@pytest.fixture(scope="module")
def servers(course, tmp_path_factory):
    """(base, token) of a trainer server on the course and a learner server on the learner's folder."""
    home = learner_home(course.root, course.root.parent / "u1")
    started = [start_lab(course.root, role="trainer", token="trainer-token"),
               start_lab(home, role="learner", token="learner-token")]
    try:
        for proc, url in started:
            wait_until_up(url, proc, lab_probe(url))
        yield {role: (url.split("/lab?")[0], token)
               for role, token, (_, url) in zip(("trainer", "learner"), ("trainer-token", "learner-token"), started)}
    finally:
        for proc, _ in started:
            proc.terminate()
            proc.wait(timeout=30)


SECRETS = ["/api/contents/source/sample", "/files/kit/manifest.json", "/files/gradebook.db",
           "/api/contents/kit/manifest.json", "/formgrader/api/assignments", "/api/terminals"]


@pytest.mark.parametrize("path", SECRETS)
def test_the_trainer_reaches_it_and_the_learner_does_not(servers, path):
    assert status(*servers["trainer"], path) == 200
    assert status(*servers["learner"], path) in (403, 404)
    assert status(*servers["learner"], f"/api/contents/..%2Fcourse{path.removeprefix('/api/contents')}") in (403, 404)


def test_a_learner_cannot_set_a_grade_or_open_a_terminal(servers):
    assert status(*servers["learner"], "/formgrader/api/grade/1", "PUT", {"manual_score": 175}) in (403, 404, 405)
    assert status(*servers["learner"], "/api/terminals", "POST", {}) in (403, 404)


def test_the_learner_still_sees_the_released_lesson_and_only_their_folder(servers):
    base, token = servers["learner"]
    with urllib.request.urlopen(f"{base}/assignments?course_id=dangke&token={token}", timeout=60) as response:
        listed = json.loads(response.read())
    assert any(a["assignment_id"] == "sample" for a in listed["value"]), listed
    request = urllib.request.Request(f"{base}/api/contents/", headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        names = {x["name"] for x in json.loads(response.read())["content"]}
    assert "gradebook.db" not in names and "source" not in names and "nbgrader_config.py" in names


def test_the_learner_config_names_no_course_file(course, tmp_path):
    text = (learner_home(course.root, tmp_path / "u2") / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "db_url" not in text and "manifest" not in text and str(course.root / "source") not in text


@pytest.mark.parametrize("where", ["inside", "same", "above"])
def test_a_learner_folder_inside_or_around_the_course_is_refused(course, where):
    home = {"inside": course.root / "learners" / "u1", "same": course.root, "above": course.root.parent}[where]
    with pytest.raises(UsageError, match="课程目录"):
        learner_home(course.root, home)
