"""deploy/z2jh-values.yaml (past one server) carries what the kit's hub needs, with the names the kit uses."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kit.hub.config import AUTHENTICATOR, LEARNER_URL, SINGLEUSER, TRAINER_URL
from kit.hub.layout import HubLayout

from ..conftest import ROOT

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((ROOT / "deploy" / "z2jh-values.yaml").read_text(encoding="utf-8"))


def test_hub_uses_the_kits_authenticator_groups_and_postgres(values):
    hub = values["hub"]
    layout = HubLayout(Path("/srv/dangke"))
    assert hub["config"]["JupyterHub"]["authenticator_class"] == AUTHENTICATOR
    assert hub["config"]["FirstUseAuthenticator"]["create_users"] is False
    assert set(hub["loadGroups"]) == {layout.trainers_group, layout.learners_group}
    assert hub["db"]["type"] == "postgres" and hub["db"]["url"].startswith("postgresql")
    assert hub["extraEnv"]["KIT_DB_URL"]["valueFrom"]["secretKeyRef"]["key"]


def test_roles_give_the_gradebook_and_course_tools_to_trainers_only(values):
    code = values["hub"]["extraConfig"]["kit-roles"]
    compile(code, "kit-roles", "exec")  # the hub runs it: it must at least be Python
    assert f'"{TRAINER_URL}" if trainer else "{LEARNER_URL}"' in code
    assert '{"KIT_DB_URL": os.environ["KIT_DB_URL"]} if trainer else {}' in code
    assert HubLayout(Path("/srv")).trainers_group in code


def test_members_servers_start_the_kit_and_use_ngshare(values):
    single = values["singleuser"]
    assert single["cmd"][-1] == SINGLEUSER and single["defaultUrl"] == LEARNER_URL
    nbgrader = single["extraFiles"]["nbgrader-config"]["stringData"]
    assert 'exchange = "ngshare_exchange.Exchange"' in nbgrader and "ngshare" in values["hub"]["services"]
    assert single["storage"]["type"] == "dynamic" and single["memory"]["limit"]
    assert values["proxy"]["https"]["enabled"] is False
