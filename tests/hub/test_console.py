"""The 培训管理台 on `kit hub`, with no setup beyond `kit hub` itself: the trainer signs in and opens it with one click
from the course tools page (their own server renders it, as their own system user, on the PostgreSQL gradebook) and
makes the reports there; a signed-in learner asking for the same addresses is refused by JupyterHub."""
from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import quote

import pytest

from kit.core.messages import t

from ..browser.lesson_page import CHROMIUM, LOCAL
from .conftest import NEEDS_ROOT, needs_postgres
from .member import WAIT
from .test_hub import SHOTS, _member, _with_browser
from .world import LESSON, HubWorld

pytestmark = [pytest.mark.hub, pytest.mark.postgres, pytest.mark.browser, needs_postgres, NEEDS_ROOT,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (make system)")]


@pytest.fixture(scope="module")
def hub():
    world = HubWorld(learners=1)
    try:
        yield world.start()
    finally:
        world.stop()


async def _trainer_uses_the_console(browser, hub) -> dict:
    seen: dict = {"outside": []}
    tutor = await _member(browser, hub, hub.trainer)
    await tutor.sign_in()
    page = tutor.page
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else seen["outside"].append(r.url))
    await page.click(".kit-tools a.kit-console")  # the one click
    lessons = page.locator(".jupyter-widgets.kit-console .kit-lessons")
    await lessons.wait_for(timeout=WAIT)
    seen["url"], seen["lessons"] = page.url, await lessons.inner_text()
    await page.locator(".lm-TabBar-tab", has_text=t("console.tab.actions")).click()
    await page.locator("button.kit-action-report").click()
    done = page.locator(".kit-status", has_text=t("console.finished", action=t("console.action.report")))
    await done.wait_for(timeout=WAIT)
    link = page.locator(".kit-files a", has_text=".html").first
    seen["report"] = await link.evaluate("a => a.href")
    async with page.expect_popup() as popup:  # through the trainer's signed-in /files/, as a click reaches it
        await link.click()
    report = await popup.value
    seen["report heading"] = await report.locator("h1").first.inner_text()
    await report.close()
    await page.screenshot(path=SHOTS / "trainer-console.png")
    return seen


async def _learner_asks_for_it(browser, hub, console: str, report: str) -> dict:
    learner = await _member(browser, hub, hub.names[0])
    await learner.sign_in()
    page, seen = learner.page, {}
    own = f"{hub.url}/user/{learner.name}/voila/render/{quote(t('console.notebook'))}"
    for where, url in (("trainer's console", console), ("trainer's report", report), ("own server", own)):
        reply = await page.goto(url)
        seen[where] = (reply.status, await page.locator(".jupyter-widgets, .kit-console").count())
    tools = await page.goto(f"{hub.url}/user/{learner.name}/kit/trainer")
    seen["tools page"] = tools.status
    return seen


@pytest.fixture(scope="module")
def visits(hub):
    async def work(browser):
        trainer = await _trainer_uses_the_console(browser, hub)
        return trainer, await _learner_asks_for_it(browser, hub, trainer["url"], trainer["report"])

    SHOTS.mkdir(parents=True, exist_ok=True)
    return asyncio.run(_with_browser(work))


def test_trainer_opens_the_console_with_one_click_and_makes_the_reports(hub, visits):
    trainer, _learner = visits
    title = hub.manifest()["lessons"][LESSON]["title"]
    assert trainer["url"].startswith(f"{hub.url}/user/{hub.trainer}/voila/render/"), trainer["url"]
    assert title in trainer["lessons"] and t("console.yes") in trainer["lessons"]
    assert trainer["report"].startswith(f"{hub.url}/user/{hub.trainer}/files/reports/")
    assert trainer["report heading"] == "学习情况报告" and trainer["outside"] == []
    written = next((hub.layout.course / "reports").glob("*.html"))
    assert written.stat().st_uid == _uid(hub.trainer)  # made by the trainer's own user, not by root


def test_a_signed_in_learner_is_refused_the_console(visits):
    _trainer, learner = visits
    assert learner["trainer's console"][0] == 403 and learner["trainer's console"][1] == 0, learner
    assert learner["trainer's report"][0] == 403 and learner["trainer's report"][1] == 0, learner
    assert learner["own server"][0] == 404 and learner["own server"][1] == 0, learner
    assert learner["tools page"] == 404, learner


def _uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid
