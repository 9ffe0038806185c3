"""Everything the page shows, read once from the course: the overview and the item warnings."""
from __future__ import annotations

from dataclasses import dataclass

from ..course.manifest import Manifest
from ..grader.gradebook import pending_grades
from ..grader.pipeline import Course
from ..grader.status import lesson_state
from ..report import ReportOptions
from ..report.analysis import load_records
from ..report.records import select
from .flags import ItemWarning, item_warnings
from .overview import Overview, build_overview


@dataclass(frozen=True)
class Snapshot:
    overview: Overview
    warnings: tuple[ItemWarning, ...]


def lesson_titles(course: Course) -> dict[str, str]:
    return {lid: entry.title or lid for lid, entry in Manifest.load(course.root).lessons.items()}


def take_snapshot(course: Course) -> Snapshot:
    options = ReportOptions(progress=False, jobs=1)  # in this process, as the page reads it
    records = load_records(select(course.root, options, course.db_url), options)
    titles = lesson_titles(course)
    states = {lid: lesson_state(course, lid) for lid in titles}
    overview = build_overview(records, titles, states, pending_grades(course.db_url))
    return Snapshot(overview, item_warnings(records.items, Manifest.load(course.root).items))
