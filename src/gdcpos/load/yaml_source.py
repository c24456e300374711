"""YAML text → plain Python data plus a source map from each value back to its line and column.

Why not ``yaml.safe_load``: it converts by surprise (``1402-01-15`` to a Gregorian date, ``010``
to octal 8, ``no`` to False), silently keeps the last of two duplicate keys, expands aliases
without limit (billion laughs) and forgets where each value came from. Here libyaml (C) parses
the text into events, and one pass over the events builds dicts, lists and scalars, types plain
scalars with a YAML 1.2-core-like resolver (decimal integers, ``true``/``false``, null; all else is
text), refuses aliases as it meets them, and records positions, so that any later error about
``contributions[3].axis`` can point at its line and column. Events rather than a composed node
graph: libyaml produces them about twice as fast as it composes nodes.

Fast path and slow path: nearly every file is clean, and for a clean file positions are never
asked for (they serve only to report a problem). So `parse_yaml` first runs `_build_fast`, one
tight loop over the events that builds the same data, records no position and gives up at the
first sign of anything the full `_Builder` would report or transform (an anchor, a tag, a merge
or duplicate key, a key that is not text, a second document, a control character, a vertical
tab, invalid YAML). Giving up costs a second parse by `_Builder`, whose messages and positions
are then the only ones used, so a file with a problem is reported exactly as if there were no
fast path. A clean file's source map is built by `_Builder` from the kept text the first time
someone asks for it (`ParsedYaml.source_map`). On 6.5 MB of submissions libyaml's events take
about 0.2 s; the fast loop adds under 0.1 s to that, `_Builder` about 0.45 s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from gdcpos.persian.text import BIDI_CONTROLS, convert_word_breaks, find_control_problems

if TYPE_CHECKING:
    # Imported where a text is parsed: a build whose models all come from the cache parses
    # nothing, and importing PyYAML costs about 10 ms (a sixth of that build's validation).
    import yaml

PathKey = tuple[str | int, ...]

MAX_INT_DIGITS = 18
"""Longer is no count, revision or number anyone writes, and int() refuses over 4,300 digits:
such a value stays text, which validation then reports where it stands."""
_INT_PATTERN = re.compile(rf"(?:0|-?[1-9][0-9]{{0,{MAX_INT_DIGITS - 1}}})\Z")
_INT_START = frozenset("-0123456789")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = frozenset({"~", "null", "Null", "NULL"})

# A vertical tab (Word's manual line break) is illegal in YAML, so it is swapped for a private-use
# character of the same length before parsing (columns stay right) and turned into "\n" after.
_VERTICAL_TAB = "\x0b"
_VT_PLACEHOLDER = "\ue0b0"


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


class ParsedYaml:
    """The data of one YAML text and the problems found in it.

    ``source_map`` is built on first use when the fast path parsed the text (see the module
    docstring): the text is kept until then.
    """

    __slots__ = ("_source_map", "_text", "data", "problems")

    def __init__(
        self,
        data: Any,
        source_map: SourceMap | None,
        problems: list[Problem],
        *,
        text: str = "",
    ) -> None:
        self.data = data
        self.problems = problems
        self._source_map = source_map
        self._text = text

    @property
    def source_map(self) -> SourceMap:
        if self._source_map is None:
            self._source_map = _parse_fully(self._text).source_map
            self._text = ""
        return self._source_map


def parse_yaml(text: str) -> ParsedYaml:
    """Parse one YAML document; every problem found is returned, none raised.

    Anchors and aliases are refused outright: no workspace file needs them, and refusing them
    as the parser meets them is what makes an alias bomb cost nothing.
    """
    import yaml

    if _may_take_fast_path(text):
        try:
            data = _build_fast(text, escapes="\\" in text)
        except (_NeedsFullParse, yaml.YAMLError):
            pass
        else:
            return ParsedYaml(data, None, [], text=text)
    return _parse_fully(text)


def _may_take_fast_path(text: str) -> bool:
    """Whether ``text`` holds no vertical tab and no bidirectional control: either makes
    `_Builder` inspect or rewrite every text value, which is not the fast path's job.

    Looking for each bidirectional control takes half the time of one pass of
    `find_control_problems` over the whole text, whose other characters libyaml refuses anyway.
    """
    # Of the characters `find_control_problems` reports, libyaml refuses all but the bidi
    # controls (a YAMLError, after which `_Builder` reports the character where it stands).
    return _VERTICAL_TAB not in text and not any(char in text for char in BIDI_CONTROLS)


def _parse_fully(text: str) -> ParsedYaml:
    """`parse_yaml` by `_Builder`: every problem and every position."""
    import yaml

    has_vertical_tab = _VERTICAL_TAB in text
    if has_vertical_tab:
        text = text.replace(_VERTICAL_TAB, _VT_PLACEHOLDER)
    builder = _Builder(text, restore_vertical_tabs=has_vertical_tab)
    try:
        data = builder.build(yaml.parse(text, Loader=_loader_class()))
    except yaml.YAMLError as exc:
        return ParsedYaml(None, builder.source_map, [_from_yaml_error(exc, text)])
    return ParsedYaml(data, builder.source_map, builder.problems)


def _loader_class() -> type[Any]:
    """libyaml's parser, or PyYAML's own (nine times slower) where libyaml is missing."""
    import yaml

    loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


class _NeedsFullParse(Exception):
    """The fast path met something that `_Builder` reports or rewrites."""


def _build_fast(text: str, *, escapes: bool) -> Any:
    """The data `_Builder` would build from ``text``, or `_NeedsFullParse` if it would report
    anything; ``text`` has no vertical tab and no control character needing a report.

    ``escapes`` says whether the text holds a backslash: without one, no double-quoted escape
    can make a control character or a Word break, and `_Builder`'s check of each such value is
    skipped.

    One loop, no method call per event and nothing recorded but the data: this runs on every
    event of every file, and its cost over libyaml's is the whole point (see the module docstring).
    """
    import yaml

    loader = _loader_class()(text)
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start = yaml.DocumentStartEvent
    nulls, bools, int_start, int_match = _NULLS, _BOOLS, _INT_START, _INT_PATTERN.match
    root: Any = None
    # The open container, whether it is a mapping, and the key awaiting its value (None: the
    # next scalar is a key); the enclosing ones wait on ``stack``.
    top: Any = None
    in_mapping = False
    key: str | None = None
    stack: list[tuple[Any, bool]] = []
    documents = 0
    try:
        event: Any
        for event in iter(loader.get_event, None):
            kind = event.__class__
            if kind is scalar_event:
                tag = event.tag
                if event.anchor is not None or (tag is not None and tag != "!"):
                    raise _NeedsFullParse
                value: Any = event.value
                if in_mapping and key is None:
                    if value in top or (value == "<<" and event.implicit[0]):
                        raise _NeedsFullParse  # a duplicate or merge key
                    if escapes and event.style == '"' and find_control_problems(value):
                        raise _NeedsFullParse
                    key = value
                    continue
                if event.implicit[0]:
                    if not value or value in nulls:
                        value = None
                    elif value[0] in int_start and int_match(value):
                        value = int(value)
                    elif value in bools:
                        value = bools[value]
                elif escapes and event.style == '"':
                    value = _escaped_text(value)
                if in_mapping:
                    top[key] = value
                    key = None
                elif top is not None:
                    top.append(value)
                else:
                    root = value
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or (event.tag is not None and not event.implicit):
                    raise _NeedsFullParse
                container: Any = {} if kind is mapping_start else []
                if in_mapping:
                    if key is None:
                        raise _NeedsFullParse  # a mapping or sequence as a key
                    top[key] = container
                    key = None
                elif top is not None:
                    top.append(container)
                else:
                    root = container
                stack.append((top, in_mapping))
                top, in_mapping = container, kind is mapping_start
            elif kind is mapping_end or kind is sequence_end:
                top, in_mapping = stack.pop()
            elif kind is document_start:
                documents += 1
                if documents > 1:
                    raise _NeedsFullParse
            elif kind is alias_event:
                raise _NeedsFullParse
    finally:
        loader.dispose()
    return root


def _escaped_text(value: str) -> str:
    """A double-quoted value as `_Builder._text` leaves it; `_NeedsFullParse` if it reports."""
    if "\x0b" in value or "\x0c" in value:
        value = convert_word_breaks(value)
    if find_control_problems(value):
        raise _NeedsFullParse
    return value


def _from_yaml_error(exc: yaml.YAMLError, text: str) -> Problem:
    import yaml

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


class _Frame:
    """A mapping or sequence still open while events stream in."""

    __slots__ = ("container", "first_seen", "key", "key_mark", "path", "recorded")

    def __init__(self, container: dict[str, Any] | list[Any], path: PathKey, recorded: bool):
        self.container = container
        self.path = path
        self.recorded = recorded  # False under a refused key: parsed to stay in step, then dropped
        self.key: str | None = None
        self.key_mark: tuple[int, int] = (0, 0)
        self.first_seen: dict[str, int] = {}


_REFUSED_KEY = "\x00refused"


class _Builder:
    """Builds Python data from libyaml's event stream, recording positions and problems."""

    def __init__(self, text: str, *, restore_vertical_tabs: bool) -> None:
        self.text = text
        self.source_map = SourceMap()
        self.restore_vertical_tabs = restore_vertical_tabs
        # A character that must be refused is either in the raw text or made by a double-quoted
        # escape ("\\x01"); one scan of the whole text spares scanning every plain scalar.
        self.raw_text_unsafe = restore_vertical_tabs or bool(find_control_problems(text))
        self.problems: list[Problem] = []

    def build(self, events: Iterable[yaml.Event]) -> Any:
        import yaml

        root: Any = None
        documents = 0
        stack: list[_Frame] = []
        for event in events:
            kind = type(event)
            if getattr(event, "anchor", None) is not None or kind is yaml.AliasEvent:
                self._problem(
                    event, "anchors and aliases (&name, *name) are not allowed; write the value out"
                )
                return None
            awaiting_key = (
                bool(stack) and stack[-1].key is None and type(stack[-1].container) is dict
            )
            if kind is yaml.ScalarEvent:
                scalar = cast(yaml.ScalarEvent, event)
                if awaiting_key:
                    self._key(stack[-1], scalar)
                else:
                    root = self._place(stack, event, self._scalar(scalar), root)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if awaiting_key:
                    self._problem(event, "a mapping key must be plain text")
                    stack[-1].key = _REFUSED_KEY
                collection = cast(yaml.CollectionStartEvent, event)
                if collection.tag is not None and not collection.implicit:
                    self._problem(event, f"YAML tags such as {collection.tag} are not allowed")
                container: dict[str, Any] | list[Any] = {} if kind is yaml.MappingStartEvent else []
                path, recorded = self._child_path(stack)
                root = self._place(stack, event, container, root)
                stack.append(_Frame(container, path, recorded))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self._problem(event, "a workspace file holds one YAML document; remove '---'")
                    return None
        return root

    @staticmethod
    def _child_path(stack: list[_Frame]) -> tuple[PathKey, bool]:
        if not stack:
            return (), True
        top = stack[-1]
        if isinstance(top.container, dict):
            key = top.key or ""
            return (*top.path, key), top.recorded and key != _REFUSED_KEY
        return (*top.path, len(top.container)), top.recorded

    def _place(self, stack: list[_Frame], event: yaml.Event, value: Any, root: Any) -> Any:
        """Put ``value`` where it belongs (root, mapping value or list item), noting its place."""
        position = _start(event)
        if not stack:
            self.source_map.values[()] = position
            return value
        top = stack[-1]
        container = top.container
        path: PathKey
        if isinstance(container, dict):
            key = top.key or ""
            top.key = None
            if key == _REFUSED_KEY or not top.recorded:
                return root
            path = (*top.path, key)
            self.source_map.keys[path] = top.key_mark
            container[key] = value
        else:
            path = (*top.path, len(container))
            container.append(value)
            if not top.recorded:
                return root
        self.source_map.values[path] = position
        return root

    def _key(self, frame: _Frame, event: yaml.ScalarEvent) -> None:
        line, col = _start(event)
        key = str(event.value)
        frame.key_mark = (line, col)
        frame.key = _REFUSED_KEY
        if event.tag not in (None, "!"):
            self._problem(event, "a mapping key cannot carry a YAML tag")
        elif key == "<<" and event.implicit[0]:
            self._problem(event, "merge keys (<<) are not allowed")
        elif key in frame.first_seen:
            self._problem(
                event,
                f"duplicate key '{key}' (first defined on line {frame.first_seen[key]}); "
                "YAML would silently keep only one of them",
            )
        else:
            frame.first_seen[key] = line
            frame.key = key
            # Kept, to be reported as unknown with its suggestion, but a key is shown and
            # quoted like any value: the same characters are refused in it, where they stand.
            if self.raw_text_unsafe or event.style == '"':
                for problem in find_control_problems(key):
                    self.problems.append(
                        Problem(*self._position_in_scalar(event, problem.offset), problem.message)
                    )

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        value = str(event.value)
        if event.tag not in (None, "!"):
            self._problem(event, f"YAML tags such as {event.tag} are not allowed")
            return value
        if event.implicit[0]:  # plain (unquoted): the only scalars that can be other than text
            if not value or value in _NULLS:
                return None
            if value[0] in _INT_START and _INT_PATTERN.match(value):
                return int(value)
            if value in _BOOLS:
                return _BOOLS[value]
        return self._text(event, value)

    def _text(self, event: yaml.ScalarEvent, value: str) -> str:
        if self.restore_vertical_tabs and _VT_PLACEHOLDER in value:
            value = value.replace(_VT_PLACEHOLDER, _VERTICAL_TAB)
        if self.raw_text_unsafe or event.style == '"':
            if "\x0b" in value or "\x0c" in value:
                value = convert_word_breaks(value)
            for problem in find_control_problems(value):
                line, col = self._position_in_scalar(event, problem.offset)
                self.problems.append(Problem(line, col, problem.message))
        return value

    def _position_in_scalar(self, event: yaml.ScalarEvent, offset: int) -> tuple[int, int]:
        """Best position of character ``offset`` of a scalar's value.

        Exact for a plain or quoted scalar on one line without escapes; a block, folded or
        escaped scalar no longer maps to its source column by column, so its start is given.
        """
        start, end = event.start_mark, event.end_mark
        if start is None or end is None:
            return _start(event)
        source = self.text[start.index : end.index]
        quote = 1 if event.style in ("'", '"') else 0
        one_line = start.line == end.line and event.style in (None, "", "'", '"')
        if one_line and "\\" not in source and "''" not in source:
            return start.line + 1, start.column + 1 + quote + offset
        return start.line + 1, start.column + 1

    def _problem(self, event: yaml.Event, message: str) -> None:
        self.problems.append(Problem(*_start(event), message))


def _start(event: yaml.Event) -> tuple[int, int]:
    """1-based line and column where ``event`` starts (libyaml always gives a mark)."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
