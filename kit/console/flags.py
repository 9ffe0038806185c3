"""Items the analysis flags as a possible wrong key or negative discrimination, with where they are written (pure)."""
from __future__ import annotations

from dataclasses import dataclass

from ..report.items import ItemStats

WARN = ("wrong_key",)  # too easy / too hard are facts about a class, not faults in an item


@dataclass(frozen=True)
class ItemWarning:
    item: str
    lesson: str
    stem: str
    key: str
    facility: float
    point_biserial: float | None
    discrimination: float | None
    file: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file else ""


def item_warnings(stats: tuple[ItemStats, ...], catalogue: dict[str, dict]) -> tuple[ItemWarning, ...]:
    """Flagged items, the most negative discrimination first."""
    flagged = [s for s in stats if set(s.flags) & set(WARN)]
    flagged.sort(key=lambda s: (s.point_biserial if s.point_biserial is not None else 0.0, s.item))
    return tuple(ItemWarning(s.item, s.lesson, s.stem, s.key, s.facility, s.point_biserial, s.discrimination,
                             catalogue.get(s.item, {}).get("file", ""), int(catalogue.get(s.item, {}).get("line", 0)))
                 for s in flagged)
