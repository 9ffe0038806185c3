"""`kit autograde`: grade every collected submission of a lesson; one learner's failure never stops the batch."""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .grader.pipeline import Course, PipelineError


@dataclass
class AutogradeReport:
    lesson: str
    graded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [f"{self.lesson}：已评分 {len(self.graded)} 人，失败 {len(self.failed)} 人"]
        lines += [f"  失败 {who}：{why}" for who, why in sorted(self.failed.items())]
        return "\n".join(lines)


def autograde(course: Course | Path | str, lesson: str, learners: list[str] | None = None, *, jobs: int = 1,
              progress: bool = False) -> AutogradeReport:
    """Grade through nbgrader's autograde pipeline, learner by learner (in `jobs` processes)."""
    course = course if isinstance(course, Course) else Course(Path(course))
    todo = learners or course.submitted(lesson)
    report = AutogradeReport(lesson)
    bar = tqdm(total=len(todo), desc=f"评分 {lesson}", unit="人", disable=not progress)
    if jobs <= 1:
        for learner in todo:
            _record(report, learner, _grade_one(str(course.root), lesson, learner))
            bar.update()
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(_grade_one, str(course.root), lesson, who): who for who in todo}
            for future in as_completed(futures):
                _record(report, futures[future], future.result())
                bar.update()
    bar.close()
    return report


def _grade_one(root: str, lesson: str, learner: str) -> str:
    """'' when graded, else the reason (kept as text so it crosses process boundaries)."""
    course = Course(Path(root))
    problem = course.submission_problem(lesson, learner)
    if problem:
        return problem
    try:
        course.autograde(lesson, learner)
        return ""
    except PipelineError as exc:
        return str(exc)


def _record(report: AutogradeReport, learner: str, error: str) -> None:
    if error:
        report.failed[learner] = error
    else:
        report.graded.append(learner)
