"""The `kit` command: a thin layer over the Python API; defaults come from the API."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import KitError


class KitGroup(click.Group):
    """Turns a KitError anywhere below into its one-line message and exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KitError as exc:
            click.echo(exc.show(), err=True)
            sys.exit(exc.exit_code)


@click.group(cls=KitGroup, help="党规党纪学习测验工具包：题库检查、课程构建、评分与学习台账。")
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
