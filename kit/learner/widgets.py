"""ipywidgets for each question type and the quiz that holds them: render, collect, never grade the exam."""
from __future__ import annotations

import html
import string
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ..core.grading import Result, grade
from ..core.messages import t
from ..core.model import Question, count_blanks
from ..core.types import TYPES, key_text

OnChange = Callable[[str, Any], None]
FULL = w.Layout(width="100%")


class QuestionWidget(w.VBox):
    """One question: a stem, an input, and a status line. Drivable from Python through `answer()`."""

    def __init__(self, question: Question, number: int, order: list[str] | None, on_change: OnChange):
        self.question, self._on_change, self._muted = question, on_change, False
        self.order = order or list(question.option_ids)
        self.stem = w.HTML(self._stem_html(number))
        self.status = w.HTML("")
        self.feedback = w.HTML("")
        self.input = self.build_input()
        super().__init__([self.stem, self.input, self.status, self.feedback], layout=FULL)
        self.add_class("kit-question")
        self.add_class(f"kit-{question.type}")

    def _stem_html(self, number: int) -> str:
        q = self.question
        title = t("quiz.question", n=number, type=TYPES[q.type].label, points=q.points)
        return f'<div class="kit-qtitle">{title}</div><div class="kit-stem">{html.escape(q.stem)}</div>'

    def build_input(self) -> w.Widget:
        raise NotImplementedError

    @property
    def response(self) -> Any:
        raise NotImplementedError

    def show_response(self, response: Any) -> None:
        """Put a saved response back into the input without recording it again."""
        self._muted = True
        try:
            self._set(response)
        finally:
            self._muted = False

    def answer(self, response: Any) -> None:
        """Answer as the learner would (what a click or keystroke does)."""
        self._set(response)

    def _set(self, response: Any) -> None:
        raise NotImplementedError

    def _changed(self, _change: Any = None) -> None:
        if not self._muted:
            self._on_change(self.question.id, self.response)

    def label(self, oid: str) -> str:
        """The letter the learner sees for a canonical option id (options may be shuffled)."""
        return string.ascii_uppercase[self.order.index(oid)]

    def set_enabled(self, enabled: bool) -> None:
        self.input.disabled = not enabled


class SingleWidget(QuestionWidget):
    def build_input(self) -> w.Widget:
        q = self.question
        options = [(f"{self.label(oid)}. {q.option_text(oid)}", oid) for oid in self.order]
        box = w.RadioButtons(options=options, value=None, layout=FULL)
        box.observe(self._changed, "value")
        return box

    @property
    def response(self) -> Any:
        return self.input.value

    def _set(self, response: Any) -> None:
        self.input.value = response if response in self.question.option_ids else None


class JudgeWidget(SingleWidget):
    def build_input(self) -> w.Widget:
        choices = [(t(msg), value) for value, msg in TYPES[self.question.type].fixed_choices]
        box = w.RadioButtons(options=choices, value=None, layout=FULL)
        box.observe(self._changed, "value")
        return box

    def _set(self, response: Any) -> None:
        self.input.value = response if isinstance(response, bool) else None


class MultipleWidget(QuestionWidget):
    def build_input(self) -> w.Widget:
        q = self.question
        self.boxes = {oid: w.Checkbox(value=False, description=f"{self.label(oid)}. {q.option_text(oid)}",
                                      indent=False, layout=FULL) for oid in self.order}
        for box in self.boxes.values():
            box.observe(self._changed, "value")
        return w.VBox(list(self.boxes.values()), layout=FULL)

    @property
    def response(self) -> Any:
        chosen = sorted(oid for oid, box in self.boxes.items() if box.value)
        return chosen or None

    def _set(self, response: Any) -> None:
        chosen = set(response or ())
        for oid, box in self.boxes.items():
            box.value = oid in chosen

    def set_enabled(self, enabled: bool) -> None:
        for box in self.boxes.values():
            box.disabled = not enabled


class FillWidget(QuestionWidget):
    def build_input(self) -> w.Widget:
        n = max(1, count_blanks(self.question.stem))
        self.fields = [w.Text(placeholder=t("quiz.blank", n=i + 1), continuous_update=True) for i in range(n)]
        for field in self.fields:
            field.observe(self._changed, "value")
        return w.HBox(self.fields, layout=FULL)

    @property
    def response(self) -> Any:
        values = [f.value for f in self.fields]
        return values if any(v.strip() for v in values) else None

    def _set(self, response: Any) -> None:
        values = [response] if isinstance(response, str) else list(response or [])
        for i, field in enumerate(self.fields):
            field.value = str(values[i]) if i < len(values) and values[i] is not None else ""

    def set_enabled(self, enabled: bool) -> None:
        for field in self.fields:
            field.disabled = not enabled


class ShortWidget(QuestionWidget):
    def build_input(self) -> w.Widget:
        box = w.Textarea(placeholder=t("quiz.short_hint"), continuous_update=True,
                         layout=w.Layout(width="100%", height="10em"))
        box.observe(self._changed, "value")
        return box

    @property
    def response(self) -> Any:
        return self.input.value if self.input.value.strip() else None

    def _set(self, response: Any) -> None:
        self.input.value = str(response or "")


# The learner side of each kit.core.types record (core never imports ipywidgets): type name → its widget.
WIDGETS: dict[str, type[QuestionWidget]] = {
    "single": SingleWidget, "multiple": MultipleWidget, "judge": JudgeWidget, "fill": FillWidget, "short": ShortWidget,
}


def feedback_html(widget: QuestionWidget, result: Result) -> str:
    """Practice feedback: verdict, the key (by the letters this learner sees), 解析 and the article."""
    q = widget.question
    verdict = {"correct": t("quiz.correct"), "partial": t("quiz.partial", points=result.points, max=result.max_points)}
    parts = [f'<div class="kit-verdict kit-{result.status}">{verdict.get(result.status, t("quiz.wrong"))}</div>']
    if not result.correct:
        parts.append(f"<div>{html.escape(t('quiz.key', key=key_text(q, widget.label)))}</div>")
        parts += [f"<div>{html.escape(r)}</div>" for r in result.reasons]
    parts += _option_notes(widget)
    if q.explanation:
        parts.append(f'<div class="kit-explanation">{html.escape(t("quiz.explanation", text=q.explanation))}</div>')
    if q.source:
        parts.append(f'<div class="kit-source">{html.escape(t("quiz.source", source=q.source.cite()))}</div>')
    return "".join(parts)


def _option_notes(widget: QuestionWidget) -> list[str]:
    """The bank's per-option feedback for the options this learner chose (why that distractor is wrong)."""
    notes = dict(widget.question.feedback)
    chosen = widget.response if isinstance(widget.response, list) else [widget.response]
    return [f'<div class="kit-option-feedback">{html.escape(f"{widget.label(o)}：{notes[o]}")}</div>'
            for o in chosen if isinstance(o, str) and o in notes]


def practice_check(widget: QuestionWidget) -> Result:
    """Grade the widget's current response with the one grading function and show the feedback."""
    result = grade(widget.question, widget.response)
    widget.feedback.value = feedback_html(widget, result)
    return result
