"""`kit scan`: read answer sheets, submit the learners whose sheets are clear, list the rest for review."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import numpy as np

from ..core.answers import FileStore
from ..core.errors import KitError
from ..core.messages import t
from ..grader.pipeline import Course
from .bubbles import Reading, read_page
from .identity import SheetId, fingerprint, read_sheet_id
from .items import learner_items
from .layout import SheetLayout, sheet_layout
from .markers import NoSheet, find_markers, straighten
from .pages import is_blank, pages, scan_files
from .printing import paper_home, roster_for
from .responses import format_hint
from .review import ReviewRow, write_review
from .submission import answer_sheet, is_released, submit_sheet


class PageProblem(ValueError):
    """A page that cannot be read as one of this lesson's sheets; the message names the file."""


@dataclass
class ScanReport:
    lesson: str
    batch: str
    sheets: int = 0
    blank: int = 0  # empty pages (backs of a two-sided scan), skipped
    submitted: list[str] = field(default_factory=list)
    waiting: dict[str, int] = field(default_factory=dict)  # learner → items to confirm
    problems: list[str] = field(default_factory=list)
    review: Path | None = None

    def summary(self) -> str:
        lines = [t("paper.scan.summary", lesson=self.lesson, sheets=self.sheets, submitted=len(self.submitted),
                   waiting=len(self.waiting), problems=len(self.problems))]
        if self.blank:
            lines.append(t("paper.scan.blank", pages=self.blank))
        if self.review:
            lines.append(t("paper.scan.review", path=self.review, rows=sum(self.waiting.values())))
        return "\n".join(lines + self.problems)


class Papers:
    """The lesson's sheet layouts, one per learner, computed on first sight of their QR code."""

    def __init__(self, course: Course, lesson: str):
        self.course, self.lesson = course, lesson
        self._cache: dict = {}

    def layout(self, learner: str) -> SheetLayout:
        if learner not in self._cache:
            self._cache[learner] = sheet_layout(learner_items(self.course.root, self.course.course_id, self.lesson,
                                                              learner))
        return self._cache[learner]


def identify(gray: np.ndarray, where: str) -> tuple[SheetId, np.ndarray]:
    """The sheet's id and the straightened sheet (tried both ways up: a sheet may be fed in upside down)."""
    try:
        corners = find_markers(gray)
    except NoSheet:
        raise PageProblem(t("paper.scan.no_sheet", where=where)) from None
    for half_turn in (False, True):
        sheet = straighten(gray, corners, half_turn)
        sheet_id = read_sheet_id(sheet)
        if sheet_id:
            return sheet_id, sheet
    raise PageProblem(t("paper.scan.no_qr", where=where))


def read_image(gray: np.ndarray, where: str, papers: Papers) -> tuple[SheetId, list[Reading]]:
    sheet_id, sheet = identify(gray, where)
    if sheet_id.lesson != papers.lesson or sheet_id.course != papers.course.course_id:
        raise PageProblem(t("paper.scan.other_lesson", where=where, lesson=sheet_id.lesson, expected=papers.lesson))
    layout = papers.layout(sheet_id.learner)
    if fingerprint(layout) != sheet_id.fingerprint or sheet_id.page > layout.pages:
        raise PageProblem(t("paper.scan.changed", where=where, learner=sheet_id.learner))
    return sheet_id, read_page(sheet, layout.on_page(sheet_id.page))


def staged_path(course: Course, lesson: str, learner: str) -> Path:
    return paper_home(course, lesson) / "staged" / f"{quote(learner, safe='')}.answers.json"


def scan(course: Course | Path, lesson: str, paths: list[Path], *, review: Path | None = None) -> ScanReport:
    """Read every page; submit each learner whose sheet needs no review; stage the others with a review list."""
    course = course if isinstance(course, Course) else Course(Path(course))
    if not is_released(course, lesson):
        raise KitError(t("paper.not_released", lesson=lesson))
    report = ScanReport(lesson, datetime.now().strftime("%Y%m%d-%H%M%S"))
    papers, found = Papers(course, lesson), dict[str, dict]()
    for path in scan_files(paths):
        for page in pages(path):
            _read_one(page, papers, found, report)
    names = {x.id: x.name for x in roster_for(course)}
    rows: list[ReviewRow] = []
    for learner, by_page in sorted(found.items()):
        rows += _settle(course, papers.layout(learner), by_page, names.get(learner, ""), report)
    if rows:
        report.review = write_review(rows, review or paper_home(course, lesson) / t(
            "paper.review_file", lesson=lesson, batch=report.batch))
    return report


def _read_one(page, papers: Papers, found: dict, report: ScanReport) -> None:
    if page.image is None:
        report.problems.append(page.problem)
        return
    if is_blank(page.image):
        report.blank += 1
        return
    try:
        sheet_id, readings = read_image(page.image, page.where, papers)
    except PageProblem as exc:
        report.problems.append(str(exc))
        return
    report.sheets += 1
    pages_seen = found.setdefault(sheet_id.learner, {})
    if sheet_id.page in pages_seen:
        report.problems.append(t("paper.scan.duplicate", where=page.where, learner=sheet_id.learner,
                                 page=sheet_id.page, first=pages_seen[sheet_id.page][0]))
        return
    pages_seen[sheet_id.page] = (page.where, readings)


def _settle(course: Course, layout: SheetLayout, by_page: dict, name: str, report: ScanReport) -> list[ReviewRow]:
    """Submit a learner whose pages are all here and all clear; otherwise stage them and return review rows."""
    learner, paper = layout.paper.learner, layout.paper
    missing = [p for p in range(1, layout.pages + 1) if p not in by_page]
    if missing:
        report.problems.append(t("paper.scan.missing_page", learner=learner, pages="、".join(map(str, missing))))
        return []
    readings = [r for p in sorted(by_page) for r in by_page[p][1]]
    wheres = [by_page[p][0] for p in sorted(by_page)]
    sheet = answer_sheet(paper, {r.slot.item.n: r.response for r in readings if r.clear},
                         scanned=wheres, batch=report.batch)
    rows = [_row(r, learner, name, report.batch, paper.lesson, by_page[r.slot.page][0])
            for r in readings if not r.clear]
    if rows:
        FileStore(_mkdir(staged_path(course, paper.lesson, learner))).save(sheet)
        report.waiting[learner] = len(rows)
        return rows
    try:
        submit_sheet(course, paper, sheet)
    except KitError as exc:  # one learner's failed submission never stops the batch, and loses nothing
        FileStore(_mkdir(staged_path(course, paper.lesson, learner))).save(sheet)
        report.problems.append(t("paper.scan.kept", detail=str(exc), path=staged_path(course, paper.lesson, learner)))
        return []
    report.submitted.append(learner)
    return []


def _mkdir(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _row(reading: Reading, learner: str, name: str, batch: str, lesson: str, where: str) -> ReviewRow:
    item = reading.slot.item
    reason = item.type if reading.status == "write" else reading.status
    seen = {"blank": t("paper.seen.blank"), "write": ""}.get(reading.seen, reading.seen)
    return ReviewRow(learner, name, item.n, item.type, reason, seen, format_hint(item), batch, lesson,
                     item.quiz, item.question.id, where, reading.crop)
