"""The hub's configuration as JupyterHub reads it: roles, groups, the gradebook for trainers only; account names."""
from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config import Config

from kit.core.errors import UsageError
from kit.hub.accounts import accounts
from kit.hub.config import (
    AUTHENTICATOR,
    LEARNER_URL,
    LOCAL_SPAWNER,
    SYSTEMD_RUNNING,
    SYSTEMD_SPAWNER,
    TRAINER_URL,
    HubSettings,
    choose_spawner,
    config_text,
)
from kit.hub.layout import HubLayout

pytestmark = pytest.mark.unit
DB = "postgresql+psycopg://kit:secret@127.0.0.1:5432/gradebook"


@pytest.fixture
def config() -> Config:
    settings = HubSettings(HubLayout(Path("/srv/dangke")), ("dy001", "dy002"), ("zzwy",), gradebook_url=DB)
    cfg = Config()
    exec(compile(config_text(settings), "jupyterhub_config.py", "exec"), {"get_config": lambda: cfg})
    return cfg


def _spawn(config: Config, name: str) -> SimpleNamespace:
    spawner = SimpleNamespace(user=SimpleNamespace(name=name), environment=dict(config.Spawner.environment),
                              default_url=config.Spawner.default_url, notebook_dir="")
    config.Spawner.pre_spawn_hook(spawner)
    return spawner


def test_accounts_groups_and_authenticator(config):
    assert config.JupyterHub.authenticator_class == AUTHENTICATOR
    assert config.Authenticator.allowed_users == {"dy001", "dy002", "zzwy"}
    assert config.JupyterHub.load_groups == {"formgrade-dangke": {"users": ["zzwy"]},
                                             "nbgrader-dangke": {"users": ["dy001", "dy002"]}}


def test_trainer_gets_course_tools_and_gradebook_learner_neither(config):
    trainer, learner = _spawn(config, "zzwy"), _spawn(config, "dy001")
    assert trainer.default_url == TRAINER_URL and trainer.notebook_dir == "/srv/dangke/course"
    assert trainer.environment["KIT_DB_URL"] == DB and trainer.environment["KIT_HUB_ROLE"] == "trainer"
    assert learner.default_url == LEARNER_URL and learner.notebook_dir == ""
    assert "KIT_DB_URL" not in learner.environment and "secret" not in str(learner.environment)
    assert learner.environment["JUPYTER_CONFIG_PATH"].startswith("/srv/dangke/roles/learner")


@pytest.mark.parametrize("learners,trainers", [(["Dy001"], []), (["1abc"], []), (["张三"], []), (["a"], ["a"])])
def test_names_the_system_cannot_take_are_refused_by_name(learners, trainers):
    with pytest.raises(UsageError) as caught:
        accounts(learners, trainers)
    assert (learners + trainers)[0] in str(caught.value)


def test_trainers_server_renders_the_console_and_voila_serves_no_course_file():
    from kit.hub.roles import server_config

    layout = HubLayout(Path("/srv/dangke"))
    trainer, learner = (server_config(layout, role)["VoilaConfiguration"] for role in (True, False))
    assert trainer["template"] == "kit-console" and trainer["file_allowlist"] == []  # its /voila/files/ asks no sign-in
    assert learner["template"] == "kit"


def _config(**settings) -> Config:
    cfg = Config()
    text = config_text(HubSettings(HubLayout(Path("/srv/dangke")), ("dy001",), ("zzwy",), **settings))
    exec(compile(text, "jupyterhub_config.py", "exec"), {"get_config": lambda: cfg})
    return cfg


@pytest.mark.parametrize("systemd,installed,chosen", [(True, True, SYSTEMD_SPAWNER), (True, False, LOCAL_SPAWNER),
                                                      (False, True, LOCAL_SPAWNER), (False, False, LOCAL_SPAWNER)])
def test_systemd_spawner_where_systemd_runs_and_it_is_installed(systemd, installed, chosen):
    config = _config(spawner=choose_spawner(systemd=systemd, installed=installed))
    assert config.JupyterHub.spawner_class == chosen
    limited = "SystemdSpawner" in config  # memory and CPU limits, own /tmp: only for SystemdSpawner's units
    assert limited == (chosen == SYSTEMD_SPAWNER)
    if limited:
        assert config.SystemdSpawner.mem_limit and config.SystemdSpawner.isolate_tmp is True
    assert choose_spawner() == (SYSTEMD_SPAWNER if SYSTEMD_RUNNING.is_dir() and find_spec("systemdspawner")
                                else LOCAL_SPAWNER)


def test_members_are_greeted_by_the_roster_name():
    config = _config(names={"dy001": "<b>张</b>三"})
    assert _spawn(config, "dy001").environment["KIT_MEMBER_NAME"] == "<b>张</b>三"
    assert _spawn(config, "zzwy").environment["KIT_MEMBER_NAME"] == ""
    assert config.JupyterHub.template_vars["kit_names"] == {"dy001": "<b>张</b>三"}  # the hub's menu bar


def test_jupyterhub_pages_are_overridden_in_chinese(config):
    folder = Path(config.JupyterHub.template_paths[0])
    pages = {"page.html", "login.html", "home.html", "spawn.html", "spawn_pending.html", "not_running.html",
             "stop_pending.html", "error.html", "404.html", "logout.html", "token.html"}
    assert pages <= {p.name for p in folder.glob("*.html")}
    texts = config.JupyterHub.template_vars["kit"]
    used = {m for page in folder.glob("*.html") for m in re.findall(r"\bkit\.(\w+)", page.read_text("utf-8"))}
    assert used and used <= set(texts) and all(re.search(r"[\u4e00-\u9fff]", texts[k]) for k in used)
    assert config.JupyterHub.tornado_settings["slow_spawn_timeout"] == 0  # the Chinese progress page at once
