"""Charts as embedded PNG (base64): score distribution, completion by branch, facility vs discrimination."""
from __future__ import annotations

import base64
import io
from typing import Any

from ..core.errors import KitError
from ..core.messages import t
from .analysis import Report

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC")
RED, GREY, FLAG = "#b71c1c", "#9e9e9e", "#e65100"


def cjk_font() -> str:
    """The CJK family matplotlib will draw with; fails loudly rather than draw tofu boxes."""
    from matplotlib import font_manager

    for family in CJK_FAMILIES:
        try:
            font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
            return family
        except ValueError:
            continue
    raise KitError(t("report.no_cjk_font"))


def charts(report: Report) -> dict[str, str]:
    """Chart name → data URI."""
    import matplotlib

    rc: Any = {"font.family": [cjk_font()], "axes.unicode_minus": False, "font.size": 11}  # matplotlib types keys as literals
    with matplotlib.rc_context(rc):
        return {"scores": png(score_chart(report)), "completion": png(completion_chart(report)),
                "items": png(item_chart(report))}


def figure(title: str, size=(6.4, 3.6)):
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=110, layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def score_chart(report: Report):
    fig, ax = figure(t("report.chart.scores"))
    percents = [r.percent for r in report.learners if r.percent is not None]
    ax.hist(percents, bins=range(0, 101, 10), color=RED, edgecolor="white")
    ax.set_xlabel(t("report.axis.percent"))
    ax.set_ylabel(t("report.axis.learners"))
    ax.set_xlim(0, 100)
    return fig


def completion_chart(report: Report):
    rows = report.branches
    fig, ax = figure(t("report.chart.completion"), (6.4, max(2.4, 0.45 * len(rows) + 1.2)))
    names = [r.name for r in rows]
    values = [round(100 * r.completion, 1) for r in rows]
    bars = ax.barh(names, values, color=RED)
    ax.bar_label(bars, fmt="%.0f%%", padding=3)
    ax.set_xlim(0, 110)
    ax.set_xlabel(t("report.axis.completion"))
    ax.invert_yaxis()
    return fig


def item_chart(report: Report):
    fig, ax = figure(t("report.chart.items"))
    shown = [s for s in report.items if s.point_biserial is not None]
    for flagged, colour in ((False, GREY), (True, FLAG)):
        group = [s for s in shown if bool(s.flags) == flagged]
        ax.scatter([s.facility for s in group], [s.point_biserial for s in group], color=colour, s=24, alpha=0.8)
    for s in [s for s in shown if "wrong_key" in s.flags][:20]:
        ax.annotate(s.item, (s.facility, s.point_biserial), fontsize=8, xytext=(3, 3), textcoords="offset points")
    ax.axhline(0, color="#555", linewidth=0.8)
    ax.set_xlim(0, 1.02)
    ax.set_ylim(-1, 1)
    ax.set_xlabel(t("report.axis.facility"))
    ax.set_ylabel(t("report.axis.discrimination"))
    return fig


def png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
