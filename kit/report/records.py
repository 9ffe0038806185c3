"""The facts a report is computed from: gradebook rows joined with the manifest, roster and answers files."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from tqdm import tqdm

from ..content.roster import Learner, load_roster
from ..core.answers import read_sheet
from ..core.draw import slot_items
from ..core.messages import t
from ..course.manifest import LessonEntry, Manifest
from ..grader.gradebook import CellScore, GradebookRecords, Submission, course_db_url, read_records
from ..grader.layout import Layout
from .options import LARGE_COURSE, ReportOptions


@dataclass(frozen=True)
class LessonInfo:
    id: str
    title: str
    hours: float
    max_score: float
    due: datetime | None
    notebook: str
    answers_file: str


class ItemScore(NamedTuple):
    """One graded item a learner answered: its points and the option(s) chosen (a NamedTuple: there are many)."""

    learner: str
    lesson: str
    quiz: str
    item: str
    score: float
    max_score: float
    choice: Any = None  # hashable: an option id, a tuple of ids, a bool, a tuple of blanks, or text


@dataclass(frozen=True)
class CourseRecords:
    learners: tuple[Learner, ...]
    lessons: tuple[LessonInfo, ...]
    submissions: dict[tuple[str, str], Submission]  # (learner, lesson) → submission in the window
    totals: dict[tuple[str, str], float]  # (learner, lesson) → points after the late penalty
    items: tuple[ItemScore, ...]
    minutes: dict[tuple[str, str], float]  # time on task from the answers file's events
    catalogue: dict[str, dict]  # item id → manifest entry (keys, tags, stem)


def load_records(course_root: Path, options: ReportOptions, db_url: str | None = None) -> CourseRecords:
    """Read the gradebook once, keep what the options select, and join the answers files to it."""
    root = Path(course_root)
    manifest = Manifest.load(root)
    gradebook = read_records(db_url or course_db_url(root))
    learners = select_learners(gradebook, load_roster(root / "kit" / "roster.json"), options)
    lessons = select_lessons(gradebook, manifest, options)
    subs = select_submissions(gradebook, learners, lessons, options)
    sheets = read_sheets(root, subs, {x.id: x for x in lessons}, options)
    items = item_scores(gradebook.cells, subs, manifest, sheets)
    totals = lesson_totals(gradebook.cells, subs)
    minutes = {key: time_on_task(sheet) for key, sheet in sheets.items()}
    return CourseRecords(learners, lessons, subs, totals, items, minutes, manifest.items)


def select_learners(gb: GradebookRecords, roster: list[Learner], options: ReportOptions) -> tuple[Learner, ...]:
    """Roster learners, plus gradebook students the roster does not know (under an 'unassigned' branch)."""
    known = {x.id for x in roster}
    extra = [Learner(s.id, s.name, t("report.unassigned")) for s in gb.students if s.id not in known]
    everyone = sorted([*roster, *extra], key=lambda x: (x.committee, x.branch, x.id))
    return tuple(x for x in everyone if not options.branches or x.branch in options.branches)


def select_lessons(gb: GradebookRecords, manifest: Manifest, options: ReportOptions) -> tuple[LessonInfo, ...]:
    due = {a.name: a.due for a in gb.assignments}
    chosen = [lid for lid in manifest.lessons if lid in due and (not options.lessons or lid in options.lessons)]
    return tuple(lesson_info(lid, manifest, due[lid], options) for lid in chosen)


def lesson_info(lid: str, manifest: Manifest, due: datetime | None, options: ReportOptions) -> LessonInfo:
    entry = manifest.lessons[lid]
    hours = float(options.credits.get(lid, entry.hours))
    return LessonInfo(lid, entry.title or lid, hours, max_points(entry, manifest), due, entry.notebook,
                      entry.answers_file)


def max_points(entry: LessonEntry, manifest: Manifest) -> float:
    """A lesson's full marks: every exam slot plus every hand-graded short answer."""
    total = 0.0
    for quiz in entry.quizzes.values():
        if quiz.mode != "exam":
            continue
        total += quiz.slot_points * manifest.slot_count(quiz)
        total += sum(float(manifest.items[i]["points"]) for i in manifest.hand_graded(quiz))
    return total


def select_submissions(gb: GradebookRecords, learners, lessons, options: ReportOptions) -> dict:
    who, which = {x.id for x in learners}, {x.id for x in lessons}
    return {(s.learner, s.lesson): s for s in gb.submissions
            if s.learner in who and s.lesson in which and options.in_window(s.at.date() if s.at else None)}


def read_sheets(root: Path, subs: dict, lessons: dict[str, LessonInfo], options: ReportOptions) -> dict:
    """The submitted answers file of every selected submission (missing or damaged ones are left out)."""
    keys = sorted(subs)
    bar = tqdm(keys, desc=t("report.reading"), unit="份", disable=not options.progress or len(keys) < LARGE_COURSE)
    sheets, layout = {}, Layout(root)
    for learner, lesson in bar:
        sheet = read_sheet(layout.folder("submitted", learner, lesson) / lessons[lesson].answers_file)
        if sheet is not None:
            sheets[(learner, lesson)] = sheet
    return sheets


def lesson_totals(cells: tuple[CellScore, ...], subs: dict) -> dict[tuple[str, str], float]:
    raw: dict[tuple[str, str], float] = {key: 0.0 for key in subs}
    for c in cells:
        if (c.learner, c.lesson) in raw:
            raw[(c.learner, c.lesson)] += c.score
    return {key: max(0.0, value - subs[key].penalty) for key, value in raw.items()}


def cell_items(manifest: Manifest) -> dict[tuple[str, str], tuple[str, int | str]]:
    """(lesson, grade cell) → (quiz, slot number or short item id), from how `kit build` names cells."""
    out: dict[tuple[str, str], tuple[str, int | str]] = {}
    for lid, entry in manifest.lessons.items():
        for qid, quiz in entry.quizzes.items():
            out.update({(lid, f"{qid}-{s}"): (qid, s) for s in range(1, manifest.slot_count(quiz) + 1)})
            out.update({(lid, f"{qid}-{i}"): (qid, i) for i in manifest.hand_graded(quiz)})
    return out


def item_scores(cells, subs: dict, manifest: Manifest, sheets: dict) -> tuple[ItemScore, ...]:
    where, out = cell_items(manifest), []
    draws: dict[tuple[str, str], list[str]] = {}
    for c in cells:
        if (c.learner, c.lesson) not in subs or (c.lesson, c.cell) not in where:
            continue
        quiz, slot = where[(c.lesson, c.cell)]
        item = slot if isinstance(slot, str) else drawn(draws, manifest, c.learner, c.lesson, quiz)[slot - 1]
        sheet = sheets.get((c.learner, c.lesson))
        choice = hashable(sheet.response(quiz, item)) if sheet else None
        out.append(ItemScore(c.learner, c.lesson, quiz, item, c.score, c.max_score, choice))
    return tuple(out)


def drawn(cache: dict, manifest: Manifest, learner: str, lesson: str, quiz: str) -> list[str]:
    """The items a learner got, by the same rule the hidden grading cells use."""
    if (learner, quiz) not in cache:
        spec = manifest.lessons[lesson].quizzes[quiz]
        cache[(learner, quiz)] = slot_items(spec.items, manifest.hand_graded(spec), spec.draw, learner, quiz)
    return cache[(learner, quiz)]


def hashable(response: Any) -> Any:
    if isinstance(response, list):
        return tuple(hashable(r) for r in response)
    return str(response) if isinstance(response, (dict, set)) else response


def time_on_task(sheet) -> float:
    """Minutes between the first and last recorded event of a notebook."""
    stamps = sorted(e["t"] for e in sheet.events if e.get("t"))
    if len(stamps) < 2:
        return 0.0
    span = datetime.fromisoformat(stamps[-1]) - datetime.fromisoformat(stamps[0])
    return round(span.total_seconds() / 60, 1)
