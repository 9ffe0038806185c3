"""`kit console`: the trainer's page, a Voilà-rendered notebook in the course folder. One way to serve it everywhere:
the course's own Jupyter server (JupyterLab, loopback, a token; Voilà's server extension) renders it, whether started
by `kit console`, `kit lab` or JupyterHub for a trainer, and the files it links to (reports, bank views) come through
that server's signed-in /files/ handler. Voilà's own /voila/files/ handler asks for no sign-in, so it serves nothing."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import nbformat

from ..core.messages import t
from ..core.notebook import KERNELSPEC
from ..grader.pipeline import Course
from ..lab import serve, start_lab
from ..present import TEMPLATES

TEMPLATE = "kit-console"  # the kit's Voilà template plus the marking shortcuts (no CDN, no JavaScript build)
SOURCE = "from kit.console.views import console\nconsole()"
# wherever Voilà renders the page; nothing of the course through Voilà's unauthenticated file handler
VOILA = {"template": TEMPLATE, "theme": "light", "show_tracebacks": False, "file_allowlist": []}
MATHJAX_OFF = {"mathjax_url": None, "mathjax_config": None}  # else Voilà's server extension names MathJax's CDN


def console_notebook(course: Course) -> Path:
    """The page's notebook in the course folder (so `kit lab` shows it too); rewritten only when it differs."""
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}})
    nb.cells = [nbformat.v4.new_code_cell(SOURCE, metadata={"jupyter": {"source_hidden": True}})]
    nb.cells[0]["id"] = "kit-console"
    path = course.root / t("console.notebook")
    text = nbformat.writes(nb) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def start_console(course_dir: Path | str, *, port: int = 0, token: str | None = None,
                  log=None) -> tuple[subprocess.Popen, str]:
    """The course's Jupyter server in the background; returns the process and the page's URL with its token."""
    course = Course(Path(course_dir))  # a folder that is not a course: one Chinese line, before anything starts
    proc, url = start_lab(course.root, port=port, token=token, log=log)
    return proc, console_url(url)


def run_console(course_dir: Path, *, port: int = 0) -> None:
    proc, url = start_console(course_dir, port=port, log=sys.stderr)
    serve(proc, t("console.started", url=url))


def lab_arguments(folder: Path, env: dict[str, str]) -> list[str]:
    """A trainer's JupyterLab on a course also serves the page (Voilà's server extension, at console_path)."""
    if not (Path(folder) / "nbgrader_config.py").exists():
        return []
    console_notebook(Course(Path(folder)))
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATES), env.get("JUPYTER_PATH")]))
    return [*(f"--VoilaConfiguration.{key}={value!r}" if isinstance(value, list) else f"--VoilaConfiguration.{key}={value}"
              for key, value in VOILA.items()), f"--ServerApp.tornado_settings={MATHJAX_OFF!r}"]


def console_url(lab_url: str) -> str:
    """The page inside a running JupyterLab, from the /lab?token=… address `kit lab` prints."""
    base, token = lab_url.split("/lab?token=")
    return f"{base}{page_path('/')}?token={token}"


def page_path(base_url: str) -> str:
    """Where a Jupyter server rooted at the course (a trainer's `kit lab` or hub server) serves the page."""
    return f"{base_url.rstrip('/')}/voila/render/{quote(t('console.notebook'))}"


def served_page(root: Path, base_url: str) -> str:
    """The page's address on a server rooted at `root`, or '' when no console page is there (not a course)."""
    return page_path(base_url) if (Path(root) / t("console.notebook")).is_file() else ""
