"""Charts: inline SVG whose text stays text; a CJK font is found even when matplotlib's cache predates it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from kit.core.errors import KitError
from kit.core.messages import t
from kit.report import charts
from kit.report.outputs import write_outputs

STALE_CACHE = textwrap.dedent("""
    import json, os, matplotlib
    from matplotlib import font_manager as fm
    fm.fontManager.ttflist = [f for f in fm.fontManager.ttflist if 'CJK' not in f.fname]
    fm.json_dump(fm.fontManager, os.path.join(matplotlib.get_cachedir(), f"fontlist-v{fm.FontManager.__version__}.json"))
""")
AFTER_FONTS_ARRIVED = textwrap.dedent("""
    import json, warnings
    warnings.simplefilter("error")
    from matplotlib import font_manager as fm
    stale = not any('CJK' in f.fname for f in fm.fontManager.ttflist)
    from kit.report.charts import cjk_font
    family = cjk_font()
    import matplotlib
    from matplotlib.figure import Figure
    with matplotlib.rc_context({"font.family": [family]}):
        fig = Figure(); fig.add_subplot().set_title("党规党纪学习")
        fig.savefig(__import__("io").BytesIO(), format="png")
    print(json.dumps({"stale": stale, "family": family,
                      "file": fm.findfont(fm.FontProperties(family=family), fallback_to_default=False)}))
""")


@pytest.mark.unit
def test_a_cjk_font_is_found_for_the_charts():
    from matplotlib import font_manager

    family = charts.cjk_font()
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert "CJK" in path or "Han" in path


@pytest.mark.unit
def test_no_cjk_font_fails_loudly(monkeypatch):
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("No Such Font 字体",))
    with pytest.raises(KitError, match="fonts-noto-cjk"):
        charts.cjk_font()


@pytest.mark.unit
def test_a_font_cache_built_before_the_cjk_fonts_still_finds_them(tmp_path):
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path / "mpl")}
    subprocess.run([sys.executable, "-c", STALE_CACHE], env=env, check=True)
    out = subprocess.run([sys.executable, "-c", AFTER_FONTS_ARRIVED], env=env, check=True, capture_output=True, text=True)
    found = json.loads(out.stdout)
    assert found["stale"], "the test's cache must really lack the CJK fonts"
    assert found["family"] in charts.CJK_FAMILIES and "CJK" in found["file"]


@pytest.fixture
def report(made_report):
    return made_report


@pytest.mark.unit
def test_charts_keep_their_chinese_text_as_svg_text(report):
    drawn = charts.charts(report)
    assert sorted(drawn) == ["completion", "items", "scores"]
    for svg in drawn.values():
        assert svg.startswith("<svg") and "<text" in svg and "<path" in svg
    assert t("report.chart.scores") in drawn["scores"]
    assert "Noto Sans CJK SC" in drawn["scores"] and "sans-serif" in drawn["scores"]


@pytest.mark.unit
def test_charts_need_no_server_font(report, monkeypatch):
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("No Such Font 字体",))
    monkeypatch.setattr(charts, "_register_cjk_files", lambda: False)
    drawn = charts.charts(report)  # warnings are errors in tests: no missing-glyph warning escapes
    assert all("<text" in svg for svg in drawn.values())


@pytest.mark.unit
def test_a_chart_failure_costs_only_the_charts(report, tmp_path, monkeypatch, capsys):
    def broken(_report):
        raise RuntimeError("no display")

    monkeypatch.setattr("kit.report.html.charts", broken)
    written = write_outputs(report, tmp_path)
    assert {p.suffix for p in written} == {".csv", ".xlsx", ".html"}
    assert all(p.stat().st_size > 0 for p in written)
    assert "<svg" not in next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "图表未能生成" in capsys.readouterr().err
