"""The question-type registry: every record round-trips its key, reads its bank answer back, has a key text and a
widget; and it is the one place in kit/ that names the types (drift elsewhere fails here)."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import kit
from kit.core.grading import grade
from kit.core.types import HAND_GRADED, TYPES, key_text, question_from_dict, question_to_dict

pytestmark = pytest.mark.unit
ONE_OF_EACH = {"single": "t-age", "multiple": "t-discipline", "judge": "t-probation", "fill": "t-term",
               "short": "t-reflect"}
KIT = Path(kit.__file__).parent
TYPE_NAME = re.compile(r"""["'](?:single|multiple|judge|fill|short)["']""")
ALLOWED = {  # files that name types for a format of their own, not to decide what a type does
    "core/types.py": "the registry itself",
    "core/messages.py": "English texts that happen to equal a type name (paper.type.fill: 'fill')",
    "learner/widgets.py": "the learner side of each record: type name → its ipywidget (core never loads ipywidgets)",
    "importers/template.py": "how spreadsheets spell each type (单选题, radio, 1 …)",
    "importers/shaping.py": "which type an imported row is, and its key in the import notation",
    "importers/gift.py": "GIFT syntax per type",
    "importers/spreadsheet.py": "the Excel template's answer notation per type",
    "importers/jsonbank.py": "a JSON bank's default type",
}


class Entry:
    """A bank item as kit.content.bank reads it, recording the problems a parser reports."""

    def __init__(self, **fields: Any):
        self.fields, self.problems = fields, []

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)

    def error(self, key, msg, *, fatal=True, severity="error", **fields) -> None:
        self.problems.append(msg)


@pytest.fixture(params=sorted(TYPES))
def item(request, questions):
    return questions[ONE_OF_EACH[request.param]]


def test_the_fixture_covers_every_registered_type():
    assert set(ONE_OF_EACH) == set(TYPES)


def test_the_key_survives_json_both_ways(item):
    kind = TYPES[item.type]
    stored = json.loads(json.dumps(kind.encode_key(item.answer)))
    assert kind.decode_key(stored) == item.answer
    assert kind.decode_key(kind.encode_key(None)) is None


def test_a_question_survives_its_dict(item):
    back = question_from_dict(json.loads(json.dumps(question_to_dict(item), ensure_ascii=False)))
    keep = ("id", "type", "stem", "options", "answer", "points", "policy", "explanation", "reference", "source")
    assert {k: getattr(back, k) for k in keep} == {k: getattr(item, k) for k in keep}
    assert question_from_dict(question_to_dict(item, keys=False)).answer is None


def test_the_bank_answer_reads_back_as_the_same_key(item):
    kind = TYPES[item.type]
    entry = Entry(answer=kind.bank_answer(item), stem=item.stem)
    assert kind.parse(entry) == item.answer and entry.problems == []


def test_fill_aliases_written_to_the_bank_read_back():
    kind, q = TYPES["fill"], question_from_dict({"id": "x", "type": "fill", "stem": "（ ）和（ ）",
                                                 "answer": [["三年", "3年"], ["五年"]]})
    assert kind.parse(Entry(answer=kind.bank_answer(q), stem=q.stem)) == q.answer


def test_every_type_has_a_label_and_a_key_text(item):
    assert TYPES[item.type].label and TYPES[item.type].label != item.type
    assert key_text(item).strip()


def test_key_text_follows_the_letters_a_learner_sees(questions):
    q = questions["t-discipline"]  # key A, B, D
    shown = {"A": "C", "B": "A", "C": "D", "D": "B"}  # a shuffled order
    assert key_text(q, shown.get) == f"A. {q.option_text('B')}；B. {q.option_text('D')}；C. {q.option_text('A')}"


def test_hand_graded_types_are_those_without_a_scorer(item):
    assert (item.type in HAND_GRADED) == (grade(item, "任何回答").status == "manual")


def test_a_bad_bank_answer_is_reported_on_the_entry():
    entry = Entry(answer="AB")
    assert TYPES["single"].parse(entry) is None and entry.problems == ["check.single_many"]


def test_every_type_has_a_widget_and_every_widget_a_type():
    from kit.learner.widgets import WIDGETS

    assert set(WIDGETS) == set(TYPES)


def _naming_files() -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for path in sorted(KIT.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        hits = [n for n, line in enumerate(lines, 1) if TYPE_NAME.search(line)]
        if hits:
            found[path.relative_to(KIT).as_posix()] = hits
    return found


def test_only_the_registry_switches_on_the_type_names():
    found = _naming_files()
    drift = {f: lines for f, lines in found.items() if f not in ALLOWED}
    assert drift == {}, "ask kit.core.types.TYPES instead of comparing type strings"
    assert set(ALLOWED) <= set(found), "an allowed file no longer names a type: drop it from ALLOWED"


def test_the_drift_check_sees_a_comparison(tmp_path):
    assert TYPE_NAME.search('if q.type == "fill":') and TYPE_NAME.search("kind = 'short'")
    assert not TYPE_NAME.search('t("type.single")') and not TYPE_NAME.search('"fills"')


def test_a_new_type_is_one_row(questions):
    """Adding a type is adding a record: grading and serialising follow it without other edits."""
    kind = replace(TYPES["judge"], name="yesno")
    TYPES["yesno"] = kind
    try:
        q = replace(questions["t-probation"], type="yesno")
        assert grade(q, False).correct and question_from_dict(question_to_dict(q)).answer is False
    finally:
        del TYPES["yesno"]
