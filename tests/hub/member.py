"""A member in Chromium (Playwright's async API, so many can act at the same time): sign in, open lesson 1 on the
code-free page, answer the quiz by clicking what a member sees, press 提交."""
from __future__ import annotations

import asyncio
import random
import re
import time
from dataclasses import dataclass, field

from playwright.async_api import BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from kit.core.model import Question
from kit.demo import simulated_response

from ..browser.lesson_page import CHROMIUM, CHROMIUM_ARGS, LOCAL  # noqa: F401  (one set of browser flags)
from .world import EXAM, PASSWORD

WAIT = 240_000  # ms: a member's server and kernel start on a busy 2-core machine


@dataclass
class Member:
    name: str
    context: BrowserContext
    base: str
    page: Page | None = None
    clicked: dict = field(default_factory=dict)  # item → response, as canonical ids
    outside: list = field(default_factory=list)  # requests that left the machine (there must be none)
    wait: int = WAIT

    async def sign_in(self, password: str = PASSWORD) -> None:
        self.page = await self.context.new_page()
        self.page.set_default_timeout(self.wait)
        self.page.on("request", lambda r: None if r.url.startswith(LOCAL) else self.outside.append(r.url))
        await self.page.goto(f"{self.base}/hub/login")
        await self.page.fill("#username_input", self.name)
        await self.page.fill("#password_input", password)
        await self.page.click("#login_submit")
        landed, restart = self.page.locator(".kit-lesson, .kit-no-lessons, .kit-tools"), self.page.locator("#start")
        await landed.or_(restart).first.wait_for(timeout=self.wait)
        if await restart.count():  # the hub found the server gone: JupyterHub's own page offers to start it again
            await restart.click()
            await landed.first.wait_for(timeout=self.wait)

    async def open_lesson(self) -> None:
        await self.page.click(".kit-lesson .kit-open-simple")
        await self.page.locator(".kit-submit button").wait_for(timeout=self.wait)

    def exam(self, title: str):
        return self.page.locator(".kit-quiz").filter(has=self.page.locator(".kit-header", has_text=title))

    async def answer(self, title: str, keyed: dict[str, Question], rng: random.Random, limit: int | None = None,
                     timing: list | None = None, saved=None) -> None:
        """Answer the exam's questions in screen order (each found by its stem), right or wrong at random."""
        by_stem = {q.stem.strip(): q for q in keyed.values()}
        questions = self.exam(title).locator(".kit-question")
        for n in range(min(await questions.count(), limit or 99)):
            box = questions.nth(n)
            q = by_stem[(await box.locator(".kit-stem").inner_text()).strip()]
            response = simulated_response(q, rng.random() < 0.6, rng)
            started = time.monotonic()
            await _click(box, q, response)
            self.clicked[q.id] = response
            if timing is not None and saved is not None:
                timing.append(await saved(self.name, q.id, response) - started)

    async def shows(self, title: str, q: Question, response) -> bool:
        """The exam's widget for `q` shows `response` (after a reload, from the answers file)."""
        box = self.exam(title).locator(".kit-question").filter(
            has=self.page.locator(".kit-stem", has_text=q.stem.strip()[:30]))
        if q.type == "fill":
            return [await f.input_value() for f in await box.locator("input[type=text]").all()] == list(response)
        chosen = [response] if q.type in ("single", "judge") else response
        for oid in chosen:
            if not await _choice(box, q, oid).is_checked():
                return False
        return True

    async def submit(self) -> str:
        panel = self.page.locator(".kit-submit")
        await panel.locator("button").click()
        done = panel.locator(".kit-submitted")
        await done.wait_for(timeout=self.wait)
        return await done.inner_text()


def _choice(box, q: Question, choice):
    """The input a member clicks for a canonical choice (options may be shuffled: found by their text)."""
    text = re.compile("^正确$" if choice else "^错误$") if q.type == "judge" else \
        re.compile(rf"^[A-H]\. {re.escape(q.option_text(choice))}$")
    return box.locator("label").filter(has_text=text).locator("input")


async def _click(box, q: Question, response) -> None:
    if q.type in ("single", "multiple", "judge"):
        for choice in (response if q.type == "multiple" else [response]):
            await _tick(_choice(box, q, choice))
    elif q.type == "fill":
        for field_, text in zip(await box.locator("input[type=text]").all(), response):
            await field_.fill(text)
    else:
        await box.locator("textarea").fill(response)


async def _tick(choice, tries: int = 4) -> None:
    """Tick a radio button or checkbox. On a busy server the first click can land while the widget is still being
    drawn (Playwright: the click "did not change its state"); ticking again is what a member does. check() leaves a
    ticked box alone, so a retry never unticks; whether the answer counts is decided by the answers file on disk."""
    for attempt in range(tries):
        try:
            await choice.check()
            return
        except PlaywrightError:
            if attempt == tries - 1:
                raise
            await asyncio.sleep(1 + attempt)


def exam_title(package: dict) -> str:
    return package["quizzes"][EXAM]["title"]
