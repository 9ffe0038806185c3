"""The course pipeline on real nbgrader: one typed wrapper around its Python API and exchange classes."""
from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps.api import NbGraderAPI
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeFetchFeedback, ExchangeSubmit
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from ..core.errors import KitError
from ..core.messages import t

# nbgrader's own autograde steps, in its order (what the course config replaces Execute in)
STOCK_AUTOGRADE = ["nbgrader.preprocessors.Execute", "nbgrader.preprocessors.IgnorePattern",
                   "nbconvert.preprocessors.ClearMetadataPreprocessor", "nbgrader.preprocessors.LimitOutput",
                   "nbgrader.preprocessors.SaveAutoGrades", "nbgrader.preprocessors.AssignLatePenalties",
                   "nbgrader.preprocessors.CheckCellMetadata"]


class PipelineError(KitError):
    """An nbgrader step failed; carries nbgrader's own log."""

    def __init__(self, step: str, target: str, log: str):
        self.step, self.target, self.log = step, target, log
        super().__init__(t("course.step_failed", step=step, target=target, detail=_last_error(log)))


def _last_error(log: str) -> str:
    lines = [ln for ln in log.splitlines() if "ERROR" in ln or "Error" in ln] or log.splitlines() or ["?"]
    return lines[-1].strip()[:300]


@dataclass
class Course:
    """An nbgrader course folder written by `kit build`."""

    root: Path

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()
        _tools_on_path()
        if not (self.root / "nbgrader_config.py").exists():
            raise KitError(t("course.not_course", path=self.root))

    # configuration -------------------------------------------------------------------------------
    def config(self, **overrides: dict) -> Config:
        cfg = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
        for section, values in overrides.items():
            for key, value in values.items():
                setattr(cfg[section], key, value)
        return cfg

    @property
    def db_url(self) -> str:
        return self.config().CourseDirectory.db_url

    @property
    def course_id(self) -> str:
        return self.config().CourseDirectory.course_id

    def api(self, **overrides: dict) -> NbGraderAPI:
        with _quiet():
            return NbGraderAPI(config=self.config(**overrides))

    def gradebook(self) -> Gradebook:
        return Gradebook(self.db_url, self.course_id)

    # trainer steps -------------------------------------------------------------------------------
    def add_learners(self, learners: list[dict]) -> None:
        """Create or update learners in the gradebook (id, first_name = 姓名; org data lives in the kit roster)."""
        with self.gradebook() as gb:
            for learner in learners:
                gb.update_or_create_student(learner["id"], first_name=learner.get("name", ""))

    def generate(self, lesson: str, due: datetime | None = None) -> None:
        with self.gradebook() as gb:
            gb.update_or_create_assignment(lesson, **({"duedate": due} if due else {}))
        self._step("generate_assignment", lesson, lambda api: api.generate_assignment(lesson, force=True))

    def release(self, lesson: str) -> None:
        self._step("release_assignment", lesson, lambda api: api.release_assignment(lesson))

    def collect(self, lesson: str) -> None:
        self._step("collect", lesson, lambda api: api.collect(lesson))

    def autograde(self, lesson: str, learner: str, *, stock: bool = False) -> None:
        """nbgrader's autograde with the course config; stock=True swaps in nbgrader's own Execute, which runs
        every cell of the submission in a kernel (for comparisons and benchmarks only: it trusts the learner)."""
        overrides = {"Autograde": {"autograde_preprocessors": STOCK_AUTOGRADE}} if stock else {}
        self._step("autograde", f"{lesson}/{learner}", lambda api: api.autograde(lesson, learner, force=True),
                   overrides)

    def generate_feedback(self, lesson: str, learner: str | None = None) -> None:
        self._step("generate_feedback", lesson, lambda api: api.generate_feedback(lesson, learner, force=True))

    def release_feedback(self, lesson: str, learner: str | None = None) -> None:
        self._step("release_feedback", lesson, lambda api: api.release_feedback(lesson, learner))

    def _step(self, name: str, target: str, call, overrides: dict | None = None) -> None:
        with _quiet():
            outcome = call(self.api(**(overrides or {})))
        if not outcome.get("success"):
            raise PipelineError(name, target, (outcome.get("error") or "") + "\n" + (outcome.get("log") or ""))

    def submission_problem(self, lesson: str, learner: str) -> str:
        """Why a collected submission cannot be autograded at all ('' when it can)."""
        folder = self.root / "submitted" / learner / lesson
        for name in self.notebooks(lesson):
            path = folder / f"{name}.ipynb"
            if not path.exists():
                return t("course.no_notebook", name=name)
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                return t("course.bad_notebook", name=name)
        return ""

    def notebooks(self, lesson: str) -> list[str]:
        with self.gradebook() as gb:
            try:
                return [nb.name for nb in gb.find_assignment(lesson).notebooks]
            except MissingEntry:
                return []

    def submitted(self, lesson: str) -> list[str]:
        folder = self.root / "submitted"
        return sorted(p.parent.name for p in folder.glob(f"*/{lesson}") if p.is_dir())

    # learner steps (what `nbgrader fetch_assignment` / `submit` / `fetch_feedback` do for one learner) ----
    def fetch(self, lesson: str, learner: str, home: Path) -> Path:
        self._exchange(ExchangeFetchAssignment, lesson, learner, home)
        return Path(home) / lesson

    def submit(self, lesson: str, learner: str, home: Path) -> None:
        self._exchange(ExchangeSubmit, lesson, learner, home)

    def fetch_feedback(self, lesson: str, learner: str, home: Path) -> Path:
        self._exchange(ExchangeFetchFeedback, lesson, learner, home)
        return Path(home) / lesson / "feedback"

    def _exchange(self, kind, lesson: str, learner: str, home: Path) -> None:
        cfg = self.config(Exchange={"assignment_dir": str(home)})
        coursedir = CourseDirectory(config=cfg)
        coursedir.assignment_id, coursedir.student_id = lesson, learner
        Path(home).mkdir(parents=True, exist_ok=True)
        try:
            with _quiet():
                kind(coursedir=coursedir, authenticator=Authenticator(config=cfg), config=cfg).start()
        except Exception as exc:  # nbgrader's ExchangeError and OSErrors alike: one clear message
            raise PipelineError(kind.__name__, f"{lesson}/{learner}", str(exc)) from exc

    # gradebook reads -----------------------------------------------------------------------------
    def scores(self, lesson: str) -> dict[str, dict[str, float | None]]:
        """learner → grade cell → score (manual score when given, else the autograde score)."""
        out: dict[str, dict[str, float | None]] = {}
        with self.gradebook() as gb:
            try:
                assignment = gb.find_assignment(lesson)
            except MissingEntry:
                return out
            for submission in assignment.submissions:
                cells = out.setdefault(submission.student_id, {})
                for nb in submission.notebooks:
                    for grade in nb.grades:
                        cells[grade.name] = grade.score if (grade.manual_score is not None or grade.auto_score is not None) else None
        return out

    def totals(self, lesson: str) -> dict[str, float]:
        """learner → total after nbgrader's late-submission penalty."""
        with self.gradebook() as gb:
            try:
                return {s.student_id: max(0.0, float(s.score) - float(s.late_submission_penalty or 0))
                        for s in gb.find_assignment(lesson).submissions}
            except MissingEntry:
                return {}


def _tools_on_path() -> None:
    """nbgrader runs `alembic` as a command to check the gradebook schema: it must be found beside Python."""
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


@contextlib.contextmanager
def _quiet():
    """nbgrader logs a great deal at INFO, and its libraries warn about their own internals (SQLAlchemy,
    nbformat): keep the trainer's terminal for our summary, and never let a library warning fail a step."""
    logger = logging.getLogger("traitlets")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
