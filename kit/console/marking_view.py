"""The 批改学习体会 panel: one short answer at a time, a score box per rubric point, the learner's text escaped."""
from __future__ import annotations

import html

import ipywidgets as w

from ..core.errors import KitError
from ..core.messages import t
from ..grader.pipeline import Course
from .marking import ShortAnswer, save_mark, short_answers


def _html(cls: str) -> w.HTML:
    box = w.HTML()
    box.add_class(cls)
    return box


def _button(label: str, cls: str, handler) -> w.Button:
    button = w.Button(description=label)
    button.add_class(cls)
    button.on_click(lambda _b: handler())
    return button


class MarkingPanel:
    """Widgets only: reading and writing marks is marking.py's work."""

    def __init__(self, course: Course, lessons: dict[str, str]):
        self.course, self.at = course, 0
        self.answers: list[ShortAnswer] = []
        self.lesson = w.Dropdown(options=[(t("console.all_lessons"), "")] + [(v, k) for k, v in lessons.items()],
                                 description=t("console.lesson"))
        self.anonymous = w.Checkbox(value=False, description=t("console.mark.anonymous"), indent=False)
        self.progress, self.who, self.question = _html("kit-mark-progress"), _html("kit-mark-learner"), _html("kit-mark-question")
        self.text, self.message = _html("kit-mark-answer"), _html("kit-mark-message")
        self.points = w.VBox()
        self.comment = w.Textarea(placeholder=t("console.mark.comment_hint"), layout=w.Layout(width="100%", height="6em"))
        self.comment.add_class("kit-mark-comment")
        buttons = w.HBox([_button(t("console.mark.prev"), "kit-mark-prev", lambda: self.go(-1)),
                          _button(t("console.mark.save"), "kit-mark-save", self.save_and_next),
                          _button(t("console.mark.next"), "kit-mark-next", lambda: self.go(1))])
        self.lesson.observe(lambda _c: self.reload(), "value")
        self.anonymous.observe(lambda _c: self.show(), "value")
        self.root = w.VBox([w.HBox([self.lesson, self.anonymous]), self.progress, self.who, self.question,
                            self.text, self.points, self.comment, buttons, self.message,
                            w.HTML(f'<p class="kit-hint">{html.escape(t("console.mark.keys"))}</p>')])
        self.root.add_class("kit-marking")
        self.reload()

    def reload(self) -> None:
        self.answers = short_answers(self.course, self.lesson.value or None)
        todo = [n for n, a in enumerate(self.answers) if not a.marked]
        self.at = todo[0] if todo else 0
        self.show()

    @property
    def current(self) -> ShortAnswer | None:
        return self.answers[self.at] if self.answers else None

    def go(self, step: int) -> None:
        if self.answers:
            self.at = (self.at + step) % len(self.answers)
            self.message.value = ""
            self.show()

    def show(self) -> None:
        done = sum(a.marked for a in self.answers)
        self.progress.value = t("console.mark.progress", done=done, total=len(self.answers))
        a = self.current
        if a is None:
            self.who.value, self.question.value, self.text.value = t("console.mark.none"), "", ""
            self.points.children = ()
            return
        self.question.value = (f'<div class="kit-stem">{html.escape(a.stem)}</div>'
                               f'<div class="kit-reference"><b>{html.escape(t("console.mark.reference"))}</b>'
                               f'{html.escape(a.reference)}</div>')
        self.text.value = html.escape(a.text) if a.text else html.escape(t("console.mark.blank"))
        self.points.children = tuple(self._point(a, n) for n in range(len(a.point_max)))
        self.comment.value = a.comment
        self.who.value = html.escape(self._who(a))  # last: when the name shows, the rest belongs to it

    def _who(self, a: ShortAnswer) -> str:
        place = t("console.mark.place", n=self.at + 1, total=len(self.answers))
        state = t("console.mark.scored", score=a.score, max=a.max_score) if a.marked else t("console.mark.unscored")
        person = t("console.mark.anonymous_name") if self.anonymous.value else f"{a.name}（{a.learner}，{a.branch}）"
        return f"{place} · {person} · {state}"

    def _point(self, a: ShortAnswer, n: int) -> w.HBox:
        top = a.point_max[n]
        label = a.rubric[n] if a.rubric else t("console.mark.whole")
        box = w.BoundedFloatText(value=a.shown_points[n], min=0, max=top, step=0.5, layout=w.Layout(width="7em"))
        box.add_class("kit-mark-point")
        box.add_class(f"kit-mark-at-{self.at}")  # which answer the box belongs to, while the page redraws
        return w.HBox([w.HTML(html.escape(t("console.mark.point", label=label, max=top))), box])

    def save_and_next(self) -> None:
        a = self.current
        if a is None:
            return
        points = [row.children[1].value for row in self.points.children]
        try:
            self.answers[self.at] = save_mark(self.course, a, points, self.comment.value)
        except KitError as exc:
            self.message.value = f'<span class="kit-error">{html.escape(str(exc))}</span>'
            return
        self.message.value = html.escape(t("console.mark.saved", score=self.answers[self.at].score))
        todo = [n for n, x in enumerate(self.answers) if not x.marked]
        self.at = next((n for n in todo if n > self.at), todo[0] if todo else self.at)
        self.show()
