"""`kit build`: lessons + banks → an nbgrader course (config, source notebooks, public quiz files, manifest)."""
from __future__ import annotations

import json
import stat
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..content.bank import bank_files, load_banks
from ..content.lesson import Lesson, lesson_files, load_lesson, resolve
from ..core.answers import answers_path
from ..core.errors import BankError
from ..core.model import Question
from ..core.notebook import QUIZ_FILE_SUFFIX
from ..core.types import HAND_GRADED, question_to_dict
from .cells import lesson_notebook, slot_points
from .config import config_text
from .manifest import PATH as MANIFEST
from .manifest import LessonEntry, Manifest, QuizEntry

PROJECT = Path(__file__).resolve().parents[2]


@dataclass
class BuildResult:
    course: Path
    lessons: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def build_course(course: Path | str, *, lessons: Path | None = None, quizzes: Path | None = None,
                 course_id: str = "dangke", only: list[str] | None = None,
                 late_penalty: str | None = None) -> BuildResult:
    """Write (or update, touching only what changed) an nbgrader course from lessons and banks."""
    course = Path(course).resolve()
    _private(course)
    questions = load_banks(bank_files(quizzes or PROJECT / "quizzes"))
    result = BuildResult(course)
    lessons_seen: dict[str, LessonEntry] = {}
    items: dict[str, dict] = {}
    for path in lesson_files(lessons or PROJECT / "lessons"):
        lesson = load_lesson(path)
        if only and lesson.id not in only:
            continue
        resolved, problems = resolve(lesson, questions)
        if [p for p in problems if p.severity == "error"]:
            raise BankError(problems)
        lessons_seen[lesson.id] = _write_lesson(course, lesson, resolved, result)
        for pool in resolved.values():
            items.update({q.id: question_to_dict(q) | _grader_fields(q) for q in pool})
        result.lessons.append(lesson.id)
    manifest = Manifest(course_id, lessons_seen, items)
    answers = {lid: [entry.answers_file] for lid, entry in sorted(manifest.lessons.items())}
    _write(course / "nbgrader_config.py", config_text(course_id, answers, late_penalty=late_penalty), result)
    _write(course / MANIFEST, manifest.text(), result)
    return result


def _private(course: Path) -> None:
    """The course holds every key and the gradebook: only its owner may enter it. A course a hub shares with its
    trainers' group (set-gid folder, `kit hub`) keeps the group's access."""
    course.mkdir(parents=True, exist_ok=True)
    if not course.stat().st_mode & stat.S_ISGID:
        course.chmod(0o700)


def _grader_fields(q: Question) -> dict:
    """What trainers' tools need beyond the item itself; file and line let the console point at a flagged item."""
    return {"bank": q.bank, "tags": list(q.tags), "difficulty": q.difficulty, "fact": q.fact,
            "file": str(Path(q.file).resolve()) if q.file else "", "line": q.line}  # found from any folder


def notebook_name(lesson: Lesson) -> str:
    return lesson.notebook or lesson.id


def _write_lesson(course: Path, lesson: Lesson, resolved: dict[str, list[Question]], result: BuildResult) -> LessonEntry:
    name = notebook_name(lesson)
    folder = course / "source" / lesson.id
    answers_file = answers_path(f"{name}.ipynb").name
    nb = lesson_notebook(lesson, resolved, answers_file)
    _write(folder / f"{name}.ipynb", nbformat.writes(nb) + "\n", result)
    _write(folder / f"{name}{QUIZ_FILE_SUFFIX}", _json(public_package(lesson, resolved, name)), result)
    return LessonEntry(name, lesson.title, lesson.hours, lesson.minutes, answers_file, {
        b.id: QuizEntry(b.mode, b.draw, tuple(q.id for q in resolved[b.id]),
                        slot_points(g) if (g := [q for q in resolved[b.id] if q.type not in HAND_GRADED]) else 0)
        for b in lesson.quizzes})


def public_package(lesson: Lesson, resolved: dict[str, list[Question]], name: str) -> dict:
    """What the learner's kernel may know: practice items with keys, exam items without."""
    quizzes = {}
    for block in lesson.quizzes:
        keys = block.mode == "practice"
        quizzes[block.id] = {"mode": block.mode, "title": block.title or lesson.title, "draw": block.draw,
                             "time_limit": block.time_limit, "shuffle": block.shuffle,
                             "items": [question_to_dict(q, keys=keys) for q in resolved[block.id]]}
    return {"schema": 1, "lesson": lesson.id, "title": lesson.title, "notebook": f"{name}.ipynb",
            "answers_file": answers_path(f"{name}.ipynb").name, "quizzes": quizzes}


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _write(path: Path, text: str, result: BuildResult) -> None:
    """Write only when the content changed, so a rebuild touches only what a change affects."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result.written.append(path)
