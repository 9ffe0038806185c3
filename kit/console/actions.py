"""The trainer's five buttons: each runs nbgrader's own steps learner by learner, safe to press twice."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import KitError
from ..core.messages import t
from ..grader.autograde import autograde
from ..grader.pipeline import Course
from ..grader.status import lesson_state

Progress = Callable[[int, int], None]  # (done, total): the page's progress bar


@dataclass
class ActionResult:
    action: str
    lesson: str = ""
    done: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # learner (or lesson) → why nothing was needed
    failed: dict[str, str] = field(default_factory=dict)  # learner → the reason, in Chinese
    files: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        if self.action == "report":
            return t("console.result_files", action=t("console.action.report"), files=len(self.files))
        return t("console.result", action=t(f"console.action.{self.action}"), done=len(self.done),
                 skipped=len(self.skipped), failed=len(self.failed))


def _each(result: ActionResult, learners: list[str], step: Callable[[str], None], progress: Progress) -> ActionResult:
    """Run one learner's step after another; a failure is recorded with its reason and the batch goes on."""
    for n, who in enumerate(learners, 1):
        try:
            step(who)
            result.done.append(who)
        except KitError as exc:
            result.failed[who] = str(exc)
        progress(n, len(learners))
    return result


def release(course: Course, lesson: str, progress: Progress) -> ActionResult:
    """generate_assignment + release_assignment; a lesson already released stays as learners fetched it."""
    result = ActionResult("release", lesson)
    if lesson_state(course, lesson).released:
        result.skipped[lesson] = t("console.already_released")
    else:
        course.generate(lesson)
        progress(1, 2)
        course.release(lesson)
        result.done.append(lesson)
    progress(2, 2)
    return result


def collect(course: Course, lesson: str, progress: Progress) -> ActionResult:
    """nbgrader collect, one learner at a time (collect keeps the newest hand-in; again is harmless)."""
    state = lesson_state(course, lesson)
    return _each(ActionResult("collect", lesson), sorted(state.submitted), lambda who: course.collect(lesson, who),
                 progress)


def grade(course: Course, lesson: str, progress: Progress) -> ActionResult:
    """The kit's autograde (nbgrader's pipeline) for every hand-in not yet graded in its current version."""
    state = lesson_state(course, lesson)
    result = ActionResult("grade", lesson)
    result.skipped.update({who: t("console.already_graded") for who in sorted(state.autograded)})
    todo = sorted(state.collected - state.autograded)
    if todo:
        count = iter(range(1, len(todo) + 1))
        report = autograde(course, lesson, todo, on_outcome=lambda _o: progress(next(count), len(todo)))
        result.done, result.failed = list(report.graded), dict(report.failed)
    progress(1, 1)
    return result


def feedback(course: Course, lesson: str, progress: Progress) -> ActionResult:
    """generate_feedback + release_feedback per graded learner; a learner with unmarked 学习体会 waits."""
    from .marking import short_answers

    state = lesson_state(course, lesson)
    unmarked = {a.learner for a in short_answers(course, lesson) if not a.marked}
    result = ActionResult("feedback", lesson)
    result.skipped.update({who: t("console.not_marked") for who in sorted(state.autograded & unmarked)})

    def send(who: str) -> None:
        course.generate_feedback(lesson, who)
        course.release_feedback(lesson, who)

    return _each(result, sorted(state.autograded - unmarked), send, progress)


def report(course: Course, lesson: str, progress: Progress) -> ActionResult:
    """kit report for the whole course: the HTML report, the XLSX 学习台账 and CSV files under reports/."""
    from ..report import write_reports

    progress(0, 1)
    result = ActionResult("report", files=write_reports(course.root, course.root / "reports"))
    progress(1, 1)
    return result


ACTIONS: dict[str, Callable[[Course, str, Progress], ActionResult]] = {
    "release": release, "collect": collect, "grade": grade, "feedback": feedback, "report": report}
