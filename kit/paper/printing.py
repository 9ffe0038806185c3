"""`kit paper`: a lesson's printable quiz for each learner (question paper + answer sheet) and the trainer's key."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content.roster import Learner, load_roster, read_roster
from ..core.errors import KitError
from ..core.messages import t
from ..grader.pipeline import Course
from .items import keyed, learner_items, lesson_folder
from .layout import SheetLayout, sheet_layout
from .render import key_doc, paper_doc, render


@dataclass
class PrintResult:
    lesson: str
    learners: list[str]
    papers: list[Path] = field(default_factory=list)
    key: Path | None = None


def roster_for(course: Course, roster: Path | None = None) -> list[Learner]:
    """Who gets a paper: a roster file if given, else the course's roster, else the gradebook's learners."""
    if roster:
        return read_roster(roster)[0]
    learners = load_roster(course.root / "kit" / "roster.json")
    if learners:
        return learners
    with course.gradebook() as gb:
        return [Learner(s.id, s.first_name or "", "") for s in gb.students]


def layouts(course: Course, lesson: str, learners: list[str]) -> list[SheetLayout]:
    if not lesson_folder(course.root, lesson).is_dir():
        raise KitError(t("paper.no_lesson", lesson=lesson, course=course.root))
    return [sheet_layout(learner_items(course.root, course.course_id, lesson, who)) for who in learners]


def print_lesson(course: Course | Path, lesson: str, out_dir: Path, *, roster: Path | None = None,
                 only: list[str] | None = None, one_file: bool = False, key: Path | None = None) -> PrintResult:
    """Write each learner's PDF (or one for the branch) to out_dir, and the key inside the course (or `key`)."""
    course = course if isinstance(course, Course) else Course(Path(course))
    people = [x for x in roster_for(course, roster) if not only or x.id in only]
    if not people:
        raise KitError(t("paper.no_learners"))
    names = {x.id: x.name for x in people}
    sheets = layouts(course, lesson, list(names))
    result = PrintResult(lesson, list(names))
    printed = render([paper_doc(s, names[s.paper.learner]) for s in sheets], sheets[0].paper.title)
    out_dir = Path(out_dir)
    if one_file:
        result.papers.append(printed.write(out_dir / t("paper.branch_file", lesson=lesson)))
    else:
        result.papers += [printed.write(out_dir / t("paper.learner_file", lesson=lesson, learner=who), [who])
                          for who in names]
    answers = render([key_doc(s, names[s.paper.learner], keyed(course.root, s.paper)) for s in sheets],
                     sheets[0].paper.title)
    result.key = answers.write(key or paper_home(course, lesson) / t("paper.key_file", lesson=lesson))
    return result


def paper_home(course: Course, lesson: str) -> Path:
    """The trainer's paper folder inside the course: the key, staged scans, review lists."""
    return course.root / "kit" / "paper" / lesson
