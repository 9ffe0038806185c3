"""`kit entry`: typed answers as a fallback when no scanner is at hand, one XLSX row per learner.

The template has one column per printed question number (第1题 …); each cell takes what the paper shows:
letters, 对/错, or the written text. Rows go through the same answers file and nbgrader submission as scans.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content.roster import HEADERS
from ..core.errors import KitError, Problem
from ..core.messages import t
from ..grader.pipeline import Course
from .items import learner_items
from .printing import layouts, roster_for
from .responses import BadResponse, format_hint, parse
from .submission import answer_sheet, submit_sheet

NUMBER = re.compile(r"^第?\s*(\d+)\s*题?$")


@dataclass
class EntryReport:
    submitted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # rows with nothing typed
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        head = t("paper.entry.summary", submitted=len(self.submitted), skipped=len(self.skipped),
                 problems=len(self.problems))
        return "\n".join([head, *self.problems])


def write_template(course: Course | Path, lesson: str, path: Path, roster: Path | None = None) -> Path:
    """An XLSX with a row per learner and a column per question number; each cell notes what to type."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    course = course if isinstance(course, Course) else Course(Path(course))
    people = roster_for(course, roster)
    sheets = layouts(course, lesson, [x.id for x in people])
    width = max(len(s.paper.items) for s in sheets)
    book = Workbook()
    ws = book.active
    ws.title = lesson[:31]
    ws.append([t("paper.entry.id"), t("paper.entry.name")] + [t("paper.entry.n", n=n) for n in range(1, width + 1)])
    for row, (person, layout) in enumerate(zip(people, sheets), start=2):
        ws.append([person.id, person.name])
        for item in layout.paper.items:
            ws.cell(row, item.n + 2).comment = Comment(format_hint(item), "kit")
    ws.freeze_panes = "C2"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def enter(course: Course | Path, lesson: str, path: Path) -> EntryReport:
    """Submit every fully valid row; a row with a bad cell is reported (file, row, question) and left out."""
    course = course if isinstance(course, Course) else Course(Path(course))
    header, rows = _rows(Path(path))
    id_col, numbers = _columns(header, Path(path))
    known = {x.id for x in roster_for(course)}
    report = EntryReport()
    for number, values in rows:
        learner = str(values[id_col] or "").strip() if id_col < len(values) else ""
        if not learner:
            continue
        cells = {n: values[c] if c < len(values) else None for c, n in numbers.items()}
        _enter_row(course, lesson, Path(path), number, learner, cells, learner in known or not known, report)
    return report


def _enter_row(course: Course, lesson: str, path: Path, number: int, learner: str, cells: dict, known: bool,
               report: EntryReport) -> None:
    if not known:
        report.problems.append(str(Problem(str(path), number, learner, t("paper.entry.unknown", learner=learner))))
        return
    if all(v is None or not str(v).strip() for v in cells.values()):
        report.skipped.append(learner)
        return
    paper = learner_items(course.root, course.course_id, lesson, learner)
    responses, problems = {}, []
    for item in paper.items:
        try:
            responses[item.n] = parse(cells.get(item.n), item)
        except BadResponse as exc:
            problems.append(str(Problem(str(path), number, t("paper.item_ref", learner=learner, n=item.n), str(exc))))
    extra = [n for n, v in cells.items() if n > len(paper.items) and v is not None and str(v).strip()]
    problems += [str(Problem(str(path), number, learner, t("paper.entry.extra", n=n))) for n in extra]
    report.problems += problems
    if problems:
        return
    try:
        submit_sheet(course, paper, answer_sheet(paper, responses, typed=path.name))
    except KitError as exc:  # one learner's failed submission never stops the others
        report.problems.append(str(exc))
        return
    report.submitted.append(learner)


def _rows(path: Path) -> tuple[list, list[tuple[int, list]]]:
    from openpyxl import load_workbook

    try:
        ws = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a file that is not an XLSX
        raise KitError(t("paper.entry.unreadable", path=path, detail=str(exc)[:200])) from exc
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    if not rows:
        raise KitError(t("paper.entry.unreadable", path=path, detail=t("paper.entry.no_rows")))
    return rows[0], list(enumerate(rows[1:], start=2))


def _columns(header: list, path: Path) -> tuple[int, dict[int, int]]:
    names = [str(h or "").strip() for h in header]
    ids = [k for k, name in enumerate(names) if name in HEADERS["id"]]
    numbers = {k: int(m[1]) for k, name in enumerate(names) if (m := NUMBER.match(name))}
    if not ids or not numbers:
        raise KitError(t("paper.entry.no_columns", path=path, header="、".join(names)))
    return ids[0], numbers
