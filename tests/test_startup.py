"""The kit starts without compiling rfc3987_syntax's grammars, and notebook validation still works."""
from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import time, sys
started = time.process_time()
import kit.grader.layout, nbformat
from nbformat.validator import ValidationError
bad = nbformat.v4.new_notebook()
bad.cells.append({"cell_type": "code", "source": "1"})  # no outputs, no execution_count, no metadata
try:
    nbformat.validate(bad)
    print("accepted")
except ValidationError:
    print("rejected")
print(sys.modules.get("rfc3987_syntax"))
"""


@pytest.mark.unit
def test_importing_the_kit_skips_the_iri_grammars_and_still_validates_notebooks():
    lines = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout.split()
    assert lines == ["rejected", "None"]
