"""A learner's paper quiz: the lesson's graded quizzes, drawn exactly as on screen, options in screen order."""
from __future__ import annotations

import json
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from ..core.draw import option_order, quiz_items
from ..core.errors import KitError
from ..core.messages import t
from ..core.model import Question, count_blanks
from ..core.notebook import QUIZ_FILE_SUFFIX
from ..core.types import HAND_GRADED, TYPES, QuestionType, question_from_dict
from ..course.cells import KIT


@dataclass(frozen=True)
class PaperItem:
    """One numbered question as printed: the learner's view (no key) and the options in printed order."""

    n: int
    quiz: str
    question: Question
    order: tuple[str, ...] = ()

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def kind(self) -> QuestionType:
        return TYPES[self.question.type]

    @property
    def blanks(self) -> int:
        return max(1, count_blanks(self.question.stem)) if self.kind.has_blanks else 0

    def choices(self) -> tuple[tuple[Any, str], ...]:
        """(value stored in the answers file, label printed on paper) for each bubble."""
        if self.kind.fixed_choices:
            return tuple((value, t(msg)) for value, msg in self.kind.fixed_choices)
        return tuple((oid, string.ascii_uppercase[k]) for k, oid in enumerate(self.order))

    def printed(self, response: Any) -> str:
        """A response as the paper shows it: printed letters (not option ids), 正确/错误, or the written text."""
        if response is None:
            return ""
        labels = dict((str(v), label) for v, label in self.choices())
        if self.kind.many:
            return "".join(sorted(labels.get(str(v), str(v)) for v in response))
        if self.kind.closed:
            return labels.get(str(response), str(response))
        if self.kind.has_blanks and isinstance(response, (list, tuple)):
            return "；".join(str(r or "") for r in response)
        return str(response)


@dataclass(frozen=True)
class PaperQuiz:
    """Everything printed for one learner and one lesson."""

    course_id: str
    lesson: str
    title: str
    learner: str
    notebook: str
    answers_file: str
    items: tuple[PaperItem, ...]

    @property
    def quizzes(self) -> dict[str, list[str]]:
        """quiz → drawn item ids, as the answers file records them."""
        out: dict[str, list[str]] = {}
        for item in self.items:
            out.setdefault(item.quiz, []).append(item.question.id)
        return out


def lesson_folder(course: Path, lesson: str) -> Path:
    return Path(course) / "source" / lesson


def graded_quizzes(folder: Path) -> list[str]:
    """The lesson's exam quizzes in the order the notebook shows them (practice stays on screen)."""
    notebook = next(p for p in sorted(folder.glob("*.ipynb")))
    cells = nbformat.read(notebook, as_version=4).cells
    metas = [c.metadata.get(KIT, {}) for c in cells if "kit-quiz" in c.metadata.get("tags", [])]
    return [m["quiz"] for m in metas if m.get("mode") == "exam"]


def public_package(folder: Path) -> dict:
    """The lesson's public quiz file (what a learner's kernel reads: no keys for graded items)."""
    found = sorted(folder.glob(f"*{QUIZ_FILE_SUFFIX}"))
    if not found:
        raise KitError(t("quiz.not_found", quiz=str(folder)))
    return json.loads(found[0].read_text(encoding="utf-8"))


def learner_items(course: Path, course_id: str, lesson: str, learner: str) -> PaperQuiz:
    """A learner's paper: each graded quiz's items by the one draw rule (core.draw.quiz_items), options in the
    order the screen shows them."""
    folder = lesson_folder(course, lesson)
    package = public_package(folder)
    items: list = []
    for quiz in graded_quizzes(folder):
        raw = package["quizzes"][quiz]
        pool = {d["id"]: question_from_dict(d) for d in raw["items"]}
        hand = {i for i, q in pool.items() if q.type in HAND_GRADED}
        for item in quiz_items(list(pool), hand, raw.get("draw"), learner, quiz):
            q = pool[item]
            order = option_order(list(q.option_ids), learner, quiz, q.id) if raw.get("shuffle") else list(q.option_ids)
            items.append(PaperItem(len(items) + 1, quiz, q, tuple(order)))
    return PaperQuiz(course_id, lesson, package.get("title", lesson), learner,
                     package.get("notebook", ""), package.get("answers_file", ""), tuple(items))


def keyed(course: Path, paper: PaperQuiz) -> dict[str, Question]:
    """The trainer's keyed questions for a learner's items (from the course manifest, never sent to learners)."""
    manifest = json.loads((Path(course) / "kit" / "manifest.json").read_text(encoding="utf-8"))
    return {i.question.id: question_from_dict(manifest["items"][i.question.id]) for i in paper.items}
