"""The self-contained HTML report: inline CSS, charts as inline SVG, no network."""
from __future__ import annotations

import sys
from pathlib import Path

from ..core.messages import t
from .analysis import Report, filter_text
from .charts import charts
from .tables import Table, group_table, item_table

TEMPLATES = Path(__file__).resolve().parent / "templates"


def headline(report: Report) -> str:
    average = "–" if report.average is None else report.average
    return t("report.headline", learners=len(report.learners), lessons=len(report.lessons),
             completion=report.completion, average=average)


def drawn_charts(report: Report) -> dict[str, str]:
    """The charts, or none with a warning: a chart is never worth losing the report it sits in."""
    try:
        return charts(report)
    except Exception as exc:  # noqa: BLE001 - any drawing failure only costs the pictures
        print(t("report.charts_failed", detail=exc), file=sys.stderr)
        return {}


def render_html(report: Report) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["j2", "html"]))
    titles = {x.id: x.title for x in report.lessons}
    items = item_table(report.items, titles)
    return env.get_template("report.html.j2").render(
        t=t, report=report, title=t("report.title"), headline=headline(report),
        generated=t("report.generated", time=report.generated.strftime("%Y-%m-%d %H:%M"), year=report.year),
        filters=filter_text(report.options), charts=drawn_charts(report),
        chart_titles={k: t(f"report.chart.{k}") for k in ("scores", "completion", "items")},
        committees=group_table(report.committees, False), branches=group_table(report.branches, True),
        learners=report.learners_table, items=items,
        flagged=Table(items.headers, tuple(r for r, s in zip(items.rows, report.items) if s.flags)),
    )


def write_html(report: Report, path: Path) -> Path:
    path.write_text(render_html(report), encoding="utf-8")
    return path
