"""A flagged item's bank as a read-only page, and the warning table's links to it (no server, no browser)."""
from __future__ import annotations

import re

import pytest

from kit.console.flags import ItemWarning
from kit.console.source import source_page, view_name, write_sources
from kit.console.tables import warning_table

pytestmark = pytest.mark.unit
BANK = 'schema: 1\nitems:\n  - id: q1\n    stem: "<script>alert(1)</script> & 党章"\n  - id: q2\n    key: B\n'


def warning(file: str, line: int, item: str = "q1") -> ItemWarning:
    return ItemWarning(item, "l1", "<b>题干</b>", "A", 0.8, -0.5, -1.0, file, line)


def test_every_line_is_numbered_anchored_and_escaped():
    page = source_page("/srv/banks/a.yml", BANK, [3])
    lines = re.findall(r'<li id="L(\d+)" class="([\w-]+)">(.*?)</li>', page)
    assert [int(n) for n, _c, _t in lines] == list(range(1, 7))
    assert [n for n, cls, _t in lines if cls == "kit-flagged"] == ["3"]
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 党章" in lines[3][2]


def test_pages_are_written_under_the_course_once_per_file(tmp_path):
    bank = tmp_path / "banks" / "a.yml"
    bank.parent.mkdir()
    bank.write_text(BANK, encoding="utf-8")
    course = tmp_path / "course"
    pages = write_sources(course, (warning(str(bank), 3), warning(str(bank), 5, "q2"), warning("/gone.yml", 2)))
    assert pages == {str(bank): view_name(str(bank)).as_posix()}  # a file that cannot be read gets no page
    written = (course / pages[str(bank)]).read_text(encoding="utf-8")
    assert written.count('class="kit-flagged"') == 2
    assert view_name("/a/x.yml") != view_name("/b/x.yml")


def test_the_table_links_file_and_line_to_the_page_under_the_servers_base():
    warnings = (warning("/srv/banks/a.yml", 3), warning("/gone.yml", 2, "q2"))
    found = warning_table(warnings, {"/srv/banks/a.yml": "kit/source/a.yml-1.html"}, "/user/zzwy/")
    assert '<a class="kit-source-link" href="/user/zzwy/files/kit/source/a.yml-1.html#L3"' in found
    assert 'title="/srv/banks/a.yml" target="_blank">a.yml:3</a>' in found
    assert '<td><span title="/gone.yml">gone.yml:2</span></td>' in found
    assert "<b>" not in found and "&lt;b&gt;题干&lt;/b&gt;" in found
