"""Each question type driven end to end in a real kernel; answers survive a kernel restart and a damaged file."""
from __future__ import annotations

import json
import shutil

import pytest

from kit.course.build import build_course
from kit.grader.pipeline import Course

from ..conftest import FIXTURES
from ..drive import read_answers, run_lesson

pytestmark = pytest.mark.notebook
PLAN = {"t-practice": "C", "t-age": "B", "t-discipline": ["A", "D"], "t-probation": False,
        "t-term": ["三年", "5年"], "t-reflect": "学习党章要落实到行动上。"}
READ_BACK = ("from kit.learner import runtime\n"
             "print(json.dumps({i: w.response for q in runtime._SHOWN.values() for i, w in q.questions.items()},"
             " ensure_ascii=False))")


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    build_course(root, lessons=FIXTURES / "lessons", quizzes=FIXTURES / "banks" / "sample.yml")
    Course(root).generate("sample")
    return root / "release" / "sample"


@pytest.fixture
def lesson(release, tmp_path):
    folder = tmp_path / "sample"
    shutil.copytree(release, folder)
    return folder


def read_back(folder, learner="王五"):
    nb = run_lesson(folder, learner, extra=["import json\n" + READ_BACK])
    return json.loads(nb.cells[-1].outputs[-1]["text"])


def test_every_type_answered_in_a_kernel_is_on_disk(lesson):
    run_lesson(lesson, "王五", PLAN)
    sheet = read_answers(lesson)
    recorded = {item: entry["response"] for quiz in sheet["answers"].values() for item, entry in quiz.items()}
    drawn = set(sheet["draws"]["sample-exam"]) | {"t-practice", "t-reflect"}
    assert recorded == {i: PLAN[i] for i in drawn}
    assert sheet["learner"] == "王五" and {"opened", "answered"} <= {e["event"] for e in sheet["events"]}


def test_answers_survive_a_kernel_restart(lesson):
    run_lesson(lesson, "王五", PLAN)
    restored = read_back(lesson)  # a new kernel: nothing in memory, only the answers file
    assert {i: v for i, v in restored.items() if v is not None} == {i: PLAN[i] for i in restored if i in PLAN
                                                                     and restored[i] is not None}
    assert len([v for v in restored.values() if v is not None]) == len(read_answers(lesson)["draws"]["sample-exam"]) + 2


def test_a_damaged_answers_file_is_kept_and_the_learner_told(lesson):
    run_lesson(lesson, "王五", PLAN)
    answers = next(lesson.glob("*.answers.json"))
    answers.write_text("{断了", encoding="utf-8")
    nb = run_lesson(lesson, "王五", extra=["from kit.learner import runtime\nprint(runtime.shown('sample-exam').notice.value)"])
    assert "已损坏" in nb.cells[-1].outputs[-1]["text"]
    kept = list(lesson.glob("*.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{断了"


def test_under_nbgrader_the_quiz_cells_do_nothing(lesson, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    nb = run_lesson(lesson, "王五")
    quiz_cells = [c for c in nb.cells if "kit-quiz" in c.metadata.get("tags", [])]
    assert quiz_cells and all(c.outputs == [] for c in quiz_cells)
    assert not list(lesson.glob("*.answers.json"))
