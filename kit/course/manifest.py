"""The course manifest (`<course>/kit/manifest.json`): the trainer's record of lessons, quizzes and every item.

`kit build` writes it; the grader's preprocessors, reports, the 错题本 and the demo read it, all through this
model. It holds keys: it lives in the course folder, never in a release.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.draw import slot_count
from ..core.types import HAND_GRADED

SCHEMA = 1
PATH = Path("kit") / "manifest.json"  # inside the course folder


@dataclass(frozen=True)
class QuizEntry:
    mode: str  # practice | exam
    draw: int | None
    items: tuple[str, ...]  # the whole pool, in lesson order
    slot_points: float

    def to_json(self) -> dict[str, Any]:
        return {"mode": self.mode, "draw": self.draw, "items": list(self.items), "slot_points": self.slot_points}


@dataclass(frozen=True)
class LessonEntry:
    notebook: str
    title: str
    hours: float
    minutes: int
    answers_file: str
    quizzes: dict[str, QuizEntry]

    def to_json(self) -> dict[str, Any]:
        return {"notebook": self.notebook, "title": self.title, "hours": self.hours, "minutes": self.minutes,
                "answers_file": self.answers_file, "quizzes": {k: q.to_json() for k, q in self.quizzes.items()}}


@dataclass(frozen=True)
class Manifest:
    course_id: str
    lessons: dict[str, LessonEntry]
    items: dict[str, dict[str, Any]]  # item id → the question as a dict, keys and grader fields included

    @classmethod
    def empty(cls) -> Manifest:
        return cls("", {}, {})

    @classmethod
    def load(cls, path: Path | str) -> Manifest:
        """The manifest at `path` (a course folder or the file itself); an empty one when there is none."""
        path = Path(path)
        path = path / PATH if path.is_dir() else path
        if not path.exists():
            return cls.empty()
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        lessons = {lid: LessonEntry(e["notebook"], e["title"], float(e["hours"]), int(e["minutes"]), e["answers_file"],
                                    {qid: QuizEntry(q["mode"], q.get("draw"), tuple(q["items"]), q["slot_points"])
                                     for qid, q in e["quizzes"].items()})
                   for lid, e in data.get("lessons", {}).items()}
        order = [lid for lid in data.get("lesson_order", []) if lid in lessons]  # the lessons' file order
        lessons = {lid: lessons[lid] for lid in [*order, *sorted(set(lessons) - set(order))]}
        return cls(data.get("course_id", ""), lessons, data.get("items", {}))

    def to_json(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "course_id": self.course_id, "lesson_order": list(self.lessons),
                "lessons": {lid: e.to_json() for lid, e in self.lessons.items()}, "items": self.items}

    def text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    def save(self, path: Path | str) -> None:
        path = Path(path)
        path = path / PATH if path.is_dir() else path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.text(), encoding="utf-8")

    def hand_graded(self, quiz: QuizEntry) -> list[str]:
        return [i for i in quiz.items if self.items[i]["type"] in HAND_GRADED]

    def slot_count(self, quiz: QuizEntry) -> int:
        """How many grading slots the quiz has (the one computation, shared with the grading cells)."""
        return slot_count(len(quiz.items) - len(self.hand_graded(quiz)), quiz.draw) if quiz.mode == "exam" else 0
