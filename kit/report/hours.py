"""学时: credit for completed lessons in a year, against the yearly minimum (32, or 56 for leaders)."""
from __future__ import annotations

from datetime import date

from ..content.roster import Learner
from .options import LEADER_MINIMUM, MEMBER_MINIMUM
from .records import CourseRecords


def minimum(learner: Learner) -> int:
    return LEADER_MINIMUM if learner.is_leader else MEMBER_MINIMUM


def report_year(records: CourseRecords, year: int | None) -> int:
    """The year asked for, else the year of the latest submission, else this year."""
    if year:
        return year
    stamps = [s.at for s in records.submissions.values() if s.at]
    return max(stamps).year if stamps else date.today().year


def hours_in_year(records: CourseRecords, year: int) -> dict[str, float]:
    """learner → 学时 earned by the lessons they completed (submitted) in `year`."""
    credit = {x.id: x.hours for x in records.lessons}
    out: dict[str, float] = {}
    for (learner, lesson), sub in records.submissions.items():
        if sub.at and sub.at.year == year:
            out[learner] = out.get(learner, 0.0) + credit[lesson]
    return out
