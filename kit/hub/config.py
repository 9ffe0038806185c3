"""The jupyterhub_config.py that `kit hub` writes: JupyterHub, configured, not rewritten."""
from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..core.messages import t
from ..present import TEMPLATES as VOILA_TEMPLATES
from .layout import HubLayout
from .python import users_python
from .roles import role_folder

HERE = Path(__file__).resolve().parent
PROJECT_PROXY = HERE.parent.parent / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"


@dataclass(frozen=True)
class HubSettings:
    """What differs between one branch's hub and another's."""

    layout: HubLayout
    learners: tuple[str, ...]
    trainers: tuple[str, ...]
    ip: str = "127.0.0.1"  # behind the unit's reverse proxy (TLS there); 0.0.0.0 to serve the intranet directly
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    gradebook_url: str = ""  # KIT_DB_URL for trainers' servers; empty: SQLite beside the course
    hub_db_url: str = ""  # JupyterHub's own database; empty: SQLite in the hub folder
    spawner: str = "jupyterhub.spawner.LocalProcessSpawner"
    start_timeout: int = 180  # seconds a member's server may take to start (a busy server needs more)
    extra_env: dict[str, str] = field(default_factory=dict)


def proxy_command() -> str:
    """configurable-http-proxy: the project's own npm install (make system), else one on PATH."""
    found = PROJECT_PROXY if PROJECT_PROXY.exists() else shutil.which("configurable-http-proxy")
    if not found:
        from ..core.errors import KitError

        raise KitError(t("hub.no_proxy"))
    return str(found)


# what every deployment of the kit's hub must agree on (deploy/z2jh-values.yaml is checked against these)
AUTHENTICATOR = "firstuseauthenticator.FirstUseAuthenticator"
SINGLEUSER = "kit.hub.singleuser"
LEARNER_URL, TRAINER_URL = "/kit/lessons", "/kit/trainer"
LOGIN_TEXTS = ("site", "username", "password", "first_login", "sign_in", "login_error")
TEMPLATE = '''\
# 由 kit hub 生成的 JupyterHub 配置（重新运行 kit hub 会覆盖）。含数据库密码：仅 root 可读。
# JupyterHub configuration written by `kit hub`.
c = get_config()  # noqa: F821

c.JupyterHub.ip = {ip!r}
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {hub!r} + "/proxy.pid"
c.JupyterHub.db_url = {hub_db_url!r}
c.JupyterHub.cookie_secret_file = {hub!r} + "/cookie_secret"
c.JupyterHub.template_paths = [{templates!r}]
c.JupyterHub.template_vars = {template_vars!r}

# Accounts: the roster's, each choosing a password at first sign-in (no outside service; see docs/deploy.md).
c.JupyterHub.authenticator_class = {authenticator!r}
c.FirstUseAuthenticator.create_users = False
c.FirstUseAuthenticator.dbm_path = {hub!r} + "/passwords.dbm"
c.FirstUseAuthenticator.min_password_length = 6
c.Authenticator.allowed_users = {users!r}
# nbgrader's per-course groups: graders and students of this course
c.JupyterHub.load_groups = {groups!r}

# Each member's server runs as their own system user (made by useradd from the roster).
c.JupyterHub.spawner_class = {spawner!r}
c.Spawner.cmd = [{python!r}, "-m", {singleuser!r}]  # a Python every member's user can run
c.Spawner.disable_user_config = True
c.Spawner.start_timeout = {start_timeout}
c.Spawner.http_timeout = {start_timeout}
c.Spawner.poll_interval = 10  # a member's server that died is noticed soon: their next sign-in starts a new one
c.Spawner.default_url = {learner_url!r}
c.Spawner.environment = {environment!r}

TRAINERS = {trainers!r}
ROLE_ENV = {role_env!r}


def per_role(spawner):
    """Trainers: the course folder, the gradebook URL, the course tools page. Learners: their own home only."""
    role = "trainer" if spawner.user.name in TRAINERS else "learner"
    spawner.environment = {{**spawner.environment, **ROLE_ENV[role]}}
    if role == "trainer":
        spawner.default_url = {trainer_url!r}
        spawner.notebook_dir = {course!r}


c.Spawner.pre_spawn_hook = per_role
'''


def config_text(settings: HubSettings) -> str:
    layout = settings.layout
    return TEMPLATE.format(
        ip=settings.ip, port=settings.port, hub_port=settings.hub_port, proxy_api_port=settings.proxy_api_port,
        proxy=proxy_command(), authenticator=AUTHENTICATOR, singleuser=SINGLEUSER, learner_url=LEARNER_URL,
        trainer_url=TRAINER_URL, hub=str(layout.hub), templates=str(HERE / "templates"),
        hub_db_url=settings.hub_db_url or f"sqlite:///{layout.hub / 'jupyterhub.sqlite'}",
        template_vars={f"kit_{k}": t(f"hub.{k}") for k in LOGIN_TEXTS},
        users=set(settings.learners) | set(settings.trainers),
        groups={layout.trainers_group: {"users": list(settings.trainers)},
                layout.learners_group: {"users": list(settings.learners)}},
        spawner=settings.spawner, start_timeout=settings.start_timeout, python=str(users_python()),
        environment=_environment(settings),
        trainers=set(settings.trainers), role_env=_role_env(settings), course=str(layout.course))


def _environment(settings: HubSettings) -> dict[str, str]:
    """The kit's installed Jupyter data (lab, widgets, nbgrader, Voilà) found from the members' Python too."""
    share = Path(sys.prefix) / "share" / "jupyter"
    return {"PATH": f"{users_python().parent}:/usr/local/bin:/usr/bin:/bin", "KIT_LANG": "zh",
            "JUPYTER_PATH": f"{VOILA_TEMPLATES}:{share}", "JUPYTERLAB_DIR": str(share / "lab"),
            "KIT_EXCHANGE": str(settings.layout.exchange),
            **settings.extra_env}


def _role_env(settings: HubSettings) -> dict[str, dict[str, str]]:
    layout = settings.layout
    site = Path(sys.prefix) / "etc" / "jupyter"  # where pip enabled the server extensions (lab, nbgrader, Voilà)
    learner = {"KIT_HUB_ROLE": "learner", "JUPYTER_CONFIG_PATH": f"{role_folder(layout, False)}:{site}"}
    trainer = {"KIT_HUB_ROLE": "trainer", "JUPYTER_CONFIG_PATH": f"{role_folder(layout, True)}:{site}",
               "KIT_GROUPSHARED": "1", **({"KIT_DB_URL": settings.gradebook_url} if settings.gradebook_url else {})}
    return {"learner": learner, "trainer": trainer}


def write_config(settings: HubSettings) -> Path:
    path = settings.layout.hub / "jupyterhub_config.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config_text(settings), encoding="utf-8")
    path.chmod(0o600)
    return path
