"""The hub's configuration as JupyterHub reads it: roles, groups, the gradebook for trainers only; account names."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config import Config

from kit.core.errors import UsageError
from kit.hub.accounts import accounts
from kit.hub.config import AUTHENTICATOR, LEARNER_URL, TRAINER_URL, HubSettings, config_text
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
