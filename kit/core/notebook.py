"""What a lesson notebook and the learner's kernel agree on: the quiz file's name, the kernel, the quiz cell's code."""
from __future__ import annotations

from .messages import t

QUIZ_FILE_SUFFIX = ".quiz.json"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def quiz_source(quiz: str) -> str:
    """The code of a quiz cell. JupyterLab shows a collapsed input's first line: make it a sentence, not Python."""
    return f'{t("cell.quiz")}\nfrom kit import show\nshow("{quiz}")'
