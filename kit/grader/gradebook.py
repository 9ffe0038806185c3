"""Every gradebook read: direct SQL on nbgrader's tables for reports (one row per fact), and nbgrader's own API
for the pipeline, the kernel-free grader and feedback."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

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


class CellScore(NamedTuple):
    """One grade cell of one submission; `score` follows nbgrader (manual wins, then auto, plus extra credit).

    A NamedTuple rather than a frozen dataclass: there are hundreds of thousands of these."""

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
SELECT sa.id, sa.student_id, a.name, sa.timestamp, a.duedate, sa.extension,
       COALESCE(SUM(sn.late_submission_penalty), 0)
FROM submitted_assignment sa
JOIN assignment a ON sa.assignment_id = a.id
LEFT JOIN submitted_notebook sn ON sn.assignment_id = sa.id
GROUP BY sa.id, sa.student_id, a.name, sa.timestamp, sa.extension, a.duedate"""
_NOTEBOOKS = "SELECT id, assignment_id FROM submitted_notebook"
_GRADE_CELLS = "SELECT gc.id, bc.name, gc.max_score FROM grade_cells gc JOIN base_cell bc ON bc.id = gc.id"
# one plain scan of the largest table; ids are resolved in Python against the small tables above
_GRADES = "SELECT notebook_id, cell_id, auto_score, manual_score, extra_credit, needs_manual_grade FROM grade"
_QUERIES = {"students": _STUDENTS, "assignments": _ASSIGNMENTS, "submissions": _SUBMISSIONS,
            "notebooks": _NOTEBOOKS, "cells": _GRADE_CELLS, "grades": _GRADES}


def course_db_url(course_root: Path) -> str:
    """The gradebook URL from the course's nbgrader_config.py, read without importing nbgrader (slow to load)."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    return config.CourseDirectory.db_url


def read_records(db_url: str) -> GradebookRecords:
    """Everything reports need from the gradebook in six flat queries (any SQLAlchemy URL)."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = {name: conn.execute(sa.text(sql)).all() for name, sql in _QUERIES.items()}
    finally:
        engine.dispose()
    owner = {r[0]: (r[1], r[2]) for r in rows["submissions"]}
    return GradebookRecords(
        students=tuple(Student(r[0], " ".join(x for x in (r[2], r[1]) if x)) for r in rows["students"]),
        assignments=tuple(Assignment(r[0], _when(r[1])) for r in rows["assignments"]),
        submissions=tuple(Submission(r[1], r[2], _when(r[3]), _due(_when(r[4]), r[5]), float(r[6] or 0))
                          for r in rows["submissions"]),
        cells=cell_scores(rows["grades"], {r[0]: owner.get(r[1]) for r in rows["notebooks"]},
                          {r[0]: (r[1], float(r[2])) for r in rows["cells"]}),
    )


def cell_scores(grades, notebooks: dict, cells: dict) -> tuple[CellScore, ...]:
    out = []
    for notebook, cell, auto, manual, extra, pending in grades:
        (learner, lesson), (name, max_score) = notebooks[notebook], cells[cell]
        extra = extra or 0.0
        score = manual + extra if manual is not None else (auto + extra if auto is not None else 0.0)
        out.append(CellScore(learner, lesson, name, float(score), max_score, bool(pending)))
    return tuple(out)


def _due(due: datetime | None, extension) -> datetime | None:
    """nbgrader's rule: the due date plus the learner's extension. The extension is an interval: a timedelta from a
    server database, SQLite's text of a datetime counted from 1970-01-01 (so this stays plain SQL for both)."""
    if due is None or extension is None:
        return due
    if not isinstance(extension, timedelta):
        extension = datetime.fromisoformat(str(extension)) - datetime(1970, 1, 1)
    return due + extension


def _when(value) -> datetime | None:
    """SQLite hands back text, server databases datetimes: one type out."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


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
