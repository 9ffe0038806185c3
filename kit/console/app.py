"""`kit console`: the trainer's page served by Voilà on the course folder, loopback only, with a token."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import nbformat

from ..core.children import tied_to_me
from ..core.messages import t
from ..core.notebook import KERNELSPEC
from ..grader.pipeline import Course
from ..lab import free_port, serve
from ..present import TEMPLATES, present_environment

TEMPLATE = "kit-console"  # the kit's Voilà template plus the marking shortcuts (no CDN, no JavaScript build)
SOURCE = "from kit.console.views import console\nconsole()"
REPORT_FILES = r".*\.(png|html|xlsx|csv)"  # what the page may link to: the reports it wrote


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


def console_command(notebook: Path, port: int, token: str) -> list[str]:
    return [sys.executable, "-m", "voila", str(notebook), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
            f"--token={token}", "--theme=light", f"--template={TEMPLATE}", "--show_tracebacks=False",
            f"--VoilaConfiguration.file_allowlist={[REPORT_FILES]!r}"]


def start_console(course_dir: Path | str, *, port: int = 0, token: str | None = None,
                  log=None) -> tuple[subprocess.Popen, str]:
    """Start the page in the background; returns the process and the URL with its token."""
    course = Course(Path(course_dir))
    notebook = console_notebook(course)
    port, token = port or free_port(), token or secrets.token_hex(16)
    env = {**present_environment(course.root), "KIT_CONSOLE_COURSE": str(course.root)}
    proc = subprocess.Popen(console_command(notebook, port, token), cwd=course.root, env=env, preexec_fn=tied_to_me(),
                            stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}/?token={token}"


def run_console(course_dir: Path, *, port: int = 0) -> None:
    proc, url = start_console(course_dir, port=port, log=sys.stderr)
    serve(proc, t("console.started", url=url))


def lab_arguments(folder: Path, env: dict[str, str]) -> list[str]:
    """A trainer's JupyterLab on a course also serves the page (Voilà's server extension, at console_path)."""
    if not (Path(folder) / "nbgrader_config.py").exists():
        return []
    console_notebook(Course(Path(folder)))
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATES), env.get("JUPYTER_PATH")]))
    return [f"--VoilaConfiguration.template={TEMPLATE}", f"--VoilaConfiguration.file_allowlist={[REPORT_FILES]!r}"]


def console_url(lab_url: str) -> str:
    """The page inside a running JupyterLab, from the /lab?token=… address `kit lab` prints."""
    base, token = lab_url.split("/lab?token=")
    return f"{base}/voila/render/{quote(t('console.notebook'))}?token={token}"
