"""The course at a glance: a row per lesson and per learner, from the gradebook, manifest, roster and exchange (pure)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..grader.status import LessonState
from ..report.hours import report_year
from ..report.learners import learner_rows
from ..report.records import CourseRecords

SORTS = ("branch", "name", "done", "score", "hours", "last")  # what the learner table can be ordered by


@dataclass(frozen=True)
class LessonLine:
    id: str
    title: str
    released: bool
    submitted: int  # learners who handed in (waiting in the exchange or collected)
    roster: int
    collected: int
    graded: int  # submissions whose current hand-in is autograded
    pending: int  # 学习体会 still to mark
    feedback: int  # learners whose current feedback is sent back


@dataclass(frozen=True)
class LearnerLine:
    id: str
    name: str
    branch: str
    done: int
    lessons: int
    percent: float | None
    hours: float
    minimum: int
    last: datetime | None

    @property
    def hours_met(self) -> bool:
        return self.hours >= self.minimum


@dataclass(frozen=True)
class Overview:
    year: int
    lessons: tuple[LessonLine, ...]
    learners: tuple[LearnerLine, ...]

    @property
    def branches(self) -> tuple[str, ...]:
        return tuple(sorted({x.branch for x in self.learners}))


def build_overview(records: CourseRecords, titles: dict[str, str], states: dict[str, LessonState],
                   pending: dict[str, int], year: int | None = None, now: datetime | None = None) -> Overview:
    """`titles`: every built lesson in course order (released or not); `pending`: lesson → unmarked answers."""
    year = report_year(records, year)
    roster = len(records.learners)
    lessons = tuple(lesson_line(lid, title, states.get(lid, LessonState(lid)), pending.get(lid, 0), roster)
                    for lid, title in titles.items())
    last = last_activity(records, states)
    learners = tuple(LearnerLine(r.learner.id, r.learner.name, r.learner.branch, r.done, r.lessons,
                                 None if r.percent is None else round(r.percent, 1), r.hours, r.minimum,
                                 last.get(r.learner.id))
                     for r in learner_rows(records, year, now))
    return Overview(year, lessons, learners)


def lesson_line(lid: str, title: str, state: LessonState, pending: int, roster: int) -> LessonLine:
    return LessonLine(lid, title, state.released, len(set(state.submitted) | state.collected), roster,
                      len(state.collected), len(state.autograded), pending, len(state.feedback_sent))


def last_activity(records: CourseRecords, states: dict[str, LessonState]) -> dict[str, datetime]:
    """learner → latest hand-in, whether already collected (gradebook) or still in the exchange."""
    stamps = [(s.learner, s.at) for s in records.submissions.values()]
    stamps += [(who, at) for state in states.values() for who, at in state.submitted.items()]
    out: dict[str, datetime] = {}
    for who, at in stamps:
        if at and (who not in out or at > out[who]):
            out[who] = at
    return out


def learner_view(overview: Overview, branch: str = "", sort: str = "branch") -> tuple[LearnerLine, ...]:
    """The learner table as shown: one branch (or all), ordered by `sort` (numbers and dates highest first)."""
    rows = [x for x in overview.learners if not branch or x.branch == branch]
    keys = {"branch": lambda x: (x.branch, x.id), "name": lambda x: (x.name, x.id),
            "done": lambda x: (-x.done, x.id), "score": lambda x: (-(x.percent if x.percent is not None else -1), x.id),
            "hours": lambda x: (-x.hours, x.id), "last": lambda x: (-(x.last.timestamp() if x.last else 0), x.id)}
    return tuple(sorted(rows, key=keys[sort]))
