"""The `kit` command: a thin layer over the Python API; defaults come from the API."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .errors import KitError
from .importers import QUIZZES  # the import/export commands' choices and defaults come from the API
from .importers.formats import NAMES, WRITABLE
from .messages import click_text, t


# click calls gettext for its own texts (usage, headings, errors): route them through our catalogue.
for _module in (click.core, click.exceptions, click.types, click.parser, click.decorators, click.formatting):
    _module._ = click_text
CONTEXT = {"help_option_names": ["-h", "--help"]}


class KitGroup(click.Group):
    """Turns a KitError anywhere below into its one-line message and exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KitError as exc:
            click.echo(exc.show(), err=True)
            sys.exit(exc.exit_code)


@click.group(cls=KitGroup, context_settings=CONTEXT, help="党规党纪学习测验工具包：题库检查、课程构建、评分与学习台账。")
@click.version_option(package_name="dangke-kit")
def main() -> None:
    pass


@main.command(help="检查题库（*.yml）与课程（*.md），逐条输出「文件:行: 题号: 问题」。")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    from .check import check_paths

    report = check_paths(list(paths) or [Path("quizzes"), Path("lessons")])
    for problem in report.problems:
        click.echo(str(problem))
    click.echo(report.summary(), err=True)
    sys.exit(1 if report.errors else 0)


@main.command(help="从 lessons/ 与 quizzes/ 生成 nbgrader 课程目录（配置、source/ 课程笔记本）。")
@click.argument("course_dir", type=click.Path(path_type=Path))
@click.option("--lessons", type=click.Path(exists=True, path_type=Path), help="课程目录（默认项目自带的 lessons/）。")
@click.option("--quizzes", type=click.Path(exists=True, path_type=Path), help="题库目录（默认项目自带的 quizzes/）。")
@click.option("--roster", type=click.Path(exists=True, path_type=Path), help="学员名册 CSV/XLSX：学号/账号、姓名、支部、党委/单位。")
@click.option("--course-id", default="dangke", show_default=True, help="nbgrader 课程编号。")
def build(course_dir: Path, lessons: Path | None, quizzes: Path | None, roster: Path | None, course_id: str) -> None:
    from .build import build_course

    result = build_course(course_dir, lessons=lessons, quizzes=quizzes, course_id=course_id)
    if roster:
        _import_roster(result.course, roster)
    click.echo(f"已生成课程 {result.course}：{len(result.lessons)} 课，更新 {len(result.written)} 个文件")
    for path in result.written:
        click.echo(f"  {path.relative_to(result.course)}")


def _import_roster(course: Path, path: Path) -> None:
    from .grader.pipeline import Course
    from .roster import read_roster, save_roster

    learners, problems = read_roster(path)
    for problem in problems:
        click.echo(str(problem), err=True)
    save_roster(learners, course / "kit" / "roster.json")
    Course(course).add_learners([{"id": x.id, "name": x.name} for x in learners])
    click.echo(f"名册：导入 {len(learners)} 人，跳过 {len(problems)} 行")


@main.command(help="用 nbgrader 的评分流程批改已收取的作业；单个学员失败不影响其他人。")
@click.argument("assignment")
@click.option("--course", "course_dir", default=".", type=click.Path(exists=True, path_type=Path), show_default=True,
              help="课程目录（含 nbgrader_config.py）。")
@click.option("--learner", "learners", multiple=True, help="只批改这些学员（可重复）。")
@click.option("--jobs", default=2, show_default=True, help="并行进程数。")
def autograde(assignment: str, course_dir: Path, learners: tuple[str, ...], jobs: int) -> None:
    from .autograde import autograde as run

    report = run(course_dir, assignment, list(learners) or None, jobs=jobs, progress=True)
    click.echo(report.summary())
    sys.exit(1 if report.failed and not report.graded else 0)


@main.command(help="主流程演示：构建课程、模拟学员作答、发布→提交→收取→评分→反馈→报表。")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option("--learners", default=20, show_default=True, help="模拟学员人数。")
@click.option("--lesson", "lessons", multiple=True, help="只演示这些课（默认全部）。")
@click.option("--seed", default=2024, show_default=True, help="随机种子（同一种子结果相同）。")
def demo(folder: Path | None, learners: int, lessons: tuple[str, ...], seed: int) -> None:
    from .demo import run_demo, summary_table

    result = run_demo(folder, learners=learners, lessons=list(lessons) or None, seed=seed)
    click.echo(summary_table(result))
    for lesson, failed in result.failures.items():
        for who, why in failed.items():
            click.echo(f"评分失败 {lesson}/{who}：{why}", err=True)
    click.echo(f"课程目录：{result.course}")
    click.echo(f"成绩库：{result.course / 'gradebook.db'}")
    for path in result.reports:
        click.echo(f"报表：{path}")


@main.command(help="在课程目录上启动中文界面的 JupyterLab（127.0.0.1，带令牌）。")
@click.option("--course", "course_dir", default=".", type=click.Path(exists=True, path_type=Path), show_default=True)
@click.option("--port", default=0, help="端口（默认自动选择空闲端口）。")
@click.option("--language", default="zh_CN", show_default=True, help="界面语言：zh_CN 或 en。")
def lab(course_dir: Path, port: int, language: str) -> None:
    from .lab import run_lab

    run_lab(course_dir, port=port, language=language)


def _day(_ctx, _param, value: str | None):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(t("report.bad_date", value=value)) from None


@main.command(help="学习情况报表：按学员、支部、党委与题目统计，输出 HTML、XLSX 学习台账与 CSV。")
@click.option("--course", "course_dir", default=".", type=click.Path(exists=True, path_type=Path), show_default=True,
              help="课程目录（含 nbgrader_config.py）。")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="输出目录（默认 课程目录/reports）。")
@click.option("--since", callback=_day, help="只统计此日期（含）之后的提交，YYYY-MM-DD。")
@click.option("--until", callback=_day, help="只统计此日期（含）之前的提交，YYYY-MM-DD。")
@click.option("--branch", "branches", multiple=True, help="只统计这些支部（可重复）。")
@click.option("--lesson", "lessons", multiple=True, help="只统计这些课（可重复）。")
@click.option("--year", type=int, help="学时统计年度（默认最近一次提交所在年度）。")
@click.option("--credit", "credits", multiple=True, metavar="LESSON=HOURS", help="某课折算学时（默认取课程的 hours）。")
@click.option("--db-url", help="成绩库 SQLAlchemy 地址（默认读取课程配置）。")
def report(course_dir: Path, out_dir: Path | None, since, until, branches: tuple[str, ...], lessons: tuple[str, ...],
           year: int | None, credits: tuple[str, ...], db_url: str | None) -> None:
    from .report import ReportOptions, write_reports

    options = ReportOptions(since=since, until=until, branches=branches, lessons=lessons, year=year,
                            credits=_credits(credits), progress=True)
    for path in write_reports(course_dir, out_dir or course_dir / "reports", options, db_url=db_url):
        click.echo(str(path))


def _credits(pairs: tuple[str, ...]) -> dict[str, float]:
    out = {}
    for pair in pairs:
        lesson, _, hours = pair.partition("=")
        try:
            out[lesson] = float(hours)
        except ValueError:
            raise click.BadParameter(pair, param_hint="--credit") from None
    return out


@main.command(help="为学员生成错题本练习笔记本（答错的题与相关新题）；不同日期两次答对即移出。")
@click.argument("learner")
@click.option("--course", "course_dir", default=".", type=click.Path(exists=True, path_type=Path), show_default=True,
              help="课程目录（含 nbgrader_config.py）。")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="输出目录（默认 课程目录/review/学员）。")
def review(learner: str, course_dir: Path, out_dir: Path | None) -> None:
    from .review import build_review

    result = build_review(course_dir, learner, out_dir)
    click.echo(t("review.built", path=result.notebook, count=len(result.items), retired=result.retired))


@main.command("import", help="导入题库：Excel/CSV 模板、GIFT（Moodle）、Aiken、JSON；生成 draft 状态的 YAML 题库。")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", default="auto", show_default=True, type=click.Choice(["auto", *NAMES]),
              help="输入格式；auto 按扩展名与内容判断。")
@click.option("--bank", help="题库名（默认取第一个文件名）；题号前缀由它生成。")
@click.option("--out", type=click.Path(path_type=Path), help=f"输出文件（默认 {QUIZZES}/<题库名>.yml）。")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件。")
def import_(files: tuple[Path, ...], fmt: str, bank: str | None, out: Path | None, force: bool) -> None:
    from .importers import import_files, write_bank

    result = import_files(files, fmt, bank, replacing=out)
    for rejected in result.rejected:
        click.echo(str(rejected), err=True)
    for note in result.notes:
        click.echo(note, err=True)
    click.echo(result.summary(), err=True)
    path = write_bank(result, out, force)
    click.echo(t("import.written", path=path, items=len(result.items)))


@main.command("export", help="把题库导出为 Excel 模板、GIFT 或 JSON，便于在 Excel 中编辑后重新导入。")
@click.argument("banks", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", default="xlsx", show_default=True, type=click.Choice(WRITABLE), help="导出格式。")
@click.option("--out", type=click.Path(path_type=Path), help="输出文件（默认 <题库名>.<格式>）。")
def export_(banks: tuple[Path, ...], fmt: str, out: Path | None) -> None:
    from .export import export_banks

    result = export_banks(banks, fmt, out)
    for note in result.notes:
        click.echo(note, err=True)
    click.echo(t("export.written", path=result.path, items=result.items))
