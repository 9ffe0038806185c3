"""`kit present`: one lesson as a code-free page through Voilà; answers are saved exactly as in JupyterLab."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from .core.children import tied_to_me
from .core.errors import UsageError
from .core.messages import t
from .lab import free_port, lab_environment, serve


def lesson_notebook(path: Path) -> Path:
    """The lesson notebook: the path itself, or the one notebook in a fetched lesson folder."""
    path = Path(path).resolve()
    found = [path] if path.suffix == ".ipynb" else sorted(path.glob("*.ipynb"))
    if len(found) != 1 or not found[0].exists():
        raise UsageError(t("present.no_notebook", path=path))
    return found[0]


TEMPLATES = Path(__file__).resolve().parent / "share" / "jupyter"  # voila/templates/kit: no CDN stylesheets


def present_command(notebook: Path, port: int, token: str) -> list[str]:
    return [sys.executable, "-m", "voila", str(notebook), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
            f"--token={token}", "--theme=light", "--template=kit", "--show_tracebacks=False"]


def present_environment(folder: Path) -> dict[str, str]:
    env = lab_environment(folder)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATES), env.get("JUPYTER_PATH")]))
    return env


def start_present(path: Path, *, port: int = 0, token: str | None = None, log=None) -> tuple[subprocess.Popen, str]:
    """Start Voilà on the lesson in the background; returns the process and the URL with its token."""
    notebook = lesson_notebook(path)
    port, token = port or free_port(), token or secrets.token_hex(16)
    proc = subprocess.Popen(present_command(notebook, port, token), cwd=notebook.parent, preexec_fn=tied_to_me(),
                            env=present_environment(notebook.parent), stdout=log or subprocess.DEVNULL,
                            stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}/?token={token}"


def run_present(path: Path, *, port: int = 0) -> None:
    proc, url = start_present(path, port=port, log=sys.stderr)
    serve(proc, t("present.started", url=url))
