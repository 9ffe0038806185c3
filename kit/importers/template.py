"""The spreadsheet template: column names and their aliases, question-type names and codes, difficulty words."""
from __future__ import annotations

import re
import unicodedata

LETTERS = "ABCDEFGH"

# field → header spellings seen in exam-system exports (compared after normalise_header)
FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "题目编号", "试题编号", "题号", "id", "questionid"),
    "type": ("题型", "试题类型", "题目类型", "题型名称", "类型", "type", "qtype", "questiontype"),
    "stem": ("题干", "题目", "试题", "题目内容", "试题内容", "题干内容", "问题", "题目名称", "试题题干", "stem", "question",
             "title", "questiontitle", "questiontext", "content"),
    "answer": ("答案", "正确答案", "正确选项", "标准答案", "参考答案", "试题答案", "答案选项", "正确答案选项", "answer",
               "correct", "correctanswer", "rightanswer", "key"),
    "explanation": ("解析", "答案解析", "试题解析", "题目解析", "解释", "答题解析", "explanation", "analysis", "explain"),
    "points": ("分值", "分数", "得分", "points", "score"),
    "difficulty": ("难度", "难易度", "难易程度", "difficulty", "level"),
    "tags": ("知识点", "标签", "考点", "tags", "tag", "knowledge"),
    "aliases": ("aliases", "别名", "同义答案"),
    "rubric": ("评分要点", "rubric"),
    "options": ("选项", "options", "choices"),
}
_FIELD_OF = {alias.lower(): field for field, aliases in FIELDS.items() for alias in aliases}

# canonical type → names and codes 1–5 (the first name is the one export writes)
TYPES: dict[str, tuple[str, ...]] = {
    "single": ("单选题", "单选", "单项选择题", "单项选择", "单择题", "single", "1", "radio", "singlechoice", "单选择题"),
    "multiple": ("多选题", "多选", "多项选择题", "多项选择", "不定项选择题", "不定项", "multiple", "2", "multi", "checkbox",
                 "multiplechoice", "multichoice"),
    "judge": ("判断题", "判断", "是非题", "对错题", "judge", "truefalse", "3", "tf", "bool", "boolean"),
    "fill": ("填空题", "填空", "fill", "4", "blank", "blanks", "fillblank", "fillintheblank", "多项填空题"),
    "short": ("简答题", "简答", "问答题", "论述题", "主观题", "short", "essay", "5"),
}
CHOICE = ("choice", "选择题", "选择")  # single or multiple: the number of right options decides
_TYPE_OF = {name.lower(): qtype for qtype, names in TYPES.items() for name in names} | {name: "choice" for name in CHOICE}
_SHEET_NAMES = sorted(((n, q) for q, names in TYPES.items() for n in names if not n.isascii()), key=lambda x: -len(x[0]))

DIFFICULTY = {"易": 1, "容易": 1, "简单": 1, "较易": 2, "中": 3, "中等": 3, "一般": 3, "适中": 3,
              "较难": 4, "难": 5, "困难": 5}

EXPORT_COLUMNS = ("编号", "题型", "题干", *(f"选项{x}" for x in LETTERS), "答案", "解析", "分值", "难度", "知识点", "评分要点")

_OPTION_HEADER = re.compile(r"^(?:选项|OPTION)?\(?([A-H])\)?(?:选项|OPTION)?$")
_NOISE = re.compile(r"[\s*:_\-]")
_REMARK = re.compile(r"\([^)]*\)")


def normalise_header(text: object) -> str:
    """'* 题干（必填）' → '题干(必填)': NFKC (full-width letters and brackets to ASCII), no spaces or marks."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", str(text or "")))


def header_key(text: object) -> str | None:
    """The field a header names: 'stem', 'answer', … or 'option:A'; None when it is not ours."""
    name = normalise_header(text)
    letter = option_letter(name)
    if letter:
        return f"option:{letter}"
    return _FIELD_OF.get(_REMARK.sub("", name).lower())


def option_letter(text: object) -> str | None:
    match = _OPTION_HEADER.match(normalise_header(text).upper())
    return match.group(1) if match else None


def type_of(text: object) -> str | None:
    """'单选题', '1', 'single', '１', 'single-choice' → 'single'; 'choice' for an unspecified choice; None when unknown."""
    name = _NOISE.sub("", unicodedata.normalize("NFKC", str(text)).strip().lower().removesuffix(".0"))
    return _TYPE_OF.get(name)


def type_of_sheet(name: str) -> str:
    """A sheet called '一、单选题（50道）' holds single-choice items; '' when the name says nothing."""
    return next((qtype for word, qtype in _SHEET_NAMES if word in name), "")


def difficulty(value: object) -> object:
    """1–5 as a number, or a word (易, 中等, 较难); anything else is passed on for the bank check to reject."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if text in DIFFICULTY:
        return DIFFICULTY[text]
    return int(float(text)) if re.fullmatch(r"\d+(\.0+)?", text) else text
