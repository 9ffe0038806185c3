"""Fast autograde: nbgrader's own Autograde converter, one open gradebook per process, Execute answered in-process.

Everything nbgrader does is kept (sanitising, OverwriteCells, FillShortAnswers, checksums, SaveAutoGrades, late
penalties, the autograded notebook). Two things change: the Execute step answers kit-only notebooks in-process
(kit.grader.kernelfree; any other notebook still runs in a kernel), and nbgrader's many `with Gradebook(...)` blocks
borrow one open gradebook instead of connecting, inspecting and creating tables each time.
"""
from __future__ import annotations

import contextlib
import io
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode, validator
from nbformat.v4.rwbase import strip_transient
from nbgrader import utils
from nbgrader.converters.autograde import Autograde
from nbgrader.converters.base import NbGraderException
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute
from sqlalchemy.exc import SQLAlchemyError

from .batch import Batch
from .connection import lent_gradebook, open_gradebook
from .kernelfree import IN_PROCESS, KERNEL, KitExecute
from .layout import Layout
from .pipeline import Course, PipelineError, _quiet

FAILED = "failed"
RETRIES = 3


def _kit_execute(step):
    """nbgrader's Execute (in a course config written before KitExecute was) becomes the kit's."""
    named = isinstance(step, str) and step.rsplit(".", 1)[-1] == "Execute" and step.startswith("nbgrader.")
    return KitExecute if step is Execute or named else step


class OwnedNotebookExporter(NotebookExporter):
    """nbconvert's notebook exporter for a notebook read for this conversion alone.

    nbconvert deep-copies a notebook three times before its preprocessors (to protect a caller's copy) and
    re-validates it after every one (a debugging aid). Nobody else holds these notebooks: one copy is kept (the
    normalising of cell ids, as nbconvert does), and the notebook is validated when read and when written."""

    def preprocessed(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        resources = self._init_resources(resources)
        if "language" in nb["metadata"]:
            resources["language"] = nb["metadata"]["language"].lower()
        _, nb = validator.normalize(nb)
        for step in self._preprocessors:
            nb, resources = step(nb, resources)
        return nb, resources

    def exported(self, nb: NotebookNode, resources: dict) -> tuple[str, dict]:
        """What `from_notebook_node` returns: the preprocessed notebook as nbformat writes it."""
        nb, resources = self.preprocessed(nb, resources)
        resources["output_suffix"] = ".nbconvert" if self.nbformat_version == nb.nbformat else f".v{self.nbformat_version}"
        output = nbformat.writes(nb, version=self.nbformat_version)
        return output if output.endswith("\n") else output + "\n", resources


class FastAutograde(Autograde):
    """nbgrader's Autograde converter with KitExecute in place of Execute; records which path each took.

    Its two passes over a notebook (sanitize, then autograde) hand the sanitized notebook over in memory: stock
    nbgrader writes it to autograded/ and reads it straight back. Only the autograded notebook is written."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.paths: list[str] = []
        self.made: dict[bool, list] = {}  # the steps of each pass (sanitizing or not); a worker shares its own
        self.autograde_preprocessors = [_kit_execute(step) for step in self.autograde_preprocessors]  # type: ignore[has-type]
        self.exporter_class = OwnedNotebookExporter

    def _init_preprocessors(self) -> None:
        """nbgrader's steps for this pass, made once per worker: every learner's are configured alike, and each
        step takes what it needs from the notebook's resources when it runs."""
        steps = self.made.get(self._sanitizing)
        if steps is None:
            super()._init_preprocessors()
            steps = self.made[self._sanitizing] = list(self.exporter._preprocessors)
        self.exporter._preprocessors = list(steps)
        for step in steps:
            if isinstance(step, KitExecute):
                step.paths = self.paths

    def convert_single_notebook(self, notebook_filename: str) -> None:
        self.log.info("Sanitizing %s", notebook_filename)
        self._sanitizing = True
        self._init_preprocessors()
        nb, resources = self.exporter.preprocessed(nbformat.read(notebook_filename, as_version=4),
                                                   self._resources(notebook_filename))
        info = resources["nbgrader"]
        notebook_filename = os.path.join(self._format_dest(info["assignment"], info["student"]),
                                         os.path.basename(notebook_filename))
        self.log.info("Autograding %s", notebook_filename)
        self._sanitizing = False
        self._init_preprocessors()
        try:
            with utils.setenv(NBGRADER_EXECUTION="autograde"):
                output, resources = self.exporter.exported(strip_transient(nb), self._resources(notebook_filename))
        finally:
            self._sanitizing = True
        self.write_single_notebook(output, resources)

    def _resources(self, notebook_filename: str) -> dict:
        """nbgrader's resources for the notebook, with the file details nbconvert's `from_filename` adds."""
        resources = self.init_single_notebook_resources(notebook_filename)
        path, name = os.path.split(notebook_filename)
        changed = datetime.fromtimestamp(os.path.getmtime(notebook_filename) if os.path.exists(notebook_filename)
                                         else time.time(), tz=UTC)
        resources["metadata"] = ResourcesDict(name=os.path.splitext(name)[0], path=path,
                                              modified_date=changed.strftime("%B %-d, %Y"))
        return resources


@dataclass(frozen=True)
class Outcome:
    learner: str
    path: str  # IN_PROCESS, KERNEL or FAILED
    reason: str = ""


@dataclass
class _KnownNotebooks(Course):
    """The course, with the lesson's notebook names and the course's folders read once instead of once per learner."""

    names: list[str] = field(default_factory=list)

    def notebooks(self, lesson: str) -> list[str]:
        return self.names

    folders: Layout | None = None

    def layout(self) -> Layout:
        if self.folders is None:
            self.folders = super().layout()
        return self.folders


class Grader:
    """One process's grading state: the course config, one open gradebook, the lesson's notebook names."""

    def __init__(self, root: Path | str, lesson: str):
        self.lesson = lesson
        course = Course(Path(root))
        self.config = course.config()
        self.course = _KnownNotebooks(course.root, names=course.notebooks(lesson))
        self.gradebook = open_gradebook(self.config.CourseDirectory.db_url, self.config.CourseDirectory.course_id)
        self.lookups: dict = {}  # the lesson's cells, looked up once
        self.steps: dict[bool, list] = {}  # nbgrader's steps of each pass, made once

    def grade(self, learner: str) -> Outcome:
        """Grade one learner through nbgrader's pipeline; a broken submission is reported, never graded."""
        problem = self.course.submission_problem(self.lesson, learner)
        if problem:
            return Outcome(learner, FAILED, problem)
        for attempt in range(1, RETRIES + 1):
            try:
                paths = self._convert(learner)
                return Outcome(learner, KERNEL if KERNEL in paths else IN_PROCESS)
            except PipelineError as exc:
                if "database is locked" not in exc.log or attempt == RETRIES:
                    return Outcome(learner, FAILED, str(exc))
            self.gradebook.db.rollback()  # the whole learner again: nothing half-written is kept
            time.sleep(0.5 * attempt)
        raise AssertionError("unreachable: the last attempt returns")

    def grade_many(self, learners: list[str]) -> list[Outcome]:
        """Grade learners through nbgrader's pipeline with their gradebook rows written at once (kit.grader.batch).

        A learner the batch cannot grade (a failure, or a gradebook call the batch does not keep) is graded again
        through nbgrader's own gradebook, which gives stock nbgrader's outcome and leaves its rows."""
        outcomes: dict[str, Outcome] = {}
        batch, again = Batch(self.gradebook, self.lookups, self.lesson, learners), []
        for learner in learners:
            problem = self.course.submission_problem(self.lesson, learner)
            if problem:
                outcomes[learner] = Outcome(learner, FAILED, problem)
                continue
            try:
                paths = self._convert(learner, batch)
            except PipelineError:
                batch.forget(learner)
                again.append(learner)
                continue
            outcomes[learner] = Outcome(learner, KERNEL if KERNEL in paths else IN_PROCESS)
        try:
            batch.write()
        except SQLAlchemyError:  # e.g. another process changed these learners' rows meanwhile: one by one instead
            again += [who for who, outcome in outcomes.items() if outcome.path != FAILED]
        for learner in again:
            outcomes[learner] = self.grade(learner)
        return [outcomes[who] for who in learners]

    def _convert(self, learner: str, stand_in: Batch | None = None) -> list[str]:
        coursedir = CourseDirectory(config=self.config)
        coursedir.assignment_id, coursedir.student_id = self.lesson, learner
        converter = FastAutograde(coursedir=coursedir, config=self.config)
        converter.force, converter.create_student, converter.made = True, True, self.steps
        with _errors_logged() as log, _quiet(), lent_gradebook(self.gradebook, self.lookups, stand_in):
            try:
                converter.start()
            except NbGraderException as exc:
                raise PipelineError("autograde", f"{self.lesson}/{learner}", f"{exc}\n{log.getvalue()}") from exc
        return converter.paths


@contextlib.contextmanager
def _errors_logged():
    """nbgrader reports a failed submission in its log: keep the errors to say why."""
    log, logger = io.StringIO(), logging.getLogger("traitlets")
    handler = logging.StreamHandler(log)
    handler.setLevel(logging.ERROR)
    logger.addHandler(handler)
    try:
        yield log
    finally:
        logger.removeHandler(handler)


_WORKER: Grader | None = None


def start_worker(root: str, lesson: str) -> None:
    """Process-pool initializer: each worker opens the course and its gradebook once."""
    global _WORKER
    _WORKER = Grader(root, lesson)


def grade_batch_in_worker(learners: list[str]) -> list[Outcome]:
    assert _WORKER is not None, "start_worker was not called"
    return _WORKER.grade_many(learners)
