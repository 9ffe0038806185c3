"""The jupyterhub_config.py that `kit hub` writes: JupyterHub, configured, not rewritten."""
from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..core.messages import CATALOGUE, t
from ..present import TEMPLATES as VOILA_TEMPLATES
from .layout import HubLayout
from .python import users_python
from .roles import role_folder

HERE = Path(__file__).resolve().parent
PROJECT_PROXY = HERE.parent.parent / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
LOCAL_SPAWNER, SYSTEMD_SPAWNER = "jupyterhub.spawner.LocalProcessSpawner", "systemdspawner.SystemdSpawner"
SYSTEMD_RUNNING = Path("/run/systemd/system")  # exists exactly when systemd is the running init (sd_booted)


def choose_spawner(systemd: bool | None = None, installed: bool | None = None) -> str:
    """SystemdSpawner (each member's server a systemd unit with a memory and CPU limit) where systemd runs and
    jupyterhub-systemdspawner is installed; else LocalProcessSpawner. Both run each server as the member's own user."""
    from importlib.util import find_spec

    systemd = SYSTEMD_RUNNING.is_dir() if systemd is None else systemd
    installed = find_spec("systemdspawner") is not None if installed is None else installed
    return SYSTEMD_SPAWNER if systemd and installed else LOCAL_SPAWNER


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
    spawner: str = field(default_factory=choose_spawner)
    start_timeout: int = 180  # seconds a member's server may take to start (a busy server needs more)
    extra_env: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # account → the roster's name, to greet members by name


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
# JupyterHub's own pages in Chinese (kit/hub/templates/jupyterhub; texts from the kit's message catalogue)
c.JupyterHub.template_paths = [{templates!r}]
c.JupyterHub.template_vars = {template_vars!r}
# straight to the (Chinese) progress page while a member's server starts, instead of a silent 10 s wait
c.JupyterHub.tornado_settings = {{"slow_spawn_timeout": 0}}

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
{spawner_limits}
TRAINERS = {trainers!r}
ROLE_ENV = {role_env!r}
NAMES = {names!r}


def per_role(spawner):
    """Trainers: the course folder, the gradebook URL, the course tools page. Learners: their own home only."""
    role = "trainer" if spawner.user.name in TRAINERS else "learner"
    spawner.environment = {{**spawner.environment, **ROLE_ENV[role], "KIT_MEMBER_NAME": NAMES.get(spawner.user.name, "")}}
    if role == "trainer":
        spawner.default_url = {trainer_url!r}
        spawner.notebook_dir = {course!r}


c.Spawner.pre_spawn_hook = per_role
'''

# SystemdSpawner only: each member's server is a transient systemd unit, limited (sized from bench/hub.py's
# memory per member, with room to spare), with its own /tmp and no devices, still running as the member's user
SYSTEMD_LIMITS = '''c.SystemdSpawner.mem_limit = "1G"
c.SystemdSpawner.cpu_limit = 1.0
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.isolate_devices = True
c.SystemdSpawner.disable_user_sudo = True
c.SystemdSpawner.unit_name_template = "dangke-{USERNAME}"
'''


def config_text(settings: HubSettings) -> str:
    layout = settings.layout
    return TEMPLATE.format(
        ip=settings.ip, port=settings.port, hub_port=settings.hub_port, proxy_api_port=settings.proxy_api_port,
        proxy=proxy_command(), authenticator=AUTHENTICATOR, singleuser=SINGLEUSER, learner_url=LEARNER_URL,
        trainer_url=TRAINER_URL, hub=str(layout.hub), templates=str(HERE / "templates" / "jupyterhub"),
        hub_db_url=settings.hub_db_url or f"sqlite:///{layout.hub / 'jupyterhub.sqlite'}",
        template_vars={"kit": page_texts(), "kit_names": settings.names},
        users=set(settings.learners) | set(settings.trainers),
        groups={layout.trainers_group: {"users": list(settings.trainers)},
                layout.learners_group: {"users": list(settings.learners)}},
        spawner=settings.spawner, spawner_limits=SYSTEMD_LIMITS if settings.spawner == SYSTEMD_SPAWNER else "",
        names=settings.names, start_timeout=settings.start_timeout, python=str(users_python()),
        environment=_environment(settings),
        trainers=set(settings.trainers), role_env=_role_env(settings), course=str(layout.course))


def page_texts() -> dict[str, str]:
    """The catalogue's hub texts for JupyterHub's pages: {{ kit.page_home }} is t("hub.page_home")."""
    return {key.removeprefix("hub."): t(key) for key in CATALOGUE if key.startswith("hub.")}


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
