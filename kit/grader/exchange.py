"""nbgrader's exchange, one way in: the trainer's pipeline and the learner's 提交 button both go through `run`.

The exchange classes come from nbgrader's ExchangeFactory, so a course that configures another exchange (a hub's,
a shared folder's) is used as configured. Nothing here imports widget code: the learner's kernel loads it too.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange import ExchangeFactory
from traitlets.config import Config

UNSUBMITTED = (".*.tmp",)  # half-written saves of a killed kernel: never part of a submission
STEPS = {"fetch_assignment": "FetchAssignment", "submit": "Submit", "fetch_feedback": "FetchFeedback", "list": "List"}


def coursedir(config: Config, lesson: str, learner: str) -> CourseDirectory:
    folders = CourseDirectory(config=config)
    folders.assignment_id, folders.student_id = lesson, learner
    folders.ignore = [*folders.ignore, *UNSUBMITTED]
    return folders


def run(step: str, config: Config, lesson: str, learner: str, home: Path | str | None = None) -> Any:
    """Start one exchange step for `learner` on `lesson` (home: the learner's assignment folder); its object back.

    Errors are nbgrader's own (ExchangeError, OSError): callers turn them into one clear message for their user.
    """
    if home is not None:
        config = Config(config)  # a copy: the caller's config keeps its own assignment folder
        config.Exchange.assignment_dir = str(home)
        Path(home).mkdir(parents=True, exist_ok=True)
    kind = getattr(ExchangeFactory(config=config), STEPS[step])
    exchange = kind(coursedir=coursedir(config, lesson, learner), authenticator=Authenticator(config=config),
                    config=config)
    exchange.result = exchange.start()
    return exchange
