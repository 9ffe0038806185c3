"""Import fixtures: the hand-made files in tests/fixtures/import and XLSX workbooks built from build_xlsx.py."""
from __future__ import annotations

import importlib.util

import pytest

from ..conftest import FIXTURES

IMPORT = FIXTURES / "import"


@pytest.fixture(scope="session")
def workbooks(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("build_xlsx", IMPORT / "build_xlsx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(tmp_path_factory.mktemp("xlsx"))


@pytest.fixture
def imported():
    """Import files with no existing banks to clash with; returns the result."""
    from kit.importers import import_files

    def run(*paths, **kwargs):
        return import_files(paths, quizzes=None, **kwargs)

    return run


def by_stem(result):
    return {q.stem: q for q in result.items}
