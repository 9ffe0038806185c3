"""The learner's own progress: lessons, scores, 学时 against the yearly minimum, and the 错题本 count."""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import KitError
from ..core.messages import t


@dataclass(frozen=True)
class LessonProgress:
    title: str
    score: float | None
    max_score: float
    hours: float
    status: str  # done | late | pending


@dataclass(frozen=True)
class Progress:
    learner: str
    name: str
    lessons: tuple[LessonProgress, ...]
    year: int
    hours: float
    minimum: int
    review: int  # items waiting in the 错题本


def learner_progress(course_root: Path | str, learner: str, review_dir: Path | None = None) -> Progress:
    from . import build_report
    from .review import pending_count

    root = Path(course_root).resolve()
    report = build_report(root)
    row = next((r for r in report.learners if r.learner.id == learner), None)
    if row is None:
        raise KitError(t("review.unknown_learner", learner=learner))
    lessons = tuple(LessonProgress(x.title, s, x.max_score, x.hours,
                                   "pending" if s is None else "late" if x.id in row.late else "done")
                    for x, s in zip(report.lessons, row.scores))
    pending = pending_count(review_dir or root / "review" / learner, learner)
    return Progress(learner, row.learner.name, lessons, report.year, row.hours, row.minimum,
                    row.wrong if pending is None else pending)


def progress_html(p: Progress) -> str:
    """The widget's body: plain HTML, large type, no script."""
    rows = "".join(
        f"<tr><td>{html.escape(x.title)}</td><td>{'–' if x.score is None else f'{x.score:g} / {x.max_score:g}'}</td>"
        f"<td>{x.hours:g}</td><td>{t('progress.' + x.status)}</td></tr>" for x in p.lessons)
    head = "".join(f"<th>{t(k)}</th>" for k in ("progress.lesson", "progress.score", "progress.hours", "progress.status"))
    share = min(100, round(100 * p.hours / p.minimum)) if p.minimum else 100
    return (f'<div class="kit-progress" style="font-size:17px;line-height:1.6">'
            f'<h3 style="color:#b71c1c">{html.escape(t("progress.title", name=p.name))}</h3>'
            f'<p>{t("progress.year_hours", year=p.year, hours=p.hours, minimum=p.minimum)}</p>'
            f'<div style="background:#eee;width:320px;height:14px"><div style="background:#b71c1c;width:{share}%;height:14px">'
            f'</div></div><table style="border-collapse:collapse;margin:8px 0"><tr>{head}</tr>{rows}</table>'
            f'<p><b>{t("progress.review_count", n=p.review)}</b></p></div>')

