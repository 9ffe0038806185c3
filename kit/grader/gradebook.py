"""Gradebook reads for reports: a few direct SQL queries on nbgrader's tables, aggregated where they can be."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

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
SELECT DISTINCT bc.name, gc.max_score FROM assignment a
JOIN notebook nb ON nb.assignment_id = a.id JOIN base_cell bc ON bc.notebook_id = nb.id
JOIN grade_cells gc ON gc.id = bc.id WHERE a.name = :lesson"""
# driven from the lesson's grade cells through nbgrader's (cell_id, notebook_id) index
_LESSON_GRADES = f"""
SELECT sa.student_id, bc.name, {_SCORE} FROM assignment a
JOIN notebook nb ON nb.assignment_id = a.id JOIN base_cell bc ON bc.notebook_id = nb.id
JOIN grade_cells gc ON gc.id = bc.id JOIN grade g ON g.cell_id = gc.id
JOIN submitted_notebook sn ON sn.id = g.notebook_id JOIN submitted_assignment sa ON sa.id = sn.assignment_id
WHERE a.name = :lesson"""


def course_db_url(course_root: Path) -> str:
    """The gradebook URL from the course's nbgrader_config.py, read without importing nbgrader (slow to load)."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    return config.CourseDirectory.db_url


def read_records(db_url: str) -> GradebookRecords:
    """Students, lessons and submissions (one row each; grades are read a lesson at a time by lesson_grades)."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            students, assignments, submissions = (conn.execute(sa.text(q)).all()
                                                  for q in (_STUDENTS, _ASSIGNMENTS, _SUBMISSIONS))
    finally:
        engine.dispose()
    return GradebookRecords(
        students=tuple(Student(r[0], " ".join(x for x in (r[2], r[1]) if x)) for r in students),
        assignments=tuple(Assignment(r[0], _when(r[1])) for r in assignments),
        submissions=tuple(Submission(r[0], r[1], _when(r[2]), _due(r[3], r[4]), float(r[5] or 0))
                          for r in submissions),
    )


def lesson_grades(db_url: str, lesson: str, learners: set[str]) -> LessonGrades:
    """The grade matrix of one lesson, for the submissions of `learners` (the query asks for one learner's alone)."""
    one = len(learners) == 1
    query = _LESSON_GRADES + (" AND sa.student_id = :learner" if one else "")
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            cells = conn.execute(sa.text(_LESSON_CELLS), {"lesson": lesson}).all()
            rows = conn.execute(sa.text(query), {"lesson": lesson, "learner": next(iter(learners))} if one
                                else {"lesson": lesson}).all()
    finally:
        engine.dispose()
    return grade_matrix(rows, dict(cells), learners)


def grade_matrix(rows: list, cells: dict[str, float], learners: set[str]) -> LessonGrades:
    names = tuple(sorted(cells))
    who = tuple(sorted({r[0] for r in rows} & learners))
    row_of, col_of = {x: i for i, x in enumerate(who)}, {c: j for j, c in enumerate(names)}
    kept = [r for r in rows if r[0] in row_of]
    score = np.full((len(who), len(names)), np.nan)
    score[[row_of[r[0]] for r in kept], [col_of[r[1]] for r in kept]] = [float(r[2]) for r in kept]
    return LessonGrades(who, names, score, np.array([float(cells[c]) for c in names]))


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
    return due + (extension if isinstance(extension, timedelta) else _when(extension) - EPOCH)
