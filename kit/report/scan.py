"""One pass over a lesson: its grade matrix and its answers files, reduced to the report's figures.

Nothing here keeps an object per graded cell: a lesson is a learners × cells matrix of floats, read, reduced and
dropped before the next, so memory follows one lesson, not the county. Lessons run on worker processes.
"""
from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from ..core.answers import upgrade
from ..course.manifest import Manifest
from ..grader.gradebook import LessonGrades, lesson_grades
from .items import ItemStats, analyse, choice_row, has_choices
from .records import LessonInfo, Selection, drawn, lesson_cells, per_learner, time_on_task

STAND_IN = "\0"  # a learner id no file name can contain
CHUNK = 1 << 16  # bytes read at a time: an answers file is a few kilobytes


@dataclass(frozen=True)
class LessonScan:
    lesson: str
    totals: dict[str, float]  # learner → points after the late penalty
    wrong: dict[str, int]  # learner → graded items below full marks
    minutes: dict[str, float]  # learner → time on task
    items: tuple[ItemStats, ...]


@dataclass(frozen=True)
class Entries:
    """One answered item per position: whose (matrix row), which item, its score and the response's option counts."""

    rows: np.ndarray
    items: np.ndarray
    score: np.ndarray
    max_score: np.ndarray
    choices: np.ndarray  # entries × options: how often each of the item's options was chosen


@contextlib.contextmanager
def lesson_workers(jobs: int) -> Iterator[Executor | None]:
    """Up to `jobs` processes for the lessons (none for one job), started before the report reads its roster and
    submissions: meanwhile they load nbgrader's folder layout (a slow import the main process never needs)."""
    if jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(min(jobs, os.cpu_count() or 1), initializer=_load_layout) as pool:
        pool.submit(int)  # starts the processes now rather than at the first lesson
        yield pool


def _load_layout() -> None:
    from ..grader import layout  # noqa: F401


def scan_lessons(selection: Selection, workers: Executor | None) -> Iterator[LessonScan]:
    """Every selected lesson's figures, as each is done, on the workers (in this process without, or for one
    lesson)."""
    penalties: dict[str, dict[str, float]] = {lesson.id: {} for lesson in selection.lessons}
    for (learner, lesson_id), submission in selection.submissions.items():
        penalties[lesson_id][learner] = submission.penalty
    tasks = [(selection.root, selection.db_url, selection.manifest, lesson, penalties[lesson.id])
             for lesson in selection.lessons]
    if workers is None or len(tasks) <= 1:
        yield from (scan_lesson(*task) for task in tasks)
        return
    yield from workers.map(scan_lesson, *zip(*tasks))


def scan_lesson(root: Path, db_url: str, manifest: Manifest, lesson: LessonInfo,
                penalties: dict[str, float]) -> LessonScan:
    grades = lesson_grades(db_url, lesson.id, set(penalties))
    raw = dict(zip(grades.learners, np.nansum(grades.score, axis=1).tolist()))
    totals = {x: max(0.0, raw.get(x, 0.0) - p) for x, p in penalties.items()}
    catalogue = item_catalogue(manifest, lesson.id)
    codebook = Codebook(catalogue)
    minutes, responses = read_answers(answers_paths(root, lesson, sorted(penalties)), codebook,
                                      {quiz for quiz, _ in lesson_cells(manifest, lesson.id).values()})
    entries = answered(grades, manifest, lesson.id, codebook, responses)
    below = entries.rows[entries.score < entries.max_score]
    wrong = {grades.learners[r]: n for r, n in enumerate(np.bincount(below, minlength=len(grades.learners)).tolist())}
    rest_of = np.array([totals[x] for x in grades.learners])
    return LessonScan(lesson.id, totals, wrong, minutes, item_figures(entries, catalogue, lesson.id, rest_of))


def answers_paths(root: Path, lesson: LessonInfo, learners: list[str]) -> dict[str, str]:
    """Each learner's submitted answers file, by nbgrader's folder layout: formatted once with a stand-in for the
    learner (format_path only fills in and joins), then filled in per learner."""
    from ..grader.layout import Layout  # nbgrader's own format_path; imported where it is used (see lesson_workers)

    template = str(Layout(root).folder("submitted", STAND_IN, lesson.id) / lesson.answers_file)
    return {x: template.replace(STAND_IN, x) for x in learners}


def read_answers(paths: dict[str, str], codebook: Codebook, quizzes: set[str]) -> tuple[dict, dict]:
    """Each learner's time on task, and per quiz the codes of their responses; the rest of each file is dropped
    as soon as it is read (twenty thousand parsed files, kept, would cost memory and time)."""
    minutes: dict[str, float] = {}
    responses: dict[str, dict[str, list[int]]] = {quiz: {} for quiz in quizzes}
    for learner, path in paths.items():
        sheet = answers_data(path)
        if sheet is not None:
            minutes[learner] = time_on_task(sheet.get("events", ()))
            for quiz, codes in responses.items():
                codes[learner] = codebook.row(sheet, quiz)
    return minutes, responses


def answers_data(path: Path | str) -> dict | None:
    """A submitted answers file as checked JSON (kit.core.answers' rules), None when missing or damaged."""
    try:
        return upgrade(json_value(file_bytes(path)))
    except (OSError, ValueError):  # CorruptAnswers, JSON and UTF-8 errors are all ValueErrors
        return None


def file_bytes(path: Path | str) -> bytes:
    """A whole small file, by plain system calls (half the cost of a Python file object, 20,000 times a lesson)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = [os.read(fd, CHUNK)]
        while chunks[-1]:
            chunks.append(os.read(fd, CHUNK))
        return b"".join(chunks)
    finally:
        os.close(fd)


def json_value(data: bytes) -> Any:
    """orjson (about 1.4× the standard library on answers files); what it refuses and the standard library accepts
    (NaN, infinities, lone surrogates, a BOM) is read as before. Integers beyond 64 bits come back as floats: no
    figure reads them."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def learner_items(selection: Selection, learner: str) -> list[tuple[str, float, float]]:
    """(item, score, full marks) of every graded item one learner answered in the selected lessons."""
    out = []
    for lesson in selection.lessons:
        if (learner, lesson.id) not in selection.submissions:
            continue
        grades = lesson_grades(selection.db_url, lesson.id, {learner})
        catalogue = item_catalogue(selection.manifest, lesson.id)
        entries = answered(grades, selection.manifest, lesson.id, Codebook(catalogue), {})
        out += [(catalogue[n]["id"], score, top) for n, score, top in
                zip(entries.items.tolist(), entries.score.tolist(), entries.max_score.tolist())]
    return out


def item_catalogue(manifest: Manifest, lesson: str) -> list[dict]:
    """The manifest entries of the lesson's quiz items, in a fixed order (an item's position is its number)."""
    ids = dict.fromkeys(i for quiz in manifest.lessons[lesson].quizzes.values() for i in quiz.items)
    return [manifest.items[i] for i in ids]


def answered(grades: LessonGrades, manifest: Manifest, lesson: str, codebook: Codebook,
             responses: dict[str, dict[str, list[int]]]) -> Entries:
    """The graded cells that are quiz items, with the item each learner got in each slot and what they chose
    (`responses`: quiz → learner → code per item, from read_answers)."""
    which = item_matrix(grades, manifest, lesson, codebook.number)
    rows, cols = np.nonzero((which >= 0) & ~np.isnan(grades.score))
    items = which[rows, cols]
    where = lesson_cells(manifest, lesson)
    quiz_of = np.array([where.get(c, ("", 0))[0] for c in grades.cells] or [""], dtype=object)
    codes = np.zeros(len(rows), dtype=np.int32)
    for quiz in set(quiz_of[cols].tolist()) if len(cols) else ():
        mine = quiz_of[cols] == quiz
        grid = codebook.grid(grades.learners, responses.get(quiz, {}))
        codes[mine] = grid[rows[mine], items[mine]]
    return Entries(rows, items, grades.score[rows, cols], grades.max_score[cols], codebook.counts()[codes])


class Codebook:
    """Each distinct (item, response) of a lesson once, as its option counts; a learner's response is a code."""

    def __init__(self, catalogue: list[dict]):
        self.catalogue = catalogue
        self.number = {e["id"]: n for n, e in enumerate(catalogue)}  # an item's position in the catalogue
        self.width = max((len(choice_row(e, None)) for e in catalogue), default=0)
        self.rows: list[list[int]] = [[0] * self.width]
        self.code_of: dict = {}
        self.known: dict[str, tuple[int, dict]] = {e["id"]: (n, {}) for n, e in enumerate(catalogue) if has_choices(e)}

    def row(self, sheet: dict, quiz: str) -> list[int]:
        """The code of the sheet's response to each item of this quiz (0: none, or no options to count)."""
        codes = [0] * len(self.catalogue)
        quizzes = sheet.get("answers")
        answers = quizzes.get(quiz) if isinstance(quizzes, dict) else None  # a damaged file counts as none
        for item, entry in (answers.items() if isinstance(answers, dict) else ()):
            known = self.known.get(item)
            if known is None or not isinstance(entry, dict):
                continue
            n, seen = known
            response = entry.get("response")
            # the common case, a text or yes/no response already seen, is one more lookup; only these types are
            # kept there, and looked up, since 1 and True (or 1.0) are one key to a dict but not one response
            code = seen.get(response) if type(response) in (str, bool) else None
            if code is None:
                code = self.code(n, hashable(response))
                if type(response) in (str, bool):
                    seen[response] = code
            codes[n] = code
        return codes

    def grid(self, learners: tuple[str, ...], codes: dict[str, list[int]]) -> np.ndarray:
        """learners × items: each learner's codes (none for a learner without a readable answers file)."""
        empty = [0] * len(self.catalogue)
        return np.array([codes.get(x, empty) for x in learners], dtype=np.int32).reshape(len(learners), len(empty))

    def code(self, item: int, response: Any) -> int:
        key = (item, type(response), response)  # 1, 1.0 and True are equal keys, but not the same response
        if key not in self.code_of:
            counts = choice_row(self.catalogue[item], response)
            self.code_of[key] = len(self.rows)
            self.rows.append(counts + [0] * (self.width - len(counts)))
        return self.code_of[key]

    def counts(self) -> np.ndarray:
        return np.array(self.rows, dtype=np.int32).reshape(len(self.rows), self.width)


def item_matrix(grades: LessonGrades, manifest: Manifest, lesson: str, number: dict[str, int]) -> np.ndarray:
    """learners × cells: the number of the item a cell graded for that learner, -1 for cells that are no item."""
    which = np.full(grades.score.shape, -1, dtype=np.int32)
    where, draws = lesson_cells(manifest, lesson), {}
    for col, cell in enumerate(grades.cells):
        quiz, slot = where.get(cell, ("", 0))
        if not quiz:
            continue
        if isinstance(slot, str) or not per_learner(manifest, lesson, quiz):
            which[:, col] = number[slot if isinstance(slot, str) else drawn(manifest, "", lesson, quiz)[slot - 1]]
            continue
        if quiz not in draws:
            draws[quiz] = [drawn(manifest, x, lesson, quiz) for x in grades.learners]
        which[:, col] = [number[items[slot - 1]] for items in draws[quiz]]
    return which


def item_figures(entries: Entries, catalogue: list[dict], lesson: str, rest_of: np.ndarray) -> tuple[ItemStats, ...]:
    """Per item, in learner order: share of the points, rest of the lesson score, and the responses."""
    order = np.argsort(entries.items, kind="stable")
    bounds = np.flatnonzero(np.diff(entries.items[order])) + 1
    out = []
    for group in np.split(order, bounds) if len(order) else []:
        score, top = entries.score[group], entries.max_score[group]
        share = np.divide(score, top, out=np.zeros_like(score), where=top != 0)
        rest = rest_of[entries.rows[group]] - score
        entry = catalogue[int(entries.items[group[0]])]
        out.append(analyse(entry, lesson, share, rest, entries.choices[group, :len(choice_row(entry, None))]))
    return tuple(out)


def hashable(response: Any) -> Any:
    if isinstance(response, list):
        return tuple(hashable(r) for r in response)
    return str(response) if isinstance(response, (dict, set)) else response
