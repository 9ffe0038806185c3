"""What a report covers: date window, branches, lessons, 学时 credit and the year counted."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MEMBER_MINIMUM = 32  # 学时 a year for members
LEADER_MINIMUM = 56  # for 书记 and committee members
LARGE_COURSE = 2000  # submissions before a progress bar is worth showing


@dataclass(frozen=True)
class ReportOptions:
    since: date | None = None
    until: date | None = None
    branches: tuple[str, ...] = ()
    lessons: tuple[str, ...] = ()
    credits: dict[str, float] = field(default_factory=dict)  # lesson → 学时, overriding the manifest's hours
    year: int | None = None  # the year 学时 are counted for (default: the latest submission's)
    progress: bool = True
    jobs: int = 2  # lessons scanned at once, each on its own process

    def in_window(self, day: date | None) -> bool:
        if day is None:
            return self.since is None and self.until is None
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)
