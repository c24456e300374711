"""The fast path builds exactly what the full builder builds, and gives way whenever it reports.

``parse_yaml`` tries a position-free loop first and falls back to ``_Builder`` on any problem;
these tests hold the two to the same data (types and key order included), the same problems and
the same positions, on generated documents that are clean, broken or somewhere in between.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gdcpos.load import files as load_files
from gdcpos.load import parse_bytes, parse_yaml, yaml_source
from gdcpos.load.yaml_source import _build_fast, _NeedsFullParse, _parse_fully
from gdcpos.persian.text import BIDI_CONTROLS, find_control_problems
from tests.conftest import DATA_FILES, REPO

# Scalars and keys that the full builder accepts as they are: typed, quoted, escaped.
CLEAN_SCALARS = [
    "x",
    "two words",
    "12",
    "-3",
    "0",
    "010",
    "-0",
    "1_000",
    "1.5",
    "0x1F",
    "true",
    "False",
    "TRUE",
    "yes",
    "no",
    "null",
    "Null",
    "~",
    "",
    "1402-01-15",
    "'12'",
    "'true'",
    '"null"',
    '"x"',
    "''",
    "'it''s'",
    '"tab\\tx"',
    '"v\\vx"',
    '"f\\fx"',
    '"back\\\\slash"',
    '"zw\\u200cnj"',
    "می‌شود",
    "! 12",
    "'<<'",
]
# And those it reports (or that are not YAML at all).
BAD_SCALARS = [
    '"a\\x01b"',
    '"\\u202e"',
    "a\u202eb",
    "a\x01b",
    "&a 1",
    "*a",
    "!!str 1",
    "!x y",
    "!!int 3",
    "<<",
    "x # note \u202e",
]

CLEAN_KEYS = ["a", "b", "c", "d", "e", "'f'", '"g"', "'<<'", "1", "true", "null", "''", "! k"]
BAD_KEYS = ["'a'", '"b"', "<<", "!!str k", "&k a", "*k", "[k]", "{k: v}", '"\\u202e"', '"k\\x01"']

CLEAN_PREFIXES = ["", "---\n", "# comment\n", "%YAML 1.1\n---\n"]
BAD_PREFIXES = ["# \u202e\n", "--- !!map\n", "--- &r\n"]
CLEAN_SUFFIXES = ["", "...\n", "# end\n"]
BAD_SUFFIXES = ["---\nb: 1\n", "--- x\n", "\t- x\n", "&r z: 1\n"]

Tree = tuple[Any, ...]


def _trees(scalars: list[str], keys: list[str]) -> st.SearchStrategy[Tree]:
    def collections(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
        pairs = st.lists(st.tuples(st.sampled_from(keys), children), max_size=4)
        return st.one_of(
            st.tuples(st.just("map"), pairs, st.booleans()),
            st.tuples(st.just("seq"), st.lists(children, max_size=4), st.booleans()),
        )

    leaves = st.sampled_from(scalars).map(lambda token: ("scalar", token))
    return st.recursive(leaves, collections, max_leaves=14)


clean_trees = _trees(CLEAN_SCALARS, CLEAN_KEYS)
mixed_trees = _trees(CLEAN_SCALARS + BAD_SCALARS, CLEAN_KEYS + BAD_KEYS)


def _is_block(node: Tree) -> bool:
    return node[0] != "scalar" and not node[2] and bool(node[1])


def _inline(node: Tree) -> str:
    if node[0] == "scalar":
        return str(node[1])
    if node[0] == "map":
        return "{" + ", ".join(f"{key}: {_inline(value)}" for key, value in node[1]) + "}"
    return "[" + ", ".join(_inline(item) for item in node[1]) + "]"


def _block(node: Tree, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    entries = [(f"{key}:", value) for key, value in node[1]] if node[0] == "map" else []
    entries = entries or [("-", item) for item in node[1]]
    for lead, value in entries:
        if _is_block(value):
            lines.append(f"{pad}{lead}")
            lines += _block(value, indent + 2)
        else:
            lines.append(f"{pad}{lead} {_inline(value)}")
    return lines


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A YAML document built from a random tree, in block or flow style.

    Half are made of parts the full builder accepts (duplicate keys aside), so that the fast path
    is exercised to the end; the others mix in every kind of problem and some broken YAML.
    """
    clean = draw(st.booleans())
    tree = draw(clean_trees if clean else mixed_trees)
    body = "\n".join(_block(tree, 0)) + "\n" if _is_block(tree) else _inline(tree) + "\n"
    prefixes = CLEAN_PREFIXES if clean else CLEAN_PREFIXES + BAD_PREFIXES
    suffixes = CLEAN_SUFFIXES if clean else CLEAN_SUFFIXES + BAD_SUFFIXES
    text = draw(st.sampled_from(prefixes)) + body + draw(st.sampled_from(suffixes))
    if not clean and draw(st.integers(0, 4)) == 0:
        text = text.replace("x", "x\x0by", 1)  # Word's manual line break, pasted raw
    return text


TOKENS = [
    "a",
    "b",
    ": ",
    ":",
    " ",
    "\n",
    "  ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&x ",
    "*x",
    "!!int ",
    "! ",
    '"',
    "'",
    "#",
    "---\n",
    "\\x01",
    "\\v",
    "\u202e",
    "\x0b",
    "\t",
    "<<",
    "1",
    "01",
    "true",
    "~",
    "? ",
    "|\n",
    "ک",
]

token_soup = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)


def _typed(value: Any) -> Any:
    """``value`` with its types and key order made visible (``True == 1``; dicts ignore order)."""
    if isinstance(value, dict):
        return ("map", [(type(key).__name__, key, _typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("seq", [_typed(item) for item in value])
    return (type(value).__name__, value)


def _fast_path_applies(text: str) -> bool:
    """The precondition `parse_yaml` checks before it tries the fast path."""
    return yaml_source._may_take_fast_path(text)


def _assert_same_as_full_builder(text: str) -> None:
    full = _parse_fully(text)
    parsed = parse_yaml(text)
    assert _typed(parsed.data) == _typed(full.data)
    assert parsed.problems == full.problems
    assert parsed.source_map.values == full.source_map.values
    assert parsed.source_map.keys == full.source_map.keys
    if not _fast_path_applies(text):
        return
    try:
        fast = _build_fast(text, escapes="\\" in text)
    except (_NeedsFullParse, yaml.YAMLError):
        # Giving up is right only when the full builder has something to say.
        assert full.problems, text
    else:
        assert not full.problems, full.problems
        assert _typed(fast) == _typed(full.data)


CASES = [
    "a: 1\nb: [true, '1', ~, null, '', x]\nc: {d: -0, e: 010}\n",
    "a: 1\nb: 2\na: 3\n",
    "a: {x: 1, x: 2}\n",
    "'a': 1\na: 2\n",
    "a: &x 1\nb: *x\n",
    "- &x [1]\n- *x\n",
    "a: !!str 1\n",
    "a: ! 1\nb: ! x\n",
    "!!map {a: 1}\n",
    "!!str a: 1\n",
    "a:\n  <<: {b: 1}\n",
    "'<<': 1\n",
    "[a]: 1\n",
    "{a: 1}: 2\n",
    "? - a\n: 1\n",
    "a: 1\n---\nb: 2\n",
    "--- 1\n",
    'a: "x\\u202ey"\n',
    'a: "x\\vy"\n',
    'a: "x\\\\y"\n',
    "a: x\x0by\n",
    "# \u202e\na: 1\n",
    "a: b: c\n",
    "a:\n\t- x\n",
    "a: [1, 2\n",
    "",
    "# only a comment\n",
    "---\n",
    "~\n",
    "- \n- - 1\n  - []\n  - {}\n",
]


@pytest.mark.parametrize("text", CASES)
def test_cases_match_the_full_builder(text: str) -> None:
    _assert_same_as_full_builder(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example("a:\n  b: 1\n  b: 2\n")
def test_generated_documents_match_the_full_builder(text: str) -> None:
    _assert_same_as_full_builder(text)


@settings(max_examples=300, deadline=None)
@given(token_soup)
def test_token_soup_matches_the_full_builder(text: str) -> None:
    _assert_same_as_full_builder(text)


@pytest.mark.parametrize(
    "relpath",
    [*DATA_FILES, *(f"positions/{p.name}" for p in sorted((REPO / "positions").glob("*.yaml")))],
)
def test_repository_files_take_the_fast_path(relpath: str) -> None:
    text = (REPO / relpath).read_text(encoding="utf-8")
    assert _fast_path_applies(text)
    fast = _build_fast(text, escapes="\\" in text)
    assert _typed(fast) == _typed(_parse_fully(text).data)


def test_libyaml_refuses_every_reported_character_the_fast_path_lets_through() -> None:
    """The fast path looks only for the bidirectional controls among the characters that
    must be reported: libyaml stops at the others, and the full builder reports them."""
    reported = [
        char
        for char in map(chr, range(0x10000))
        if not 0xD800 <= ord(char) <= 0xDFFF and find_control_problems(char)
    ]
    let_through = [char for char in reported if _fast_path_applies(f"a: x{char}\n")]
    assert set(reported) - set(let_through) == set(BIDI_CONTROLS)
    for char in let_through:
        with pytest.raises(yaml.reader.ReaderError):
            _build_fast(f"a: x{char}\n", escapes=False)
        assert parse_yaml(f"a: x{char}\n").problems == _parse_fully(f"a: x{char}\n").problems
        assert parse_yaml(f"a: x{char}\n").problems[0].col == 5


@pytest.fixture
def full_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the full builder parses, in order."""
    built: list[str] = []

    class CountingBuilder(yaml_source._Builder):
        def build(self, events: Any) -> Any:
            built.append(self.text)
            return super().build(events)

    monkeypatch.setattr(yaml_source, "_Builder", CountingBuilder)
    return built


def test_a_clean_file_builds_its_source_map_only_when_asked(full_parses: list[str]) -> None:
    loaded = parse_bytes(b"a:\n  - x: 1\n    y: [2, 3]\n", "x.yaml")
    assert loaded.data == {"a": [{"x": 1, "y": [2, 3]}]}
    assert loaded.diagnostics == []
    assert full_parses == []
    assert loaded.locate(("a", 0, "y", 1)) == (3, 12)
    assert loaded.locate(("a", 0, "y"), prefer_key=True) == (3, 5)
    assert loaded.locate(("a", 0, "missing")) == (2, 5)
    assert len(full_parses) == 1
    loaded.locate(("a",))
    assert len(full_parses) == 1  # built once, then kept


def test_a_file_with_a_problem_is_parsed_by_the_full_builder(full_parses: list[str]) -> None:
    loaded = parse_bytes(b"a: 1\na: 2\n", "x.yaml")
    assert [str(d) for d in loaded.diagnostics] == [
        "x.yaml:2:1: error: duplicate key 'a' (first defined on line 1); "
        "YAML would silently keep only one of them"
    ]
    assert loaded.locate(("a",)) == (1, 4)
    assert len(full_parses) == 1  # its source map came with its problems


def test_a_deferred_file_parses_once_and_keeps_its_positions(
    tmp_path: Path, full_parses: list[str]
) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("agency: mfa\nrevision: 2\n", encoding="utf-8")
    loaded = load_files.load_yaml_file(path, "x.yaml", lazy=True)
    assert loaded.size > 0
    assert loaded.data == {"agency": "mfa", "revision": 2}
    assert loaded.size == 0 and full_parses == []
    assert loaded.locate(("revision",)) == (2, 11)
    assert len(full_parses) == 1


def test_a_file_read_with_a_source_map_keeps_it(full_parses: list[str]) -> None:
    source_map = yaml_source.SourceMap(values={("a",): (4, 2)})
    loaded = load_files.LoadedFile("x.yaml", {"a": 1}, source_map, "")
    assert loaded.locate(("a",)) == (4, 2)
    assert loaded.source_map is source_map
    assert full_parses == []
