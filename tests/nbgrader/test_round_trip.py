"""The whole course pipeline on real nbgrader, in a temporary course with its own exchange and gradebook."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from kit.content.bank import load_bank
from kit.core.draw import draw_items
from kit.core.grading import grade
from kit.course.build import build_course
from kit.grader.autograde import autograde
from kit.grader.pipeline import Course

from ..conftest import FIXTURES
from ..drive import read_answers, run_lesson

pytestmark = pytest.mark.nbgrader
LESSON = "sample"
NOTEBOOK = "测试课-党章"
PLANS = {
    "张三": {"t-age": "B", "t-discipline": ["A", "B"], "t-probation": False, "t-term": ["3年", "五年"],
             "t-reflect": "我认真学习了党章，明确了党员义务。", "t-practice": "C"},
    "li4": {"t-age": "A", "t-discipline": ["A", "B", "D"], "t-probation": True, "t-term": ["三年", "四年"],
            "t-reflect": "学习体会：纪律是党的生命。", "t-practice": "A"},
}


def build(root: Path, bank: Path = FIXTURES / "banks" / "sample.yml", **kw) -> Course:
    build_course(root, lessons=FIXTURES / "lessons", quizzes=bank, **kw)
    return Course(root)


@pytest.fixture(scope="module")
def trip(tmp_path_factory):
    """Release → fetch (two learners) → answer in real kernels → submit → collect → autograde → feedback."""
    root = tmp_path_factory.mktemp("course")
    course = build(root)
    course.add_learners([{"id": who, "name": who} for who in PLANS])
    course.generate(LESSON)
    course.release(LESSON)
    homes = {}
    for who, plan in PLANS.items():
        homes[who] = root.parent / f"home-{who}"
        folder = course.fetch(LESSON, who, homes[who])
        run_lesson(folder, who, plan)
        course.submit(LESSON, who, homes[who])
    course.collect(LESSON)
    report = autograde(course, LESSON)
    with course.gradebook() as gb:  # the trainer grades the short answer by hand in formgrader
        grade_row = gb.find_grade("sample-reflection-t-reflect", NOTEBOOK, LESSON, "张三")
        grade_row.manual_score = 8.0
        gb.db.commit()
    course.generate_feedback(LESSON)
    course.release_feedback(LESSON)
    feedback = {who: course.fetch_feedback(LESSON, who, homes[who]) for who in PLANS}
    return course, homes, report, feedback


def expected_scores(course: Course, who: str) -> dict[str, float]:
    """What the one grading function gives for the learner's draw, computed here independently."""
    questions = {q.id: q for q in load_bank(FIXTURES / "banks" / "sample.yml").items}
    pool = [q for q in questions.values() if "测验" in q.tags and q.type != "short" and q.use == "exam"]
    drawn = draw_items([q.id for q in pool], 3, who, "sample-exam")
    return {f"sample-exam-{n}": grade(questions[i], PLANS[who][i]).points for n, i in enumerate(drawn, 1)}


def test_gradebook_scores_equal_the_grading_function(trip):
    course, _, report, _ = trip
    assert sorted(report.graded) == sorted(PLANS) and not report.failed
    scores = course.scores(LESSON)
    for who in PLANS:
        expected = expected_scores(course, who)
        assert {k: scores[who][k] for k in expected} == pytest.approx(expected)
    assert sum(expected_scores(course, "张三").values()) > 0


def test_answers_file_holds_what_was_answered(trip):
    _, homes, _, _ = trip
    sheet = read_answers(homes["li4"] / LESSON)
    assert sheet["learner"] == "li4"
    assert sheet["answers"]["sample-reflection"]["t-reflect"]["response"] == PLANS["li4"]["t-reflect"]
    drawn = sheet["draws"]["sample-exam"]
    assert {i: sheet["answers"]["sample-exam"][i]["response"] for i in drawn} == {i: PLANS["li4"][i] for i in drawn}


def test_short_answer_reaches_the_grader_and_manual_score_counts(trip):
    course, _, _, _ = trip
    scores = course.scores(LESSON)
    assert scores["张三"]["sample-reflection-t-reflect"] == 8.0
    assert scores["li4"]["sample-reflection-t-reflect"] is None  # still waiting for the trainer
    nb = nbformat.read(course.root / "autograded" / "li4" / LESSON / f"{NOTEBOOK}.ipynb", 4)
    cell = next(c for c in nb.cells if c.metadata.get("dangke_kit", {}).get("item") == "t-reflect")
    assert PLANS["li4"]["t-reflect"] in cell.source and "评分参考" in cell.source


def test_grade_cells_are_silent(trip):
    course, _, _, _ = trip
    nb = nbformat.read(course.root / "autograded" / "张三" / LESSON / f"{NOTEBOOK}.ipynb", 4)
    slots = [c for c in nb.cells if "slot" in c.metadata.get("dangke_kit", {})]
    assert len(slots) == 3
    for cell in slots:
        assert not [o for o in cell.outputs if o.get("name") == "stderr" or o.output_type == "error"]
        assert any(o.output_type == "execute_result" for o in cell.outputs)


def test_feedback_is_a_readable_chinese_table_without_test_code(trip):
    _, _, _, feedback = trip
    page = next(feedback["li4"].rglob("*.html")).read_text(encoding="utf-8")
    assert "kit-feedback" in page and "正确答案" in page and "解析" in page and "出处" in page
    assert "BEGIN HIDDEN TESTS" not in page and "kit.autograder" not in page and "评分参考" not in page
    assert "A. 十六岁" in page or "B. 十八岁" in page or "错误" in page
    assert "测试课 党章要点 学习反馈" in page and "测验第 1 题" in page and "学习体会" in page
    assert "Test cell" not in page and "Score:" not in page and "from kit import" not in page


def test_release_carries_no_key(trip):
    course, _, _, _ = trip
    release = course.root / "release" / LESSON
    text = "".join(p.read_text(encoding="utf-8") for p in release.iterdir() if p.is_file())
    assert "HIDDEN TESTS" not in text and "'answer'" not in text and '"answer"' in text  # practice key only
    public = json.loads((release / f"{NOTEBOOK}.quiz.json").read_text(encoding="utf-8"))
    assert all("answer" not in item for item in public["quizzes"]["sample-exam"]["items"])
    assert all("answer" in item for item in public["quizzes"]["sample-p1"]["items"])


def test_nbgrader_metadata_has_no_extra_keys(trip):
    from nbgrader.nbgraderformat import MetadataValidator

    course, _, _, _ = trip
    nb = nbformat.read(course.root / "source" / LESSON / f"{NOTEBOOK}.ipynb", 4)
    MetadataValidator().validate_nb(nb)
    assert all(set(c.metadata.get("nbgrader", {})) <= {"grade", "solution", "locked", "grade_id", "points",
                                                        "schema_version", "task"} for c in nb.cells)


def test_build_is_deterministic_and_incremental(tmp_path):
    first = build_course(tmp_path / "a", lessons=FIXTURES / "lessons", quizzes=FIXTURES / "banks" / "sample.yml")
    second = build_course(tmp_path / "a", lessons=FIXTURES / "lessons", quizzes=FIXTURES / "banks" / "sample.yml")
    assert first.written and second.written == []
    build_course(tmp_path / "b", lessons=FIXTURES / "lessons", quizzes=FIXTURES / "banks" / "sample.yml")
    for path in (tmp_path / "a").rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()


def changed_keys_bank(tmp_path: Path) -> Path:
    """The sample bank with every graded key changed (and the short answer's reference)."""
    text = (FIXTURES / "banks" / "sample.yml").read_text(encoding="utf-8")
    for old, new in [("answer: B\n", "answer: C\n"), ("answer: [A, B, D]", "answer: [B, C]"),
                     ("answer: false", "answer: true"), ("answer: [三年, 五年]", "answer: [两年, 四年]"),
                     ("围绕党员义务与权利谈认识。", "另一参考答案。")]:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "changed.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_release_is_byte_identical_when_graded_keys_change(tmp_path):
    releases = []
    for name, bank in [("a", FIXTURES / "banks" / "sample.yml"), ("b", changed_keys_bank(tmp_path))]:
        course = build(tmp_path / name, bank)
        course.generate(LESSON)
        releases.append(course.root / "release" / LESSON)
    files = sorted(p.relative_to(releases[0]) for p in releases[0].rglob("*") if p.is_file())
    assert files
    for rel in files:
        assert (releases[0] / rel).read_bytes() == (releases[1] / rel).read_bytes(), rel
    source = [(tmp_path / n / "source" / LESSON / f"{NOTEBOOK}.ipynb").read_bytes() for n in "ab"]
    assert source[0] != source[1]  # the keys did change where the trainer keeps them


def _submit_variant(course: Course, who: str, root: Path, plan: dict, mutate=None) -> None:
    home = root / f"home-{who}"
    folder = course.fetch(LESSON, who, home)
    run_lesson(folder, who, plan)
    if mutate:
        mutate(folder)
    course.submit(LESSON, who, home)


def _tamper(folder: Path) -> None:
    path = folder / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(path, 4)
    slots = [c for c in nb.cells if "slot" in c.metadata.get("dangke_kit", {})]
    slots[0].source = "2.0"  # claim full marks
    nb.cells.remove(slots[1])  # and delete another grading cell
    quiz = next(c for c in nb.cells if "kit-quiz" in c.metadata.get("tags", []))
    quiz.source = "print('改过了')"
    nbformat.write(nb, path)


def _corrupt_answers(folder: Path) -> None:
    (folder / f"{NOTEBOOK}.answers.json").write_text("{broken", encoding="utf-8")


def _drop_answers(folder: Path) -> None:
    (folder / f"{NOTEBOOK}.answers.json").unlink()


def _not_json(folder: Path) -> None:
    (folder / f"{NOTEBOOK}.ipynb").write_text("这不是笔记本", encoding="utf-8")


def _no_notebook(folder: Path) -> None:
    (folder / f"{NOTEBOOK}.ipynb").unlink()


def test_tampering_accidents_and_broken_submissions_never_stop_the_batch(tmp_path):
    course = build(tmp_path / "course")
    cases = {"honest": None, "tamper": _tamper, "corrupt": _corrupt_answers, "noanswers": _drop_answers,
             "notjson": _not_json, "nonotebook": _no_notebook}
    course.add_learners([{"id": who} for who in cases])
    course.generate(LESSON)
    course.release(LESSON)
    plan = PLANS["张三"]
    for who, mutate in cases.items():
        _submit_variant(course, who, tmp_path, plan, mutate)
    course.collect(LESSON)
    report = autograde(course, LESSON)
    scores = course.scores(LESSON)
    exam = lambda who: sum(v for k, v in scores[who].items() if k.startswith("sample-exam"))  # noqa: E731
    assert exam("honest") > 0
    assert None not in [v for k, v in scores["tamper"].items() if k.startswith("sample-exam")], (report.summary(), scores)
    assert _same_draw_score("tamper", scores)
    assert exam("corrupt") == 0 and exam("noanswers") == 0
    assert "已损坏" in report.failed["notjson"] and "缺少笔记本" in report.failed["nonotebook"]
    assert "notjson" in report.summary() and "nonotebook" in report.summary()
    assert sorted(report.graded) == ["corrupt", "honest", "noanswers", "tamper"]
    out = nbformat.read(course.root / "autograded" / "noanswers" / LESSON / f"{NOTEBOOK}.ipynb", 4)
    assert any("未找到作答文件" in o.get("text", "") for c in out.cells if c.cell_type == "code" for o in c.outputs)


def _same_draw_score(a: str, scores: dict) -> bool:
    """Tampering changes nothing: the tampered learner scores what the grading function gives their answers."""
    questions = {q.id: q for q in load_bank(FIXTURES / "banks" / "sample.yml").items}
    pool = [q.id for q in questions.values() if "测验" in q.tags and q.type != "short"]
    expected = sum(grade(questions[i], PLANS["张三"][i]).points for i in draw_items(pool, 3, a, "sample-exam"))
    return sum(v for k, v in scores[a].items() if k.startswith("sample-exam")) == pytest.approx(expected)


def test_late_submission_follows_nbgrader_penalty(tmp_path):
    course = build(tmp_path / "course", late_penalty="zero")
    course.add_learners([{"id": "late"}])
    course.generate(LESSON, due=datetime.now() - timedelta(days=1))
    course.release(LESSON)
    _submit_variant(course, "late", tmp_path, PLANS["张三"])
    course.collect(LESSON)
    autograde(course, LESSON)
    with course.gradebook() as gb:
        submission = gb.find_submission(LESSON, "late")
        assert submission.total_seconds_late > 0 and submission.late_submission_penalty == submission.code_score > 0
    assert course.totals(LESSON)["late"] == 0  # the kit reports the score after nbgrader's penalty
