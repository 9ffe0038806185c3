"""The nbgrader_config.py that `kit build` writes: embedded defaults, kit preprocessors registered by name."""
from __future__ import annotations

from .cells import SHORT_PLACEHOLDER

TEMPLATE = '''\
# 由 kit build 生成的 nbgrader 课程配置（可手工修改；重新构建会覆盖）。
# nbgrader course configuration written by `kit build`.
import os
import sys

c = get_config()  # noqa: F821
here = os.path.dirname(os.path.abspath(__file__))
# nbgrader creates the gradebook by running `alembic` by name: find it beside this Python, so that nbgrader's own
# commands work through a virtual environment's path without activating it (.venv/bin/nbgrader ...).
_bin = os.path.dirname(sys.executable)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")

c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = here
# Embedded default: a SQLite gradebook beside this file. For a server database set KIT_DB_URL
# (any SQLAlchemy URL, e.g. postgresql://user@host/dangke).
c.CourseDirectory.db_url = os.environ.get("KIT_DB_URL") or "sqlite:///" + os.path.join(here, "gradebook.db")
# A learner's answers file must never be replaced by a file of the same name in source/.
c.Autograde.exclude_overwriting = {exclude!r}
# nbgrader's exchange must be writable by every learner, so it never sits inside the (private) course folder:
# by default it is the folder "exchange" beside the course; a hub sets KIT_EXCHANGE.
c.Exchange.root = os.environ.get("KIT_EXCHANGE") or os.path.join(os.path.dirname(here), "exchange")
c.Exchange.timezone = "Asia/Shanghai"
# Half-written saves of a killed kernel are never copied from a submission.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*.tmp"]

c.ClearSolutions.text_stub = {placeholder!r}
c.Execute.timeout = 60
# A learner who deletes a grading cell gets it back, with the same grade as if it had never gone.
c.OverwriteCells.add_missing_cells = True

# The kit adds three steps to nbgrader's own pipeline (nothing is forked):
# - RestoreCells is nbgrader's OverwriteCells, also restoring a deleted first grading cell;
# - FillShortAnswers puts each learner's short answers (typed in the quiz widget) into the hand-graded cells;
# - KitFeedback turns the hidden grading cells into a readable table of answers, keys and 解析.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "kit.grader.preprocessors.RestoreCells",
    "kit.grader.preprocessors.FillShortAnswers",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# A kit quiz notebook is graded from the answers file and the gradebook's own cells only: no kernel, no learner
# code (KitExecute); any other notebook runs in nbgrader's kernel without the submission folder on sys.path.
c.Autograde.autograde_preprocessors = [
    "kit.grader.kernelfree.KitExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "kit.grader.preprocessors.KitFeedback",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
c.FillShortAnswers.manifest = os.path.join(here, "kit", "manifest.json")
# The learner's feedback page: the kit's template named "feedback" comes first, so nbgrader's own feedback
# step (also when started from formgrader) renders it; labels come from the kit's message catalogue.
import kit.grader  # noqa: E402
import nbgrader.server_extensions.formgrader as _formgrader  # noqa: E402

c.HTMLExporter.extra_template_basedirs = [os.path.join(os.path.dirname(kit.grader.__file__), "templates"),
                                          os.path.join(os.path.dirname(_formgrader.__file__), "templates")]
c.KitFeedback.manifest = os.path.join(here, "kit", "manifest.json")
{extra}'''


def config_text(course_id: str, answers_files: dict[str, list[str]], *, late_penalty: str | None = None) -> str:
    extra = ""
    if late_penalty:  # nbgrader's own late-submission plugin: 'none' or 'zero'
        extra = f'c.LateSubmissionPlugin.penalty_method = {late_penalty!r}\n'
    return TEMPLATE.format(course_id=course_id, placeholder=SHORT_PLACEHOLDER, extra=extra, exclude=answers_files)
