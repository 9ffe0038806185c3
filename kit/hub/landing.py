"""The first page after signing in: a learner's lessons (one click each), a trainer's course tools. Chinese, large
text, buttons at least 44 px, no horizontal scrolling on a 390 px phone. A Jupyter server extension."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web

from ..core.messages import t
from ..core.notebook import QUIZ_FILE_SUFFIX

MEMBER_NAME = "KIT_MEMBER_NAME"  # set by the hub from the roster (kit/hub/config.py)
TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGES = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


@dataclass(frozen=True)
class LessonLink:
    title: str
    simple: str  # the code-free page (Voilà)
    lab: str  # the full notebook in JupyterLab


def lessons(root: Path, base_url: str) -> list[LessonLink]:
    """Every fetched lesson under the learner's home: a folder holding the kit's public quiz file."""
    found = []
    for package in sorted(Path(root).glob(f"*/*{QUIZ_FILE_SUFFIX}")):
        try:
            data = json.loads(package.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a damaged copy is not listed; the lesson itself stays on disk
        path = quote(f"{package.parent.name}/{data['notebook']}")
        found.append(LessonLink(data.get("title") or package.parent.name, url_path_join(base_url, "voila/render", path),
                                url_path_join(base_url, "lab/tree", path)))
    return found


class LandingHandler(JupyterHandler):
    def page(self, name: str, **fields) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        user = os.environ.get(MEMBER_NAME) or self.current_user.username  # the roster's name (autoescaped)
        self.finish(PAGES.get_template(name).render(t=t, user=user, base=self.base_url,
                                                    hub=os.environ.get("JUPYTERHUB_BASE_URL", "/") + "hub/", **fields))


class LessonsHandler(LandingHandler):
    @web.authenticated
    def get(self) -> None:
        self.page("lessons.html", lessons=lessons(Path(self.settings["server_root_dir"]), self.base_url))


class TrainerHandler(LandingHandler):
    @web.authenticated
    def get(self) -> None:
        if os.environ.get("KIT_HUB_ROLE") != "trainer":
            raise web.HTTPError(404)
        from ..console.app import served_page  # the 培训管理台 that kit hub put in the course: this server renders it

        self.page("trainer.html", console=served_page(Path(self.settings["server_root_dir"]), self.base_url))


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "kit.hub.landing"}]


def _load_jupyter_server_extension(serverapp) -> None:
    base = serverapp.web_app.settings["base_url"]
    serverapp.web_app.add_handlers(".*$", [(url_path_join(base, "kit/lessons"), LessonsHandler),
                                           (url_path_join(base, "kit/trainer"), TrainerHandler)])
