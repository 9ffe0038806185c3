"""A paper learner's answers file, submitted through nbgrader's exchange exactly as the lesson's 提交 button does."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..core.answers import AnswerSheet, FileStore
from ..core.errors import KitError
from ..core.messages import t
from ..grader.pipeline import Course, PipelineError
from .items import PaperQuiz


def answer_sheet(paper: PaperQuiz, responses: dict[int, Any], **source: Any) -> AnswerSheet:
    """The answers file for `responses` (item number → response), in the screen's format (kit.answers)."""
    sheet = AnswerSheet(notebook=paper.notebook, lesson=paper.lesson, learner=paper.learner, draws=paper.quizzes)
    sheet.log("paper", **source)
    for item in paper.items:
        if responses.get(item.n) is not None:
            sheet.record(item.quiz, item.question.id, responses[item.n])
    return sheet


def is_released(course: Course, lesson: str) -> bool:
    return (Path(course.config().Exchange.root) / course.course_id / "outbound" / lesson).is_dir()


def submit_sheet(course: Course, paper: PaperQuiz, sheet: AnswerSheet) -> None:
    """Fetch the released lesson as the learner, put the answers file beside the notebook, submit it."""
    if not is_released(course, paper.lesson):
        raise KitError(t("paper.not_released", lesson=paper.lesson))
    with tempfile.TemporaryDirectory(prefix="kit-paper-") as home:
        try:
            folder = course.fetch(paper.lesson, paper.learner, Path(home))
            sheet.log("submitted", learner=paper.learner, via="paper")
            FileStore(folder / paper.answers_file).save(sheet)
            course.submit(paper.lesson, paper.learner, Path(home))
        except PipelineError as exc:
            raise KitError(t("paper.submit_failed", learner=paper.learner, detail=str(exc))) from exc
