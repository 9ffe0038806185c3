"""What the independent audit found stays fixed: version facts agree edition by edition, articles and wording hold."""
from __future__ import annotations

import re

import pytest

from ..conftest import ROOT
from .test_facts import facts, questions

pytestmark = pytest.mark.content
# 严重警告's 影响期 by edition of the 纪律处分条例 (FACTS.md, version traps): changed by the 2015 revision
SERIOUS_WARNING = {"2003": "一年", "2015": "一年半", "2018": "一年半", "2023": "一年半"}
TEXT_FILES = sorted([*ROOT.glob("quizzes/**/*.yml"), *ROOT.glob("lessons/*.md"), ROOT / "README.md"])


def _discipline_items():
    return [q for q in questions().values() if q.source and q.source.doc == "中国共产党纪律处分条例"]


def _key(q) -> str:
    return q.option_text(q.answer) if q.type == "single" else "".join(a[0] for a in q.answer)


@pytest.mark.parametrize("q", [q for q in _discipline_items() if q.type in ("single", "fill")
                               and "严重警告处分" in q.stem and re.search("提拔|影响期|（ ）内", q.stem)],
                         ids=lambda q: q.id)
def test_serious_warning_period_is_keyed_by_the_edition_the_stem_names(q):
    period = SERIOUS_WARNING[q.source.version]
    key = _key(q)
    assert period in key and (period == "一年半" or "一年半" not in key), f"{q.id}: {q.source.version} → {period}"


def test_claims_about_when_serious_warning_became_a_year_and_a_half_name_2015():
    claims = [q for q in questions().values() if q.type == "judge" and "严重警告" in q.stem and "一年半" in q.stem
              and re.search(r"\d{4}年", q.stem) and "改为" in q.stem]
    assert claims
    for q in claims:
        year = re.search(r"(\d{4})年修订", q.stem).group(1)
        assert q.answer == (year == "2015"), q.id
    for fact in facts().values():
        if "严重警告" in fact["statement"] and "改为一年半" in fact["statement"]:
            assert "2015年" in fact["statement"] and "2015年" in fact["keys"], fact["id"]


def test_lesson_two_version_table_agrees_with_each_edition():
    rows = [r for r in (ROOT / "lessons" / "02-jilv.md").read_text(encoding="utf-8").splitlines()
            if r.startswith("| 20") and "的条例" in r and r.count("|") == 4]
    seen = {}
    for row in rows:
        year, serious = row.split("|")[1].strip()[:4], row.split("|")[3].strip(" *")
        seen[year] = serious
    assert seen == SERIOUS_WARNING


def test_lapse_from_the_party_cites_article_nine():
    cited = [q for q in questions().values() if ("自行脱党" in q.stem or "自行脱党" in q.tags) and q.source.article
             and q.source.doc == "中国共产党章程"]
    assert cited and all(q.source.article == "第九条" for q in cited)
    for fact in facts().values():
        in_party_constitution = fact["doc"] == "中国共产党章程" and "自行脱党" in fact["statement"]
        assert not (in_party_constitution and fact.get("article") not in (None, "第九条")), fact["id"]


@pytest.mark.parametrize("pattern,why", [
    (r"提倡[^。]{0,12}交叉任职", "农村条例：村“两委”班子成员应当交叉任职"),
    (r"可以与邻近单位的党员成立联合党支部", "支部工作条例：应当成立联合党支部"),
    (r"50人以上[^。|]{0,10}总支", "农村条例：党员人数超过50人的村可以成立党总支"),
    (r"组织生活会[^。|]{0,8}一般每[年半]", "支部工作条例：每年至少召开1次组织生活会"),
    (r"/work/|/home/|/Users/", "name files by their path relative to the repository"),
], ids=["cross-posts", "joint-branch", "general-branch-size", "organisational-life-meeting", "absolute-paths"])
def test_wording_the_audit_corrected_does_not_return(pattern, why):
    found = [f"{p.relative_to(ROOT)}:{n}" for p in TEXT_FILES
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if re.search(pattern, line)]
    assert not found, f"{why}: {found}"


def test_at_least_half_is_not_more_than_half():
    for q in questions().values():
        if q.type == "fill":
            for accepted in q.answer:
                assert not ("半数以上" in accepted[0] and {"过半数", "超过半数"} & set(accepted)), q.id


@pytest.mark.parametrize("one,other", [("谷穗", "麦穗")])
def test_an_explanation_names_what_its_options_show(one, other):
    for q in questions().values():
        shown = "".join(text for _, text in q.options)
        for a, b in ((one, other), (other, one)):
            assert not (a in q.explanation and b in shown and a not in shown), q.id
