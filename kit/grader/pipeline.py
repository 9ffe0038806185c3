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

from nbgrader.api import Gradebook
from nbgrader.apps.api import NbGraderAPI
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from ..core.errors import KitError
from ..core.messages import t
from . import exchange
from .gradebook import lesson_scores, lesson_totals, notebook_names
from .layout import Layout

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

    def collect(self, lesson: str, learner: str | None = None) -> None:
        """Collect every hand-in of the lesson, or only one learner's (nbgrader's --student filter)."""
        only = {"CourseDirectory": {"student_id": learner}} if learner else {}
        self._step("collect", f"{lesson}/{learner or '*'}", lambda api: api.collect(lesson), only)

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
        folder = self.layout().folder("submitted", learner, lesson)
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
            return notebook_names(gb, lesson)

    def submitted(self, lesson: str) -> list[str]:
        return self.layout().learners("submitted", lesson)

    def layout(self) -> Layout:
        return Layout(self.root, self.config())

    # learner steps (what `nbgrader fetch_assignment` / `submit` / `fetch_feedback` do for one learner) ----
    def fetch(self, lesson: str, learner: str, home: Path) -> Path:
        self._exchange("fetch_assignment", lesson, learner, home)
        return Path(home) / lesson

    def submit(self, lesson: str, learner: str, home: Path) -> None:
        self._exchange("submit", lesson, learner, home)

    def fetch_feedback(self, lesson: str, learner: str, home: Path) -> Path:
        self._exchange("fetch_feedback", lesson, learner, home)
        return Path(home) / lesson / "feedback"

    def _exchange(self, step: str, lesson: str, learner: str, home: Path) -> None:
        try:
            with _quiet():
                exchange.run(step, self.config(), lesson, learner, home)
        except Exception as exc:  # nbgrader's ExchangeError and OSErrors alike: one clear message
            raise PipelineError(step, f"{lesson}/{learner}", str(exc)) from exc

    # gradebook reads -----------------------------------------------------------------------------
    def scores(self, lesson: str) -> dict[str, dict[str, float | None]]:
        """learner → grade cell → score (manual score when given, else the autograde score)."""
        with self.gradebook() as gb:
            return lesson_scores(gb, lesson)

    def totals(self, lesson: str) -> dict[str, float]:
        """learner → total after nbgrader's late-submission penalty."""
        with self.gradebook() as gb:
            return lesson_totals(gb, lesson)


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
