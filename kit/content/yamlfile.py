"""YAML read fast by libyaml with the line of every mapping and key kept, and bounded: aliases cannot explode it."""
from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, SequenceNode

MAX_BYTES = 64 * 2**20
MAX_NODES = 2_000_000  # values after every alias is expanded; a 10,000-item bank has about 200,000
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser; construction stays PyYAML's safe one
_BOOL = "tag:yaml.org,2002:bool"


class YamlLimit(yaml.YAMLError):
    """The document would expand past MAX_NODES (an alias bomb) or refers to itself."""


class Mapping(dict):
    """A mapping that remembers its own line and each key's line (1-based)."""

    line: int = 0
    key_lines: dict


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    pass


# YAML 1.2 booleans only, as the banks were written for: `是`, `yes`, `on`, `no` stay text
_Loader.yaml_implicit_resolvers = {k: [(tag, rx) for tag, rx in v if tag != _BOOL]
                                   for k, v in _BASE.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _mapping(loader: _Loader, node: MappingNode):
    data = Mapping()
    data.line, data.key_lines = node.start_mark.line + 1, {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise ConstructorError("while constructing a mapping", node.start_mark, "found an unhashable key",
                                   key_node.start_mark) from exc
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)


def load(text: str) -> Any:
    """The document's data; raises yaml.YAMLError (with a mark where there is one) or YamlLimit."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "&" in text:  # no anchor, no alias: nothing can expand
            expanded_size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def expanded_size(root: Node) -> int:
    """How many values the document holds once aliases are expanded, counted once per node (no expansion)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[id(node)] > MAX_NODES:
                raise YamlLimit(f"more than {MAX_NODES} values once aliases are expanded")
            continue
        if id(node) in open_nodes:
            raise YamlLimit("an alias refers to a node that contains it")
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []
