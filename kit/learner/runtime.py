"""What a lesson's code cell calls: find the lesson's quiz file, restore the learner's answers, show the quiz."""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..core.answers import AnswerSheet, FileStore, MemoryStore
from ..core.draw import learner_id, quiz_items
from ..core.errors import KitError
from ..core.messages import t
from ..core.notebook import QUIZ_FILE_SUFFIX
from ..core.types import HAND_GRADED, question_from_dict
from .quiz import Quiz, QuizSpec

_SHEETS: dict[Path, tuple[FileStore | MemoryStore, AnswerSheet]] = {}
_SHOWN: dict[str, Quiz] = {}


def shown(quiz: str) -> Quiz:
    """The quiz most recently shown in this kernel, to drive it from Python (tests, demos, accessibility tools)."""
    return _SHOWN[quiz]


def quiz_file(folder: Path) -> Path:
    """The one public quiz file of the lesson in this folder (written by `kit build`, keys only for practice)."""
    found = sorted(folder.glob(f"*{QUIZ_FILE_SUFFIX}"))
    if not found:
        raise KitError(t("quiz.not_found", quiz=str(folder)))
    return found[0]


def load_quiz(quiz: str, folder: Path, learner: str) -> tuple[QuizSpec, dict]:
    package = json.loads(quiz_file(folder).read_text(encoding="utf-8"))
    raw = package["quizzes"].get(quiz)
    if raw is None:
        raise KitError(t("quiz.not_found", quiz=quiz))
    pool = [question_from_dict(d) for d in raw["items"]]
    hand = {q.id for q in pool if q.type in HAND_GRADED}
    chosen = quiz_items([q.id for q in pool], hand, raw.get("draw"), learner, quiz)
    by_id = {q.id: q for q in pool}
    spec = QuizSpec(id=quiz, mode=raw["mode"], title=raw.get("title", quiz), time_limit=raw.get("time_limit"),
                    shuffle=bool(raw.get("shuffle")), items=tuple(by_id[i] for i in chosen))
    return spec, package


def is_course_source(folder: Path) -> bool:
    """A trainer previewing source/<lesson>/ in a course: answers there could leak into a release."""
    return folder.parent.name == "source" and (folder.parent.parent / "nbgrader_config.py").exists()


def sheet_for(path: Path, package: dict, learner: str) -> tuple[FileStore | MemoryStore, AnswerSheet]:
    """One sheet per answers file per kernel, shared by all quiz cells, so no cell overwrites another."""
    if path not in _SHEETS:
        store = MemoryStore() if is_course_source(path.parent) else FileStore(path)
        _SHEETS[path] = (store, store.load())
    store, sheet = _SHEETS[path]
    sheet.notebook, sheet.lesson = package.get("notebook", ""), package.get("lesson", "")
    if sheet.learner != learner:
        sheet.learner = learner
    return store, sheet


def show(quiz: str, folder: str | os.PathLike | None = None) -> Quiz | None:
    """Display quiz `quiz` of the lesson in `folder` (the notebook's folder by default).

    Under nbgrader (autograde, validate) it does nothing: the hidden cells grade from the answers file.
    """
    if os.environ.get("NBGRADER_EXECUTION"):
        return None
    here = Path(folder or os.getcwd()).resolve()
    learner = learner_id()
    spec, package = load_quiz(quiz, here, learner)
    store, sheet = sheet_for(here / package["answers_file"], package, learner)
    sheet.draws[quiz] = [q.id for q in spec.items]
    sheet.log("opened", quiz=quiz)
    store.save(sheet)
    _SHOWN[quiz] = Quiz(spec, sheet, store, learner)
    return _SHOWN[quiz]


def log_event(folder: Path, event: str, **details) -> None:
    """Add an event (e.g. submitted) to the lesson's answers file, through the kernel's open sheet if there is one."""
    folder = Path(folder).resolve()
    for path, (store, sheet) in _SHEETS.items():
        if path.parent == folder:
            sheet.log(event, **details)
            store.save(sheet)
            return
    try:
        package = json.loads(quiz_file(folder).read_text(encoding="utf-8"))
    except KitError:
        return  # not a kit lesson: nothing to record
    store = FileStore(folder / package["answers_file"])
    sheet = store.load()
    sheet.log(event, **details)
    store.save(sheet)
