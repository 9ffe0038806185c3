"""`kit lab --role`: trainers get nbgrader's instructor tools, learners only the Assignments list."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from kit.lab import start_lab

from ..conftest import ROOT
from .lesson_page import CHROMIUM, CHROMIUM_ARGS, WAIT, lab_probe, wait_until_up

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (make system)")]
SHOTS = ROOT / "artifacts" / "browser"


def sidebar_and_menu(folder: Path, role: str, monkeypatch) -> tuple[list[str], list[str]]:
    """The sidebar tab titles and the labels in the Nbgrader menu, as a browser shows them."""
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR"):
        monkeypatch.setenv(var, str(folder / var.lower()))
    proc, url = start_lab(folder, role=role)
    try:
        wait_until_up(url, proc, lab_probe(url))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(locale="zh-CN")
            page.set_default_timeout(WAIT)
            page.goto(url)
            page.locator(".jp-SideBar .lm-TabBar-tab").first.wait_for()
            page.get_by_text("Nbgrader", exact=True).click()
            page.locator(".lm-Menu-itemLabel").first.wait_for()
            tabs = page.locator(".jp-SideBar .lm-TabBar-tab")
            titles = [tabs.nth(i).get_attribute("title") or "" for i in range(tabs.count())]
            labels = [x for x in page.locator(".lm-Menu-itemLabel").all_inner_texts() if x.strip()]
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SHOTS / f"role-{role}.png")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return titles, labels


@pytest.mark.parametrize("role,has_tools", [("trainer", True), ("learner", False)])
def test_instructor_tools_only_for_trainers(tmp_path, monkeypatch, role, has_tools):
    titles, labels = sidebar_and_menu(tmp_path, role, monkeypatch)
    assert "Assignment List" in labels
    assert any("Create Assignment" in t for t in titles) == has_tools
    assert ("Formgrader" in labels) == has_tools
