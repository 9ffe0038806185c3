"""How a written fill answer meets its key: exact forms first, then the quantity the stem or key already fixes."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import BLANK
from .normalize import normalize

_QUANTITY = re.compile(r"^(?P<num>\d+(?:\.\d+)?(?:至\d+(?:\.\d+)?)?)(?P<unit>\D*?)(?P<bound>以上|以下|以内)?$")
_LEADING_NUMBER = re.compile(r"^\d+(?:\.\d+)?")
_CHANGES_MEANING = set("半多余左右约近不满超过少以内上下至第每")  # a "unit" holding these is not just a unit


@dataclass(frozen=True)
class Quantity:
    number: str
    unit: str
    bound: str


def quantity(text: str) -> Quantity | None:
    """A normalised answer read as number + unit (+ 以上/以下/以内), or None when it is not just a quantity."""
    m = _QUANTITY.match(text)
    if not m or _CHANGES_MEANING & set(m["unit"]):
        return None
    return Quantity(m["num"], m["unit"], m["bound"] or "")


def accepts(accepted: tuple[str, ...], given: str | None, stem: str = "") -> bool:
    """True when the answer is one of the accepted forms, or the same quantity with a unit the stem or key fixes
    (「5」「五」「5个单位」 for 五个), or a frequency without the 每 that the stem's 「…1次」 makes plain."""
    if given is None or not given.strip():
        return False
    answer, keys, context = normalize(given), {normalize(a) for a in accepted}, normalize(stem)
    return answer in keys or any(_same_quantity(key, answer, context) or _same_frequency(key, answer, stem)
                                 for key in keys)


def _same_quantity(key: str, answer: str, stem: str) -> bool:
    want, got = quantity(key), quantity(answer)
    if want is None or got is None or (want.number, want.bound) != (got.number, got.bound):
        return False
    if got.unit in ("", want.unit):
        return True
    noun = got.unit[len(want.unit):] if got.unit.startswith(want.unit) else ""
    return bool(noun) and noun in stem


def _same_frequency(key: str, answer: str, stem: str) -> bool:
    after_blank = BLANK.split(stem, maxsplit=1)[-1]
    return key.startswith("每") and not answer.startswith("每") and "次" in after_blank and answer == key[1:]


def bare_form(key: str) -> str | None:
    """What a member writes for a key that begins with a number: the number alone, its bound kept (1以上);
    None for keys that do not begin with a number (延长一年, 第四季度) or hold several (2016年1月1日)."""
    text = normalize(key)
    q = quantity(text)
    if q is not None:
        return q.number + q.bound
    lead = _LEADING_NUMBER.match(text)
    return lead.group(0) if lead and not any(c.isdigit() for c in text[lead.end():]) else None
