"""Everything the page shows, read once from the course: the overview and the item warnings."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..course.manifest import Manifest
from ..grader.gradebook import read_records
from ..grader.pipeline import Course
from ..grader.status import lesson_state
from ..report import ReportOptions
from ..report.items import item_stats
from ..report.records import load_records
from .flags import ItemWarning, item_warnings
from .overview import Overview, build_overview


@dataclass(frozen=True)
class Snapshot:
    overview: Overview
    warnings: tuple[ItemWarning, ...]


def lesson_titles(course: Course) -> dict[str, str]:
    return {lid: entry.title or lid for lid, entry in Manifest.load(course.root).lessons.items()}


def take_snapshot(course: Course) -> Snapshot:
    records = load_records(course.root, ReportOptions(progress=False), course.db_url)
    titles = lesson_titles(course)
    states = {lid: lesson_state(course, lid) for lid in titles}
    pending = Counter(c.lesson for c in read_records(course.db_url).cells if c.pending)
    overview = build_overview(records, titles, states, dict(pending))
    return Snapshot(overview, item_warnings(item_stats(records), records.catalogue))
