"""Where a one-server hub keeps each thing, and the permissions nbgrader's multi-user setup documents."""
from __future__ import annotations

import grp
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HubLayout:
    """One folder (e.g. /srv/dangke) holding the hub's state, the course, the exchange, homes and role configs."""

    root: Path
    course_id: str = "dangke"

    @property
    def hub(self) -> Path:  # jupyterhub_config.py, cookie secret, passwords, logs: root only
        return self.root / "hub"

    @property
    def course(self) -> Path:  # nbgrader course: trainers' group only
        return self.root / "course"

    @property
    def exchange(self) -> Path:  # nbgrader's exchange, outside every home
        return self.root / "exchange"

    @property
    def homes(self) -> Path:
        return self.root / "home"

    @property
    def roles(self) -> Path:  # per-role Jupyter config (JUPYTER_CONFIG_PATH of each single-user server)
        return self.root / "roles"

    @property
    def trainers_group(self) -> str:  # nbgrader's naming for a course's graders and students
        return f"formgrade-{self.course_id}"

    @property
    def learners_group(self) -> str:
        return f"nbgrader-{self.course_id}"


def prepare_folders(layout: HubLayout) -> None:
    """Create the folders with their modes (idempotent; safe to run again after an upgrade)."""
    trainers = grp.getgrnam(layout.trainers_group).gr_gid
    for folder, mode, group in ((layout.root, 0o755, 0), (layout.hub, 0o700, 0), (layout.homes, 0o755, 0),
                                (layout.roles, 0o755, 0), (layout.course, 0o2770, trainers),
                                # nbgrader: the exchange is writable by everyone (it checks for mode 777); the set-gid
                                # bit gives every course folder in it the trainers' group (CourseDirectory.groupshared)
                                (layout.exchange, 0o2777, trainers)):
        folder.mkdir(parents=True, exist_ok=True)
        os.chown(folder, 0, group)
        folder.chmod(mode)


def share_course(layout: HubLayout) -> None:
    """After root wrote into the course (build, release): trainers' group owns it, learners see nothing."""
    trainers = grp.getgrnam(layout.trainers_group).gr_gid
    for path in [layout.course, *layout.course.rglob("*")]:
        if path.is_symlink():
            continue
        os.chown(path, -1, trainers)
        path.chmod(0o2770 if path.is_dir() else (path.stat().st_mode & 0o770) | 0o660)
