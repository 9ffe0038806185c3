"""The facts a report is computed from: gradebook rows joined with the manifest, roster and answers files."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..content.roster import Learner, load_roster
from ..core.draw import slot_count, slot_items
from ..core.messages import t
from ..core.model import HAND_GRADED
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
    manifest: dict
    learners: tuple[Learner, ...]
    lessons: tuple[LessonInfo, ...]
    submissions: dict[tuple[str, str], Submission]


def select(course_root: Path, options: ReportOptions, db_url: str | None = None) -> Selection:
    """Read the small tables once and keep the learners, lessons and submissions the options select."""
    root = Path(course_root)
    manifest = json.loads((root / "kit" / "manifest.json").read_text(encoding="utf-8"))
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


def select_lessons(gb: GradebookRecords, manifest: dict, options: ReportOptions) -> tuple[LessonInfo, ...]:
    due = {a.name: a.due for a in gb.assignments}
    chosen = [lid for lid in manifest["lessons"] if lid in due and (not options.lessons or lid in options.lessons)]
    return tuple(lesson_info(lid, manifest, due[lid], options) for lid in chosen)


def lesson_info(lid: str, manifest: dict, due: datetime | None, options: ReportOptions) -> LessonInfo:
    entry = manifest["lessons"][lid]
    hours = float(options.credits.get(lid, entry.get("hours", 1)))
    return LessonInfo(lid, entry.get("title", lid), hours, max_points(entry, manifest["items"]), due,
                      entry["notebook"], entry["answers_file"])


def max_points(entry: dict, catalogue: dict) -> float:
    """A lesson's full marks: every exam slot plus every hand-graded short answer."""
    total = 0.0
    for quiz in entry["quizzes"].values():
        if quiz["mode"] != "exam":
            continue
        graded = [i for i in quiz["items"] if catalogue[i]["type"] not in HAND_GRADED]
        total += quiz["slot_points"] * slot_count(len(graded), quiz.get("draw"))
        total += sum(float(catalogue[i]["points"]) for i in quiz["items"] if catalogue[i]["type"] in HAND_GRADED)
    return total


def select_submissions(gb: GradebookRecords, learners, lessons, options: ReportOptions) -> dict:
    who, which = {x.id for x in learners}, {x.id for x in lessons}
    return {(s.learner, s.lesson): s for s in gb.submissions
            if s.learner in who and s.lesson in which and options.in_window(s.at.date() if s.at else None)}


def cell_items(manifest: dict, lesson: str) -> dict[str, tuple[str, int | str]]:
    """grade cell → (quiz, slot number or short item id), from how `kit build` names a lesson's cells."""
    out: dict[str, tuple[str, int | str]] = {}
    for qid, quiz in manifest["lessons"][lesson]["quizzes"].items():
        graded = [i for i in quiz["items"] if manifest["items"][i]["type"] not in HAND_GRADED]
        out.update({f"{qid}-{s}": (qid, s) for s in range(1, slot_count(len(graded), quiz.get("draw")) + 1)})
        out.update({f"{qid}-{i}": (qid, i) for i in quiz["items"] if i not in graded})
    return out


def drawn(manifest: dict, learner: str, lesson: str, quiz: str) -> list[str]:
    """The items in a learner's grading slots, by the one draw rule (kit.core.draw)."""
    spec = manifest["lessons"][lesson]["quizzes"][quiz]
    hand = {i for i in spec["items"] if manifest["items"][i]["type"] in HAND_GRADED}
    return slot_items(spec["items"], hand, spec.get("draw"), learner, quiz)


def per_learner(manifest: dict, lesson: str, quiz: str) -> bool:
    """Whether learners get different items (a draw smaller than the pool) or all the same ones."""
    spec = manifest["lessons"][lesson]["quizzes"][quiz]
    auto = [i for i in spec["items"] if manifest["items"][i]["type"] not in HAND_GRADED]
    return slot_count(len(auto), spec.get("draw")) < len(auto)


def time_on_task(events) -> float:
    """Minutes between the first and last recorded event of a notebook (an answers file's `events`)."""
    stamps = sorted(e["t"] for e in events if isinstance(e, dict) and e.get("t"))
    if len(stamps) < 2:
        return 0.0
    span = datetime.fromisoformat(stamps[-1]) - datetime.fromisoformat(stamps[0])
    return round(span.total_seconds() / 60, 1)
