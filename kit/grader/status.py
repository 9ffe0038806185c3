"""Where a lesson stands in nbgrader's folders: released, submitted, collected, autograded, feedback sent."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from nbgrader.utils import notebook_hash

from .pipeline import Course


@dataclass(frozen=True)
class LessonState:
    lesson: str
    released: bool = False
    submitted: dict[str, datetime | None] = field(default_factory=dict)  # learner → latest hand-in (exchange)
    collected: frozenset[str] = frozenset()
    autograded: frozenset[str] = frozenset()  # graded copies of the submission collected now
    feedback_sent: frozenset[str] = frozenset()  # the feedback generated now is in the exchange


def lesson_state(course: Course, lesson: str) -> LessonState:
    exchange = exchange_folder(course)
    collected = set(course.submitted(lesson))
    return LessonState(lesson, (exchange / "outbound" / lesson).is_dir(), handed_in(exchange / "inbound", lesson),
                       frozenset(collected), frozenset(w for w in collected if graded_current(course, lesson, w)),
                       frozenset(w for w in collected if feedback_current(course, lesson, w, exchange)))


def exchange_folder(course: Course) -> Path:
    cfg = course.config()
    return Path(cfg.Exchange.root) / cfg.CourseDirectory.course_id


def handed_in(inbound: Path, lesson: str) -> dict[str, datetime | None]:
    """learner → time of the latest submission waiting in the exchange (folder names: learner+lesson+time+…)."""
    out: dict[str, datetime | None] = {}
    for path in inbound.glob(f"*+{lesson}+*") if inbound.is_dir() else ():
        learner, _, stamp = path.name.split("+")[:3]
        when, known = _when(stamp), out.get(learner)
        if learner not in out or (when and (known is None or when > known)):
            out[learner] = when
    return out


def _when(stamp: str) -> datetime | None:
    """The hand-in time as the gradebook keeps it: the exchange's local time (its zone name dropped)."""
    try:
        return datetime.fromisoformat(" ".join(stamp.split(" ")[:2]))
    except ValueError:
        return None


def _stamp(folder: Path) -> str | None:
    path = folder / "timestamp.txt"
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def graded_current(course: Course, lesson: str, learner: str) -> bool:
    """An autograded copy exists and comes from the submission collected now (same hand-in time)."""
    graded = course.root / "autograded" / learner / lesson
    return graded.is_dir() and _stamp(graded) == _stamp(course.root / "submitted" / learner / lesson)


def feedback_current(course: Course, lesson: str, learner: str, exchange: Path) -> bool:
    """Every feedback page generated for the learner is in the exchange, byte for byte (nbgrader names it by hash)."""
    folder = course.root / "feedback" / learner / lesson
    pages = sorted(folder.glob("*.html"))
    secret = folder / "submission_secret.txt"
    if not pages or not secret.exists():
        return False
    key = secret.read_text(encoding="utf-8")
    sent = [exchange / "feedback" / f"{notebook_hash(secret=key, notebook_id=p.stem)}.html" for p in pages]
    return all(s.exists() and s.read_bytes() == p.read_bytes() for s, p in zip(sent, pages))
