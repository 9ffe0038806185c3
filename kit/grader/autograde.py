"""`kit autograde`: grade every collected submission of a lesson; one learner's failure never stops the batch."""
from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ..core.children import die_with_parent
from ..core.messages import t
from .connection import settle
from .converter import FAILED, KERNEL, Grader, Outcome, grade_batch_in_worker, start_worker
from .pipeline import Course, PipelineError

BATCH = 32  # learners whose gradebook rows are written in one transaction (and one step of the progress bar)


@dataclass
class AutogradeReport:
    lesson: str
    graded: list[str] = field(default_factory=list)  # every graded learner, in-process or in a kernel
    failed: dict[str, str] = field(default_factory=dict)
    fell_back: list[str] = field(default_factory=list)  # graded in a kernel: the notebook had code not the kit's
    fast: bool = True

    @property
    def in_process(self) -> list[str]:
        return [who for who in self.graded if who not in self.fell_back] if self.fast else []

    def table(self) -> list[tuple[str, int]]:
        if not self.fast:
            return [(t("autograde.stock"), len(self.graded)), (t("autograde.failed"), len(self.failed))]
        return [(t("autograde.in_process"), len(self.in_process)), (t("autograde.kernel"), len(self.fell_back)),
                (t("autograde.failed"), len(self.failed))]

    def summary(self) -> str:
        lines = [t("autograde.headline", lesson=self.lesson, graded=len(self.graded), failed=len(self.failed))]
        rows = [(t("autograde.col_how"), t("autograde.col_count"))] + [(k, str(n)) for k, n in self.table()]
        width = max(_width(k) for k, _ in rows) + 2
        lines += [f"  {k}{' ' * (width - _width(k))}{n}" for k, n in rows]
        lines += [t("autograde.fell_back_row", learner=who) for who in sorted(self.fell_back)]
        lines += [t("autograde.failed_row", learner=who, reason=why) for who, why in sorted(self.failed.items())]
        return "\n".join(lines)


def _width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def autograde(course: Course | Path | str, lesson: str, learners: list[str] | None = None, *, jobs: int = 1,
              progress: bool = False, fast: bool = True,
              on_outcome: Callable[[Outcome], None] | None = None) -> AutogradeReport:
    """Grade through nbgrader's autograde pipeline, learner by learner (in `jobs` processes).

    fast=True grades kit quiz notebooks without a kernel (learners' code never runs; other notebooks still go to
    a kernel); fast=False runs stock nbgrader autograde, a kernel per notebook running every cell (comparisons).
    `on_outcome` hears of each learner as they are done (the trainer's console draws its progress bar from it).
    """
    course = course if isinstance(course, Course) else Course(Path(course))
    with one_run_at_a_time(course.root, lesson):
        todo = learners or course.submitted(lesson)
        report = AutogradeReport(lesson, fast=fast)
        outcomes = (_fast if fast else _stock)(str(course.root), lesson, todo, jobs)
        bar = tqdm(total=len(todo), desc=t("autograde.progress", lesson=lesson), unit=t("autograde.unit"),
                   disable=not progress)
        for outcome in outcomes:
            _record(report, outcome)
            bar.update()
            if on_outcome:
                on_outcome(outcome)
        bar.close()
        if fast:
            settle(course.db_url)  # fold the WAL grading mode back into one gradebook file
    return report


@contextlib.contextmanager
def one_run_at_a_time(root: Path, lesson: str):
    """Two runs on one lesson (a second terminal, a button pressed twice) take turns: nbgrader rebuilds a learner's
    autograded folder while grading, and a second run reading it half-copied would record zeros."""
    lock = root / "kit" / f".autograde-{lesson}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(t("autograde.waiting", lesson=lesson), file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # closing the file releases the lock, also when the process is killed


def _fast(root: str, lesson: str, todo: list[str], jobs: int) -> Iterator[Outcome]:
    """Learners in batches, each batch's gradebook rows written at once (kit.grader.batch)."""
    if jobs <= 1 or len(todo) <= 1:
        grader = Grader(root, lesson)
        try:
            for batch in _batches(todo, BATCH):
                yield from grader.grade_many(batch)
        finally:
            grader.gradebook.close()  # a server database's connection is closed, not left to the collector
        return
    size = max(1, min(BATCH, len(todo) // (jobs * 4)))  # small lessons still spread over every worker
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_tied_worker, initargs=(os.getpid(), root, lesson)) as pool:
        for outcomes in pool.map(grade_batch_in_worker, _batches(todo, size)):
            yield from outcomes


def _batches(todo: list[str], size: int) -> list[list[str]]:
    return [todo[i:i + size] for i in range(0, len(todo), size)]


def _stock(root: str, lesson: str, todo: list[str], jobs: int) -> Iterator[Outcome]:
    if jobs <= 1:
        yield from (_grade_one(root, lesson, who) for who in todo)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(_grade_one, root, lesson, who) for who in todo]
        yield from (future.result() for future in as_completed(futures))


def _start_tied_worker(parent: int, root: str, lesson: str) -> None:
    """A worker never outlives the grading run (a killed parent would leave it blocked on its pipe)."""
    die_with_parent(parent)
    start_worker(root, lesson)


def _grade_one(root: str, lesson: str, learner: str) -> Outcome:
    """Stock nbgrader autograde for one learner (a kernel per notebook); reasons are text to cross processes."""
    course = Course(Path(root))
    problem = course.submission_problem(lesson, learner)
    if problem:
        return Outcome(learner, FAILED, problem)
    try:
        course.autograde(lesson, learner, stock=True)
        return Outcome(learner, KERNEL)
    except PipelineError as exc:
        return Outcome(learner, FAILED, str(exc))


def _record(report: AutogradeReport, outcome: Outcome) -> None:
    if outcome.path == FAILED:
        report.failed[outcome.learner] = outcome.reason
        return
    report.graded.append(outcome.learner)
    if report.fast and outcome.path == KERNEL:
        report.fell_back.append(outcome.learner)
