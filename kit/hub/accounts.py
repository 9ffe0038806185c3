"""Roster accounts as real system users (useradd), each in its course group, each home private."""
from __future__ import annotations

import grp
import pwd
import re
import subprocess
from dataclasses import dataclass

from ..core.errors import UsageError
from ..core.messages import t
from .layout import HubLayout

NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")  # what useradd accepts and JupyterHub keeps as is


@dataclass(frozen=True)
class Account:
    name: str
    trainer: bool = False


def accounts(learners: list[str], trainers: list[str]) -> list[Account]:
    """Validated accounts; a name the system cannot take is an error naming it (never silently renamed)."""
    bad = [x for x in [*learners, *trainers] if not NAME.match(x)]
    if bad:
        raise UsageError(t("hub.bad_name", names="、".join(bad)))
    clash = sorted(set(learners) & set(trainers))
    if clash:
        raise UsageError(t("hub.both_roles", names="、".join(clash)))
    return [Account(x, True) for x in trainers] + [Account(x) for x in learners]


def ensure_group(name: str) -> None:
    try:
        grp.getgrnam(name)
    except KeyError:
        _run("groupadd", "--system", name)


def ensure_account(account: Account, layout: HubLayout) -> None:
    """useradd once (home under the hub's homes, mode 700, no login shell); later runs only fix the group."""
    group = layout.trainers_group if account.trainer else layout.learners_group
    try:
        pwd.getpwnam(account.name)
        _run("usermod", "--append", "--groups", group, account.name)
    except KeyError:
        home = layout.homes / account.name
        _run("useradd", "--create-home", "--home-dir", str(home), "--user-group", "--groups", group,
             "--shell", "/usr/sbin/nologin", "--comment", "kit hub", account.name)
        home.chmod(0o700)


def remove_account(name: str) -> None:
    """userdel with the home (tests and the benchmark clean up after themselves)."""
    subprocess.run(["userdel", "--remove", "--force", name], capture_output=True)


def _run(*cmd: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise UsageError(t("hub.account_failed", command=" ".join(cmd), detail=done.stderr.strip()[-200:]))
