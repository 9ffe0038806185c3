"""Per learner: lessons done, scores and trend, 学时, wrong items, late and missing submissions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..content.roster import Learner
from .hours import hours_in_year, minimum
from .records import CourseRecords

TREND_STEP = 2.0  # percentage points per lesson before a trend counts as rising or falling


@dataclass(frozen=True)
class LearnerRow:
    learner: Learner
    scores: tuple[float | None, ...]  # per lesson, points after penalty; None when not submitted
    total: float
    max_total: float  # full marks of the lessons done
    done: int
    lessons: int
    trend: float | None  # least-squares slope of the lesson percentages, points per lesson
    hours: float
    minimum: int
    wrong: int
    late: tuple[str, ...]
    missing: tuple[str, ...]  # due (or undated) lessons without a submission
    minutes: float

    @property
    def percent(self) -> float | None:
        return 100 * self.total / self.max_total if self.max_total else None

    @property
    def hours_met(self) -> bool:
        return self.hours >= self.minimum

    @property
    def behind(self) -> bool:
        return bool(self.missing)


def learner_rows(records: CourseRecords, year: int, now: datetime | None = None) -> tuple[LearnerRow, ...]:
    hours = hours_in_year(records, year)
    now = now or datetime.now()
    return tuple(learner_row(x, records, hours.get(x.id, 0.0), records.wrong.get(x.id, 0), now)
                 for x in records.learners)


def learner_row(x: Learner, records: CourseRecords, hours: float, wrong: int, now: datetime) -> LearnerRow:
    scores = tuple(records.totals.get((x.id, lesson.id)) for lesson in records.lessons)
    done = [lesson for lesson, s in zip(records.lessons, scores) if s is not None]
    subs = [records.submissions[(x.id, lesson.id)] for lesson in done]
    percents = [100 * s / lesson.max_score for lesson, s in zip(records.lessons, scores) if s is not None and lesson.max_score]
    return LearnerRow(
        learner=x, scores=scores, total=round(sum(s for s in scores if s is not None), 2),
        max_total=sum(lesson.max_score for lesson in done), done=len(done), lessons=len(records.lessons),
        trend=slope(percents), hours=hours, minimum=minimum(x), wrong=wrong,
        late=tuple(s.lesson for s in subs if s.at and s.due and s.at > s.due),
        missing=tuple(lesson.id for lesson, s in zip(records.lessons, scores)
                      if s is None and (lesson.due is None or lesson.due < now)),
        minutes=round(sum(records.minutes.get((x.id, lesson.id), 0.0) for lesson in done), 1),
    )


def slope(values: list[float]) -> float | None:
    if len(values) < 2:
        return None
    n = len(values)
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    cov = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values))
    return round(cov / sum((i - mean_x) ** 2 for i in range(n)), 1)


def trend_mark(value: float | None) -> str:
    if value is None:
        return "–"
    return "↑" if value > TREND_STEP else "↓" if value < -TREND_STEP else "→"
