"""Write every output of a report: the HTML report, the XLSX 学习台账, the CSV files."""
from __future__ import annotations

from pathlib import Path

from tqdm import tqdm

from ..core.messages import t
from .analysis import Report, build_report, paused_gc
from .beside import beside
from .csv import write_csvs
from .html import write_html
from .options import ReportOptions
from .xlsx import write_xlsx

PARALLEL_LEARNERS = 2000  # below this the 台账 takes well under a second: not worth a process


def write_outputs(report: Report, out_dir: Path | str, progress: bool = False) -> list[Path]:
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with paused_gc():  # hundreds of thousands of cells and strings, none cyclic
        report.learners_table  # noqa: B018 - built once, before the 台账's process starts, for every output
        # the 台账 on a second process for a large course; the HTML's charts, the only step that draws, never cost it
        ledger = beside(lambda: write_xlsx(report, folder / t("report.file.xlsx")),
                        parallel=len(report.learners) >= PARALLEL_LEARNERS)
        steps = {"csv": lambda: write_csvs(report, folder),
                 "html": lambda: [write_html(report, folder / t("report.file.html"))], "xlsx": lambda: [ledger()]}
        done = {name: step() for name, step in tqdm(steps.items(), desc=t("report.writing"), disable=not progress)}
    return done["csv"] + done["xlsx"] + done["html"]


def write_reports(course_root: Path | str, out_dir: Path | str, options: ReportOptions = ReportOptions(progress=False),
                  *, db_url: str | None = None) -> list[Path]:
    """Build the report for a course and write all three outputs; returns the files written."""
    report = build_report(course_root, options, db_url=db_url)
    return write_outputs(report, out_dir, progress=options.progress and len(report.learners) >= 500)
