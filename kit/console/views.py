"""The 培训管理台 page: overview, actions with progress, marking and item warnings as ipywidgets tabs."""
from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w

from ..core.errors import KitError
from ..core.messages import t
from ..grader.pipeline import Course
from .actions import ACTIONS, ActionResult
from .marking_view import MarkingPanel, _button, _html
from .overview import SORTS, learner_view
from .snapshot import lesson_titles, take_snapshot
from .source import write_sources
from .tables import learner_table, lesson_table, result_table, warning_table

STYLE = """<style>
.kit-console { --jp-widgets-font-size: 19px; --jp-widgets-inline-height: 38px; --jp-widgets-horizontal-tab-height: 40px;
               --jp-widgets-horizontal-tab-width: 9em; --jp-widgets-inline-label-width: auto; }
.kit-console, .kit-console .widget-label, .kit-console button, .kit-console input, .kit-console select,
.kit-console textarea, .kit-console .widget-html-content, .kit-console .lm-TabBar-tab {
  font-size: 19px; line-height: 1.6; font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; }
.kit-console h1 { font-size: 28px; color: #b71c1c; margin: 0.3em 0; }
.kit-console h2 { font-size: 22px; margin: 0.6em 0 0.2em; }
.kit-console .widget-html, .kit-console .widget-html-content { height: auto; }
.kit-console .widget-button { width: auto; padding: 0 1.1em; margin: 0.2em; }
.kit-console :focus-visible { outline: 3px solid #e65100 !important; outline-offset: 2px; }
.kit-console .widget-dropdown > select { min-width: 14em; }
.kit-console .widget-dropdown > label { margin-right: 0.5em; }
.kit-console .widget-checkbox { margin-left: 1.5em; }
.kit-table { border-collapse: collapse; margin: 0.5em 0 1em; }
.kit-table th, .kit-table td { border: 1px solid #bbb; padding: 0.3em 0.7em; text-align: left; }
.kit-table th { background: #fbe9e7; }
.kit-mark-answer { white-space: pre-wrap; border-left: 5px solid #b71c1c; padding: 0.5em 1em; background: #fafafa; }
.kit-stem { font-weight: bold; margin-bottom: 0.4em; }
.kit-reference { color: #444; }
.kit-error { color: #b71c1c; font-weight: bold; }
.kit-hint { color: #555; }
.kit-warnings td:last-child { white-space: nowrap; }
a.kit-source-link, .kit-files a { color: #0d47a1; text-decoration: underline; }
</style>"""


# the server's base URL, for links to files it serves: JupyterHub gives each member's server (and so this kernel)
# its prefix /user/<name>/; `kit console` and `kit lab` serve from /
BASE_URL = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")


class ConsolePage:
    """The whole page; every widget reads through snapshot.py and writes through actions.py or marking.py."""

    def __init__(self, course: Course):
        self.course, self.titles, self.runs = course, lesson_titles(course), 0
        self.lessons, self.learners, self.warnings = _html("kit-lessons-box"), _html("kit-learners-box"), _html("kit-warnings-box")
        self.branch = w.Dropdown(options=[(t("console.all_branches"), "")], description=t("console.branch"))
        self.sort = w.Dropdown(options=[(t(f"console.sort.{s}"), s) for s in SORTS], description=t("console.sort"))
        self.branch.observe(lambda _c: self.draw_learners(), "value")
        self.sort.observe(lambda _c: self.draw_learners(), "value")
        self.marking = MarkingPanel(course, self.titles)
        tabs = w.Tab(children=[self._overview_tab(), self._actions_tab(), self.marking.root, self.warnings])
        for n, key in enumerate(("overview", "actions", "marking", "warnings")):
            tabs.set_title(n, t(f"console.tab.{key}"))
        self.root = w.VBox([w.HTML(STYLE + f"<h1>{html.escape(t('console.title', course=course.course_id))}</h1>"),
                            tabs])
        self.root.add_class("kit-console")
        self.refresh()

    # course at a glance ----------------------------------------------------------------------------
    def _overview_tab(self) -> w.VBox:
        return w.VBox([w.HTML(f"<h2>{html.escape(t('console.lessons'))}</h2>"), self.lessons,
                       w.HTML(f"<h2>{html.escape(t('console.learners'))}</h2>"),
                       w.HBox([self.branch, self.sort, _button(t("console.refresh"), "kit-refresh", self.refresh)]),
                       self.learners])

    def refresh(self) -> None:
        self.snapshot = take_snapshot(self.course)
        self.lessons.value = lesson_table(self.snapshot.overview.lessons)
        self.branch.options = [(t("console.all_branches"), "")] + [(b, b) for b in self.snapshot.overview.branches]
        pages = write_sources(self.course.root, self.snapshot.warnings)
        self.warnings.value = (f"<p>{html.escape(t('console.warnings_intro'))}</p>"
                               + warning_table(self.snapshot.warnings, pages, BASE_URL))
        self.draw_learners()

    def draw_learners(self) -> None:
        self.learners.value = learner_table(learner_view(self.snapshot.overview, self.branch.value, self.sort.value))

    # actions -----------------------------------------------------------------------------------------
    def _actions_tab(self) -> w.VBox:
        self.target = w.Dropdown(options=[(v, k) for k, v in self.titles.items()], description=t("console.lesson"))
        self.bar = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(width="30em"))
        self.bar.add_class("kit-progress")
        self.status, self.results = _html("kit-status"), _html("kit-results-box")
        self.buttons = [_button(t(f"console.action.{name}"), f"kit-action-{name}", lambda n=name: self.run(n))
                        for name in ACTIONS]
        return w.VBox([self.target, w.HBox(self.buttons), self.bar, self.status, self.results])

    def run(self, name: str) -> None:
        for b in self.buttons:
            b.disabled = True
        self.bar.value, self.status.value = 0, html.escape(t("console.running", action=t(f"console.action.{name}")))
        try:
            result = ACTIONS[name](self.course, self.target.value, self.progress)
            names = {x.id: x.name for x in self.snapshot.overview.learners}
            self.results.value = result_table(result, names, self.course.root, BASE_URL)
            self.runs += 1  # numbered, so a second press of the same button is told apart from the first
            self.status.value = (f'<span data-run="{self.runs}">'
                                 f'{html.escape(t("console.finished", action=t(f"console.action.{name}")))}</span>')
        except KitError as exc:  # a lesson-wide step failed (e.g. generate): say why, keep the page
            self.results.value = result_table(ActionResult(name, failed={self.target.value: str(exc)}), {}, self.course.root)
            self.status.value = f'<span class="kit-error">{html.escape(str(exc))}</span>'
        finally:
            for b in self.buttons:
                b.disabled = False
        self.refresh()
        self.marking.reload()

    def progress(self, done: int, total: int) -> None:
        self.bar.max, self.bar.value = max(1, total), done


def console(course_dir: Path | str | None = None) -> w.VBox:
    """The page for a course (by default the notebook's own folder): what the Voilà notebook shows."""
    course = Course(Path(course_dir or Path.cwd()))
    return ConsolePage(course).root
