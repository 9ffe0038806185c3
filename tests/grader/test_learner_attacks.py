"""A learner who edits their submission: each attack is performed on a real course, graded by real nbgrader.

Every submission is graded twice, in two copies of the course: by `kit autograde` and by nbgrader itself with the
course's config (what `nbgrader autograde` and formgrader's button run). Both must give what the one grading
function gives the learner's answers, run none of the learner's code, and show no one else's data.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbconvert.filters.markdown import markdown2html_mistune

from kit.content.bank import load_bank
from kit.core.draw import draw_items
from kit.core.grading import grade
from kit.grader.pipeline import Course

from ..conftest import FIXTURES
from ..nbgrader.test_round_trip import LESSON, NOTEBOOK, PLANS, build

pytestmark = pytest.mark.nbgrader
QUESTIONS = {q.id: q for q in load_bank(FIXTURES / "banks" / "sample.yml").items}
POOL = [q.id for q in QUESTIONS.values() if "测验" in q.tags and q.type != "short" and q.use == "exam"]
SECRET = ["秘密甲", "秘密乙"]  # the victim's fill answer: must never reach another learner's page


def drawn(who: str) -> list[str]:
    return draw_items(POOL, 3, who, "sample-exam")


def learner_with(item: str, present: bool, prefix: str) -> str:
    return next(f"{prefix}{n}" for n in range(100) if (item in drawn(f"{prefix}{n}")) == present)


VICTIM = learner_with("t-term", True, "victim")
PEEK = learner_with("t-probation", False, "peek")  # t-probation is not in the peeker's draw
SLOW = learner_with("t-term", True, "opencc")  # grades a fill answer: normalising it would import opencc


def answers_path(folder: Path) -> Path:
    return folder / f"{NOTEBOOK}.answers.json"


def edit_answers(folder: Path, change) -> None:
    data = json.loads(answers_path(folder).read_text(encoding="utf-8"))
    change(data)
    answers_path(folder).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def edit_notebook(folder: Path, change) -> None:
    path = folder / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(path, 4)
    change(nb)
    nbformat.write(nb, path)


def shadow_kit(folder: Path, marker: Path) -> None:
    """Attack 3: a `kit` package beside the notebook that writes a marker and gives full marks, and one exam
    entry a string, which used to make the fast path fall back to a kernel that imported it."""
    package = folder / "kit"
    package.mkdir()
    (package / "__init__.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n", encoding="utf-8")
    (package / "autograder.py").write_text("def score(**k):\n    return float(k['points'])\n", encoding="utf-8")
    edit_answers(folder, lambda d: d["answers"]["sample-exam"].update({drawn("shadow")[0]: "string"}))


def rewrite_score(folder: Path) -> None:
    """Attack 4: an added code cell replaces the grading function (answers left empty)."""
    cell = nbformat.v4.new_code_cell("import kit.autograder\nkit.autograder.score = lambda **k: float(k['points'])")
    edit_notebook(folder, lambda nb: nb.cells.insert(0, cell))


def peek(folder: Path) -> None:
    """Attack 1: a code cell naming items outside the learner's draw and another learner's answers file."""
    keys = {i: ("single", "A", 2.0, "partial", "ABCD") for i in POOL}
    other = f"../../{VICTIM}/{LESSON}/{NOTEBOOK}.answers.json"
    source = ("import warnings; warnings.simplefilter('ignore')\nfrom kit.autograder import score\n"
              f"score(answers_file={other!r}, quiz='sample-exam', slot=1, draw=None, points=2.0, keys={keys!r})")
    edit_notebook(folder, lambda nb: nb.cells.append(nbformat.v4.new_code_cell(source)))


def delete_first_slot(folder: Path) -> None:
    """Attack/accident 9: the first grading cell deleted."""
    def change(nb):
        nb.cells.remove(next(c for c in nb.cells if c.metadata.get("dangke_kit", {}).get("slot") == 1))
    edit_notebook(folder, change)


def inject_html(folder: Path) -> None:
    """Attack 5: HTML in the short answer, in the hand-graded cell and in an added Markdown and raw cell."""
    edit_answers(folder, lambda d: d["answers"]["sample-reflection"]["t-reflect"].update(
        response="<script>alert(1)</script>"))

    def change(nb):
        solution = next(c for c in nb.cells if c.metadata.get("dangke_kit", {}).get("item") == "t-reflect")
        solution.source = '<img src=x onerror="alert(2)">'
        nb.cells.append(nbformat.v4.new_markdown_cell("<iframe src=javascript:alert(3)></iframe>"))
        nb.cells.append(nbformat.v4.new_raw_cell("<script>alert(4)</script>", metadata={"format": "text/html"}))
    edit_notebook(folder, change)


def break_parts(folder: Path) -> None:
    """Attack 10: bad event time, events as an object, one exam entry of the wrong inner type."""
    def change(data):
        data["events"] = {"t": "昨天"}
        data["started"] = {"sample-exam": 5}
        data["answers"]["sample-exam"][drawn("parts")[0]] = ["not", "an", "entry"]
    edit_answers(folder, change)


def plant_opencc(folder: Path, marker: Path) -> None:
    """Attack 8: an opencc.py in the submission, which grading a fill answer would import from a working dir."""
    (folder / "opencc.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\nraise ImportError\n",
                                      encoding="utf-8")


def run_lesson_plan(who: str) -> dict:
    plan = dict(PLANS["张三"])
    if who == VICTIM:
        plan["t-term"] = SECRET
    if who == "rewrite":
        plan = {}
    return plan


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    from ..drive import run_lesson

    root = tmp_path_factory.mktemp("attacks")
    marker = root / "learner-code-ran.txt"
    attacks = {"honest": None, VICTIM: None, "shadow": lambda f: shadow_kit(f, marker), "rewrite": rewrite_score,
               PEEK: peek, "nofirst": delete_first_slot, "script": inject_html, "parts": break_parts,
               SLOW: lambda f: plant_opencc(f, marker)}
    course = build(root / "kit")
    course.add_learners([{"id": who} for who in attacks])
    course.generate(LESSON)
    course.release(LESSON)
    for who, attack in attacks.items():
        home = root / f"home-{who}"
        folder = course.fetch(LESSON, who, home)
        run_lesson(folder, who, run_lesson_plan(who))
        if attack:
            attack(folder)
        course.submit(LESSON, who, home)
    course.collect(LESSON)
    shutil.copytree(course.root, root / "nbgrader")
    nbgrader = Course(root / "nbgrader")
    report = _autograde_in_a_python_c_process(course)
    for who in attacks:
        nbgrader.autograde(LESSON, who)  # nbgrader's own pipeline with the course config
    return course, nbgrader, report, marker


def _autograde_in_a_python_c_process(course: Course) -> dict:
    """`python -c` puts '' on sys.path; run from the opencc planter's submission folder, the worst working dir."""
    code = ("import json, sys; from kit.grader.autograde import autograde; "
            f"r = autograde({str(course.root)!r}, {LESSON!r}); print(json.dumps([r.graded, r.failed, r.fell_back]))")
    here = course.root / "submitted" / SLOW / LESSON
    out = subprocess.run([sys.executable, "-c", code], cwd=here, capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": ""})
    graded, failed, fell_back = json.loads(out.stdout.strip().splitlines()[-1])
    return {"graded": graded, "failed": failed, "fell_back": fell_back}


def expected(who: str, answers: dict) -> float:
    return sum(grade(QUESTIONS[i], answers.get(i)).points for i in drawn(who))


def exam(course: Course, who: str) -> float:
    return sum(v or 0 for k, v in course.scores(LESSON)[who].items() if k.startswith("sample-exam"))


def test_no_learner_code_runs_and_no_kernel_is_started(attacked):
    course, _, report, marker = attacked
    assert not report["failed"] and report["fell_back"] == [], report
    assert not marker.exists()
    assert not any((course.root / "autograded").rglob("__pycache__"))


def test_a_kit_package_beside_the_notebook_changes_nothing(attacked):
    """Attack 3: the planted kit never runs; the string entry scores 0 with a reason; the rest is graded."""
    for graded in attacked[:2]:
        plan = dict(PLANS["张三"])
        plan.pop(drawn("shadow")[0])
        assert exam(graded, "shadow") == pytest.approx(expected("shadow", plan))
    nb = nbformat.read(attacked[0].root / "autograded" / "shadow" / LESSON / f"{NOTEBOOK}.ipynb", 4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "格式不对" in text


def test_an_added_cell_cannot_rewrite_the_grading_function(attacked):
    """Attack 4: full marks used to follow from empty answers; now the empty answers score 0, in kit and nbgrader."""
    for graded in attacked[:2]:
        assert exam(graded, "rewrite") == 0
        assert exam(graded, "honest") == pytest.approx(expected("honest", PLANS["张三"]))
        assert exam(graded, "honest") > 0


def test_feedback_shows_only_the_gradebooks_items_for_this_learner(attacked):
    """Attack 1: the added score(...) cell names other items and the victim's answers file; the page shows neither."""
    course = attacked[0]
    course.generate_feedback(LESSON, PEEK)
    page = next((course.root / "feedback" / PEEK / LESSON).glob("*.html")).read_text(encoding="utf-8")
    assert page.count('class="kit-feedback"') == 3  # the three drawn slots, nothing more
    assert QUESTIONS["t-probation"].explanation not in page  # not in the peeker's draw
    assert not any(s in page for s in SECRET)  # the victim's answers
    for item in drawn(PEEK):
        assert QUESTIONS[item].explanation in page


def test_deleting_the_first_grading_cell_still_grades(attacked):
    """Accident 9: nbgrader's own restoration failed with KeyError on the first slot; now both paths grade it."""
    for graded in attacked[:2]:
        scores = graded.scores(LESSON)["nofirst"]
        assert scores["sample-exam-1"] is not None
        assert exam(graded, "nofirst") == pytest.approx(expected("nofirst", PLANS["张三"]))


def test_learner_html_is_escaped_for_formgrader_and_feedback(attacked):
    """Attack 5: what formgrader renders (the autograded notebook's Markdown) and the feedback page are text."""
    course = attacked[0]
    nb = nbformat.read(course.root / "autograded" / "script" / LESSON / f"{NOTEBOOK}.ipynb", 4)
    rendered = "".join(markdown2html_mistune(c.source) for c in nb.cells if c.cell_type in ("markdown", "raw"))
    for tag in ("<script", "<img", "<iframe"):
        assert tag not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered and "onerror" in rendered  # shown, as text
    course.generate_feedback(LESSON, "script")
    page = next((course.root / "feedback" / "script" / LESSON).glob("*.html")).read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and "<iframe src=javascript" not in page


def test_malformed_parts_score_zero_and_the_rest_goes_on(attacked):
    """Attack 10: the bad parts are dropped and listed; the learner is graded; the course report still runs."""
    from kit.report import ReportOptions, build_report

    for graded in attacked[:2]:
        plan = dict(PLANS["张三"])
        plan.pop(drawn("parts")[0])
        assert exam(graded, "parts") == pytest.approx(expected("parts", plan))
    report = build_report(attacked[0].root, ReportOptions(progress=False))
    assert {row.learner.id for row in report.learners} >= {"parts", "honest"}


def test_grading_imports_nothing_from_a_submission(attacked):
    """Attack 8: graded from inside the planter's folder by `python -c` ('' on sys.path): its opencc.py never ran."""
    course, _, report, marker = attacked
    assert SLOW in report["graded"] and not marker.exists()
    assert exam(course, SLOW) == pytest.approx(expected(SLOW, PLANS["张三"]))
