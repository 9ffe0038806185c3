"""The report's tables as plain rows with Chinese headers: HTML, XLSX and CSV all render these."""
from __future__ import annotations

from dataclasses import dataclass

from ..core.messages import t
from ..core.types import TYPES
from .branches import BUCKETS, GroupRow
from .items import ItemStats
from .learners import LearnerRow, trend_mark
from .records import LessonInfo


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]


def cols(*keys: str) -> tuple[str, ...]:
    return tuple(t(f"report.col.{k}") for k in keys)


def yes_no(value: bool) -> str:
    return t("report.yes") if value else t("report.no")


def band_labels() -> tuple[str, ...]:
    edges = ["0", *map(str, BUCKETS), "100"]
    return tuple(t("report.col.band", band=f"{lo}–{hi}") for lo, hi in zip(edges, edges[1:]))


def learner_table(rows: tuple[LearnerRow, ...], lessons: tuple[LessonInfo, ...]) -> Table:
    headers = (*cols("id", "name", "branch", "role"), *(x.title for x in lessons),
               *cols("done", "total", "percent", "trend", "hours", "minimum", "hours_met", "wrong", "late",
                     "missing", "minutes"))
    return Table(headers, tuple(learner_cells(r) for r in rows))


def learner_cells(r: LearnerRow) -> tuple:
    x = r.learner
    return (x.id, x.name, x.branch, x.role, *("" if s is None else s for s in r.scores),
            f"{r.done}/{r.lessons}", r.total, blank(None if r.percent is None else round(r.percent, 1)), trend_mark(r.trend), r.hours, r.minimum,
            yes_no(r.hours_met), r.wrong, "、".join(r.late), "、".join(r.missing), r.minutes)


def group_table(rows: tuple[GroupRow, ...], with_parent: bool) -> Table:
    head = cols("branch", "committee") if with_parent else cols("committee")
    headers = (*head, *cols("members", "completion", "average"), *band_labels(),
               *cols("hours_met_count", "hours_average", "behind"))
    return Table(headers, tuple(group_cells(r, with_parent) for r in rows))


def group_cells(r: GroupRow, with_parent: bool) -> tuple:
    head = (r.name, r.parent) if with_parent else (r.name,)
    return (*head, r.members, round(100 * r.completion, 1), blank(r.average), *r.distribution,
            r.hours_met, r.hours_average, "、".join(r.behind) or t("report.none"))


def item_table(items: tuple[ItemStats, ...], titles: dict[str, str]) -> Table:
    headers = cols("item", "lesson", "type", "stem", "key", "n", "facility", "pbis", "disc", "choices", "flags")
    return Table(headers, tuple(item_cells(s, titles) for s in items))


def item_cells(s: ItemStats, titles: dict[str, str]) -> tuple:
    choices = "  ".join(f"{o}:{n}" for o, n in s.choices)
    return (s.item, titles.get(s.lesson, s.lesson), TYPES[s.type].label, s.stem, s.key, s.n, s.facility,
            blank(s.point_biserial), blank(s.discrimination), choices, flag_text(s.flags))


def flag_text(flags: tuple[str, ...]) -> str:
    return "、".join(t(f"report.flag.{f}") for f in flags)


def blank(value):
    return "" if value is None else value
