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
import time
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.converters.autograde import Autograde
from nbgrader.converters.base import NbGraderException
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute

from .connection import lent_gradebook, open_gradebook
from .kernelfree import IN_PROCESS, KERNEL, KitExecute
from .pipeline import Course, PipelineError, _quiet

FAILED = "failed"
RETRIES = 3


def _kit_execute(step):
    """nbgrader's Execute (in a course config written before KitExecute was) becomes the kit's."""
    named = isinstance(step, str) and step.rsplit(".", 1)[-1] == "Execute" and step.startswith("nbgrader.")
    return KitExecute if step is Execute or named else step


class FastAutograde(Autograde):
    """nbgrader's Autograde converter with KitExecute in place of Execute; records which path each took."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.paths: list[str] = []
        self.autograde_preprocessors = [_kit_execute(step) for step in self.autograde_preprocessors]  # type: ignore[has-type]

    def _init_preprocessors(self) -> None:
        super()._init_preprocessors()
        # nbconvert re-validates the whole notebook after each of nbgrader's thirteen steps, a debugging aid;
        # the notebook is still validated when read and when the autograded copy is written
        self.exporter._validate_preprocessor = _not_again
        for step in self.exporter._preprocessors:
            if isinstance(step, KitExecute):
                step.paths = self.paths


def _not_again(nb, preprocessor) -> None:
    return None


@dataclass(frozen=True)
class Outcome:
    learner: str
    path: str  # IN_PROCESS, KERNEL or FAILED
    reason: str = ""


@dataclass
class _KnownNotebooks(Course):
    """The course, with the lesson's notebook names read once instead of once per learner."""

    names: list[str] = field(default_factory=list)

    def notebooks(self, lesson: str) -> list[str]:
        return self.names


class Grader:
    """One process's grading state: the course config, one open gradebook, the lesson's notebook names."""

    def __init__(self, root: Path | str, lesson: str):
        self.lesson = lesson
        course = Course(Path(root))
        self.config = course.config()
        self.course = _KnownNotebooks(course.root, names=course.notebooks(lesson))
        self.gradebook = open_gradebook(self.config.CourseDirectory.db_url, self.config.CourseDirectory.course_id)
        self.lookups: dict = {}  # the lesson's cells, looked up once

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

    def _convert(self, learner: str) -> list[str]:
        coursedir = CourseDirectory(config=self.config)
        coursedir.assignment_id, coursedir.student_id = self.lesson, learner
        converter = FastAutograde(coursedir=coursedir, config=self.config)
        converter.force, converter.create_student = True, True
        with _errors_logged() as log, _quiet(), lent_gradebook(self.gradebook, self.lookups):
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


def grade_in_worker(learner: str) -> Outcome:
    assert _WORKER is not None, "start_worker was not called"
    return _WORKER.grade(learner)
