"""Gradebook reads for reports: a few direct SQL queries on nbgrader's tables, one row per fact."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa


@dataclass(frozen=True)
class Student:
    id: str
    name: str


@dataclass(frozen=True)
class Assignment:
    name: str
    due: datetime | None


@dataclass(frozen=True)
class Submission:
    learner: str
    lesson: str
    at: datetime | None
    due: datetime | None
    penalty: float


@dataclass(frozen=True)
class CellScore:
    """One grade cell of one submission; `score` follows nbgrader (manual wins, then auto, plus extra credit)."""

    learner: str
    lesson: str
    cell: str
    score: float
    max_score: float
    pending: bool  # still needs a manual grade


@dataclass(frozen=True)
class GradebookRecords:
    students: tuple[Student, ...]
    assignments: tuple[Assignment, ...]
    submissions: tuple[Submission, ...]
    cells: tuple[CellScore, ...]


_STUDENTS = "SELECT id, first_name, last_name FROM student"
_ASSIGNMENTS = "SELECT name, duedate FROM assignment"
_SUBMISSIONS = """
SELECT sa.student_id, a.name, sa.timestamp, COALESCE(sa.extension, a.duedate),
       COALESCE((SELECT SUM(sn.late_submission_penalty) FROM submitted_notebook sn
                 WHERE sn.assignment_id = sa.id), 0)
FROM submitted_assignment sa JOIN assignment a ON sa.assignment_id = a.id"""
_CELLS = """
SELECT sa.student_id, a.name, bc.name, g.auto_score, g.manual_score, g.extra_credit, gc.max_score,
       g.needs_manual_grade
FROM grade g
JOIN submitted_notebook sn ON g.notebook_id = sn.id
JOIN submitted_assignment sa ON sn.assignment_id = sa.id
JOIN assignment a ON sa.assignment_id = a.id
JOIN grade_cells gc ON g.cell_id = gc.id
JOIN base_cell bc ON bc.id = gc.id"""


def read_records(db_url: str) -> GradebookRecords:
    """Everything reports need from the gradebook in four queries (any SQLAlchemy URL)."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = {name: conn.execute(sa.text(sql)).all() for name, sql in
                    (("s", _STUDENTS), ("a", _ASSIGNMENTS), ("sub", _SUBMISSIONS), ("c", _CELLS))}
    finally:
        engine.dispose()
    return GradebookRecords(
        students=tuple(Student(r[0], " ".join(x for x in (r[2], r[1]) if x)) for r in rows["s"]),
        assignments=tuple(Assignment(r[0], _when(r[1])) for r in rows["a"]),
        submissions=tuple(Submission(r[0], r[1], _when(r[2]), _when(r[3]), float(r[4] or 0)) for r in rows["sub"]),
        cells=tuple(_cell(r) for r in rows["c"]),
    )


def _cell(r) -> CellScore:
    auto, manual, extra = r[3], r[4], r[5] or 0.0
    score = manual + extra if manual is not None else (auto + extra if auto is not None else 0.0)
    return CellScore(r[0], r[1], r[2], float(score), float(r[6]), bool(r[7]))


def _when(value) -> datetime | None:
    """SQLite hands back text, server databases datetimes: one type out."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
