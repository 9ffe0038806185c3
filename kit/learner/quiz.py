"""The quiz container: progress, practice feedback or exam recording, display preferences, time limit."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import ipywidgets as w

from ..core.answers import AnswerSheet, AnswerStore, now
from ..core.draw import option_order
from ..core.messages import t
from ..core.model import Question
from ..core.types import HAND_GRADED
from .prefs import load_prefs, save_pref
from .widgets import WIDGETS, QuestionWidget, practice_check

# JupyterLab's notebook shortcuts claim keys from any focused element that is not a text field: arrow keys
# (which move between radio options) and Enter (which presses a button). Lumino skips its shortcuts for an
# element marked data-lm-suppress-shortcuts, so each control inside a kit widget is marked when it gets focus.
KEYBOARD = ("<img src='data:,' alt='' hidden onerror=\"if(!window.kitKeys){window.kitKeys=1;"
            "document.addEventListener('focusin',function(e){var t=e.target;"
            "if(t.closest&&t.closest('.kit-quiz,.kit-submit')){t.setAttribute('data-lm-suppress-shortcuts','true')}},true)}\">")

STYLE = """<style>
.kit-quiz {border:2px solid #b71c1c; border-radius:8px; padding:12px 16px; margin:8px 0; font-size:16px; line-height:1.6}
.kit-quiz .kit-header {font-weight:bold; color:#b71c1c; font-size:1.1em}
.kit-quiz .kit-qtitle {font-weight:bold; margin-top:12px}
.kit-quiz .kit-stem {white-space:pre-wrap; margin:4px 0}
.kit-quiz .widget-radio-box label, .kit-quiz .widget-checkbox label {white-space:normal; height:auto}
.kit-quiz .kit-correct {color:#1b5e20; font-weight:bold}
.kit-quiz .kit-partial {color:#e65100; font-weight:bold}
.kit-quiz .kit-wrong {color:#b71c1c; font-weight:bold}
.kit-quiz .kit-explanation {background:#fff8e1; padding:4px 8px; margin-top:4px}
.kit-quiz .kit-source {color:#555; font-size:0.9em}
.kit-quiz .kit-recorded {color:#1b5e20}
/* ipywidgets set a small fixed font size on each widget: let every part follow the quiz (16px, 22px large) */
.kit-quiz .jupyter-widgets, .kit-quiz .widget-html-content, .kit-quiz .widget-label-basic span,
.kit-quiz .widget-radio-box label, .kit-quiz input, .kit-quiz textarea, .kit-quiz button {font-size:inherit; line-height:1.5}
.kit-quiz .widget-text, .kit-quiz .widget-text input, .kit-quiz .widget-checkbox,
.kit-quiz .jupyter-button {height:auto; min-height:var(--jp-widgets-inline-height)}
.kit-quiz.kit-large {font-size:22px}
.kit-quiz.kit-large .widget-radio-box label, .kit-quiz.kit-large .widget-checkbox label,
.kit-quiz.kit-large input, .kit-quiz.kit-large textarea, .kit-quiz.kit-large button {font-size:22px; line-height:1.5}
.kit-quiz.kit-contrast {background:#000; color:#fff; border-color:#ffeb3b}
.kit-quiz.kit-contrast .kit-header, .kit-quiz.kit-contrast .kit-qtitle {color:#ffeb3b}
.kit-quiz.kit-contrast label, .kit-quiz.kit-contrast .widget-label {color:#fff}
.kit-quiz.kit-contrast .kit-explanation {background:#222}
.kit-quiz.kit-contrast .kit-source {color:#e0e0e0}
.kit-quiz.kit-contrast .kit-correct, .kit-quiz.kit-contrast .kit-recorded {color:#69f0ae}
.kit-quiz.kit-contrast .kit-partial {color:#ffd180}
.kit-quiz.kit-contrast .kit-wrong {color:#ff8a80}
.kit-quiz :focus, .kit-quiz :focus-visible {outline:3px solid #1565c0 !important; outline-offset:2px}
.kit-quiz.kit-contrast :focus, .kit-quiz.kit-contrast :focus-visible {outline-color:#ffeb3b !important}
.kit-quiz input[type=radio], .kit-quiz input[type=checkbox] {width:1.1em; height:1.1em; accent-color:#b71c1c}
.kit-quiz.kit-large input[type=radio], .kit-quiz.kit-large input[type=checkbox] {width:1.3em; height:1.3em}
</style>""" + KEYBOARD


@dataclass(frozen=True)
class QuizSpec:
    id: str
    mode: str  # practice | exam
    title: str
    items: tuple[Question, ...]
    time_limit: int | None = None  # minutes, exam only
    shuffle: bool = False


class Quiz(w.VBox):
    """A quiz in a notebook. Every change goes straight to the answers store; practice checks use grade()."""

    def __init__(self, spec: QuizSpec, sheet: AnswerSheet, store: AnswerStore, learner: str):
        self.spec, self.sheet, self.store, self.learner = spec, sheet, store, learner
        self.questions: dict[str, QuestionWidget] = {}
        self._timer: threading.Timer | None = None
        self.progress = w.HTML()
        self.notice = w.HTML()
        children = [w.HTML(STYLE), self._header(), self.notice]
        for n, q in enumerate(spec.items, 1):
            children.append(self._question_box(q, n))
        super().__init__(children)
        self.add_class("kit-quiz")
        self._restore()
        self._apply_prefs()
        self._start_clock()

    # building -----------------------------------------------------------------------------------
    def _header(self) -> w.Widget:
        kind = t("quiz.practice") if self.spec.mode == "practice" else t("quiz.exam")
        self.large = w.Checkbox(description=t("quiz.large_font"), indent=False, layout=w.Layout(width="auto"))
        self.contrast = w.Checkbox(description=t("quiz.high_contrast"), indent=False, layout=w.Layout(width="auto"))
        self.large.observe(lambda c: self._pref("large", c["new"]), "value")
        self.contrast.observe(lambda c: self._pref("contrast", c["new"]), "value")
        title = w.HTML(f'<span class="kit-header">{kind}：{self.spec.title}</span>')
        return w.HBox([title, self.progress, self.large, self.contrast],
                      layout=w.Layout(justify_content="space-between", flex_flow="row wrap"))

    def _question_box(self, q: Question, n: int) -> w.Widget:
        order = option_order(list(q.option_ids), self.learner, self.spec.id, q.id) if self.spec.shuffle else None
        widget = WIDGETS[q.type](q, n, order, self._record)
        self.questions[q.id] = widget
        if self.spec.mode == "practice" and q.type not in HAND_GRADED:
            button = w.Button(description=t("quiz.check"), button_style="danger", tooltip=t("quiz.check"))
            button.on_click(lambda _b, qid=q.id: self.check(qid))
            widget.children = (*widget.children[:2], button, *widget.children[2:])
        return widget

    # learner actions (each drivable from Python) --------------------------------------------------
    def answer(self, item: str, response: Any) -> None:
        self.questions[item].answer(response)

    def check(self, item: str):
        """Practice only: grade the current response, show verdict and 解析, count the attempt."""
        widget = self.questions[item]
        result = practice_check(widget)
        self.sheet.record(self.spec.id, item, widget.response, correct=result.correct)
        self._save()
        widget.status.value = t("quiz.attempts", n=self.sheet.answers[self.spec.id][item]["attempts"])
        return result

    def _record(self, item: str, response: Any) -> None:
        if self._expired():
            self._lock()
            return
        self._coalesce_record(item, response)
        self._save()
        if self.spec.mode == "exam" or self.questions[item].question.type in HAND_GRADED:
            stamp = datetime.now().strftime("%H:%M:%S")
            self.questions[item].status.value = f'<span class="kit-recorded">{t("quiz.recorded", time=stamp)}</span>'
        self._update_progress()

    def _coalesce_record(self, item: str, response: Any) -> None:
        """Typing writes on every keystroke; fold those into one event so the log stays readable."""
        last = self.sheet.events[-1] if self.sheet.events else {}
        entry = self.sheet.answers.get(self.spec.id, {}).get(item)
        if entry and last.get("item") == item and last.get("quiz") == self.spec.id and last.get("event") == "changed":
            entry.update(response=response, at=now())
            last.update(response=response, t=entry["at"])
        else:
            self.sheet.record(self.spec.id, item, response)

    # state ----------------------------------------------------------------------------------------
    def _restore(self) -> None:
        saved = self.sheet.answers.get(self.spec.id, {})
        restored = 0
        for item, widget in self.questions.items():
            response = saved.get(item, {}).get("response")
            if response is not None:
                widget.show_response(response)
                restored += 1
        notices = []
        if self.sheet.recovered_from:
            notices.append(t("quiz.corrupt", name=self.sheet.recovered_from))
        if restored:
            notices.append(t("quiz.restored", n=restored))
        self.notice.value = "<br>".join(notices)
        self._update_progress()

    def _update_progress(self) -> None:
        done = sum(1 for wdg in self.questions.values() if wdg.response is not None)
        self.progress.value = t("quiz.progress", done=done, total=len(self.questions))

    @property
    def answered(self) -> int:
        return sum(1 for wdg in self.questions.values() if wdg.response is not None)

    def _save(self) -> None:
        self.store.save(self.sheet)

    def _pref(self, key: str, value: bool) -> None:
        (self.add_class if value else self.remove_class)(f"kit-{key}")
        save_pref(key, value)

    def _apply_prefs(self) -> None:
        prefs = load_prefs()
        self.large.value = bool(prefs.get("large"))
        self.contrast.value = bool(prefs.get("contrast"))

    # time limit -----------------------------------------------------------------------------------
    def _start_clock(self) -> None:
        if not self.spec.time_limit or self.spec.mode != "exam":
            return
        self.sheet.started.setdefault(self.spec.id, now())
        self._save()
        left = self._seconds_left()
        if left <= 0:
            self._lock()
            return
        self.notice.value += f"<div>{t('quiz.time_left', minutes=int(left // 60) + 1)}</div>"
        self._timer = threading.Timer(left, self._lock)
        self._timer.daemon = True
        self._timer.start()

    def _seconds_left(self) -> float:
        started = datetime.fromisoformat(self.sheet.started[self.spec.id])
        elapsed = (datetime.now(started.tzinfo) - started).total_seconds()
        return (self.spec.time_limit or 0) * 60 - elapsed

    def _expired(self) -> bool:
        return bool(self.spec.time_limit and self.spec.mode == "exam" and self._seconds_left() <= 0)

    def _lock(self) -> None:
        for widget in self.questions.values():
            widget.set_enabled(False)
        self.notice.value = f"<b>{t('quiz.time_up')}</b>"
