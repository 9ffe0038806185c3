"""The `kit` command: a thin layer over the Python API; defaults come from the API."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .core.errors import KitError
from .core.messages import click_text, t
from .importers import QUIZZES  # the import/export commands' choices and defaults come from the API
from .importers.formats import NAMES, WRITABLE

# click calls gettext for its own texts (usage, headings, errors): route them through our catalogue.
for _module in (click.core, click.exceptions, click.types, click.parser, click.decorators, click.formatting):
    setattr(_module, "_", click_text)  # noqa: B010
CONTEXT = {"help_option_names": ["-h", "--help"]}


class KitGroup(click.Group):
    """Turns a KitError anywhere below into its one-line message and exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KitError as exc:
            click.echo(exc.show(), err=True)
            sys.exit(exc.exit_code)


@click.group(cls=KitGroup, context_settings=CONTEXT, help=t("cli.main"))
@click.version_option(package_name="dangke-kit")
def main() -> None:
    pass


@main.command(help=t("cli.check"))
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    from .content.check import check_paths

    report = check_paths(list(paths) or [Path("quizzes"), Path("lessons")])
    for problem in report.problems:
        click.echo(str(problem))
    click.echo(report.summary(), err=True)
    sys.exit(1 if report.errors else 0)


@main.command(help=t("cli.build"))
@click.argument("course_dir", type=click.Path(path_type=Path))
@click.option("--lessons", type=click.Path(exists=True, path_type=Path), help=t("cli.build.lessons"))
@click.option("--quizzes", type=click.Path(exists=True, path_type=Path), help=t("cli.build.quizzes"))
@click.option("--roster", type=click.Path(exists=True, path_type=Path), help=t("cli.build.roster"))
@click.option("--course-id", default="dangke", show_default=True, help=t("cli.build.course_id"))
def build(course_dir: Path, lessons: Path | None, quizzes: Path | None, roster: Path | None, course_id: str) -> None:
    from .course.build import build_course

    result = build_course(course_dir, lessons=lessons, quizzes=quizzes, course_id=course_id)
    if roster:
        _import_roster(result.course, roster)
    click.echo(t("course.built", course=result.course, lessons=len(result.lessons), files=len(result.written)))
    for path in result.written:
        click.echo(f"  {path.relative_to(result.course)}")


def _import_roster(course: Path, path: Path) -> None:
    from .content.roster import read_roster, save_roster
    from .grader.pipeline import Course

    learners, problems = read_roster(path)
    for problem in problems:
        click.echo(str(problem), err=True)
    save_roster(learners, course / "kit" / "roster.json")
    Course(course).add_learners([{"id": x.id, "name": x.name} for x in learners])
    click.echo(t("roster.imported", learners=len(learners), skipped=len(problems)))


@main.command(help=t("cli.autograde"))
@click.argument("assignment")
@click.option("--course", "course_dir", default=".", type=click.Path(exists=True, path_type=Path), show_default=True,
              help=t("cli.autograde.course"))
@click.option("--learner", "learners", multiple=True, help=t("cli.autograde.learner"))
@click.option("--jobs", default=2, show_default=True, help=t("cli.autograde.jobs"))
def autograde(assignment: str, course_dir: Path, learners: tuple[str, ...], jobs: int) -> None:
    from .grader.autograde import autograde as run

    report = run(course_dir, assignment, list(learners) or None, jobs=jobs, progress=True)
    click.echo(report.summary())
    sys.exit(1 if report.failed and not report.graded else 0)


@main.command(help=t("cli.demo"))
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option("--learners", default=20, show_default=True, help=t("cli.demo.learners"))
@click.option("--lesson", "lessons", multiple=True, help=t("cli.demo.lesson"))
@click.option("--seed", default=2024, show_default=True, help=t("cli.demo.seed"))
def demo(folder: Path | None, learners: int, lessons: tuple[str, ...], seed: int) -> None:
    from .demo import run_demo, summary_table

    result = run_demo(folder, learners=learners, lessons=list(lessons) or None, seed=seed)
    click.echo(summary_table(result))
    for lesson, failed in result.failures.items():
        for who, why in failed.items():
            click.echo(t("demo.failed", lesson=lesson, learner=who, reason=why), err=True)
    click.echo(t("demo.course", path=result.course))
    click.echo(t("demo.gradebook", path=result.course / "gradebook.db"))
    for path in result.reports:
        click.echo(t("demo.report", path=path))


@main.command(help=t("cli.lab"))
@click.option("--course", "course_dir", default=".", type=click.Path(exists=True, path_type=Path), show_default=True)
@click.option("--port", default=0, help=t("cli.lab.port"))
@click.option("--language", default="zh_CN", show_default=True, help=t("cli.lab.language"))
@click.option("--role", type=click.Choice(["trainer", "learner"]), default="trainer", show_default=True,
              help=t("cli.lab.role"))
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), help=t("cli.lab.home"))
def lab(course_dir: Path, port: int, language: str, role: str, home: Path | None) -> None:
    from .lab import run_lab

    run_lab(course_dir, port=port, language=language, role=role, home=home)


@main.command(help=t("cli.present"))
@click.argument("lesson", type=click.Path(exists=True, path_type=Path))
@click.option("--port", default=0, help=t("cli.present.port"))
def present(lesson: Path, port: int) -> None:
    from .present import run_present

    run_present(lesson, port=port)


@main.command(help=t("cli.hub"))
@click.option("--root", default="/srv/dangke", show_default=True, type=click.Path(path_type=Path), help=t("cli.hub.root"))
@click.option("--course-id", default="dangke", show_default=True, help=t("cli.build.course_id"))
@click.option("--roster", type=click.Path(exists=True, path_type=Path), help=t("cli.hub.roster"))
@click.option("--trainer", "trainers", multiple=True, required=True, help=t("cli.hub.trainer"))
@click.option("--ip", default="127.0.0.1", show_default=True, help=t("cli.hub.ip"))
@click.option("--port", default=8000, show_default=True, help=t("cli.hub.port"))
@click.option("--db-url", envvar="KIT_DB_URL", help=t("cli.hub.db_url"))
@click.option("--hub-db-url", help=t("cli.hub.hub_db_url"))
@click.option("--postgres", "postgres_dir", type=click.Path(path_type=Path), help=t("cli.hub.postgres"))
@click.option("--release", "lessons", multiple=True, help=t("cli.hub.release"))
def hub(root: Path, course_id: str, roster: Path | None, trainers: tuple[str, ...], ip: str, port: int,
        db_url: str | None, hub_db_url: str | None, postgres_dir: Path | None, lessons: tuple[str, ...]) -> None:
    from .hub.config import HubSettings
    from .hub.server import default_layout, roster_learners, run_hub

    layout = default_layout(root, course_id)
    members = roster_learners(layout.course, roster)
    cluster = None
    if postgres_dir:
        from .hub.postgres import Cluster

        cluster = Cluster(postgres_dir)
        cluster.init()
        cluster.start()
        db_url, hub_db_url = cluster.create_database("gradebook"), cluster.create_database("jupyterhub")
    settings = HubSettings(layout, tuple(x.id for x in members), trainers, ip=ip, port=port, hub_port=port + 81,
                           proxy_api_port=port + 1, gradebook_url=db_url or "", hub_db_url=hub_db_url or "")
    run_hub(settings, roster=members, release=list(lessons), postgres=cluster)


@main.command(help=t("cli.console"))
@click.argument("course_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--port", default=0, help=t("cli.console.port"))
def console(course_dir: Path, port: int) -> None:
    from .console.app import run_console

    run_console(course_dir, port=port)


def _day(_ctx, _param, value: str | None):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(t("report.bad_date", value=value)) from None


@main.command(help=t("cli.report"))
@click.option("--course", "course_dir", default=".", type=click.Path(exists=True, path_type=Path), show_default=True,
              help=t("cli.report.course"))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help=t("cli.report.out"))
@click.option("--since", callback=_day, help=t("cli.report.since"))
@click.option("--until", callback=_day, help=t("cli.report.until"))
@click.option("--branch", "branches", multiple=True, help=t("cli.report.branch"))
@click.option("--lesson", "lessons", multiple=True, help=t("cli.report.lesson"))
@click.option("--year", type=int, help=t("cli.report.year"))
@click.option("--credit", "credits", multiple=True, metavar="LESSON=HOURS", help=t("cli.report.credit"))
@click.option("--db-url", help=t("cli.report.db_url"))
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


@main.command(help=t("cli.review"))
@click.argument("learner")
@click.option("--course", "course_dir", default=".", type=click.Path(exists=True, path_type=Path), show_default=True,
              help=t("cli.review.course"))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help=t("cli.review.out"))
def review(learner: str, course_dir: Path, out_dir: Path | None) -> None:
    from .report.review import build_review

    result = build_review(course_dir, learner, out_dir)
    click.echo(t("review.built", path=result.notebook, count=len(result.items), retired=result.retired))


@main.command("import", help=t("cli.import"))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", default="auto", show_default=True, type=click.Choice(["auto", *NAMES]),
              help=t("cli.import.format"))
@click.option("--bank", help=t("cli.import.bank"))
@click.option("--out", type=click.Path(path_type=Path), help=t("cli.import.out", quizzes=QUIZZES))
@click.option("--force", is_flag=True, help=t("cli.import.force"))
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


@main.command("export", help=t("cli.export"))
@click.argument("banks", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", default="xlsx", show_default=True, type=click.Choice(WRITABLE), help=t("cli.export.format"))
@click.option("--out", type=click.Path(path_type=Path), help=t("cli.export.out"))
def export_(banks: tuple[Path, ...], fmt: str, out: Path | None) -> None:
    from .importers.export import export_banks

    result = export_banks(banks, fmt, out)
    for note in result.notes:
        click.echo(note, err=True)
    click.echo(t("export.written", path=result.path, items=result.items))


# paper quizzes ------------------------------------------------------------------------------------------
def _course_option(function):
    return click.option("--course", "course_dir", default=".", type=click.Path(exists=True, path_type=Path),
                        show_default=True, help=t("cli.paper.course"))(function)


@main.command(help=t("cli.paper"))
@click.argument("lesson")
@_course_option
@click.option("--out", "out_dir", default="paper", type=click.Path(path_type=Path), show_default=True,
              help=t("cli.paper.out"))
@click.option("--roster", type=click.Path(exists=True, path_type=Path), help=t("cli.paper.roster"))
@click.option("--learner", "learners", multiple=True, help=t("cli.paper.learner"))
@click.option("--one-file", is_flag=True, help=t("cli.paper.one_file"))
@click.option("--key", type=click.Path(path_type=Path), help=t("cli.paper.key"))
def paper(lesson: str, course_dir: Path, out_dir: Path, roster: Path | None, learners: tuple[str, ...],
          one_file: bool, key: Path | None) -> None:
    from .paper.printing import print_lesson

    result = print_lesson(course_dir, lesson, out_dir, roster=roster, only=list(learners) or None,
                          one_file=one_file, key=key)
    click.echo(t("paper.printed", count=len(result.papers), lesson=lesson, path=out_dir))
    click.echo(t("paper.key_written", path=result.key))


@main.command(help=t("cli.scan"))
@click.argument("scans", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--lesson", required=True, help=t("cli.scan.lesson"))
@_course_option
@click.option("--review", type=click.Path(path_type=Path), help=t("cli.scan.review"))
def scan(scans: tuple[Path, ...], lesson: str, course_dir: Path, review: Path | None) -> None:
    from .paper.scan import scan as run

    report = run(course_dir, lesson, list(scans), review=review)
    click.echo(report.summary())
    sys.exit(1 if report.problems and not (report.submitted or report.waiting) else 0)


@main.command(help=t("cli.confirm"))
@click.argument("review_list", type=click.Path(exists=True, path_type=Path))
@_course_option
def confirm(review_list: Path, course_dir: Path) -> None:
    from .paper.confirm import confirm as run

    report = run(course_dir, review_list)
    click.echo(report.summary())
    sys.exit(1 if report.problems else 0)


@main.command(help=t("cli.entry"))
@click.argument("sheet", type=click.Path(path_type=Path))
@click.option("--lesson", required=True, help=t("cli.scan.lesson"))
@_course_option
@click.option("--template", is_flag=True, help=t("cli.entry.template"))
@click.option("--roster", type=click.Path(exists=True, path_type=Path), help=t("cli.paper.roster"))
def entry(sheet: Path, lesson: str, course_dir: Path, template: bool, roster: Path | None) -> None:
    from .paper.entry import enter, write_template

    if template:
        click.echo(t("paper.entry.template", path=write_template(course_dir, lesson, sheet, roster)))
        return
    if not sheet.exists():
        raise click.BadParameter(str(sheet), param_hint="SHEET")
    report = enter(course_dir, lesson, sheet)
    click.echo(report.summary())
    sys.exit(1 if report.problems else 0)
