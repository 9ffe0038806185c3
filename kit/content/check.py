"""`kit check`: validate banks and lessons together and report `file:line: id: problem`."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Problem
from ..core.fill import accepts, bare_form
from ..core.messages import t
from ..core.model import Question
from ..core.types import TYPES
from .bank import read_bank
from .lesson import read_lesson, resolve
from .near_duplicates import near_duplicate_groups

GROUPS_SHOWN = 50  # a bank with thousands of look-alikes prints this many groups and a count of the rest


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
    report.problems += [p for q in report.questions.values() for p in fill_bare_warnings(q)]
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
    """One warning per group of nearly equal stems (a re-typed item, or two banks covering one fact), at the
    group's first item; past GROUPS_SHOWN groups, one line counts the rest."""
    groups = near_duplicate_groups(questions)
    found = [_group_warning(group) for group in groups[:GROUPS_SHOWN]]
    if len(groups) > GROUPS_SHOWN:
        rest = groups[GROUPS_SHOWN:]
        first = rest[0][0]  # the line points at the first group not listed
        found.append(Problem(first.file, first.line, first.id, t("check.near_duplicate_more", groups=len(rest),
                                                                   items=sum(map(len, rest))), "warning"))
    return found


def _group_warning(group: list[Question]) -> Problem:
    first, others = group[0], group[1:]
    shown = "、".join(f"{q.id}（{q.file}:{q.line}）" for q in others[:10])
    more = t("check.near_duplicate_etc", count=len(others) - 10) if len(others) > 10 else ""
    return Problem(first.file, first.line, first.id,
                   t("check.near_duplicate", count=len(group), others=shown + more), "warning")


def fill_bare_warnings(q: Question) -> list[Problem]:
    """Warn about a fill key that begins with a number whose bare form (「5」 for 五个) the grading rule rejects."""
    if not TYPES[q.type].has_blanks or not q.answer:
        return []
    found = []
    for n, accepted in enumerate(q.answer, 1):
        bare = bare_form(accepted[0])
        if bare and not accepts(accepted, bare, q.stem):
            message = t("check.fill_bare", n=n, key=accepted[0], bare=bare)
            found.append(Problem(q.file, q.line, q.id, message, "warning"))
    return found
