"""Charts as inline SVG with text kept as text: the viewer's own Chinese font draws it, the server needs none."""
from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings
from typing import Any

from ..core.errors import KitError
from ..core.messages import t
from .analysis import Report

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC")
VIEWER_FAMILIES = (*CJK_FAMILIES, "PingFang SC", "Microsoft YaHei", "sans-serif")
RED, GREY, FLAG = "#b71c1c", "#9e9e9e", "#e65100"


def cjk_font() -> str:
    """The CJK family matplotlib measures (and rasterises) with; fails loudly rather than draw tofu boxes.

    matplotlib caches its font list once; fonts installed after that are found by registering their files."""
    family = _known_cjk_family()
    if family is None and _register_cjk_files():
        family = _known_cjk_family()
    if family is None:
        raise KitError(t("report.no_cjk_font"))
    return family


def _known_cjk_family() -> str | None:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in names), None)


def _register_cjk_files() -> bool:
    """Add CJK font files that a stale cache does not list; True when any was added."""
    from matplotlib import font_manager

    known = {f.fname for f in font_manager.fontManager.ttflist}
    found = [p for p in font_manager.findSystemFonts() if re.search(r"CJK|SourceHan|NotoSansSC", p) and p not in known]
    for path in found:
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            continue
    return bool(found)


def charts(report: Report) -> dict[str, str]:
    """Chart name → inline SVG markup."""
    import matplotlib

    try:
        measure = [cjk_font()]
    except KitError:
        measure = []  # the SVG text is still Chinese text; only its measured width is approximate
    rc: Any = {"font.family": [*measure, *VIEWER_FAMILIES], "axes.unicode_minus": False, "font.size": 11,
          "svg.fonttype": "none", "svg.hashsalt": "dangke"}
    with matplotlib.rc_context(rc), quiet_font_lookup():
        return {"scores": svg(score_chart(report)), "completion": svg(completion_chart(report)),
                "items": svg(item_chart(report))}


@contextlib.contextmanager
def quiet_font_lookup():
    """The viewer's families are not on the server: matplotlib warns (and logs "findfont: … not found") for
    each of them on every piece of text, thousands of lines for a county's charts."""
    fonts = logging.getLogger("matplotlib.font_manager")
    level = fonts.level
    fonts.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"(Glyph|findfont|Font family)")
            yield
    finally:
        fonts.setLevel(level)


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


def svg(fig) -> str:
    """The figure as an <svg> element (no XML prologue), with its text as text."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata=dict.fromkeys(("Creator", "Date", "Format", "Type")))  # no RDF block
    text = buffer.getvalue()
    return text[text.index("<svg"):]
