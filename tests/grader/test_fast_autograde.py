"""The fast autograde gives stock nbgrader's grades, outputs and failures for the kit's cells, and never runs
learners' code (stock nbgrader runs a learner's added cell; the kit grades around it)."""
from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from kit.grader import kernelfree, slot
from kit.grader.autograde import autograde
from kit.grader.converter import Grader
from kit.grader.kernelfree import KitExecute, OwnCells
from kit.grader.pipeline import Course

from .gradebook_rows import gradebook_rows
from .test_round_trip import (
    LESSON,
    NOTEBOOK,
    PLANS,
    _corrupt_answers,
    _drop_answers,
    _no_notebook,
    _not_json,
    _submit_variant,
    _tamper,
    build,
)

pytestmark = pytest.mark.nbgrader


def _added_code(folder: Path) -> None:
    path = folder / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(path, 4)
    nb.cells.append(nbformat.v4.new_code_cell("print('我自己加的代码')\n6 * 7"))
    nbformat.write(nb, path)


CASES = {"honest": None, "tamper": _tamper, "corrupt": _corrupt_answers, "noanswers": _drop_answers,
         "added": _added_code, "notjson": _not_json, "nonotebook": _no_notebook, "late": None}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The same collected submissions, graded by stock nbgrader in one course copy and by the kit in another."""
    root = tmp_path_factory.mktemp("fast")
    course = build(root / "stock", late_penalty="zero")
    course.add_learners([{"id": who} for who in CASES])
    course.generate(LESSON, due=datetime.now() + timedelta(days=1))
    course.release(LESSON)
    for who, mutate in CASES.items():
        _submit_variant(course, who, root, PLANS["li4" if who == "late" else "张三"], mutate)
    course.collect(LESSON)
    late = (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S.%f")
    (course.root / "submitted" / "late" / LESSON / "timestamp.txt").write_text(late, encoding="utf-8")
    shutil.copytree(course.root, root / "kit")
    fast = Course(root / "kit")
    return course, autograde(course, LESSON, fast=False), fast, autograde(fast, LESSON, jobs=2)


def test_same_learners_graded_and_failed_for_the_same_reasons(graded):
    _, stock, _, fast = graded
    assert sorted(fast.graded) == sorted(stock.graded) == ["added", "corrupt", "honest", "late", "noanswers", "tamper"]
    assert fast.failed == stock.failed and set(fast.failed) == {"notjson", "nonotebook"}
    assert fast.fell_back == []  # a kit quiz notebook never goes to a kernel, added code or not
    assert sorted(fast.in_process) == ["added", "corrupt", "honest", "late", "noanswers", "tamper"]
    assert "notjson" in fast.summary()


def test_every_grade_cell_and_total_is_the_same(graded):
    stock, _, fast, _ = graded
    assert fast.scores(LESSON) == stock.scores(LESSON)
    assert fast.totals(LESSON) == stock.totals(LESSON)
    assert stock.totals(LESSON)["late"] == 0 and stock.totals(LESSON)["honest"] > 0
    with stock.gradebook() as a, fast.gradebook() as b:
        pairs = [(a.find_submission(LESSON, who), b.find_submission(LESSON, who)) for who in stock.totals(LESSON)]
        assert [(x.score, x.late_submission_penalty, x.needs_manual_grade) for x, _ in pairs] == \
               [(y.score, y.late_submission_penalty, y.needs_manual_grade) for _, y in pairs]
    rows = gradebook_rows(stock.db_url)  # and every other value nbgrader wrote: comments, flags, hand-in times
    assert gradebook_rows(fast.db_url) == rows and len(rows["grades"]) == 6 * 4  # six graded, four grade cells


def _code(path: Path, kit_only: bool = False) -> list[tuple]:
    nb = nbformat.read(path, 4)
    cells = [c for c in nb.cells if c.cell_type == "code" and (not kit_only or "nbgrader" in c.metadata)]
    return [(c.source, c.execution_count, c.outputs) for c in cells]


def test_autograded_notebooks_have_the_same_outputs(graded):
    stock, report, fast, _ = graded
    for who in set(report.graded) - {"added"}:
        relative = Path("autograded") / who / LESSON / f"{NOTEBOOK}.ipynb"
        assert _code(fast.root / relative) == _code(stock.root / relative), who
    added = Path("autograded") / "added" / LESSON / f"{NOTEBOOK}.ipynb"
    assert _code(fast.root / added, kit_only=True) == _code(stock.root / added, kit_only=True)
    mine = [c for c in nbformat.read(fast.root / added, 4).cells if "6 * 7" in c.source]
    theirs = [c for c in nbformat.read(stock.root / added, 4).cells if "6 * 7" in c.source]
    assert mine[0].outputs == [] and mine[0].execution_count is None  # never run by the kit
    assert theirs[0].outputs  # stock nbgrader ran it
    restored = _code(fast.root / "autograded" / "tamper" / LESSON / f"{NOTEBOOK}.ipynb")
    assert all("改过了" not in source for source, _, _ in restored)


def test_feedback_works_from_the_fast_autograded_notebooks(graded):
    _, _, fast, _ = graded
    fast.generate_feedback(LESSON, "honest")
    page = next((fast.root / "feedback" / "honest" / LESSON).glob("*.html")).read_text(encoding="utf-8")
    assert "kit-feedback" in page and "HIDDEN TESTS" not in page


def _write_file(marker: Path) -> str:
    return f"open({str(marker)!r}, 'w').write('learner code ran')"


def test_tampered_kit_cells_that_would_write_a_file_are_restored_and_never_run(tmp_path, monkeypatch):
    course = build(tmp_path / "course")
    course.add_learners([{"id": "evil"}])
    course.generate(LESSON)
    course.release(LESSON)
    marker = tmp_path / "pwned.txt"

    def tamper(folder: Path) -> None:
        path = folder / f"{NOTEBOOK}.ipynb"
        nb = nbformat.read(path, 4)
        for cell in nb.cells:
            if cell.cell_type == "code":  # every kit cell: quiz cells, grading cells, the submit cell
                cell.source = _write_file(marker)
        nbformat.write(nb, path)

    _submit_variant(course, "evil", tmp_path, PLANS["张三"], tamper)
    course.collect(LESSON)
    monkeypatch.setattr(KitExecute.__mro__[1], "preprocess", _no_kernel)
    outcome = Grader(course.root, LESSON).grade("evil")
    assert outcome.path == "in-process" and not marker.exists()
    assert sum(course.scores(LESSON)["evil"][k] or 0 for k in course.scores(LESSON)["evil"]) > 0


def _no_kernel(*args, **kwargs):
    raise AssertionError("the fast path started a kernel")


def test_fast_path_never_executes_cell_source(tmp_path, monkeypatch):
    """answer_notebook reads only the gradebook's own sources, as syntax trees: it compiles and executes nothing."""
    import ast
    import builtins

    ran = []
    real_compile, real_exec, real_eval = builtins.compile, builtins.exec, builtins.eval

    def compile_spy(source, *args, **kwargs):
        flags = args[2] if len(args) > 2 else kwargs.get("flags", 0)
        if not flags & ast.PyCF_ONLY_AST:  # parsing to a tree is fine; compiling to code is not
            ran.append(source)
        return real_compile(source, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", compile_spy)
    monkeypatch.setattr(builtins, "exec", lambda src, *a, **k: (ran.append(src), real_exec(src, *a, **k))[1])
    monkeypatch.setattr(builtins, "eval", lambda src, *a, **k: (ran.append(src), real_eval(src, *a, **k))[1])
    marker = tmp_path / "pwned.txt"
    own = OwnCells({"x": slot.render(slot.SlotCall("a.answers.json", "q", 1, None, 2.0,
                                                   {"i": ("judge", True, 2.0, "partial", "")}))})
    evil = [_write_file(marker),
            "import warnings; warnings.simplefilter('ignore')\nfrom kit.autograder import score\n"
            f"score(answers_file={_write_file(marker)}, quiz='q', slot=1, draw=None, points=2.0, keys={{}})",
            f"from kit import show\nshow({_write_file(marker)})", "from os import system\nsystem('touch x')"]
    for source in evil:
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell(source, metadata={"nbgrader": {"locked": True, "grade_id": "x", "grade": True,
                                                                     "points": 2.0}}),
            nbformat.v4.new_code_cell(source)])
        kernelfree.answer_notebook(nb, own, tmp_path, "someone")
        assert "未找到作答文件" in nb.cells[0].outputs[0].text  # the gradebook's cell was answered, 0 points
        assert nb.cells[0].outputs[-1].data["text/plain"] == "0.0"
        assert nb.cells[1].outputs == [] and nb.cells[1].execution_count is None  # the learner's: never run
    assert not marker.exists() and not (tmp_path / "x").exists()
    assert not [s for s in ran if "pwned" in str(s) or "system" in str(s)]
