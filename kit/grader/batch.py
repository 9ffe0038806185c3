"""Autograde a batch of learners with one gradebook write: nbgrader's steps run unchanged for every learner, and what
they would write row by row, commit by commit, is written for the whole batch in one transaction.

Stock nbgrader spends most of a kit notebook's autograde in the ORM: some 25 queries, 7 flushes and 8 commits per
learner (create the submission with a row for every grade and comment, set each grade, set the late penalty).
Here its steps talk to `Batch`, a stand-in for nbgrader's `Gradebook`: the lesson's own rows come from the real
gradebook (read once per worker), and each learner's submission, notebooks, grades and comments are plain objects
built the way `Gradebook.add_submission` builds them, with nbgrader's own rules for their derived values (`score`,
`duedate`, `total_seconds_late`). `Batch.write` inserts the new rows and updates the existing ones with one
statement per table and column set. Anything the stand-in does not know raises `NotBatched`; the grader then
grades that learner again through nbgrader's own gradebook, as it does any learner whose grading failed here, so a
failure leaves exactly what stock nbgrader leaves.
"""
from __future__ import annotations

from typing import Any, ClassVar

from nbgrader import api
from nbgrader.api import MissingEntry, new_uuid
from nbgrader.utils import parse_utc
from sqlalchemy import Table, bindparam, insert, select, update

from .connection import LESSON_LOOKUPS, Lent


class NotBatched(Exception):
    """nbgrader asked the batch for something it does not keep: grade this learner through nbgrader's gradebook."""


class Pending:
    """A gradebook row held until the batch is written: its columns, which of them nbgrader set, and whether it is
    already in the gradebook (then only those columns are written)."""

    table: ClassVar[Table]
    id: str
    existing: bool
    changed: set[str]

    def __init__(self, existing: bool, **values: Any):
        self.__dict__.update(dict.fromkeys(self.table.c.keys()), **values, existing=existing, changed=set())

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self.table.c:
            raise NotBatched(f"{type(self).__name__}.{name}")
        self.__dict__[name] = value
        self.changed.add(name)

    def row(self) -> dict[str, Any]:
        return {name: self.__dict__[name] for name in self.table.c.keys()}


class Grade(Pending):
    table = api.Grade.__table__
    auto_score: float | None
    manual_score: float | None
    extra_credit: float | None

    @property
    def score(self) -> float:
        """nbgrader's `Grade.score`: the manual score if given, else the autograde score, plus extra credit."""
        extra = self.extra_credit if self.extra_credit is not None else 0.0
        for given in (self.manual_score, self.auto_score):
            if given is not None:
                return given + extra
        return 0.0


class Comment(Pending):
    table = api.Comment.__table__


class Notebook(Pending):
    """A submitted notebook, with its grades and comments by cell name (grade cells before task cells)."""

    table = api.SubmittedNotebook.__table__
    notebook: api.Notebook
    assignment: Submission
    grades: list[Grade]
    comments: list[Comment]
    grade_for: dict[str, Grade]
    comment_for: dict[str, Comment]

    def keep(self, row: Pending, cell_name: str) -> None:
        """A grade or comment of this notebook; by name, nbgrader finds a grade (solution) cell before a task cell."""
        if isinstance(row, Grade):
            self.grades.append(row)
            self.grade_for.setdefault(cell_name, row)
        elif isinstance(row, Comment):
            self.comments.append(row)
            self.comment_for.setdefault(cell_name, row)

    @property
    def score(self) -> float:
        """nbgrader's `SubmittedNotebook.score`: the sum of its grades' scores."""
        return sum((grade.score for grade in self.grades), 0.0)

    @property
    def name(self) -> str:
        return self.notebook.name

    def __repr__(self) -> str:
        return f"SubmittedNotebook<{self.assignment.name}/{self.name} for {self.assignment.student_id}>"


class Submission(Pending):
    table = api.SubmittedAssignment.__table__
    assignment: api.Assignment
    student_id: str
    books: dict[str, Notebook]
    duedate = property(api.SubmittedAssignment.duedate.fget)
    total_seconds_late = property(api.SubmittedAssignment.total_seconds_late.fget)

    @property
    def name(self) -> str:
        return self.assignment.name

    def __repr__(self) -> str:
        return f"SubmittedAssignment<{self.name} for {self.student_id}>"


class _Session:
    """nbgrader commits after every step: here the batch is written once, by `Batch.write`."""

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        pass


class Batch:
    """nbgrader's `Gradebook` for one lesson and a batch of its learners, while their notebooks are autograded."""

    def __init__(self, gradebook: api.Gradebook, lookups: dict, lesson: str, learners: list[str]):
        self._gradebook, self._real = gradebook, Lent(gradebook, lookups)
        self.lesson = self._real.find_assignment(lesson)
        self.db = _Session()
        self._students = set(gradebook.db.execute(
            select(api.Student.id).where(api.Student.id.in_(learners))).scalars())
        self._new_students: list[str] = []
        self._submissions: dict[str, Submission] = {}
        self._stored = _stored_submissions(gradebook, self.lesson, learners)

    # the Gradebook protocol, as nbgrader's autograde uses it ----------------------------------------------------
    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def close(self) -> None:
        pass

    def __getattr__(self, name: str):
        if name in LESSON_LOOKUPS:  # the lesson's own rows, from the worker's open gradebook
            return getattr(self._real, name)
        raise NotBatched(name)

    def update_or_create_student(self, student: str, **details: Any) -> None:
        if details:
            raise NotBatched("student details")
        if student not in self._students:
            self._students.add(student)
            self._new_students.append(student)

    def find_student(self, student: str) -> str:
        if student not in self._students:
            raise MissingEntry(f"No such student: {student}")
        return student

    def update_or_create_submission(self, assignment: str, student: str, **given: Any) -> Submission:
        self._this_lesson(assignment)
        if set(given) - {"timestamp"}:
            raise NotBatched("submission details")
        found = self._submissions.get(student) or self._stored.get(student)
        if found is None:
            found = _new_submission(self.lesson, student, parse_utc(given.get("timestamp")))
        elif "timestamp" in given:
            found.timestamp = parse_utc(given["timestamp"])
        self._submissions[student] = found
        return found

    def find_submission(self, assignment: str, student: str) -> Submission:
        self._this_lesson(assignment)
        found = self._submissions.get(student)
        if found is None:
            raise MissingEntry(f"No such submission: {assignment} for {student}")
        return found

    def find_submission_notebook(self, notebook: str, assignment: str, student: str) -> Notebook:
        found = self.find_submission(assignment, student).books.get(notebook)
        if found is None:
            raise MissingEntry(f"No such submitted notebook: {student}/{assignment}/{notebook}")
        return found

    def find_grade(self, cell: str, notebook: str, assignment: str, student: str) -> Grade:
        found = self.find_submission_notebook(notebook, assignment, student).grade_for.get(cell)
        if found is None:
            raise MissingEntry(f"No such grade: {student}/{assignment}/{notebook}/{cell}")
        return found

    def find_comment(self, cell: str, notebook: str, assignment: str, student: str) -> Comment:
        found = self.find_submission_notebook(notebook, assignment, student).comment_for.get(cell)
        if found is None:
            raise MissingEntry(f"No such comment: {student}/{assignment}/{notebook}/{cell}")
        return found

    def _this_lesson(self, assignment: str) -> None:
        if assignment != self.lesson.name:
            raise NotBatched(f"lesson {assignment}")

    # the batch ------------------------------------------------------------------------------------------------
    def forget(self, student: str) -> None:
        """Drop what grading this learner kept (they are graded again through nbgrader's gradebook)."""
        self._submissions.pop(student, None)
        self._stored.pop(student, None)  # whatever was set on the stored rows is not written
        if student in self._new_students:
            self._new_students.remove(student)
            self._students.discard(student)

    def write(self) -> None:
        """Every learner's rows, in one transaction: new rows inserted, stored rows updated where nbgrader set them."""
        new: dict[Table, list[dict]] = {}
        changed: dict[tuple[Table, tuple[str, ...]], list[dict]] = {}
        for row in self._rows():
            if not row.existing:
                new.setdefault(row.table, []).append(row.row())
            elif row.changed:
                names = tuple(sorted(row.changed))
                changed.setdefault((row.table, names), []).append(
                    {"_id": row.id, **{name: row.__dict__[name] for name in names}})
        session = self._gradebook.db
        try:
            if self._new_students:
                session.execute(insert(api.Student.__table__), [{"id": who} for who in self._new_students])
            for table in (api.SubmittedAssignment.__table__, api.SubmittedNotebook.__table__, api.Grade.__table__,
                          api.Comment.__table__):
                if new.get(table):
                    session.execute(insert(table), new[table])
            for (table, names), rows in changed.items():
                statement = update(table).where(table.c.id == bindparam("_id"))
                session.execute(statement.values({name: bindparam(name) for name in names}), rows)
            session.commit()
        except BaseException:
            session.rollback()
            raise

    def _rows(self):
        for submission in self._submissions.values():
            yield submission
            for book in submission.books.values():
                yield book
                yield from book.grades
                yield from book.comments


def _new_submission(lesson: api.Assignment, student: str, timestamp) -> Submission:
    """What `Gradebook.add_submission` makes: the submission, and for each of the lesson's notebooks a submitted
    notebook with a grade for every grade and task cell and a comment for every solution and task cell."""
    submission = Submission(False, id=new_uuid(), assignment_id=lesson.id, student_id=student, timestamp=timestamp,
                            extension=None, assignment=lesson, books={})
    for notebook in lesson.notebooks:
        book = Notebook(False, id=new_uuid(), assignment_id=submission.id, notebook_id=notebook.id, flagged=False,
                        late_submission_penalty=None, notebook=notebook, assignment=submission,
                        grades=[], comments=[], grade_for={}, comment_for={})
        for cell in notebook.grade_cells:
            _add(book, Grade, cell, needs_manual_grade=True)
        for cell in notebook.solution_cells:
            _add(book, Comment, cell)
        for cell in notebook.task_cells:
            _add(book, Comment, cell)
            _add(book, Grade, cell, needs_manual_grade=True)
        submission.books[notebook.name] = book
    return submission


def _add(book: Notebook, kind: type[Pending], cell, **values: Any) -> None:
    book.keep(kind(False, id=new_uuid(), notebook_id=book.id, cell_id=cell.id, **values), cell.name)


def _stored_submissions(gradebook: api.Gradebook, lesson: api.Assignment, learners: list[str]) -> dict[str, Submission]:
    """The batch's learners' submissions already in the gradebook (a second autograde), as pending rows."""
    session, sub = gradebook.db, api.SubmittedAssignment.__table__
    found = {row.student_id: Submission(True, **row._asdict(), assignment=lesson, books={})
             for row in session.execute(select(sub).where(sub.c.assignment_id == lesson.id,
                                                          sub.c.student_id.in_(learners)))}
    if not found:
        return {}
    notebooks = {nb.id: nb for nb in lesson.notebooks}
    by_id = {s.id: s for s in found.values()}
    table = api.SubmittedNotebook.__table__
    books: dict[str, Notebook] = {}
    # through nbgrader's own (notebook, submission) unique index
    query = select(table).where(table.c.notebook_id.in_(list(notebooks)), table.c.assignment_id.in_(list(by_id)))
    for row in session.execute(query):
        if row.notebook_id in notebooks:
            owner = by_id[row.assignment_id]
            book = books[row.id] = Notebook(True, **row._asdict(), notebook=notebooks[row.notebook_id],
                                            assignment=owner, grades=[], comments=[], grade_for={}, comment_for={})
            owner.books[book.name] = book
    _stored_cells(session, lesson, books)
    return found


def _stored_cells(session, lesson: api.Assignment, books: dict[str, Notebook]) -> None:
    """Their grades and comments, found through nbgrader's own (cell, notebook) unique index."""
    cells: dict[type[Pending], dict[str, Any]] = {Grade: {}, Comment: {}}
    for notebook in lesson.notebooks:
        for cell in notebook.grade_cells + notebook.task_cells:
            cells[Grade][cell.id] = cell
        for cell in notebook.solution_cells + notebook.task_cells:
            cells[Comment][cell.id] = cell
    for row_kind, by_id in cells.items():
        table = row_kind.table
        query = select(table).where(table.c.cell_id.in_(list(by_id)), table.c.notebook_id.in_(list(books)))
        for row in session.execute(query):
            books[row.notebook_id].keep(row_kind(True, **row._asdict()), by_id[row.cell_id].name)
