"""nbgrader's folders of a course (`submitted/<learner>/<lesson>` …), always through its own `format_path`.

A course that changes `CourseDirectory.directory_structure` or a step's folder name is still read correctly.
"""
from __future__ import annotations

import glob
from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

CONFIG = "nbgrader_config.py"


class Layout:
    """Where nbgrader keeps each step's files for a course whose config is `root/nbgrader_config.py`."""

    def __init__(self, root: Path | str, config: Config | None = None):
        self.root = Path(root).resolve()
        config = config if config is not None else _load(self.root)
        config.CourseDirectory.root = str(self.root)
        self.folders = CourseDirectory(config=config)

    def folder(self, step: str, learner: str, lesson: str) -> Path:
        """e.g. folder("submitted", "张三", "dangzhang"); step is nbgrader's (source, release, submitted,
        autograded, feedback) and names its configured folder."""
        name = getattr(self.folders, f"{step}_directory", step)
        return Path(self.folders.format_path(name, learner, lesson))

    def learners(self, step: str, lesson: str) -> list[str]:
        """Learners with a folder for `lesson` at `step` (e.g. every collected submission)."""
        pattern = self.folders.format_path(getattr(self.folders, f"{step}_directory", step), "*", lesson)
        found = [Path(p) for p in glob.glob(pattern) if Path(p).is_dir()]
        return sorted(self._learner(p, step, lesson) for p in found)

    def _learner(self, path: Path, step: str, lesson: str) -> str:
        """The {student_id} part of a matched folder, read back against the configured structure."""
        parts = Path(self.folders.format_path(getattr(self.folders, f"{step}_directory", step), "\0", lesson)).parts
        return path.parts[parts.index("\0")]


def _load(root: Path) -> Config:
    return PyFileConfigLoader(CONFIG, path=str(root)).load_config() if (root / CONFIG).exists() else Config()
