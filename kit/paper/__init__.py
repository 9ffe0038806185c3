"""Paper quizzes: printed question papers and answer sheets, scanned or typed back into the same gradebook."""
from __future__ import annotations

from .confirm import confirm
from .entry import enter, write_template
from .printing import print_lesson
from .scan import scan

__all__ = ["confirm", "enter", "print_lesson", "scan", "write_template"]
