"""Set up and start a one-server hub: groups and accounts, folders, the course, role configs, jupyterhub_config.py."""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..console.app import console_notebook
from ..content.roster import Learner, load_roster
from ..course.build import build_course
from ..grader.pipeline import Course
from .accounts import accounts, ensure_account, ensure_group
from .config import HubSettings, write_config
from .layout import HubLayout, prepare_folders, share_course
from .roles import write_roles


def setup_hub(settings: HubSettings, roster: Sequence[Learner] = ()) -> Path:
    """Everything root does once (and again safely after a change); returns the hub's config file."""
    layout = settings.layout
    for group in (layout.trainers_group, layout.learners_group):
        ensure_group(group)
    prepare_folders(layout)
    for account in accounts(list(settings.learners), list(settings.trainers)):
        ensure_account(account, layout)
    if not (layout.course / "nbgrader_config.py").exists():
        build_course(layout.course, course_id=layout.course_id)
    names = {x.id: x.name for x in roster}
    with course_environment(settings):
        Course(layout.course).add_learners([{"id": x, "name": names.get(x, "")} for x in settings.learners])
    console_notebook(Course(layout.course))  # the trainers' 培训管理台, served by their own server (kit.hub.landing)
    share_course(layout)
    write_roles(layout)
    return write_config(replace(settings, names={**names, **settings.names}))  # greeted by the roster's name


def release_lessons(settings: HubSettings, lessons: list[str]) -> None:
    """nbgrader generate + release for each lesson (what a trainer does in formgrader), then re-share the course."""
    with course_environment(settings):
        course = Course(settings.layout.course)
        for lesson in lessons:
            course.generate(lesson)
            course.release(lesson)
    share_course(settings.layout)


@contextlib.contextmanager
def course_environment(settings: HubSettings):
    """The variables the course's nbgrader_config.py reads, as trainers' servers have them."""
    values = {"KIT_EXCHANGE": str(settings.layout.exchange), "KIT_GROUPSHARED": "1"}
    if settings.gradebook_url:
        values["KIT_DB_URL"] = settings.gradebook_url
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)


def start_hub(config: Path, log=None) -> subprocess.Popen:
    """JupyterHub in the background (its own session, so stopping it by pid stops its proxy and servers cleanly)."""
    return subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=config.parent,
                            stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)


def roster_learners(course: Path, path: Path | None) -> list[Learner]:
    if path is None:
        return load_roster(course / "kit" / "roster.json")
    from ..content.roster import read_roster

    learners, _problems = read_roster(path)
    return learners


def default_layout(root: Path, course_id: str) -> HubLayout:
    return HubLayout(Path(root).resolve(), course_id)


def run_hub(settings: HubSettings, *, roster: Sequence[Learner] = (), release: Sequence[str] = (),
            postgres=None) -> None:
    """`kit hub`: set up, release, start JupyterHub; Ctrl+C stops it (and the PostgreSQL cluster it started)."""
    from ..core.messages import t
    from ..lab import serve

    config = setup_hub(settings, roster)
    if release:
        release_lessons(settings, list(release))
    proc = start_hub(config, log=sys.stderr)
    try:
        serve(proc, t("hub.started", url=f"http://{settings.ip}:{settings.port}/"))
    finally:
        if postgres is not None:
            postgres.stop()
