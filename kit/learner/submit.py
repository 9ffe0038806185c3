"""The lesson's one-click 提交: submit through nbgrader's exchange, confirm with the time, say what it replaced.

nbgrader's configuration is found the way its own Assignments panel finds it: every `nbgrader_config.py`
on the Jupyter config path, then the one in the learner's home folder (the folder above the lesson).
KIT_COURSE_CONFIG (a path to an `nbgrader_config.py` or the folder holding one) overrides that search:
tests and single-machine setups point it at the course's own config.
"""
from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as w

from ..core.draw import learner_id
from ..core.errors import KitError
from ..core.messages import t
from .quiz import KEYBOARD
from .runtime import log_event

ENV_CONFIG = "KIT_COURSE_CONFIG"
UNSUBMITTED = (".*.tmp",)  # half-written saves of a killed kernel
CONFIG_NAME = "nbgrader_config.py"
STYLE = """<style>
.kit-submit {border:2px solid #b71c1c; border-radius:8px; padding:12px 16px; margin:8px 0; font-size:16px; line-height:1.6}
.kit-submit .kit-submit-title {font-weight:bold; color:#b71c1c; font-size:1.1em}
.kit-submit button {font-size:18px; height:auto; padding:6px 28px}
.kit-submit :focus, .kit-submit :focus-visible {outline:3px solid #1565c0 !important; outline-offset:2px}
.kit-submit .kit-submitted {color:#1b5e20; font-weight:bold}
.kit-submit .kit-submit-error {color:#b71c1c; font-weight:bold}
</style>""" + KEYBOARD


class SubmitError(KitError):
    """The lesson could not be submitted; the message says why in the learner's language."""


class NoExchange(SubmitError):
    """No nbgrader course is configured for this learner."""


@dataclass(frozen=True)
class Receipt:
    """One submission as the exchange recorded it (nbgrader's timestamps, in the course's time zone)."""

    lesson: str
    learner: str
    timestamp: str
    previous: str | None = None

    def message(self) -> str:
        if self.previous:
            return t("submit.replaced", time=shown_time(self.timestamp), previous=shown_time(self.previous))
        return t("submit.done", time=shown_time(self.timestamp))


def shown_time(timestamp: str) -> str:
    """nbgrader's '2024-05-01 14:03:22.123456 CST' as the learner reads it: 2024年5月1日 14:03:22."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}:\d{2}:\d{2})", timestamp)
    if not m:
        return timestamp
    return t("submit.date", y=int(m[1]), m=int(m[2]), d=int(m[3]), hms=m[4])


# configuration -------------------------------------------------------------------------------------
def config_files(home: Path) -> list[Path]:
    """Config files in increasing priority, as nbgrader's labextension reads them."""
    explicit = os.environ.get(ENV_CONFIG)
    if explicit:
        path = Path(explicit)
        return [path / CONFIG_NAME if path.is_dir() else path]
    from jupyter_core.paths import jupyter_config_path

    folders = [Path(p) for p in reversed(jupyter_config_path())] + [Path(home)]
    return [f / CONFIG_NAME for f in folders if (f / CONFIG_NAME).is_file()]


def learner_config(home: Path):
    """The merged nbgrader config for a learner whose lessons live in `home`."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    for path in config_files(home):
        if not path.is_file():
            raise NoExchange(t("submit.failed", detail=f"{ENV_CONFIG}={path} 不存在"))
        config.merge(PyFileConfigLoader(path.name, path=str(path.parent)).load_config())
    return config


# submitting -------------------------------------------------------------------------------------------
def submit_lesson(folder: Path | str, learner: str | None = None) -> Receipt:
    """Submit the lesson in `folder` (nbgrader's assignment folder) as `learner` through the configured exchange."""
    folder = Path(folder).resolve()
    learner = learner or learner_id()
    config = learner_config(folder.parent)
    if not config.CourseDirectory.get("course_id"):
        raise NoExchange(t("submit.no_exchange", file=_answers_name(folder)))
    config.Exchange.assignment_dir = str(folder.parent)
    previous = _latest(_submissions(config, folder.name, learner))
    log_event(folder, "submitted", learner=learner)  # recorded in the answers file that goes with the submission
    timestamp = _exchange_submit(config, folder.name, learner)
    return Receipt(folder.name, learner, timestamp, previous)


def _answers_name(folder: Path) -> str:
    found = sorted(folder.glob("*.answers.json"))
    return found[0].name if found else folder.name


def _coursedir(config, lesson: str, learner: str):
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id, coursedir.student_id = lesson, learner
    coursedir.ignore = [*coursedir.ignore, *UNSUBMITTED]
    return coursedir


def _exchange_submit(config, lesson: str, learner: str) -> str:
    from nbgrader.auth import Authenticator
    from nbgrader.exchange import ExchangeFactory

    try:
        submit = ExchangeFactory(config=config).Submit(coursedir=_coursedir(config, lesson, learner),
                                                       authenticator=Authenticator(config=config), config=config)
        submit.start()
    except Exception as exc:  # nbgrader's ExchangeError, OSError: the learner gets one clear line either way
        raise SubmitError(t("submit.failed", detail=_reason(exc))) from exc
    return submit.timestamp


def _submissions(config, lesson: str, learner: str) -> list[str]:
    """Timestamps of this learner's earlier submissions, from nbgrader's own submission cache."""
    from nbgrader.auth import Authenticator
    from nbgrader.exchange import ExchangeFactory

    config = config.copy()
    config.ExchangeList.cached = True
    try:
        lister = ExchangeFactory(config=config).List(coursedir=_coursedir(config, lesson, learner),
                                                     authenticator=Authenticator(config=config), config=config)
        found = lister.start()
    except Exception:  # an unreadable cache only costs the "replaced" note, never the submission
        return []
    return [s["timestamp"] for a in found for s in a.get("submissions", []) if a.get("assignment_id") == lesson]


def _latest(timestamps: list[str]) -> str | None:
    return max(timestamps) if timestamps else None


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[-1][:200] if text else type(exc).__name__


# the widget ---------------------------------------------------------------------------------------------
class SubmitPanel(w.VBox):
    """A 提交 button and a status line. `click()` does what the learner's click does."""

    def __init__(self, folder: Path, submit: Callable[[Path], Receipt] = submit_lesson,
                 unanswered: Callable[[], int] = lambda: 0):
        self.folder, self._submit, self._unanswered = Path(folder), submit, unanswered
        self.button = w.Button(description=t("submit.button"), button_style="danger", tooltip=t("submit.button"))
        self.status = w.HTML(f'<span class="kit-submit-hint">{t("submit.hint")}</span>')
        self.receipt: Receipt | None = None
        self.button.on_click(lambda _b: self.click())
        title = w.HTML(f'<span class="kit-submit-title">{t("submit.title")}</span>')
        super().__init__([w.HTML(STYLE), title, self.button, self.status])
        self.add_class("kit-submit")

    def click(self) -> Receipt | None:
        self.button.disabled = True
        self.status.value = t("submit.working")
        try:
            self.receipt = self._submit(self.folder)
            self.status.value = self._done_html(self.receipt)
        except KitError as exc:
            self.status.value = f'<span class="kit-submit-error">{_escape(str(exc))}</span>'
        finally:
            self.button.disabled = False
        return self.receipt

    def _done_html(self, receipt: Receipt) -> str:
        text = f'<span class="kit-submitted">{_escape(receipt.message())}</span>'
        missing = self._unanswered()
        return text + (f"<div>{_escape(t('submit.unanswered', n=missing))}</div>" if missing else "")


def _escape(text: str) -> str:
    return html.escape(text)


def _unanswered_in_kernel() -> int:
    from .runtime import _SHOWN

    return sum(len(q.questions) - q.answered for q in _SHOWN.values())


def submit_button(folder: str | os.PathLike | None = None) -> SubmitPanel | None:
    """What the lesson's last cell calls. Under nbgrader (autograde, validate) it shows nothing."""
    if os.environ.get("NBGRADER_EXECUTION"):
        return None
    return SubmitPanel(Path(folder or os.getcwd()).resolve(), unanswered=_unanswered_in_kernel)
