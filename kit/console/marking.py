"""批改学习体会: the short answers waiting for a trainer, and their marks written to nbgrader's gradebook."""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..content.roster import load_roster
from ..core.answers import read_sheet
from ..core.errors import KitError
from ..core.messages import t
from ..course.manifest import Manifest
from ..grader.layout import Layout
from ..grader.pipeline import Course
from ..report.records import cell_items

STEP = 0.5  # rubric points are marked in half points


@dataclass(frozen=True)
class ShortAnswer:
    lesson: str
    learner: str
    name: str
    branch: str
    notebook: str
    cell: str  # nbgrader's grade cell: {quiz}-{item}
    item: str
    stem: str
    reference: str
    rubric: tuple[str, ...]
    max_score: float
    text: str  # the learner's own words, untrusted: always shown escaped
    score: float | None  # nbgrader's manual score, None until marked
    comment: str
    points: tuple[float, ...] = ()  # the score per rubric point, as last given on this page

    @property
    def marked(self) -> bool:
        return self.score is not None

    @property
    def key(self) -> str:
        return f"{self.lesson}/{self.learner}/{self.cell}"

    @property
    def point_max(self) -> tuple[float, ...]:
        return split_points(self.max_score, max(1, len(self.rubric)))


    @property
    def shown_points(self) -> tuple[float, ...]:
        """The boxes' values: as given on this page, else a mark from elsewhere (formgrader) spread by the rubric."""
        if self.points or self.score is None:
            return self.points or tuple(0.0 for _ in self.point_max)
        ratio = self.score / self.max_score if self.max_score else 0.0
        shares = [round(ratio * top / STEP) * STEP for top in self.point_max[:-1]]
        return tuple(shares + [min(self.point_max[-1], max(0.0, round(self.score - sum(shares), 2)))])


def split_points(total: float, n: int) -> tuple[float, ...]:
    """The full marks of each rubric point: equal half-point shares, the last one takes what is left."""
    share = int(total / n / STEP) * STEP
    return tuple([share] * (n - 1) + [round(total - share * (n - 1), 2)])


def check_points(answer: ShortAnswer, points: list[float]) -> float:
    """The total of a rubric's scores; a clear error for a missing or out-of-range score."""
    if len(points) != len(answer.point_max):
        raise KitError(t("console.mark.count", want=len(answer.point_max)))
    for n, (got, top) in enumerate(zip(points, answer.point_max), 1):
        if got is None or not 0 <= got <= top:
            raise KitError(t("console.mark.range", n=n, max=top))
    return round(sum(points), 2)


def short_answers(course: Course, lesson: str | None = None) -> list[ShortAnswer]:
    """Every collected short answer (of one lesson, or all), in lesson, learner, cell order."""
    manifest, layout = Manifest.load(course.root), Layout(course.root)
    where, roster = cell_items(manifest), {x.id: x for x in load_roster(course.root / "kit" / "roster.json")}
    breakdown = _load_points(course)
    out = []
    with course.gradebook() as gb:
        for assignment in gb.assignments:
            if lesson and assignment.name != lesson:
                continue
            for sub in assignment.submissions:
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        found = where.get((assignment.name, grade.name))
                        if grade.cell.cell_type == "markdown" and found:
                            comment = gb.find_comment(grade.name, nb.name, assignment.name, sub.student_id)
                            out.append(_answer(layout, manifest, roster, sub, nb.name, grade, found, comment))
    out = [replace(a, points=tuple(breakdown.get(a.key, ()))) for a in out]
    return sorted(out, key=lambda a: (list(manifest.lessons).index(a.lesson), a.learner, a.cell))


def _answer(layout, manifest, roster, sub, notebook, grade, found, comment) -> ShortAnswer:
    quiz, item = found
    entry = manifest.items.get(item, {})
    sheet = read_sheet(layout.folder("submitted", sub.student_id, sub.assignment.name)
                       / manifest.lessons[sub.assignment.name].answers_file)
    text = sheet.response(quiz, item) if sheet else None
    who = roster.get(sub.student_id)
    return ShortAnswer(sub.assignment.name, sub.student_id, who.name if who else sub.student.first_name or "",
                       who.branch if who else "", notebook, grade.name, item, entry.get("stem", ""),
                       entry.get("reference", ""), tuple(entry.get("rubric", ())), float(grade.max_score),
                       "" if text is None else str(text), grade.manual_score, comment.manual_comment or "")


def save_mark(course: Course, answer: ShortAnswer, points: list[float], comment: str) -> ShortAnswer:
    """Write the mark as nbgrader's manual grade and comment (so formgrader, feedback and reports agree)."""
    score = check_points(answer, points)
    with course.gradebook() as gb:
        grade = gb.find_grade(answer.cell, answer.notebook, answer.lesson, answer.learner)
        grade.manual_score, grade.needs_manual_grade = score, False
        note = gb.find_comment(answer.cell, answer.notebook, answer.lesson, answer.learner)
        note.manual_comment = comment.strip()
        gb.db.commit()
    _save_points(course, answer.key, points)
    return replace(answer, score=score, comment=comment.strip(), points=tuple(points))


def _points_file(course: Course) -> Path:
    return course.root / "kit" / "marks.json"


def _load_points(course: Course) -> dict[str, list[float]]:
    path = _points_file(course)
    return json.loads(path.read_text(encoding="utf-8"))["points"] if path.exists() else {}


def _save_points(course: Course, key: str, points: list[float]) -> None:
    """The per-point scores beside the gradebook (which keeps only their total), written atomically."""
    data = {"schema": 1, "points": {**_load_points(course), key: list(points)}}
    path = _points_file(course)
    fd, tmp = tempfile.mkstemp(prefix=".marks.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
    os.replace(tmp, path)
