"""The page's tables as escaped HTML: every cell is text, whoever wrote it (pure)."""
from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from ..core.messages import t
from .actions import ActionResult
from .flags import ItemWarning
from .overview import LearnerLine, LessonLine


def table(headers: list[str], rows: list[list[str]], cls: str) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    empty = f'<p class="kit-empty">{html.escape(t("console.empty"))}</p>' if not rows else ""
    return f'<table class="kit-table {cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{empty}'


def yes(flag: bool) -> str:
    return t("console.yes") if flag else t("console.no")


def lesson_table(lines: tuple[LessonLine, ...]) -> str:
    rows = [[x.title, yes(x.released), f"{x.submitted}/{x.roster}", str(x.collected), str(x.graded), str(x.pending),
             str(x.feedback)] for x in lines]
    return table(t("console.lesson_columns").split("|"), rows, "kit-lessons")


def when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else "–"


def learner_table(lines: tuple[LearnerLine, ...]) -> str:
    rows = [[x.id, x.name, x.branch, f"{x.done}/{x.lessons}", "–" if x.percent is None else f"{x.percent:g}%",
             t("console.hours", hours=x.hours, minimum=x.minimum) + ("" if x.hours_met else " ⚠"), when(x.last)]
            for x in lines]
    return table(t("console.learner_columns").split("|"), rows, "kit-learners")


def result_table(result: ActionResult, names: dict[str, str], root: Path) -> str:
    """One row per learner who failed or needed nothing, with the reason; the successes as one count above."""
    rows = [[who, names.get(who, ""), t("console.failed"), why] for who, why in result.failed.items()]
    rows += [[who, names.get(who, ""), t("console.skipped"), why] for who, why in result.skipped.items()]
    files = "".join(f'<li>{file_link(p, root)}</li>' for p in result.files)
    return (f'<p class="kit-summary">{html.escape(result.summary())}</p>'
            + (table(t("console.result_columns").split("|"), rows, "kit-results") if rows else "")
            + (f'<ul class="kit-files">{files}</ul>' if files else ""))


def file_link(path: Path, root: Path) -> str:
    """A written report as a link Voilà serves from the course folder (its file allowlist names reports only)."""
    relative = path.relative_to(root).as_posix()
    return f'<a href="voila/files/{quote(relative)}" target="_blank">{html.escape(relative)}</a>'


def warning_table(warnings: tuple[ItemWarning, ...]) -> str:
    def num(x: float | None) -> str:
        return "–" if x is None else f"{x:.2f}"

    rows = [[w.item, w.stem, w.key, num(w.facility), num(w.point_biserial), num(w.discrimination), w.where]
            for w in warnings]
    return table(t("console.warning_columns").split("|"), rows, "kit-warnings")
