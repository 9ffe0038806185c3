"""The one message catalogue: every learner- and trainer-facing string, Chinese first."""
from __future__ import annotations

import os

CATALOGUE: dict[str, dict[str, str]] = {
    # question types
    "type.single": {"zh": "单选题", "en": "Single choice"},
    "type.multiple": {"zh": "多选题", "en": "Multiple choice"},
    "type.judge": {"zh": "判断题", "en": "True or false"},
    "type.fill": {"zh": "填空题", "en": "Fill in the blank"},
    "type.short": {"zh": "简答题", "en": "Short answer"},
    "judge.true": {"zh": "正确", "en": "True"},
    "judge.false": {"zh": "错误", "en": "False"},
    # widgets
    "quiz.progress": {"zh": "已答 {done}/{total}", "en": "Answered {done}/{total}"},
    "quiz.practice": {"zh": "练习", "en": "Practice"},
    "quiz.exam": {"zh": "测验", "en": "Quiz"},
    "quiz.check": {"zh": "核对答案", "en": "Check"},
    "quiz.recorded": {"zh": "已记录 {time}", "en": "Recorded {time}"},
    "quiz.not_answered": {"zh": "尚未作答", "en": "Not answered yet"},
    "quiz.correct": {"zh": "✔ 回答正确", "en": "✔ Correct"},
    "quiz.partial": {"zh": "◑ 部分正确（得 {points:g}/{max:g} 分）", "en": "◑ Partly right ({points:g}/{max:g})"},
    "quiz.wrong": {"zh": "✘ 回答错误", "en": "✘ Wrong"},
    "quiz.key": {"zh": "正确答案：{key}", "en": "Answer: {key}"},
    "quiz.explanation": {"zh": "解析：{text}", "en": "Explanation: {text}"},
    "quiz.source": {"zh": "出处：{source}", "en": "Source: {source}"},
    "quiz.attempts": {"zh": "第 {n} 次作答", "en": "Attempt {n}"},
    "quiz.large_font": {"zh": "大字模式", "en": "Large text"},
    "quiz.high_contrast": {"zh": "高对比度", "en": "High contrast"},
    "quiz.time_left": {"zh": "剩余时间 {minutes} 分钟", "en": "{minutes} min left"},
    "quiz.time_up": {"zh": "作答时间已到，答案已保存，不能再修改。", "en": "Time is up; answers are saved and locked."},
    "quiz.restored": {"zh": "已恢复此前保存的 {n} 道题的作答。", "en": "Restored {n} saved answers."},
    "quiz.corrupt": {
        "zh": "作答文件已损坏，已另存为 {name}（未删除），请告知培训管理员。本页从空白开始记录。",
        "en": "The answers file was damaged and was kept as {name}; tell your trainer. Recording starts afresh.",
    },
    "quiz.blank": {"zh": "第 {n} 空", "en": "Blank {n}"},
    "quiz.short_hint": {"zh": "请在此输入您的回答（自动保存）", "en": "Type your answer here (saved automatically)"},
    "quiz.manual": {"zh": "本题由培训管理员人工评分", "en": "Graded by your trainer"},
    "quiz.question": {"zh": "第 {n} 题（{type}，{points:g} 分）", "en": "Question {n} ({type}, {points:g} pts)"},
    "quiz.not_found": {"zh": "找不到测验 {quiz}：请确认课程文件完整。", "en": "Quiz {quiz} not found."},
    # grading reasons
    "grade.unanswered": {"zh": "未作答", "en": "not answered"},
    "grade.malformed": {"zh": "作答格式不正确：{detail}", "en": "malformed response: {detail}"},
    "grade.unknown_option": {"zh": "选项 {option} 不存在", "en": "no option {option}"},
    "grade.wrong_option": {"zh": "选了错误选项 {options}", "en": "chose wrong option(s) {options}"},
    "grade.missing_option": {"zh": "少选了 {options}", "en": "missed {options}"},
    "grade.blank_wrong": {"zh": "第 {n} 空不正确", "en": "blank {n} is wrong"},
    "grade.blank_count": {"zh": "应填 {expected} 空，实际 {got} 空", "en": "expected {expected} blanks, got {got}"},
    "grade.manual": {"zh": "需人工评分", "en": "needs manual grading"},
    "grade.no_key": {"zh": "题目缺少答案，无法评分", "en": "item has no key"},
    "grade.no_answers_file": {"zh": "未找到作答文件 {name}：本题按未作答计 0 分", "en": "answers file {name} not found: 0 points"},
    "grade.bad_answers_file": {"zh": "作答文件 {name} 无法读取（{detail}）：本题计 0 分", "en": "answers file {name} unreadable ({detail}): 0 points"},
    # bank checks
    "check.yaml": {"zh": "YAML 格式错误：{detail}", "en": "invalid YAML: {detail}"},
    "check.encoding": {"zh": "文件不是 UTF-8 编码", "en": "file is not UTF-8"},
    "check.schema": {"zh": "缺少或不支持的 schema 版本（应为 schema: 1）", "en": "missing or unsupported schema (want schema: 1)"},
    "check.not_mapping": {"zh": "应为键值映射", "en": "must be a mapping"},
    "check.no_items": {"zh": "题库没有 items 列表", "en": "bank has no items list"},
    "check.missing": {"zh": "缺少字段 {field}", "en": "missing field {field}"},
    "check.unknown_field": {"zh": "未知字段 {field}", "en": "unknown field {field}"},
    "check.bad_id": {"zh": "编号只能由小写字母、数字和连字符组成", "en": "ids use lower-case letters, digits and '-'"},
    "check.duplicate_id": {"zh": "编号重复，已在 {other} 使用", "en": "duplicate id, also at {other}"},
    "check.unknown_type": {"zh": "未知题型 {type}（可用：single、multiple、judge、fill、short）", "en": "unknown type {type}"},
    "check.empty_options": {"zh": "选择题缺少选项", "en": "choice item without options"},
    "check.few_options": {"zh": "选择题至少需要 2 个选项", "en": "a choice item needs at least 2 options"},
    "check.bad_option_id": {"zh": "选项编号 {option} 无效（应为 A–H）", "en": "bad option id {option}"},
    "check.empty_option": {"zh": "选项 {option} 内容为空", "en": "option {option} is empty"},
    "check.answer_not_option": {"zh": "答案 {answer} 不在选项中", "en": "answer {answer} is not an option"},
    "check.single_many": {"zh": "单选题只能有一个答案", "en": "a single-choice item has one answer"},
    "check.multiple_few": {"zh": "多选题至少需要两个正确答案", "en": "a multiple-choice item needs two or more answers"},
    "check.judge_answer": {"zh": "判断题答案必须是 true 或 false", "en": "a judge answer is true or false"},
    "check.fill_answer": {"zh": "填空题答案应为每空一项的列表", "en": "a fill answer is a list, one entry per blank"},
    "check.fill_blanks": {"zh": "题干中有 {stem} 个空（ ），答案有 {answer} 项", "en": "stem has {stem} blanks, answer has {answer}"},
    "check.short_answer": {"zh": "简答题不设标准答案，请用 reference 与 rubric", "en": "short items use reference and rubric, not answer"},
    "check.options_on_open": {"zh": "{type}不应有选项", "en": "{type} has no options"},
    "check.no_explanation": {"zh": "已审核的题目缺少解析 explanation", "en": "verified item without explanation"},
    "check.no_source": {"zh": "已审核的题目缺少出处 source", "en": "verified item without source"},
    "check.source_fields": {"zh": "出处 source 需要 doc 与 version", "en": "source needs doc and version"},
    "check.unknown_version": {"zh": "《{doc}》没有 {version} 版（已知：{known}）", "en": "{doc} has no version {version} (known: {known})"},
    "check.unknown_doc": {"zh": "未登记的规范名称《{doc}》", "en": "unregistered document {doc}"},
    "check.superseded": {"zh": "引用已被修订的《{doc}》{version} 版，须标注 historical: true", "en": "cites superseded {doc} {version}: mark historical: true"},
    "check.bad_status": {"zh": "状态 {status} 无效（draft、verified、retired）", "en": "bad status {status}"},
    "check.bad_use": {"zh": "用途 {use} 无效（exam、practice）", "en": "bad use {use}"},
    "check.bad_policy": {"zh": "计分规则 {policy} 无效（strict、partial、half）", "en": "bad policy {policy}"},
    "check.bad_points": {"zh": "分值必须是正数", "en": "points must be positive"},
    "check.bad_difficulty": {"zh": "难度应为 1–5 的整数", "en": "difficulty is an integer 1-5"},
    "check.bad_date": {"zh": "日期 {field} 格式应为 YYYY-MM-DD", "en": "{field} must be YYYY-MM-DD"},
    "check.near_duplicate": {"zh": "题干与 {other} 几乎相同", "en": "stem nearly the same as {other}"},
    "check.bad_type_field": {"zh": "字段 {field} 类型不正确", "en": "field {field} has the wrong type"},
    "check.no_files": {"zh": "没有找到题库或课程文件：{path}", "en": "no bank or lesson files at {path}"},
    "check.clean": {"zh": "检查通过：{files} 个文件，{items} 道题，{warnings} 条警告", "en": "clean: {files} files, {items} items, {warnings} warnings"},
    "check.failed": {"zh": "发现 {errors} 个错误、{warnings} 条警告", "en": "{errors} errors, {warnings} warnings"},
    # lessons
    "lesson.front_matter": {"zh": "课程文件缺少开头的 --- 元数据块", "en": "lesson lacks front matter"},
    "lesson.unknown_item": {"zh": "测验 {quiz} 引用了不存在的题目 {item}", "en": "quiz {quiz} uses unknown item {item}"},
    "lesson.use_mismatch": {"zh": "测验 {quiz}（{mode}）不能使用用途为 {use} 的题目 {item}", "en": "quiz {quiz} ({mode}) cannot use {use} item {item}"},
    "lesson.draw_too_many": {"zh": "测验 {quiz} 要抽 {draw} 题，题池只有 {pool} 题", "en": "quiz {quiz} draws {draw} of {pool}"},
    "lesson.bad_quiz": {"zh": "测验块格式错误：{detail}", "en": "bad quiz block: {detail}"},
    "lesson.duplicate_quiz": {"zh": "测验编号 {quiz} 重复", "en": "duplicate quiz id {quiz}"},
    "lesson.retired_item": {"zh": "测验 {quiz} 使用了未审核或已停用的题目 {item}", "en": "quiz {quiz} uses unverified or retired item {item}"},
    # --- import/export (kit import, kit export) ---
    # --- reports (kit report, kit review, progress widget) ---
    # --- browser session (submit button, kit lab, kit present) ---
    # --- fast autograde ---
}


def language() -> str:
    """The interface language: KIT_LANG (zh or en), Chinese by default."""
    lang = os.environ.get("KIT_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def t(msg_id: str, /, **fields: object) -> str:
    """Look up a message in the current language and fill in its fields."""
    entry = CATALOGUE[msg_id]
    text = entry.get(language()) or entry["zh"]
    return text.format(**fields) if fields else text
