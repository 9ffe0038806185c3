"""Every graded key rests on an H fact of the machine-readable fact table, and says the same thing."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest
import yaml

from kit.content.bank import bank_files, load_banks
from kit.core.normalize import normalize

from ..conftest import ROOT

pytestmark = pytest.mark.content
VERSION_NOTE = re.compile(r"（\d{4}年[^）]*）")  # "（2022年修改）" names the version, it is not the fact


@lru_cache(maxsize=1)
def facts() -> dict[str, dict]:
    table = {}
    for path in sorted((ROOT / "quizzes" / "facts").glob("*.yml")):
        for fact in yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]:
            assert fact["id"] not in table, f"duplicate fact {fact['id']}"
            table[fact["id"]] = fact
    return table


@lru_cache(maxsize=1)
def questions():
    return load_banks(bank_files(ROOT / "quizzes"))


def contains_key(text: str, keys: list[str], *, stem: bool = False) -> bool:
    text = VERSION_NOTE.sub("", text) if stem else text
    return any(str(k) in text or normalize(str(k)) in normalize(text) for k in keys)


def keyed_items():
    return [q for q in questions().values() if q.type != "short" and q.status == "verified"]


def test_every_fact_is_h_or_m_and_cited_by_doc_and_version():
    for fact in facts().values():
        assert fact["level"] in ("H", "M"), fact["id"]
        assert fact["doc"] and str(fact["version"]) and fact["keys"], fact["id"]


@pytest.mark.parametrize("q", keyed_items(), ids=lambda q: q.id)
def test_key_matches_its_fact(q):
    assert q.fact in facts(), f"{q.id}: fact {q.fact!r} is not in quizzes/facts/"
    fact = facts()[q.fact]
    if q.use == "exam":
        assert fact["level"] == "H", f"{q.id}: graded items rest on H facts only"
    keys = [str(k) for k in fact["keys"]]
    if q.type == "single":
        assert contains_key(q.option_text(q.answer), keys), q.id
    elif q.type == "multiple":
        assert all(contains_key(q.option_text(o), keys) for o in q.answer), q.id
    elif q.type == "fill":
        assert all(any(contains_key(a, keys) for a in accepted) for accepted in q.answer), q.id
    elif q.type == "judge":
        assert contains_key(q.stem, keys, stem=True) == q.answer, f"{q.id}: a true stem states the fact, a false one does not"


def test_m_facts_are_practice_only_and_hedged():
    for q in keyed_items():
        if facts()[q.fact]["level"] == "M":
            assert q.use == "practice", q.id
            assert re.search("一般|通常|多数|常见", q.stem + q.explanation), f"{q.id}: an M fact needs a hedge"


def test_every_item_names_its_regulation_and_version():
    for q in questions().values():
        if q.status != "verified" or q.type == "short":
            continue
        assert q.source and q.source.doc and q.source.version, q.id
        asks_version = q.type == "single" and re.search(r"\d{4}", q.option_text(q.answer))  # "which edition is current?"
        assert "《" in q.stem and (re.search(r"\d{4}", q.stem) or asks_version), f"{q.id}: name regulation and version"


def test_each_lesson_bank_is_big_enough_and_covers_every_type():
    by_bank: dict[str, list] = {}
    for q in questions().values():
        by_bank.setdefault(q.bank, []).append(q)
    assert len(by_bank) >= 6 and sum(map(len, by_bank.values())) >= 240
    for bank, items in by_bank.items():
        verified = [q for q in items if q.status == "verified"]
        assert len(verified) >= 40, bank
        assert {q.type for q in verified} == {"single", "multiple", "judge", "fill", "short"}, bank
        assert len([q for q in verified if q.use == "exam" and "测验" in q.tags]) >= 20, bank


@pytest.mark.parametrize("trap,stem_words,right,wrong", [
    ("严重警告影响期", ["严重警告"], "一年半", None),
    ("基层组织任期", ["任期"], "三年至五年", None),
    ("村委会任期", ["村民委员会", "任期"], "五年", None),
])
def test_version_traps_have_their_own_graded_questions(trap, stem_words, right, wrong):
    found = [q for q in questions().values() if q.use == "exam" and all(w in q.stem for w in stem_words)
             and q.type in ("single", "fill") and right in (q.option_text(q.answer) if q.type == "single"
                                                           else "".join(a[0] for a in q.answer))]
    assert found, trap
