"""nbgrader cells for a lesson: locked teaching text, locked quiz cells, hidden autograder slots, hand-graded answers."""
from __future__ import annotations

from collections import Counter

import nbformat
from nbformat.notebooknode import NotebookNode

from ..content.lesson import Lesson, Markdown, QuizBlock
from ..core.draw import slot_count
from ..core.messages import t
from ..core.model import Question
from ..core.notebook import KERNELSPEC, quiz_source
from ..core.types import HAND_GRADED, TYPES
from ..grader.slot import SlotCall, render

KIT = "dangke_kit"  # our own metadata key: nbgrader's schema forbids extra keys under "nbgrader"
SHORT_PLACEHOLDER = "（请在上方答题框中作答，答案自动保存；本格无需填写，评分时由系统填入。）"


def nbgrader_meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
                  points: float | None = None) -> dict:
    meta = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id, "schema_version": 3}
    if points is not None:
        meta["points"] = points
    return meta


def markdown_cell(text: str, grade_id: str) -> NotebookNode:
    return nbformat.v4.new_markdown_cell(text, metadata={"nbgrader": nbgrader_meta(grade_id, locked=True)})


def howto_cell(lesson: Lesson) -> NotebookNode:
    """What to click: JupyterLab's text in the cell; the code-free page (Voilà) shows the page's text instead."""
    meta = {"nbgrader": nbgrader_meta(f"{lesson.id}-howto", locked=True), "tags": ["kit-howto"],
            KIT: {"howto": {"page": t("howto.page")}}}
    return nbformat.v4.new_markdown_cell(t("howto.lab"), metadata=meta)


def quiz_cell(block: QuizBlock) -> NotebookNode:
    source = quiz_source(block.id)
    meta = {"nbgrader": nbgrader_meta(f"{block.id}-quiz", locked=True), "jupyter": {"source_hidden": True},
            "tags": ["kit-quiz"], KIT: {"quiz": block.id, "mode": block.mode}}
    return nbformat.v4.new_code_cell(source, metadata=meta)


def submit_cell(lesson: Lesson) -> NotebookNode:
    """The lesson's last cell: the one-click 提交 button (kit.submit), locked and with its code hidden."""
    source = f"{t('cell.submit')}\nfrom kit.submit import submit_button\nsubmit_button()"
    meta = {"nbgrader": nbgrader_meta(f"{lesson.id}-submit", locked=True), "jupyter": {"source_hidden": True},
            "tags": ["kit-submit"], KIT: {"submit": lesson.id}}
    return nbformat.v4.new_code_cell(source, metadata=meta)


def slot_points(pool: list[Question]) -> float:
    """Every slot of a drawn quiz is worth the same: the points most items of the pool carry."""
    return Counter(q.points for q in pool).most_common(1)[0][0]


def compact_key(q: Question) -> tuple:
    return (q.type, TYPES[q.type].encode_key(q.answer), q.points, q.policy, "".join(q.option_ids))


def slot_cell(block: QuizBlock, slot: int, draw: int | None, pool: list[Question], answers_file: str) -> NotebookNode:
    """A hidden autograder cell: its whole grading code (and the keys) is removed from the release."""
    points = slot_points(pool)
    keys = {q.id: compact_key(q) for q in pool}
    source = render(SlotCall(answers_file, block.id, slot, draw, points, keys))
    meta = {"nbgrader": nbgrader_meta(f"{block.id}-{slot}", grade=True, locked=True, points=points),
            "jupyter": {"source_hidden": True}, "tags": ["kit-slot"], KIT: {"quiz": block.id, "slot": slot}}
    return nbformat.v4.new_code_cell(source, metadata=meta)


def short_cell(block: QuizBlock, q: Question) -> NotebookNode:
    """A hand-graded answer: nbgrader's markdown answer cell, filled from the answers file at autograde."""
    meta = {"nbgrader": nbgrader_meta(f"{block.id}-{q.id}", grade=True, solution=True, points=q.points),
            KIT: {"quiz": block.id, "item": q.id}}
    return nbformat.v4.new_markdown_cell(SHORT_PLACEHOLDER, metadata=meta)


def lesson_cells(lesson: Lesson, resolved: dict[str, list[Question]], answers_file: str) -> list[NotebookNode]:
    cells: list[NotebookNode] = []
    for n, cell in enumerate(lesson.cells, 1):
        if isinstance(cell, Markdown):
            cells.append(markdown_cell(cell.text, f"{lesson.id}-md-{n}"))
            cells += [howto_cell(lesson)] if n == 1 else []
            continue
        cells.append(quiz_cell(cell))
        if cell.mode == "exam":
            cells += exam_cells(cell, resolved[cell.id], answers_file)
    cells.append(submit_cell(lesson))
    for i, c in enumerate(cells):
        c["id"] = f"{lesson.id}-{i:03d}"[-64:]
    return cells


def exam_cells(block: QuizBlock, items: list[Question], answers_file: str) -> list[NotebookNode]:
    graded = [q for q in items if q.type not in HAND_GRADED]
    cells = []
    if graded:
        count = slot_count(len(graded), block.draw)
        cells += [slot_cell(block, s, block.draw, graded, answers_file) for s in range(1, count + 1)]
    cells += [short_cell(block, q) for q in items if q.type in HAND_GRADED]
    return cells


def lesson_notebook(lesson: Lesson, resolved: dict[str, list[Question]], answers_file: str) -> NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        KIT: {"lesson": lesson.id, "title": lesson.title, "hours": lesson.hours, "minutes": lesson.minutes},
    }
    nb.cells = lesson_cells(lesson, resolved, answers_file)
    return nb
