"""党规党纪学习测验工具包 (dangke kit): banks, pure grading, quiz widgets, nbgrader pipeline, reports."""
import sys

# jsonschema (through nbformat and jupyter-events) imports rfc3987_syntax for its optional "iri" format check, and
# that module compiles ~35 Lark grammars at import: 1.3-2 s of CPU in every kit process (jsonschema issue #1428).
# No schema the kit, nbformat, nbgrader or Jupyter uses has an "iri" format, so the check is left out: jsonschema
# skips a format checker whose module cannot be imported. Nothing changes if it was imported already.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from .core.grading import grade  # noqa: E402

__all__ = ["grade", "show"]


def __getattr__(name: str):
    # `show` pulls in ipywidgets; importing the core must stay light (tests/test_imports.py)
    if name == "show":
        from .learner.runtime import show
        return show
    raise AttributeError(name)
