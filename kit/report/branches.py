"""Roll-ups along the organisation tree: learner → 支部 → 党委."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from statistics import mean

from .learners import LearnerRow

BUCKETS = (60, 70, 80, 90)  # score bands: <60, 60–69, 70–79, 80–89, ≥90


@dataclass(frozen=True)
class GroupRow:
    name: str
    parent: str  # the 党委 a 支部 belongs to ('' for a 党委)
    members: int
    completion: float  # share of (learner, lesson) pairs submitted, 0–1
    average: float | None  # mean of the members' percentages (members with work only)
    distribution: tuple[int, ...]  # members per score band
    behind: tuple[str, ...]  # 名单: names of members with missing lessons
    hours_met: int
    hours_average: float


def branch_rows(rows: tuple[LearnerRow, ...]) -> tuple[GroupRow, ...]:
    return roll_up(rows, lambda r: r.learner.branch, lambda r: r.learner.committee)


def committee_rows(rows: tuple[LearnerRow, ...]) -> tuple[GroupRow, ...]:
    return roll_up(rows, lambda r: r.learner.committee or "—", lambda r: "")


def roll_up(rows, key: Callable[[LearnerRow], str], parent: Callable[[LearnerRow], str]) -> tuple[GroupRow, ...]:
    groups: dict[str, list[LearnerRow]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return tuple(group_row(name, parent(members[0]), members) for name, members in groups.items())


def group_row(name: str, parent: str, members: list[LearnerRow]) -> GroupRow:
    percents = [r.percent for r in members if r.percent is not None]
    slots = sum(r.lessons for r in members)
    return GroupRow(
        name=name, parent=parent, members=len(members),
        completion=sum(r.done for r in members) / slots if slots else 0.0,
        average=round(mean(percents), 1) if percents else None,
        distribution=distribution(percents),
        behind=tuple(f"{r.learner.name}（{r.learner.id}）" for r in members if r.behind),
        hours_met=sum(r.hours_met for r in members),
        hours_average=round(mean(r.hours for r in members), 1),
    )


def distribution(percents: list[float]) -> tuple[int, ...]:
    counts = [0] * (len(BUCKETS) + 1)
    for p in percents:
        counts[sum(p >= b for b in BUCKETS)] += 1
    return tuple(counts)
