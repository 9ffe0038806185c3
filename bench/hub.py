"""Benchmark: N members at once on a real hub (PostgreSQL, JupyterHub, members as system users, Chromium).

    .venv/bin/python bench/hub.py [--learners 30]

Each member signs in (first sign-in sets the password), the hub starts their server, they open lesson 1 on the
code-free page, answer its 10 quiz items by clicking and press 提交. They come in as to a meeting room: one every
--arrive seconds, at most --door of them signing in and opening the lesson at once (the rest wait at the door; a
2-core server starting 30 servers and kernels at the same instant only thrashes); answering runs for everyone at
once. Prints: time until all have submitted (from the first arrival); p50/p95 from a click to the answer being in the
answers file on disk; memory per member's server (server + kernel, resident); answers lost (must be 0); members per
GiB of memory, to size a server; CPU time (user+sys, this process and its children) and the load average, since the
machine may be shared. Needs root.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "artifacts" / "hub" / "bench-jupyterhub.log"
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from tests.hub.member import CHROMIUM, CHROMIUM_ARGS, Member, exam_title  # noqa: E402
from tests.hub.world import LESSON, HubWorld  # noqa: E402


async def member_session(browser, world: HubWorld, name: str, title: str, keyed: dict, timing: list,
                         door: asyncio.Semaphore) -> Member:
    member = Member(name, await browser.new_context(locale="zh-CN"), world.url, wait=900_000)
    async with door:
        await member.sign_in()
        await member.open_lesson()
    await member.answer(title, keyed, random.Random(name), timing=timing, saved=world.until_saved)
    await member.submit()
    return member


async def arriving(delay: float, session):
    await asyncio.sleep(delay)
    return await session


async def run(world: HubWorld, title: str, keyed: dict, arrive: float, door: int
              ) -> tuple[float, list[float], list[Member], list[float]]:
    timing: list[float] = []
    gate = asyncio.Semaphore(door)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        started = time.monotonic()
        done = await asyncio.gather(*(arriving(n * arrive, member_session(browser, world, name, title, keyed, timing,
                                                                            gate))
                                      for n, name in enumerate(world.names)), return_exceptions=True)
        elapsed = time.monotonic() - started
        members = [m for m in done if isinstance(m, Member)]
        for name, failed in zip(world.names, done):
            if not isinstance(failed, Member):
                print(f"{name} did not finish: {failed!r}"[:2000], file=sys.stderr)
        memory = [memory_mib(m.name) for m in members]  # while every page (and so its kernel) is still open
        await browser.close()
    return elapsed, timing, members, memory


def memory_mib(name: str) -> float:
    rss = sum(p.info["memory_info"].rss for p in psutil.process_iter(["username", "memory_info"])
              if p.info["username"] == name and p.info["memory_info"])
    return rss / 2**20


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _load(values: tuple[float, float, float]) -> str:
    return " ".join(f"{x:.1f}" for x in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--arrive", type=float, default=2.0, help="seconds between two members arriving")
    parser.add_argument("--door", type=int, default=6, help="members signing in and opening the lesson at once")
    args = parser.parse_args()
    world = HubWorld(learners=args.learners, start_timeout=900)
    load = [os.getloadavg()]
    try:
        world.start()
        package = json.loads(next((world.layout.course / "source" / LESSON).glob("*.quiz.json")).read_text("utf-8"))
        elapsed, timing, members, memory = asyncio.run(run(world, exam_title(package), world.keyed(), args.arrive,
                                                           args.door))
        load.append(os.getloadavg())
        lost = sum(1 for m in members for item, r in m.clicked.items() if world.saved(m.name).get(item) != r)
        submitted = sum(1 for m in members if list((world.layout.exchange / world.tag / "inbound").glob(f"{m.name}+*")))
    finally:
        if getattr(world, "log", None):  # the hub's log beside the numbers, for a run that went wrong
            LOG.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(world.root / "jupyterhub.log", LOG)
        world.stop()  # after this the hub, its servers and kernels and Chromium are reaped: their CPU is counted
    per = statistics.mean(memory)
    quantiles = statistics.quantiles(timing, n=100)
    print(f"machine: {platform.platform()}, {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.1f} GiB")
    print(f"arrivals: one every {args.arrive:g} s, at most {args.door} signing in at once")
    print(f"load average (1, 5, 15 min) before\t{_load(load[0])}\tafter\t{_load(load[-1])}")
    print(f"CPU time (user+sys, incl. children)\t{cpu_seconds():.0f} s")
    print(f"members\t{len(members)} of {args.learners} finished\tsubmitted\t{submitted}\tclicks\t{len(timing)}")
    print(f"time until all submitted\t{elapsed:.1f} s")
    print(f"click → on disk p50\t{quantiles[49] * 1000:.0f} ms\tp95\t{quantiles[94] * 1000:.0f} ms")
    print(f"memory per member's server (server + kernel)\t{per:.0f} MiB (max {max(memory):.0f})")
    print(f"answers lost\t{lost}")
    print(f"members per GiB\t{1024 / per:.1f}")


if __name__ == "__main__":
    main()
