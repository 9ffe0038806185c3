"""Write an import as a schema-1 YAML bank: readable Chinese, draft status, never over an existing bank by accident."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.messages import t
from ..core.model import Question
from ..core.types import TYPES
from .records import BankExists, ImportResult, NothingImported

QUIZZES = Path("quizzes")
INLINE = ("options", "answer", "tags", "source")  # short values written on one line, as in docs/bank-format.md


def write_bank(result: ImportResult, out: Path | str | None = None, force: bool = False) -> Path:
    """Write `result` to `out` (default quizzes/<bank>.yml); refuse an empty result or an existing file."""
    if not result.items:
        raise NothingImported(t("import.nothing", files="、".join(result.sources) or "-"))
    out = Path(out) if out else QUIZZES / f"{result.bank}.yml"
    if out.exists() and not force:
        raise BankExists(t("import.exists", path=out))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(bank_text(result), encoding="utf-8")
    return out


def bank_text(result: ImportResult) -> str:
    header = t("import.bank_comment", files="、".join(Path(s).name for s in result.sources))
    items = [{k: _flow(v) if k in INLINE else v for k, v in item_dict(q).items()} for q in result.items]
    doc = {"schema": 1, "bank": result.bank, "title": result.title, "items": items}
    return f"# {header}\n" + dump_yaml(doc)


class _FlowList(list):
    """Written inline: answer: [A, C]"""


class _FlowMap(dict):
    """Written inline: options: {A: 十六岁, B: 十八岁}"""


def _flow(value: Any) -> Any:
    if isinstance(value, dict):
        return _FlowMap(value)
    if isinstance(value, list):
        return _FlowList(_flow(x) for x in value)
    return value


def dump_yaml(doc: dict) -> str:
    # PyYAML's libyaml emitter, not ruamel: ruamel's pure-Python emitter needs ~15 s for a
    # 10,000-item bank on our machines, libyaml under 3 s; reading is libyaml too (kit/yamlfile.py keeps line numbers).
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(doc, Dumper=_dumper(dumper), allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False)


def _dumper(base: type) -> type:
    class Dumper(base):
        pass

    Dumper.add_representer(str, _text)
    Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
    Dumper.add_representer(_FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
    return Dumper


def _text(dumper: Any, value: str):
    style = "|" if "\n" in value else None  # multi-line 解析 stays readable as a literal block
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def item_dict(q: Question) -> dict[str, Any]:
    """The item as it is written in a bank (and in the kit's JSON)."""
    d: dict[str, Any] = {"id": q.id, "type": q.type, "stem": q.stem}
    if q.options:
        d["options"] = dict(q.options)
    if q.answer is not None:
        d["answer"] = TYPES[q.type].bank_answer(q)
    optional = {
        "explanation": q.explanation, "reference": q.reference, "rubric": list(q.rubric), "feedback": dict(q.feedback),
        "points": int(q.points) if q.points.is_integer() else q.points, "difficulty": q.difficulty, "tags": list(q.tags),
        "status": q.status, "use": q.use if q.use != "exam" else "", "policy": q.policy if q.policy != "partial" else "",
        "fact": q.fact, "historical": q.historical or None, "valid_from": q.valid_from, "valid_to": q.valid_to,
        "source": {k: v for k, v in vars(q.source).items() if v} if q.source else None,
    }
    d.update({k: v for k, v in optional.items() if v not in (None, "", [], {})})
    return d


