"""党规党纪学习测验工具包 (dangke kit): banks, pure grading, quiz widgets, nbgrader pipeline, reports."""
from .core.grading import grade

__all__ = ["grade", "show"]


def __getattr__(name: str):
    # `show` pulls in ipywidgets; importing the core must stay light (tests/test_imports.py)
    if name == "show":
        from .learner.runtime import show
        return show
    raise AttributeError(name)
