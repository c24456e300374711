"""YAML text → plain Python data plus a source map from each value back to its line and column.

Why not ``yaml.safe_load``: it converts by surprise (``1402-01-15`` to a Gregorian date, ``010``
to octal 8, ``no`` to False), silently keeps the last of two duplicate keys, expands aliases
without limit (billion laughs) and forgets where each value came from. Here libyaml (C) parses and
composes the node graph, with a resolver that knows only decimal integers, ``true``/``false`` and
null; the graph is then walked once to build dicts, lists and scalars while recording positions,
so that any later error about ``contributions[3].axis`` can point at its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

import yaml

from gdcpos.persian.text import convert_word_breaks, find_control_problems

PathKey = tuple[str | int, ...]

_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

# A vertical tab (Word's manual line break) is illegal in YAML, so it is swapped for a private-use
# character of the same length before parsing (columns stay right) and turned into "\n" after.
_VERTICAL_TAB = "\x0b"
_VT_PLACEHOLDER = "\ue0b0"

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Loader):  # type: ignore[misc]
    """libyaml with a YAML 1.2-core-like resolver: nothing but ints, booleans and null is typed."""


_StrictLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    (_INT, r"^(?:0|-?[1-9][0-9]*)$", list("-0123456789")),
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _StrictLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


@dataclass(frozen=True)
class Problem:
    """A problem found while parsing: 1-based position and a message."""

    line: int
    col: int
    message: str


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a parsed file starts, by its path in the data."""

    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey, *, prefer_key: bool = False) -> tuple[int, int]:
        """Position of ``path``, or of its nearest ancestor that exists (e.g. for a missing key)."""
        probe = tuple(path)
        while True:
            if prefer_key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if probe in self.keys:
                return self.keys[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]


@dataclass
class ParsedYaml:
    data: Any
    source_map: SourceMap
    problems: list[Problem]


def parse_yaml(text: str) -> ParsedYaml:
    """Parse one YAML document; every problem found is returned, none raised.

    Anchors and aliases are refused outright: no workspace file needs them, and refusing them
    before composing is what makes an alias bomb cost nothing.
    """
    has_vertical_tab = _VERTICAL_TAB in text
    if has_vertical_tab:
        text = text.replace(_VERTICAL_TAB, _VT_PLACEHOLDER)
    source_map = SourceMap()
    alias = _first_alias(text)
    if alias is not None:
        return ParsedYaml(None, source_map, [alias])
    try:
        root = yaml.compose(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        return ParsedYaml(None, source_map, [_from_yaml_error(exc, text)])
    if root is None:
        return ParsedYaml(None, source_map, [])
    builder = _Builder(text, source_map, has_vertical_tab)
    data = builder.build(root, ())
    return ParsedYaml(data, source_map, builder.problems)


def _first_alias(text: str) -> Problem | None:
    """Refuse anchors and aliases: the event scan is linear and never expands anything."""
    if "&" not in text and "*" not in text:
        return None
    try:
        for event in yaml.parse(text, Loader=_StrictLoader):
            mark = event.start_mark
            if getattr(event, "anchor", None) is not None and mark is not None:  # &a or *a
                return Problem(
                    mark.line + 1,
                    mark.column + 1,
                    "anchors and aliases (&name, *name) are not allowed here; write the value out",
                )
    except yaml.YAMLError:
        return None  # the real parse reports it with its location
    return None


def _from_yaml_error(exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow
        # libyaml reports a byte offset into the UTF-8 it was given, not a character index.
        offset = len(text.encode("utf-8")[: exc.position].decode("utf-8", errors="ignore"))
        line, col = _line_col(text, offset)
        return Problem(line, col, f"character U+{exc.character:04X} is not allowed: {exc.reason}")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return Problem(1, 1, f"invalid YAML: {exc}")
    line, col = mark.line + 1, mark.column + 1
    if 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return Problem(line, col, "a tab character cannot indent YAML; indent with spaces")
    problem = getattr(exc, "problem", None) or "invalid YAML"
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    return Problem(line, col, message)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


class _Builder:
    """Walks a composed node graph into Python data, recording positions and problems."""

    def __init__(self, text: str, source_map: SourceMap, restore_vertical_tabs: bool) -> None:
        self.text = text
        self.source_map = source_map
        self.restore_vertical_tabs = restore_vertical_tabs
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        mark = node.start_mark
        self.source_map.values[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._bad_tag(node)
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalar(cast(yaml.ScalarNode, node))

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        if node.tag != _MAP:
            self._bad_tag(node)
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line, key_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(key_line, key_col, "a mapping key must be plain text"))
                continue
            key = str(key_node.value)
            if key == "<<":
                self.problems.append(Problem(key_line, key_col, "merge keys (<<) are not allowed"))
                continue
            if key in first_seen:
                self.problems.append(
                    Problem(
                        key_line,
                        key_col,
                        f"duplicate key '{key}' (first defined on line {first_seen[key]}); "
                        "YAML would silently keep only one of them",
                    )
                )
                continue
            first_seen[key] = key_line
            child = (*path, key)
            self.source_map.keys[child] = (key_line, key_col)
            result[key] = self.build(value_node, child)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        value = str(node.value)
        tag = node.tag
        if tag == _STR:
            return self._text(node, value)
        if tag == _INT:
            return int(value)
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _NULL:
            return None
        self._bad_tag(node)
        return value

    def _text(self, node: yaml.ScalarNode, value: str) -> str:
        if self.restore_vertical_tabs and _VT_PLACEHOLDER in value:
            value = value.replace(_VT_PLACEHOLDER, _VERTICAL_TAB)
        value = convert_word_breaks(value)
        for problem in find_control_problems(value):
            line, col = self._position_in_scalar(node, problem.offset)
            self.problems.append(Problem(line, col, problem.message))
        return value

    def _position_in_scalar(self, node: yaml.ScalarNode, offset: int) -> tuple[int, int]:
        """Best position of character ``offset`` of a scalar's value.

        Exact for a plain or quoted scalar on one line without escapes; a block, folded or
        escaped scalar no longer maps to its source column by column, so its start is given.
        """
        start, end = node.start_mark, node.end_mark
        source = self.text[start.index : end.index]
        quote = 1 if node.style in ("'", '"') else 0
        one_line = start.line == end.line and node.style in (None, "", "'", '"')
        if one_line and "\\" not in source and "''" not in source:
            return start.line + 1, start.column + 1 + quote + offset
        return start.line + 1, start.column + 1

    def _bad_tag(self, node: yaml.Node) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(mark.line + 1, mark.column + 1, f"YAML tags such as {node.tag} are not allowed")
        )
