"""`kit hub` for real: PostgreSQL, JupyterHub with configurable-http-proxy, members as system users, Chromium.

Five members sign in at the same time and submit lesson 1 from the code-free page; the trainer collects (no
「cheating attempt?」: each submission is owned by its member) and autogrades into the PostgreSQL gradebook, which
then holds exactly what grade() gives for the clicks. A member's server killed mid-quiz loses nothing. Learners are
refused the course, the gradebook, each other's homes and the formgrader API. A phone (390×844) answers and submits.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from kit.draw import draw_items
from kit.grading import grade

from ..browser.lesson_page import CHROMIUM, CHROMIUM_ARGS
from ..conftest import ROOT
from .conftest import NEEDS_ROOT, needs_postgres
from .member import Member, exam_title
from .world import EXAM, LESSON, HubWorld

pytestmark = [pytest.mark.hub, pytest.mark.postgres, pytest.mark.browser, needs_postgres, NEEDS_ROOT,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (make system)")]
SHOTS = ROOT / "artifacts" / "hub"
TOGETHER = 5
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def hub():
    world = HubWorld(learners=TOGETHER + 2)
    try:
        yield world.start()
    finally:
        world.stop()


@pytest.fixture(scope="module")
def lesson(hub):
    package = json.loads(next((hub.layout.course / "source" / LESSON).glob("*.quiz.json")).read_text("utf-8"))
    return exam_title(package), hub.keyed(), hub.manifest()["lessons"][LESSON]["quizzes"][EXAM]["items"]


async def _with_browser(work):
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return await work(browser)
        finally:
            await browser.close()


async def _member(browser, hub, name, **context) -> Member:
    return Member(name, await browser.new_context(locale="zh-CN", **context), hub.url)


# five members at once ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def together(hub, lesson):
    title, keyed, _pool = lesson

    async def one(browser, name):
        member = await _member(browser, hub, name)
        await member.sign_in()
        await member.open_lesson()
        await member.answer(title, keyed, random.Random(name))
        member.receipt = await member.submit()
        await member.page.screenshot(path=SHOTS / f"submitted-{name[-2:]}.png", full_page=False)
        return member

    SHOTS.mkdir(parents=True, exist_ok=True)
    return asyncio.run(_with_browser(lambda b: asyncio.gather(*(one(b, n) for n in hub.names[:TOGETHER]))))


def test_members_land_on_their_lessons_and_submit_at_the_same_time(hub, together):
    assert [m.name for m in together] == hub.names[:TOGETHER]
    for member in together:
        assert "已提交" in member.receipt and len(member.clicked) == 10 and member.outside == []
        inbound = sorted((hub.layout.exchange / hub.tag / "inbound").glob(f"{member.name}+{LESSON}+*"))
        assert len(inbound) == 1
        owner = inbound[0].stat().st_uid
        assert owner == _uid(member.name) and all(p.stat().st_uid == owner for p in inbound[0].iterdir())


def test_trainer_collects_and_autogrades_into_postgres_equal_to_grade(hub, together, lesson):
    _title, keyed, pool = lesson
    collected = hub.as_trainer("-m", "nbgrader", "collect", LESSON)
    assert collected.returncode == 0, collected.stderr[-2000:]
    assert "cheating" not in collected.stdout + collected.stderr
    graded = hub.as_trainer("-c", "from kit.cli import main; main()", "autograde", LESSON, "--course",
                            str(hub.layout.course))
    assert graded.returncode == 0, graded.stdout[-1000:] + graded.stderr[-2000:]
    assert hub.settings.gradebook_url.startswith("postgresql") and not (hub.layout.course / "gradebook.db").exists()
    scores = hub.scores()
    for member in together:
        drawn = draw_items(pool, 10, member.name, EXAM)
        want = {f"{EXAM}-{n}": grade(keyed[item], member.clicked[item]).points for n, item in enumerate(drawn, 1)}
        got = {cell: score for cell, score in scores[member.name].items() if cell.startswith(f"{EXAM}-")}
        assert got == pytest.approx(want), member.name


def _uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid
