"""The Python that members' servers run. Every member's own user must be able to read it: a Python under /root
(pyenv) is not, so a small environment is made from Debian's python3 of the same version, reading the kit's
installed packages through a .pth file (same minor version, so the same compiled wheels)."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path

from ..core.errors import KitError
from ..core.messages import t

SYSTEM_PYTHON = Path("/usr/bin/python3")
TOOLS = {"alembic": "alembic.config"}  # commands nbgrader runs by name (its gradebook schema check)


def readable_by_all(path: Path) -> bool:
    """Every folder on the way is enterable by others and the target readable by them."""
    path = Path(os.path.realpath(path))
    folders_ok = all(p.stat().st_mode & stat.S_IXOTH for p in path.parents)
    return folders_ok and bool(path.stat().st_mode & stat.S_IROTH)


def users_python() -> Path:
    """sys.executable when everyone can run it, else the environment beside this one (made on first use)."""
    if readable_by_all(Path(sys.executable)) and readable_by_all(Path(sysconfig.get_paths()["stdlib"])):
        return Path(sys.executable)
    return bridge(Path(sys.prefix) / "hub-python")


def bridge(folder: Path) -> Path:
    python = folder / "bin" / "python"
    if not python.exists():
        _make(folder)
    return python


def _make(folder: Path) -> None:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    found = subprocess.run([str(SYSTEM_PYTHON), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                           capture_output=True, text=True) if SYSTEM_PYTHON.exists() else None
    if not found or found.stdout.strip() != version:
        raise KitError(t("hub.no_users_python", version=version))
    subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", "--without-pip", str(folder)], check=True)
    site = folder / "lib" / f"python{version}" / "site-packages"
    packages = sysconfig.get_paths()["purelib"]
    (site / "kit-packages.pth").write_text(f"import site; site.addsitedir({packages!r})\n", encoding="utf-8")
    for name, module in TOOLS.items():
        tool = folder / "bin" / name
        tool.write_text(f"#!{folder / 'bin' / 'python'}\nimport sys\nfrom {module} import main\nsys.exit(main())\n")
        tool.chmod(0o755)
