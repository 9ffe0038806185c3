"""Lessons: Markdown with front matter and ```quiz blocks, parsed into typed cells and resolved against banks."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.errors import Problem, valid
from ..core.messages import t
from ..core.model import Question
from ..core.types import HAND_GRADED

FENCE = re.compile(r"^```quiz\s*$")
LESSON_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Markdown:
    text: str


@dataclass(frozen=True)
class QuizBlock:
    id: str
    mode: str
    title: str
    items: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    draw: int | None = None
    time_limit: int | None = None
    shuffle: bool = False
    line: int = 0


Cell = Markdown | QuizBlock


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    bank: str
    hours: float
    minutes: int
    file: str
    cells: tuple[Cell, ...]
    notebook: str = ""  # notebook file name without .ipynb (the lesson id by default; may be Chinese)

    @property
    def quizzes(self) -> tuple[QuizBlock, ...]:
        return tuple(c for c in self.cells if isinstance(c, QuizBlock))


def load_lesson(path: Path | str) -> Lesson:
    """Read one lesson; raise BankError with every problem when it is not valid."""
    return valid(*read_lesson(Path(path)))


def read_lesson(path: Path) -> tuple[Lesson | None, list[Problem]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(str(path), 1, "", t("check.encoding"))]
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in (s.strip() for s in lines[1:]):
        return None, [Problem(str(path), 1, "", t("lesson.front_matter"))]
    end = 1 + [s.strip() for s in lines[1:]].index("---")
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        return None, [Problem(str(path), 1, "", t("check.yaml", detail=exc))]
    problems = _check_meta(meta, str(path))
    cells, found = _cells(lines, end + 1, str(path))
    lesson = Lesson(str(meta.get("id", path.stem)), str(meta.get("title", "")), str(meta.get("bank", "")),
                    float(meta.get("hours", 1)), int(meta.get("minutes", 30)), str(path), tuple(cells),
                    str(meta.get("notebook", "")))
    return lesson, problems + found


def _check_meta(meta: dict, file: str) -> list[Problem]:
    problems = [Problem(file, 1, "", t("check.missing", field=k)) for k in ("id", "title", "bank") if not meta.get(k)]
    if meta.get("id") and not LESSON_ID.match(str(meta["id"])):
        problems.append(Problem(file, 1, str(meta["id"]), t("check.bad_id")))
    return problems


def _cells(lines: list[str], start: int, file: str) -> tuple[list[Cell], list[Problem]]:
    """Split the body into Markdown cells (a new one at every `## `) and quiz blocks."""
    cells: list[Cell] = []
    problems: list[Problem] = []
    text: list[str] = []
    i = start
    while i < len(lines):
        line = lines[i]
        if FENCE.match(line):
            _flush(text, cells)
            close = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == "```"), len(lines))
            block, problem = _quiz_block("\n".join(lines[i + 1:close]), file, i + 1)
            cells += [block] if block else []
            problems += [problem] if problem else []
            i = close + 1
            continue
        if line.startswith("## ") and any(s.strip() for s in text):
            _flush(text, cells)
        text.append(line)
        i += 1
    _flush(text, cells)
    return cells, problems


def _flush(text: list[str], cells: list[Cell]) -> None:
    body = "\n".join(text).strip()
    if body:
        cells.append(Markdown(body))
    text.clear()


def _quiz_block(source: str, file: str, line: int) -> tuple[QuizBlock | None, Problem | None]:
    try:
        raw = yaml.safe_load(source) or {}
        if not isinstance(raw, dict) or not raw.get("id") or raw.get("mode") not in ("practice", "exam"):
            raise ValueError("id / mode (practice|exam)")
        pool = raw.get("pool") or {}
        block = QuizBlock(
            id=str(raw["id"]), mode=raw["mode"], title=str(raw.get("title", "")), line=line,
            items=tuple(str(x) for x in raw.get("items") or ()), tags=tuple(str(x) for x in pool.get("tags") or ()),
            draw=raw.get("draw"), time_limit=raw.get("time_limit"), shuffle=bool(raw.get("shuffle", raw["mode"] == "exam")),
        )
        return block, None
    except (yaml.YAMLError, ValueError, AttributeError, TypeError) as exc:
        return None, Problem(file, line, "", t("lesson.bad_quiz", detail=exc))


def resolve(lesson: Lesson, questions: dict[str, Question]) -> tuple[dict[str, list[Question]], list[Problem]]:
    """The questions of every quiz block (the whole pool for drawn quizzes), with every problem found."""
    resolved: dict[str, list[Question]] = {}
    problems: list[Problem] = []
    for block in lesson.quizzes:
        problem = lambda key, b=block, **kw: Problem(lesson.file, b.line, b.id, t(key, **kw))  # noqa: E731
        if block.id in resolved:
            problems.append(problem("lesson.duplicate_quiz", quiz=block.id))
        items = [questions[i] for i in block.items if i in questions]
        problems += [problem("lesson.unknown_item", quiz=block.id, item=i) for i in block.items if i not in questions]
        if block.tags:
            items += [q for q in questions.values() if q.bank == lesson.bank and q.use == block.mode
                      and q.type not in HAND_GRADED and q.status == "verified" and set(q.tags) & set(block.tags)
                      and q.id not in block.items]
        for q in items:
            if q.use != block.mode:
                problems.append(problem("lesson.use_mismatch", quiz=block.id, mode=block.mode, use=q.use, item=q.id))
            if q.status != "verified":
                problems.append(problem("lesson.retired_item", quiz=block.id, item=q.id))
        hand = [q.id for q in items if q.type in HAND_GRADED]
        if block.draw and hand:
            problems.append(problem("lesson.drawn_hand_graded", quiz=block.id, items="、".join(hand)))
        if block.draw and block.draw > len(items):
            problems.append(problem("lesson.draw_too_many", quiz=block.id, draw=block.draw, pool=len(items)))
        resolved[block.id] = items
    return resolved, problems


def lesson_files(root: Path) -> list[Path]:
    return [root] if root.is_file() else sorted(root.rglob("*.md"))
