"""`kit check`: validate banks and lessons together and report `file:line: id: problem`."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Problem
from ..core.messages import t
from ..core.model import Question
from .bank import read_bank
from .lesson import read_lesson, resolve

NEAR_DUPLICATE = 0.9


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    questions: dict[str, Question] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def summary(self) -> str:
        if self.errors:
            return t("check.failed", errors=len(self.errors), warnings=len(self.warnings))
        return t("check.clean", files=self.files, items=len(self.questions), warnings=len(self.warnings))


def check_paths(paths: list[Path]) -> Report:
    """Check every bank (*.yml, fact tables excluded) and lesson (*.md) under the given paths."""
    report = Report()
    banks, lessons = _collect(paths, report)
    for path in banks:
        _check_bank(path, report)
    report.problems += near_duplicates(list(report.questions.values()))
    for path in lessons:
        _check_lesson(path, report)
    return report


def _collect(paths: list[Path], report: Report) -> tuple[list[Path], list[Path]]:
    banks: list[Path] = []
    lessons: list[Path] = []
    for path in paths:
        found = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml", ".md"))
        found = [p for p in found if "facts" not in p.parts and p.name != "README.md"]
        if not found:
            report.problems.append(Problem(str(path), 0, "", t("check.no_files", path=path)))
        banks += [p for p in found if p.suffix in (".yml", ".yaml")]
        lessons += [p for p in found if p.suffix == ".md"]
    report.files = len(banks) + len(lessons)
    if lessons and not banks:  # lessons need their banks: read the project's quizzes/ beside lessons/ too
        banks = sorted({b for p in lessons for b in (p.parent.parent / "quizzes").glob("*.yml")})
    return banks, lessons


def _check_bank(path: Path, report: Report) -> None:
    bank, problems = read_bank(path)
    report.problems += problems
    for q in bank.items if bank else ():
        if q.id in report.questions:
            other = report.questions[q.id]
            report.problems.append(Problem(q.file, q.line, q.id, t("check.duplicate_id", other=f"{other.file}:{other.line}")))
        else:
            report.questions[q.id] = q


def _check_lesson(path: Path, report: Report) -> None:
    lesson, problems = read_lesson(path)
    report.problems += problems
    if lesson is not None:
        report.problems += resolve(lesson, report.questions)[1]


def near_duplicates(questions: list[Question]) -> list[Problem]:
    """Warn about stems that are nearly the same (a re-typed item, or two banks covering one fact)."""
    live = [q for q in questions if q.status != "retired"]
    found = []
    for i, a in enumerate(live):
        for b in live[i + 1:]:
            matcher = difflib.SequenceMatcher(None, a.stem, b.stem, autojunk=False)
            if matcher.real_quick_ratio() >= NEAR_DUPLICATE and matcher.quick_ratio() >= NEAR_DUPLICATE \
                    and matcher.ratio() >= NEAR_DUPLICATE:
                found.append(Problem(b.file, b.line, b.id, t("check.near_duplicate", other=a.id), "warning"))
    return found
