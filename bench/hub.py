"""Benchmark: N members at once on a real hub (PostgreSQL, JupyterHub, members as system users, Chromium).

    .venv/bin/python bench/hub.py [--learners 30]

Each member signs in (first sign-in sets the password), the hub starts their server, they open lesson 1 on the
code-free page, answer its 10 quiz items by clicking and press 提交, all at the same time. Prints: time until all
have submitted; p50/p95 from a click to the answer being in the answers file on disk; memory per member's server
(server + kernel, resident); answers lost (must be 0); members per GiB of memory, to size a server. Needs root.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from tests.hub.member import CHROMIUM, CHROMIUM_ARGS, Member, exam_title  # noqa: E402
from tests.hub.world import EXAM, LESSON, HubWorld  # noqa: E402


def saved_answers(world: HubWorld, name: str) -> dict:
    path = world.home(name) / LESSON / f"{LESSON}.answers.json"
    try:
        return {i: e["response"] for i, e in json.loads(path.read_text("utf-8"))["answers"].get(EXAM, {}).items()}
    except (OSError, ValueError, KeyError):
        return {}


def on_disk(world: HubWorld):
    """A coroutine that returns when the member's answer is in their answers file (the time it got there)."""
    async def wait(name: str, item: str, response) -> float:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and saved_answers(world, name).get(item) != response:
            await asyncio.sleep(0.05)
        return time.monotonic()
    return wait


async def member_session(browser, world: HubWorld, name: str, title: str, keyed: dict, timing: list) -> Member:
    member = Member(name, await browser.new_context(locale="zh-CN"), world.url, wait=900_000)
    await member.sign_in()
    await member.open_lesson()
    await member.answer(title, keyed, random.Random(name), timing=timing, saved=on_disk(world))
    await member.submit()
    return member


async def run(world: HubWorld, title: str, keyed: dict) -> tuple[float, list[float], list[Member], list[float]]:
    timing: list[float] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        started = time.monotonic()
        members = await asyncio.gather(*(member_session(browser, world, n, title, keyed, timing) for n in world.names))
        elapsed = time.monotonic() - started
        memory = [memory_mib(m.name) for m in members]  # while every page (and so its kernel) is still open
        await browser.close()
    return elapsed, timing, members, memory


def memory_mib(name: str) -> float:
    rss = sum(p.info["memory_info"].rss for p in psutil.process_iter(["username", "memory_info"])
              if p.info["username"] == name and p.info["memory_info"])
    return rss / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    args = parser.parse_args()
    world = HubWorld(learners=args.learners, start_timeout=900)  # 30 servers starting at once on 2 cores
    try:
        world.start()
        package = json.loads(next((world.layout.course / "source" / LESSON).glob("*.quiz.json")).read_text("utf-8"))
        elapsed, timing, members, memory = asyncio.run(run(world, exam_title(package), world.keyed()))
        lost = sum(1 for m in members for item, r in m.clicked.items() if saved_answers(world, m.name).get(item) != r)
        submitted = sum(1 for m in members if list((world.layout.exchange / world.tag / "inbound").glob(f"{m.name}+*")))
    finally:
        world.stop()
    per = statistics.mean(memory)
    quantiles = statistics.quantiles(timing, n=100)
    print(f"machine: {platform.platform()}, {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.1f} GiB")
    print(f"members\t{len(members)}\tsubmitted\t{submitted}\tclicks\t{len(timing)}")
    print(f"time until all submitted\t{elapsed:.1f} s")
    print(f"click → on disk p50\t{quantiles[49] * 1000:.0f} ms\tp95\t{quantiles[94] * 1000:.0f} ms")
    print(f"memory per member's server (server + kernel)\t{per:.0f} MiB (max {max(memory):.0f})")
    print(f"answers lost\t{lost}")
    print(f"members per GiB\t{1024 / per:.1f}")


if __name__ == "__main__":
    main()
