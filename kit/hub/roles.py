"""Each role's Jupyter configuration (a folder on the single-user server's JUPYTER_CONFIG_PATH).

Learners: the course id and the exchange, nbgrader's instructor extensions switched off (so the formgrader API does
not exist on their servers), the kit's lesson list, Voilà's code-free page with the kit's offline template.
Trainers: the course's own nbgrader_config.py, the formgrader, the course tools page, and the 培训管理台 (Voilà on
the course folder with the console's template, so the trainer's own server serves it: see kit.hub.landing).
"""
from __future__ import annotations

import json
from pathlib import Path

from ..console.app import VOILA as CONSOLE_VOILA
from ..lab import TRAINER_ONLY, TRANSLATION
from .layout import HubLayout

INSTRUCTOR_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
LAB_DEFAULTS = {
    f"{TRANSLATION}:plugin": {"locale": "zh_CN"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True},
}
VOILA = {"template": "kit", "theme": "light", "show_tracebacks": False}
KERNEL_START = 300  # s a lesson's kernel may take to start (Voilà's 60 s fails when a room signs in at once)

LEARNER_NBGRADER = '''\
# 由 kit hub 生成：学员的 nbgrader 配置（只有课程编号和交换目录，没有成绩库）。
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
'''
TRAINER_NBGRADER = '''\
# 由 kit hub 生成：培训管理员的 nbgrader 配置 = 课程自己的配置 + 多人共用的课程目录。
c = get_config()  # noqa: F821
load_subconfig("nbgrader_config.py", path={course!r})  # noqa: F821
c.CourseDirectory.root = {course!r}
c.CourseDirectory.groupshared = True
c.Exchange.root = {exchange!r}
'''


def role_folder(layout: HubLayout, trainer: bool) -> Path:
    return layout.roles / ("trainer" if trainer else "learner")


def write_roles(layout: HubLayout) -> None:
    for trainer in (False, True):
        folder = role_folder(layout, trainer)
        template = TRAINER_NBGRADER if trainer else LEARNER_NBGRADER
        _write(folder / "nbgrader_config.py", template.format(course_id=layout.course_id, course=str(layout.course),
                                                              exchange=str(layout.exchange)))
        _write(folder / "jupyter_server_config.json", json.dumps(server_config(layout, trainer), indent=1))
        _write(folder / "lab-settings" / "overrides.json", json.dumps(LAB_DEFAULTS, ensure_ascii=False, indent=1))
        if not trainer:
            page = {"disabledExtensions": {x: True for x in TRAINER_ONLY}}
            _write(folder / "labconfig" / "page_config.json", json.dumps(page, indent=1))


def server_config(layout: HubLayout, trainer: bool) -> dict:
    extensions = {"kit.hub.landing": True, "voila.server_extension": True}
    if not trainer:
        extensions |= {x: False for x in INSTRUCTOR_EXTENSIONS}
    # Voilà as a server extension sends MathJax's CDN address to the page unless both settings are null, as
    # standalone Voilà (kit present) has them; lessons hold no formulas
    mathjax_off = {"mathjax_url": None, "mathjax_config": None}
    return {"ServerApp": {"jpserver_extensions": extensions, "tornado_settings": mathjax_off},
            "LabApp": {"app_settings_dir": str(role_folder(layout, trainer) / "lab-settings"), "news_url": None},
            "VoilaConfiguration": VOILA | (CONSOLE_VOILA if trainer else {}),
            "VoilaExecutor": {"startup_timeout": KERNEL_START}}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    path.chmod(0o644)
