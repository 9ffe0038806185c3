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
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from kit.core.draw import draw_items
from kit.core.grading import grade
from kit.hub.server import course_environment

from ..browser.lesson_page import CHROMIUM, CHROMIUM_ARGS
from ..conftest import ROOT
from .conftest import NEEDS_ROOT, needs_postgres
from .member import Member, exam_title
from .world import EXAM, LESSON, MARKED_NAME, PASSWORD, HubWorld

pytestmark = [pytest.mark.hub, pytest.mark.postgres, pytest.mark.browser, needs_postgres, NEEDS_ROOT,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (make system)")]
SHOTS = ROOT / "artifacts" / "hub"
TOGETHER = 5
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def hub():
    world = HubWorld(learners=TOGETHER + 3)
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


# a server killed mid-quiz --------------------------------------------------------------------------------------
async def _token(member: Member) -> str:
    """An API token the member asks the hub for, from their own signed-in page (so no XSRF rule decides a test)."""
    await member.page.goto(f"{member.base}/hub/token")
    return await member.page.evaluate("""async () => (await (await fetch(window.jhdata.base_url + 'api/users/'
        + window.jhdata.user + '/tokens', {method: 'POST', headers: {'X-XSRFToken': window.jhdata.xsrf_token},
        body: JSON.stringify({note: 'test', expires_in: 600})})).json()).token""")


async def _until_hub_sees_it_stopped(member: Member, token: str, timeout: float = 120) -> None:
    """JupyterHub polls each server (every 10 s here): wait until it has noticed, as a member's next visit would."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reply = await member.context.request.get(f"{member.base}/hub/api/users/{member.name}",
                                                 headers={"Authorization": f"token {token}"})
        if reply.ok and not (await reply.json()).get("servers"):
            return
        await asyncio.sleep(1)
    raise AssertionError("JupyterHub never noticed the killed server")


def test_a_server_killed_mid_quiz_loses_no_answers(hub, lesson):
    title, keyed, _pool = lesson
    name = hub.names[TOGETHER]

    async def work(browser):
        first = await _member(browser, hub, name)
        await first.sign_in()
        await first.open_lesson()
        # each click waits for its answer to reach the answers file before the next (as a member waits for 已记录)
        await first.answer(title, keyed, random.Random(name), limit=5, timing=[], saved=hub.until_saved)
        saved = hub.saved(name)
        token = await _token(first)
        pids = hub.user_pids(name)
        for pid in pids:  # the member's single-user server and its kernels, by pid
            os.kill(pid, signal.SIGKILL)
        await _until_hub_sees_it_stopped(first, token)
        await first.context.close()
        again = await _member(browser, hub, name)
        await again.sign_in()
        await again.open_lesson()
        shown = {item: await again.shows(title, keyed[item], r) for item, r in first.clicked.items()}
        await again.page.screenshot(path=SHOTS / "restored-after-kill.png")
        return first.clicked, saved, pids, shown, await again.submit()

    clicked, saved, pids, shown, receipt = asyncio.run(_with_browser(work))
    assert pids and len(clicked) == 5
    assert {i: saved.get(i) for i in clicked} == clicked
    assert shown == {item: True for item in clicked}
    assert "已提交" in receipt
    assert hub.saved(name) == clicked


# what a learner cannot reach -------------------------------------------------------------------------------------
PUT = """async ([url, body]) => {
  const xsrf = (document.cookie.split('; ').find(c => c.startsWith('_xsrf=')) || '').slice(6);
  const reply = await fetch(url, {method: 'PUT', body, headers: {'X-XSRFToken': xsrf, 'Content-Type': 'application/json'}});
  return reply.status; }"""


def _first_name(hub, learner: str) -> str:
    with course_environment(hub.settings), hub.course().gradebook() as gb:
        return gb.find_student(learner).first_name or ""


def test_learners_are_refused_course_gradebook_other_homes_and_formgrader(hub):
    me, other, trainer = hub.names[1], hub.names[2], hub.trainer
    targets = {"source": hub.layout.course / "source", "manifest": hub.layout.course / "kit" / "manifest.json",
               "gradebook": hub.postgres.data, "neighbour": hub.home(other)}
    for link, target in targets.items():  # a learner may point a link anywhere from their own home
        path = hub.home(me) / link
        path.unlink(missing_ok=True)
        path.symlink_to(target)
        os.lchown(path, _uid(me), -1)

    async def work(browser):
        seen = {}
        mine, theirs = f"{hub.url}/user/{me}", f"{hub.url}/user/{trainer}"
        tutor, neighbour, learner = [await _member(browser, hub, n) for n in (trainer, other, me)]
        for member in (tutor, neighbour, learner):  # every server runs: refusals are about who asks
            await member.sign_in()
        as_me = {"Authorization": f"token {await _token(learner)}"}
        req = learner.context.request
        students = await tutor.context.request.get(f"{theirs}/formgrader/api/students")  # the trainer's session
        seen["tutor reads students"] = (students.status, hub.names[0] in await students.text())
        seen["own lesson"] = (await req.get(f"{mine}/api/contents/{LESSON}", headers=as_me)).status
        for link in targets:
            reply = await req.get(f"{mine}/api/contents/{link}", headers=as_me)
            seen[link] = (reply.status, "dangzhang" in await reply.text())
        seen["up and out"] = (await req.get(f"{mine}/api/contents/..%2F{other}", headers=as_me)).status
        seen["other home"] = (await req.get(f"{hub.url}/user/{other}/api/contents/", headers=as_me)).status
        students = await req.get(f"{theirs}/formgrader/api/students")  # the learner's session
        seen["learner reads students"] = (students.status, hub.names[0] in await students.text())
        await learner.page.goto(f"{mine}/lab")  # the learner's own page holds their own XSRF cookie
        for where, url in (("own formgrader", mine), ("trainer formgrader", theirs)):
            seen[where] = await learner.page.evaluate(PUT, [f"{url}/formgrader/api/student/{me}", '{"first_name": "篡改"}'])
        seen["name after learner"] = _first_name(hub, me)
        await tutor.page.goto(f"{theirs}/formgrader")
        seen["trainer put"] = await tutor.page.evaluate(PUT, [f"{theirs}/formgrader/api/student/{me}",
                                                              '{"first_name": "改名"}'])
        seen["name after trainer"] = _first_name(hub, me)
        return seen

    seen = asyncio.run(_with_browser(work))
    (SHOTS / "denials.json").write_text(json.dumps(seen, ensure_ascii=False, indent=1), encoding="utf-8")
    assert seen["own lesson"] == 200 and tuple(seen["tutor reads students"]) == (200, True), seen
    for link in targets:  # the server runs as the learner: the system refuses it (a folder it cannot stat is a 500)
        status, leaked = seen[link]
        assert status in (403, 404, 500) and not leaked, seen
    assert seen["up and out"] in (400, 404) and seen["other home"] == 403, seen
    assert seen["learner reads students"][0] in (403, 404) and not seen["learner reads students"][1], seen
    # the same PUT: refused on the learner's own server (no formgrader there) and on the trainer's; the trainer's goes in
    assert seen["own formgrader"] == 404 and seen["trainer formgrader"] in (403, 404), seen
    assert seen["name after learner"] != "篡改" and seen["trainer put"] == 200 and seen["name after trainer"] == "改名", seen
    assert _as_learner(me, f"open({str(targets['manifest'])!r}).read()") == "PermissionError"
    assert _as_learner(me, f"import os; os.listdir({str(hub.home(other))!r})") == "PermissionError"
    assert _as_learner(me, f"import os; os.listdir({str(hub.layout.course)!r})") == "PermissionError"
    url = hub.settings.gradebook_url.replace(f":{hub.postgres.password}@", "@").replace("+psycopg", "")
    assert _as_learner(me, f"import psycopg; psycopg.connect({url!r})") == "OperationalError"


def _as_learner(name: str, code: str) -> str:
    """Run `code` as the learner's own user; the name of the exception it raised ('' when none)."""
    from kit.hub.python import users_python

    wrapped = f"try:\n    {code}\n    print('')\nexcept Exception as e:\n    print(type(e).__name__)"
    done = subprocess.run([str(users_python()), "-c", wrapped], user=name, group=name, extra_groups=[],
                          capture_output=True, text=True, cwd="/", env={"HOME": "/nonexistent", "PGPASSWORD": ""},
                          timeout=120)
    return done.stdout.strip()


def test_trainer_lands_on_course_tools(hub):
    async def work(browser):
        tutor = await _member(browser, hub, hub.trainer)
        await tutor.sign_in()
        await tutor.page.screenshot(path=SHOTS / "trainer-tools.png")
        return tutor.page.url, await tutor.page.locator(".kit-tools a.button").all_inner_texts()

    url, buttons = asyncio.run(_with_browser(work))
    assert url.endswith(f"/user/{hub.trainer}/kit/trainer") and any("formgrader" in b for b in buttons)


# a phone -------------------------------------------------------------------------------------------------------
LAYOUT = """() => ({width: document.documentElement.scrollWidth, view: window.innerWidth,
  small: [...document.querySelectorAll('button, a.button, input[type=submit], .kit-quiz label')]
    .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().height).filter(h => h < 44).length,
  font: parseFloat(getComputedStyle(document.body).fontSize)})"""


def test_phone_answers_and_submits_on_the_code_free_page(hub, lesson):
    title, keyed, _pool = lesson
    name = hub.names[TOGETHER + 1]

    async def work(browser):
        phone = await _member(browser, hub, name, **PHONE)
        pages = {}
        await phone.sign_in()
        pages["lessons"] = await phone.page.evaluate(LAYOUT)
        await phone.page.screenshot(path=SHOTS / "phone-1-lessons.png", full_page=True)
        await phone.open_lesson()
        await phone.answer(title, keyed, random.Random(name))
        receipt = await phone.submit()
        pages["lesson"] = await phone.page.evaluate(LAYOUT)
        await phone.page.screenshot(path=SHOTS / "phone-2-submitted.png", full_page=True)
        return phone, pages, receipt

    phone, pages, receipt = asyncio.run(_with_browser(work))
    for where, seen in pages.items():
        assert seen["width"] <= seen["view"] == 390, (where, seen)
        assert seen["small"] == 0 and seen["font"] >= 17, (where, seen)
    assert "已提交" in receipt and phone.outside == []
    assert hub.saved(name) == phone.clicked


# JupyterHub's own pages, as a member meets them -------------------------------------------------------------------
SEEN = """() => ({title: document.title, text: document.body.innerText,
  controls: [...document.querySelectorAll('input[type=submit], button, a.btn')].filter(e => e.offsetParent !== null)
    .map(e => e.value || e.innerText || e.title)})"""
ENGLISH_UI = ("Start My Server", "My Server", "Sign in", "Logout", "Login", "Home", "Token", "Server", "Event log",
              "moons", "Not Found", "Your server", "Stop", "JupyterHub")
TWO_ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}[ :]+[A-Za-z]{2,}")


async def _seen(page, where: str, pages: dict) -> None:
    pages[where] = await page.evaluate(SEEN)
    await page.screenshot(path=SHOTS / f"page-{where}.png")


def test_hub_pages_a_member_meets_are_chinese(hub):
    name = hub.names[TOGETHER + 2]  # a member whose server has never started: sign-in shows the progress page

    async def work(browser):
        member, pages = await _member(browser, hub, name), {}
        member.page = page = await member.context.new_page()
        page.set_default_timeout(member.wait)
        await page.goto(f"{hub.url}/hub/login")
        await _seen(page, "login", pages)
        await page.fill("#username_input", name)
        await page.fill("#password_input", PASSWORD)
        await page.click("#login_submit")
        await page.locator(".kit-starting").wait_for()
        await _seen(page, "spawn-pending", pages)
        await page.locator(".kit-lesson").first.wait_for()
        pages["greeting"] = await page.locator("header").inner_text()
        pages["bold in header"] = await page.locator("header b").count()
        for where, path in (("home", "/hub/home"), ("404", "/hub/no-such-page"), ("token", "/hub/token")):
            await page.goto(hub.url + path)
            await _seen(page, where, pages)
        await page.goto(f"{hub.url}/hub/home")
        await page.click("#logout")
        await page.wait_for_load_state()
        await _seen(page, "signed-out", pages)
        return pages

    pages = asyncio.run(_with_browser(work))
    (SHOTS / "pages.json").write_text(json.dumps(pages, ensure_ascii=False, indent=1), encoding="utf-8")
    for where in ("login", "spawn-pending", "home", "404", "token", "signed-out"):
        seen = pages[where]
        shown = " ".join([seen["title"], seen["text"], *seen["controls"]]).replace(name, "")
        assert re.search(r"[\u4e00-\u9fff]", shown), (where, seen)
        assert not [w for w in ENGLISH_UI if w in shown] and not TWO_ENGLISH_WORDS.search(shown), (where, seen)
    assert "登录" in pages["login"]["controls"] and "找不到" in pages["404"]["text"], pages
    assert "进入我的课程" in pages["home"]["controls"] and "退出" in pages["home"]["controls"], pages
    # greeted by the roster's name, shown as the text it is (markup in a name is never HTML)
    assert MARKED_NAME in pages["greeting"] and name not in pages["greeting"] and pages["bold in header"] == 0, pages
    assert MARKED_NAME in pages["home"]["text"] and name not in pages["home"]["text"], pages  # the hub's menu bar too
