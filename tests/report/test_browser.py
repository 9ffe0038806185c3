"""The HTML report in headless Chromium: charts present, Chinese text drawn with a real CJK font."""
from __future__ import annotations

import pytest

from kit.report.outputs import write_outputs

from ..conftest import ROOT

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
MEASURE = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = '32px ' + getComputedStyle(document.body).fontFamily;
  return {cjk: ctx.measureText('党规党纪').width, noto: document.fonts.check('16px "Noto Sans CJK SC"'),
          charts: [...document.querySelectorAll('figure[id^=chart-] > svg')].map(s => s.getBBox().width > 0 && s.querySelectorAll('text').length > 3)};
}"""


def test_report_renders_charts_and_chinese(made_report, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    html = next(p for p in write_outputs(made_report, tmp_path) if p.suffix == ".html")
    shots = ROOT / "artifacts" / "report"
    shots.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        requests = []
        page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        page.goto(html.as_uri())
        found = page.evaluate(MEASURE)
        headline = page.inner_text("#headline")
        fonts = platform_fonts(page, "#headline")
        chart_fonts = platform_fonts(page, "#chart-scores svg text")  # the chart's title: SVG text in the viewer's font
        page.screenshot(path=str(shots / "report.png"), full_page=True)
        browser.close()
    assert found["charts"] == [True, True, True]
    assert found["noto"] and found["cjk"] > 0
    # the glyphs Chromium actually drew: all from a CJK font, none from a last-resort (tofu) font
    assert fonts and all("CJK" in f["familyName"] for f in fonts if f["glyphCount"] > 2), fonts
    assert chart_fonts and all("CJK" in f["familyName"] for f in chart_fonts if f["glyphCount"] > 2), chart_fonts
    assert "名学员" in headline and requests == []


def platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium used to draw an element's text (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
