"""A whole report computed from the course records: learners, branches, committees, items (pure)."""
from __future__ import annotations

import contextlib
import functools
import gc
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from statistics import mean

from tqdm import tqdm

from ..core.errors import KitError
from ..core.messages import t
from .branches import GroupRow, branch_rows, committee_rows
from .hours import report_year
from .items import ItemStats
from .learners import LearnerRow, learner_rows
from .options import LARGE_COURSE, ReportOptions
from .records import CourseRecords, LessonInfo, Selection, select
from .scan import lesson_workers, scan_lessons
from .tables import Table, learner_table


@dataclass(frozen=True)
class Report:
    course: str
    options: ReportOptions
    year: int
    generated: datetime
    lessons: tuple[LessonInfo, ...]
    learners: tuple[LearnerRow, ...]
    branches: tuple[GroupRow, ...]
    committees: tuple[GroupRow, ...]
    items: tuple[ItemStats, ...]

    @functools.cached_property
    def learners_table(self) -> Table:
        """The learner table, built once: the CSV, the HTML and the 台账's 支部 sheets all show its rows."""
        return learner_table(self.learners, self.lessons)

    @property
    def completion(self) -> float:
        slots = sum(r.lessons for r in self.learners)
        return round(100 * sum(r.done for r in self.learners) / slots, 1) if slots else 0.0

    @property
    def average(self) -> float | None:
        percents = [r.percent for r in self.learners if r.percent is not None]
        return round(mean(percents), 1) if percents else None


def analyse(records: CourseRecords, options: ReportOptions, course: str = "", now: datetime | None = None) -> Report:
    now = now or datetime.now()
    year = report_year(records, options.year)
    rows = learner_rows(records, year, now)
    return Report(course, options, year, now, records.lessons, rows, branch_rows(rows), committee_rows(rows),
                  records.items)


def build_report(course_root: Path | str, options: ReportOptions = ReportOptions(), *,
                 db_url: str | None = None) -> Report:
    root = Path(course_root).resolve()
    if not (root / "kit" / "manifest.json").exists():
        raise KitError(t("report.no_manifest", path=root))
    with paused_gc(), lesson_workers(options.jobs) as workers:
        return analyse(load_records(select(root, options, db_url), options, workers), options, root.name)


def load_records(selection: Selection, options: ReportOptions, workers: Executor | None = None) -> CourseRecords:
    """The selection with every lesson scanned (on `workers` when given): totals, wrong answers, time on task
    and item figures."""
    totals, minutes, items = {}, {}, []
    wrong: dict[str, int] = {}
    scans = scan_lessons(selection, workers)
    large = len(selection.submissions) >= LARGE_COURSE
    for scan in tqdm(scans, desc=t("report.reading"), total=len(selection.lessons), unit=t("report.unit.lesson"),
                     disable=not options.progress or not large):
        totals.update({(x, scan.lesson): v for x, v in scan.totals.items()})
        minutes.update({(x, scan.lesson): v for x, v in scan.minutes.items()})
        for x, n in scan.wrong.items():
            wrong[x] = wrong.get(x, 0) + n
        items += scan.items
    return CourseRecords(selection.learners, selection.lessons, selection.submissions, totals, wrong, minutes,
                         tuple(sorted(items, key=lambda s: (s.lesson, s.item))))


@contextlib.contextmanager
def paused_gc():
    """Hundreds of thousands of small tuples, none cyclic: the cycle collector would only rescan them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def filter_text(options: ReportOptions) -> str:
    parts = [t("report.filter.since", day=options.since) if options.since else "",
             t("report.filter.until", day=options.until) if options.until else "",
             t("report.filter.branches", names="、".join(options.branches)) if options.branches else "",
             t("report.filter.lessons", names="、".join(options.lessons)) if options.lessons else ""]
    return "；".join(p for p in parts if p)
