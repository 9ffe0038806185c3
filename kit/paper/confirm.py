"""`kit confirm`: apply a review list the trainer has filled in, and submit each learner whose rows are all done."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..core.answers import FileStore
from ..core.errors import KitError, Problem
from ..core.messages import t
from ..grader.pipeline import Course
from .items import PaperQuiz, learner_items
from .responses import BadResponse, parse
from .review import ReviewRow, read_review
from .scan import staged_path
from .submission import submit_sheet


@dataclass
class ConfirmReport:
    submitted: list[str] = field(default_factory=list)
    waiting: dict[str, int] = field(default_factory=dict)  # learner → rows still empty
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        head = t("paper.confirm.summary", submitted=len(self.submitted), waiting=len(self.waiting),
                 problems=len(self.problems))
        waiting = [t("paper.confirm.waiting", learner=who, rows=n) for who, n in sorted(self.waiting.items())]
        return "\n".join([head, *waiting, *self.problems])


def confirm(course: Course | Path, path: Path) -> ConfirmReport:
    course = course if isinstance(course, Course) else Course(Path(course))
    rows = read_review(Path(path))
    if not rows:
        raise KitError(t("paper.confirm.empty", path=path))
    report = ConfirmReport()
    by_learner: dict[str, list[tuple[int, ReviewRow]]] = defaultdict(list)
    for number, row in rows:
        by_learner[row.learner].append((number, row))
    for learner, own in sorted(by_learner.items()):
        _confirm_learner(course, Path(path), learner, own, report)
    return report


def _confirm_learner(course: Course, path: Path, learner: str, rows: list[tuple[int, ReviewRow]],
                     report: ConfirmReport) -> None:
    lesson, batch = rows[0][1].lesson, rows[0][1].batch
    staged = staged_path(course, lesson, learner)
    if not staged.exists():
        report.problems.append(t("paper.confirm.not_staged", learner=learner))
        return
    store = FileStore(staged)
    sheet = store.load()
    if _batch(sheet) != batch:
        report.problems.append(t("paper.confirm.rescanned", learner=learner, batch=_batch(sheet)))
        return
    paper = learner_items(course.root, course.course_id, lesson, learner)
    responses, problems, empty = _responses(path, paper, rows)
    report.problems += problems
    if empty:
        report.waiting[learner] = empty
    if empty or problems:
        return
    for item in paper.items:
        if responses.get(item.n) is not None:
            sheet.record(item.quiz, item.question.id, responses[item.n])
    sheet.log("reviewed", file=path.name)
    try:
        submit_sheet(course, paper, sheet)
    except KitError as exc:  # the staged answers stay; confirming the same list again retries
        report.problems.append(str(exc))
        return
    staged.unlink()
    report.submitted.append(learner)


def _batch(sheet) -> str:
    return next((e.get("batch", "") for e in reversed(sheet.events) if e.get("event") == "paper"), "")


def _responses(path: Path, paper: PaperQuiz, rows: list[tuple[int, ReviewRow]]) -> tuple[dict, list[str], int]:
    items = {i.n: i for i in paper.items}
    responses, problems, empty = {}, [], 0
    for number, row in rows:
        item = items.get(row.n)
        if item is None or item.question.id != row.item:
            problems.append(str(Problem(str(path), number, row.learner, t("paper.confirm.no_item", n=row.n))))
        elif not row.answer:
            empty += 1
        else:
            try:
                responses[row.n] = parse(row.answer, item)
            except BadResponse as exc:
                where = t("paper.item_ref", learner=row.learner, n=row.n)
                problems.append(str(Problem(str(path), number, where, str(exc))))
    return responses, problems, empty
