"""Every gradebook read: aggregated SQL on nbgrader's tables for reports (one query per lesson), and
nbgrader's own API for the pipeline, the kernel-free grader and feedback."""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import sqlalchemy as sa

EPOCH = datetime(1970, 1, 1)  # SQLAlchemy stores an Interval as this plus the interval where the database has none


@dataclass(frozen=True)
class Student:
    id: str
    name: str


@dataclass(frozen=True)
class Assignment:
    name: str
    due: datetime | None


class Submission(NamedTuple):
    """One learner's submission of one lesson (a NamedTuple: a county has hundreds of thousands)."""

    learner: str
    lesson: str
    at: datetime | None
    due: datetime | None  # the lesson's due date plus the learner's extension
    penalty: float


@dataclass(frozen=True)
class GradebookRecords:
    students: tuple[Student, ...]
    assignments: tuple[Assignment, ...]
    submissions: tuple[Submission, ...]


@dataclass(frozen=True)
class LessonGrades:
    """Every grade cell of a lesson's submissions as one matrix: a row per learner (sorted), a column per cell.

    `score` follows nbgrader (manual wins, then auto, plus extra credit); NaN where a submission has no grade."""

    learners: tuple[str, ...]
    cells: tuple[str, ...]
    score: np.ndarray  # float64, len(learners) × len(cells)
    max_score: np.ndarray  # float64, one per cell


MMAP_BYTES = 1 << 40  # "the whole file": SQLite lowers it to its compile-time limit (2 GiB by default)
_STUDENTS = "SELECT id, first_name, last_name FROM student"
_ASSIGNMENTS = "SELECT name, duedate FROM assignment"
_SUBMISSIONS = """
SELECT sa.student_id, a.name, sa.timestamp, a.duedate, sa.extension, COALESCE(SUM(sn.late_submission_penalty), 0)
FROM submitted_assignment sa
JOIN assignment a ON sa.assignment_id = a.id
LEFT JOIN submitted_notebook sn ON sn.assignment_id = sa.id
GROUP BY sa.id, sa.student_id, a.name, sa.timestamp, a.duedate, sa.extension"""
_SCORE = """CASE WHEN g.manual_score IS NOT NULL THEN g.manual_score + COALESCE(g.extra_credit, 0)
            WHEN g.auto_score IS NOT NULL THEN g.auto_score + COALESCE(g.extra_credit, 0) ELSE 0 END"""
_LESSON_CELLS = """
SELECT gc.id, bc.name, gc.max_score, nb.id FROM assignment a
JOIN notebook nb ON nb.assignment_id = a.id JOIN base_cell bc ON bc.notebook_id = nb.id
JOIN grade_cells gc ON gc.id = bc.id WHERE a.name = :lesson"""
_LESSON_SUBMISSIONS = """
SELECT sn.notebook_id, sn.id, sa.student_id FROM assignment a JOIN submitted_assignment sa ON sa.assignment_id = a.id
JOIN submitted_notebook sn ON sn.assignment_id = sa.id WHERE a.name = :lesson ORDER BY sn.notebook_id, sn.id"""
_PENDING = """
SELECT a.name, COUNT(*) FROM grade g JOIN submitted_notebook sn ON sn.id = g.notebook_id
JOIN submitted_assignment sa ON sa.id = sn.assignment_id JOIN assignment a ON a.id = sa.assignment_id
WHERE g.needs_manual_grade GROUP BY a.name"""
# One grade cell's scores as one string, in the order of the submitted notebooks' ids: nbgrader's (cell_id,
# notebook_id) index hands them over in that order, so nothing is sorted, and a county's lesson crosses from the
# database as 30 strings, not half a million rows. The ORDER BY in a subquery is kept for the aggregate around it
# (SQLite never flattens it into an aggregate; PostgreSQL reads the index in that order). SQLite writes a score
# with 15 significant digits (every score a person or the kit wrote reads back exactly).
_CELL_SCORES = {
    "sqlite": "SELECT count(*), group_concat(s, ',') FROM (SELECT {score} AS s FROM grade g "
              "WHERE g.cell_id = :cell ORDER BY g.notebook_id)",
    "postgresql": "SELECT count(*), string_agg(s, ',' ORDER BY nb) FROM (SELECT {score} AS s, "
                  "g.notebook_id AS nb FROM grade g WHERE g.cell_id = :cell) x",
}
_TEXT = {"sqlite": "CAST(({score}) AS TEXT)", "postgresql": "({score})::float8::text"}  # one spelling of a score
# When a cell's grades are not one per submitted notebook (a cell added after some were graded): by notebook id.
_CELL_ROWS = "SELECT g.notebook_id, {score} FROM grade g WHERE g.cell_id = :cell"


def course_db_url(course_root: Path) -> str:
    """The gradebook URL from the course's nbgrader_config.py, read without importing nbgrader (slow to load)."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    return config.CourseDirectory.db_url


def read_records(db_url: str) -> GradebookRecords:
    """Students, lessons and submissions (one row each; grades are read a lesson at a time by lesson_grades)."""
    engine = sa.create_engine(db_url)
    try:
        raw = engine.raw_connection()  # plain DB-API rows: a county has hundreds of thousands of submissions
        try:
            students, assignments, submissions = (_rows(raw, q) for q in (_STUDENTS, _ASSIGNMENTS, _SUBMISSIONS))
        finally:
            raw.close()
    finally:
        engine.dispose()
    due = functools.cache(_due)  # a dozen lessons' due dates, and a few extensions, each read once
    return GradebookRecords(
        students=tuple(Student(r[0], " ".join(x for x in (r[2], r[1]) if x)) for r in students),
        assignments=tuple(Assignment(r[0], _when(r[1])) for r in assignments),
        submissions=tuple(Submission(r[0], r[1], _when(r[2]), due(r[3], r[4]), float(r[5] or 0))
                          for r in submissions),
    )


def _rows(raw: Any, query: str) -> list:
    cursor = raw.cursor()
    try:
        cursor.execute(query)
        return cursor.fetchall()
    finally:
        cursor.close()


def lesson_grades(db_url: str, lesson: str, learners: set[str]) -> LessonGrades:
    """The grade matrix of one lesson, for the submissions of `learners`."""
    engine = sa.create_engine(db_url)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _memory_mapped)
    dialect = engine.dialect.name if engine.dialect.name in _CELL_SCORES else "postgresql"  # the standard spelling
    try:
        with engine.connect() as conn:
            cells = conn.execute(sa.text(_LESSON_CELLS), {"lesson": lesson}).all()
            submitted: dict[str, list[tuple[str, str]]] = {}  # notebook → (submitted notebook, owner), in id order
            for notebook, sn, owner in conn.execute(sa.text(_LESSON_SUBMISSIONS), {"lesson": lesson}):
                submitted.setdefault(notebook, []).append((sn, owner))
            owners = {nb: tuple(owner for _, owner in subs) for nb, subs in submitted.items()}
            columns = [cell_column(conn, dialect, c[0], submitted.get(c[3], []), owners.get(c[3], ())) for c in cells]
    finally:
        engine.dispose()
    return grade_matrix(columns, learners, [(c[1], float(c[2])) for c in cells])


def cell_column(conn: Any, dialect: str, cell: str, submitted: list[tuple[str, str]],
                owners: tuple[str, ...]) -> tuple[tuple[str, ...], np.ndarray]:
    """One grade cell: whose each score is, and the scores. When the cell has one grade per submitted notebook
    (the rule: nbgrader grades every cell of a submission), its scores come in the submitted notebooks' id order."""
    score = _TEXT[dialect].format(score=_SCORE)
    count, text = conn.execute(sa.text(_CELL_SCORES[dialect].format(score=score)), {"cell": cell}).one()
    if count == len(submitted):
        return owners, np.array(text.split(",") if text else [], dtype=float)
    owner_of = dict(submitted)
    rows = [(owner_of[nb], s) for nb, s in conn.execute(sa.text(_CELL_ROWS.format(score=score)), {"cell": cell})
            if nb in owner_of]
    return tuple(r[0] for r in rows), np.array([r[1] for r in rows], dtype=float)


def _memory_mapped(dbapi_connection, _record) -> None:
    """SQLite reads a lesson's grades through nbgrader's (cell, notebook) index, one cell at a time, so each table
    page is visited once per cell; mapped into memory, a revisit costs no system call (SQLite caps the size)."""
    dbapi_connection.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


def pending_grades(db_url: str) -> dict[str, int]:
    """lesson → grade cells still waiting for a manual grade (the trainer's 学习体会 to mark)."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            return {r[0]: int(r[1]) for r in conn.execute(sa.text(_PENDING))}
    finally:
        engine.dispose()


def grade_matrix(columns: Sequence[tuple[tuple[str, ...], np.ndarray]], learners: set[str],
                 cells: list[tuple[str, float]]) -> LessonGrades:
    """Rows sorted by learner (those of `learners` with any grade), columns by cell name; a learner with two
    notebooks in the lesson gets the cells of both."""
    order = sorted(range(len(cells)), key=lambda n: cells[n][0])
    column = np.empty(len(cells), dtype=np.intp)
    column[order] = np.arange(len(cells))
    groups = {owners: None for owners, values in columns if len(values)}  # cells of one notebook share their owners
    who = tuple(sorted({x for owners in groups for x in owners if x in learners}))
    row_of = {x: i for i, x in enumerate(who)}
    rows = {owners: np.array([row_of.get(x, -1) for x in owners], dtype=np.intp) for owners in groups}
    score = np.full((len(who), len(cells)), np.nan)
    for n, (owners, values) in enumerate(columns):
        if len(values):
            mine = rows[owners] >= 0
            score[rows[owners][mine], column[n]] = values[mine]
    return LessonGrades(who, tuple(cells[n][0] for n in order), score,
                        np.array([cells[n][1] for n in order], dtype=float))


def _when(value) -> datetime | None:
    """SQLite hands back text, server databases datetimes: one type out."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _due(due, extension) -> datetime | None:
    """nbgrader's due date for one submission: the lesson's, moved by the learner's extension."""
    due = _when(due)
    if due is None or extension is None:
        return due
    return due + (extension if isinstance(extension, timedelta) else (_when(extension) or EPOCH) - EPOCH)


# Reads through nbgrader's own API (pipeline, kernel-free grader, feedback): in this module too, one home. -------
def lesson_scores(gradebook: Any, lesson: str) -> dict[str, dict[str, float | None]]:
    """learner → grade cell → score (manual score when given, else the autograde score; None while ungraded)."""
    from nbgrader.api import MissingEntry

    out: dict[str, dict[str, float | None]] = {}
    try:
        assignment = gradebook.find_assignment(lesson)
    except MissingEntry:
        return out
    for submission in assignment.submissions:
        cells = out.setdefault(submission.student_id, {})
        for nb in submission.notebooks:
            for grade in nb.grades:
                graded = grade.manual_score is not None or grade.auto_score is not None
                cells[grade.name] = grade.score if graded else None
    return out


def lesson_totals(gradebook: Any, lesson: str) -> dict[str, float]:
    """learner → total after nbgrader's late-submission penalty."""
    from nbgrader.api import MissingEntry

    try:
        return {s.student_id: max(0.0, float(s.score) - float(s.late_submission_penalty or 0))
                for s in gradebook.find_assignment(lesson).submissions}
    except MissingEntry:
        return {}


def notebook_names(gradebook: Any, lesson: str) -> list[str]:
    from nbgrader.api import MissingEntry

    try:
        return [nb.name for nb in gradebook.find_assignment(lesson).notebooks]
    except MissingEntry:
        return []


def own_code_cells(gradebook: Any, notebook: str, lesson: str) -> dict[str, str]:
    """The trainer's released code cells of one notebook, grade id → source (what restoration puts back)."""
    from nbgrader.api import MissingEntry

    try:
        cells = gradebook.find_notebook(notebook, lesson).source_cells
    except MissingEntry:
        return {}
    return {c.name: c.source for c in cells if c.cell_type == "code" and c.source.strip()}
