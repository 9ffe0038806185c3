"""`kit lab`: JupyterLab on a course folder, Chinese interface, loopback only, with a token."""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path

from .core.children import tied_to_me
from .core.errors import UsageError
from .core.messages import t

TRANSLATION = "@jupyterlab/translation-extension"
# nbgrader's instructor tools; a learner's JupyterLab keeps only the Assignments list and the menu
TRAINER_ONLY = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:validate-assignment")


# A learner's server: no formgrader or course list (nbgrader's instructor APIs), no terminals.
LEARNER_SERVER_OFF = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list",
                      "jupyter_server_terminals")
LEARNER_CONFIG = """\
# 学员用 nbgrader 配置（由 kit lab --role learner 写出）：只有课程名和交换目录，
# 不含成绩库、题库或课程文件夹的路径。A learner's nbgrader config: course id and exchange only.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
c.Exchange.timezone = {timezone!r}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_environment(folder: Path, language: str = "zh_CN", role: str = "trainer") -> dict[str, str]:
    """Settings kept beside the course (not in the user's home): interface language, no news checks, and for
    learners nbgrader's instructor tools switched off."""
    settings = Path(folder).resolve() / ".kit-lab" / "user-settings"
    _write_setting(settings, TRANSLATION, "plugin", {"locale": language})
    _write_setting(settings, "@jupyterlab/apputils-extension", "notification", {"fetchNews": "false", "checkForUpdates": False})
    # a learner should never meet the "选择内核" dialog: JupyterLab asks when the kernel list arrives late
    _write_setting(settings, "@jupyterlab/notebook-extension", "tracker", {"autoStartDefaultKernel": True})
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings),
           "JUPYTERLAB_WORKSPACES_DIR": str(settings.parent / "workspaces"),
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
    if role == "learner":
        config = settings.parent / "learner-config"
        page = config / "labconfig" / "page_config.json"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(json.dumps({"disabledExtensions": {x: True for x in TRAINER_ONLY}}), encoding="utf-8")
        server = {"ServerApp": {"jpserver_extensions": {x: False for x in LEARNER_SERVER_OFF}}}
        (config / "jupyter_server_config.json").write_text(json.dumps(server), encoding="utf-8")
        env["KIT_COURSE_CONFIG"] = str(Path(folder).resolve() / "nbgrader_config.py")
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [str(config), os.environ.get("JUPYTER_CONFIG_PATH")]))
    return env


def learner_home(course: Path, home: Path) -> Path:
    """Make `home` a learner's folder for the course: outside the course, with an nbgrader config that names only
    the course and its exchange. The learner's server is rooted there and can reach nothing of the course."""
    from .grader.pipeline import Course

    course, home = Path(course).resolve(), Path(home).resolve()
    if home == course or course in home.parents or home in course.parents:
        raise UsageError(t("lab.home_in_course", home=home, course=course))
    config = Course(course).config()
    home.mkdir(parents=True, exist_ok=True)
    text = LEARNER_CONFIG.format(course_id=config.CourseDirectory.course_id, exchange=config.Exchange.root,
                                 timezone=config.Exchange.get("timezone", "Asia/Shanghai"))
    (home / "nbgrader_config.py").write_text(text, encoding="utf-8")
    return home


def _write_setting(root: Path, extension: str, plugin: str, values: dict) -> None:
    path = root / extension / f"{plugin}.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")


def lab_command(folder: Path, port: int, token: str) -> list[str]:
    return [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={Path(folder).resolve()}",
            "--ServerApp.allow_root=True", "--LabApp.news_url=", "--ServerApp.disable_check_xsrf=False"]


def start_lab(folder: Path, *, port: int = 0, language: str = "zh_CN", token: str | None = None,
              log=None, role: str = "trainer") -> tuple[subprocess.Popen, str]:
    """Start JupyterLab in the background; returns the process and the URL with its token."""
    port = port or free_port()
    token = token or secrets.token_hex(16)
    proc = subprocess.Popen(lab_command(folder, port, token), cwd=folder, env=lab_environment(folder, language, role),
                            preexec_fn=tied_to_me(),
                            stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}/lab?token={token}"


def run_lab(folder: Path, *, port: int = 0, language: str = "zh_CN", role: str = "trainer",
            home: Path | None = None) -> None:
    """JupyterLab for the trainer on the course folder, or for a learner on their own folder beside it."""
    if role == "learner":
        folder = learner_home(folder, home or Path(folder).resolve().parent / f"{Path(folder).resolve().name}-学员")
    proc, url = start_lab(folder, port=port, language=language, log=sys.stderr, role=role)
    serve(proc, t("course.lab_started", url=url))


def serve(proc: subprocess.Popen, started: str) -> None:
    """Say where the server is, then keep it running until Ctrl+C (shared by kit lab and kit present)."""
    print(started, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))  # stop like Ctrl+C
    try:
        proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait(timeout=20)
