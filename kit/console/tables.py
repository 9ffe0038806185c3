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
    return markup_table(headers, [[html.escape(str(c)) for c in row] for row in rows], cls)


def markup_table(headers: list[str], rows: list[list[str]], cls: str) -> str:
    """`rows` already escaped (a cell may hold a link this module built)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
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


def result_table(result: ActionResult, names: dict[str, str], root: Path, base: str = "/") -> str:
    """One row per learner who failed or needed nothing, with the reason; the successes as one count above."""
    rows = [[who, names.get(who, ""), t("console.failed"), why] for who, why in result.failed.items()]
    rows += [[who, names.get(who, ""), t("console.skipped"), why] for who, why in result.skipped.items()]
    files = "".join(f'<li>{file_link(p, root, base)}</li>' for p in result.files)
    return (f'<p class="kit-summary">{html.escape(result.summary())}</p>'
            + (table(t("console.result_columns").split("|"), rows, "kit-results") if rows else "")
            + (f'<ul class="kit-files">{files}</ul>' if files else ""))


def served(relative: str, base: str) -> str:
    """A file of the course folder through the Jupyter server's own /files/ handler (signed-in only); `base` is the
    server's base URL: / for kit console and kit lab, /user/<name>/ on the hub."""
    return f"{base.rstrip('/')}/files/{quote(relative)}"


def file_link(path: Path, root: Path, base: str = "/") -> str:
    relative = path.relative_to(root).as_posix()
    return f'<a href="{served(relative, base)}" target="_blank">{html.escape(relative)}</a>'


def warning_table(warnings: tuple[ItemWarning, ...], pages: dict[str, str] | None = None, base: str = "/") -> str:
    """One row per flagged item; its file:line links to the read-only view of the bank at that line when there is one."""
    def num(x: float | None) -> str:
        return "–" if x is None else f"{x:.2f}"

    def where(w: ItemWarning) -> str:  # the file's name and line; its whole path on the bank's page and on hover
        page = (pages or {}).get(w.file)
        text, path = html.escape(f"{Path(w.file).name}:{w.line}" if w.file else ""), html.escape(w.file, quote=True)
        return (f'<a class="kit-source-link" href="{served(page, base)}#L{w.line}" title="{path}" target="_blank">'
                f'{text}</a>') if page else f'<span title="{path}">{text}</span>'

    rows = [[html.escape(x) for x in (w.item, w.stem, w.key, num(w.facility), num(w.point_biserial),
                                      num(w.discrimination))] + [where(w)] for w in warnings]
    return markup_table(t("console.warning_columns").split("|"), rows, "kit-warnings")
