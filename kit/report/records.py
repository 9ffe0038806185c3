"""The facts a report is computed from: gradebook rows joined with the manifest, roster and answers files."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..content.roster import Learner, load_roster
from ..core.draw import slot_items
from ..core.messages import t
from ..course.manifest import LessonEntry, Manifest
from ..grader.gradebook import GradebookRecords, Submission, course_db_url, read_records
from .options import ReportOptions


@dataclass(frozen=True)
class LessonInfo:
    id: str
    title: str
    hours: float
    max_score: float
    due: datetime | None
    notebook: str
    answers_file: str


@dataclass(frozen=True)
class CourseRecords:
    learners: tuple[Learner, ...]
    lessons: tuple[LessonInfo, ...]
    submissions: dict[tuple[str, str], Submission]  # (learner, lesson) → submission in the window
    totals: dict[tuple[str, str], float]  # (learner, lesson) → points after the late penalty
    wrong: dict[str, int]  # learner → graded items below full marks
    minutes: dict[tuple[str, str], float]  # time on task from the answers file's events
    items: tuple  # ItemStats, one per (lesson, item) answered


@dataclass(frozen=True)
class Selection:
    """Who and what a report covers, before any grade is read."""

    root: Path
    db_url: str
    manifest: Manifest
    learners: tuple[Learner, ...]
    lessons: tuple[LessonInfo, ...]
    submissions: dict[tuple[str, str], Submission]


def select(course_root: Path, options: ReportOptions, db_url: str | None = None) -> Selection:
    """Read the small tables once and keep the learners, lessons and submissions the options select."""
    root = Path(course_root)
    manifest = Manifest.load(root)
    url = db_url or course_db_url(root)
    gradebook = read_records(url)
    learners = select_learners(gradebook, load_roster(root / "kit" / "roster.json"), options)
    lessons = select_lessons(gradebook, manifest, options)
    return Selection(root, url, manifest, learners, lessons, select_submissions(gradebook, learners, lessons, options))


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
    windowed = options.since is not None or options.until is not None  # else every submission is in the window
    return {(s.learner, s.lesson): s for s in gb.submissions
            if s.learner in who and s.lesson in which
            and (not windowed or options.in_window(s.at.date() if s.at else None))}


def cell_items(manifest: Manifest) -> dict[tuple[str, str], tuple[str, int | str]]:
    """(lesson, grade cell) → (quiz, slot number or short item id), for every lesson of the course."""
    return {(lid, cell): where for lid in manifest.lessons for cell, where in lesson_cells(manifest, lid).items()}


def lesson_cells(manifest: Manifest, lesson: str) -> dict[str, tuple[str, int | str]]:
    """grade cell → (quiz, slot number or short item id), from how `kit build` names a lesson's cells."""
    out: dict[str, tuple[str, int | str]] = {}
    for qid, quiz in manifest.lessons[lesson].quizzes.items():
        out.update({f"{qid}-{s}": (qid, s) for s in range(1, manifest.slot_count(quiz) + 1)})
        out.update({f"{qid}-{i}": (qid, i) for i in manifest.hand_graded(quiz)})
    return out


def drawn(manifest: Manifest, learner: str, lesson: str, quiz: str) -> list[str]:
    """The items in a learner's grading slots, by the one draw rule (kit.core.draw)."""
    spec = manifest.lessons[lesson].quizzes[quiz]
    return slot_items(spec.items, manifest.hand_graded(spec), spec.draw, learner, quiz)


def per_learner(manifest: Manifest, lesson: str, quiz: str) -> bool:
    """Whether learners get different items (a draw smaller than the pool) or all the same ones."""
    spec = manifest.lessons[lesson].quizzes[quiz]
    return manifest.slot_count(spec) < len(spec.items) - len(manifest.hand_graded(spec))


def time_on_task(events) -> float:
    """Minutes between the first and last recorded event of a notebook (an answers file's `events`)."""
    stamps = sorted(e["t"] for e in events if isinstance(e, dict) and e.get("t"))
    if len(stamps) < 2:
        return 0.0
    span = datetime.fromisoformat(stamps[-1]) - datetime.fromisoformat(stamps[0])
    return round(span.total_seconds() / 60, 1)
