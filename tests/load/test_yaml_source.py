"""The YAML layer converts nothing by surprise and remembers where every value came from."""

from __future__ import annotations

import pytest

from gdcpos.load import parse_bytes, parse_yaml
from gdcpos.load.decode import DecodeProblem, decode_text


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        ("1402-01-15", "1402-01-15"),
        ("2023-04-04", "2023-04-04"),
        ("010", "010"),
        ("0o10", "0o10"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("NO", "NO"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("1.5", "1.5"),
        (".inf", ".inf"),
        ("12", 12),
        ("0", 0),
        ("-3", -3),
        ("true", True),
        ("false", False),
        ("null", None),
        ("~", None),
        ("", None),
    ],
)
def test_only_ints_booleans_and_null_are_typed(scalar: str, expected: object) -> None:
    parsed = parse_yaml(f"value: {scalar}\n")
    assert parsed.problems == []
    assert parsed.data == {"value": expected}
    assert type(parsed.data["value"]) is type(expected)


def test_source_map_points_at_values_and_keys() -> None:
    parsed = parse_yaml("a:\n  - x: 1\n    y: [2, 3]\n")
    assert parsed.source_map.values[("a", 0, "y", 1)] == (3, 12)
    assert parsed.source_map.keys[("a", 0, "y")] == (3, 5)
    assert parsed.source_map.locate(("a", 0, "missing")) == (2, 5)
    assert parsed.source_map.locate(("nowhere",)) == (1, 1)


def test_duplicate_key_names_both_lines() -> None:
    parsed = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert [(p.line, p.col) for p in parsed.problems] == [(3, 1)]
    assert "duplicate key 'a' (first defined on line 1)" in parsed.problems[0].message


def test_aliases_and_anchors_are_refused() -> None:
    parsed = parse_yaml("a: &x 1\nb: *x\n")
    assert parsed.data is None
    assert (parsed.problems[0].line, parsed.problems[0].col) == (1, 4)


def test_asterisks_in_text_are_not_aliases() -> None:
    parsed = parse_yaml('a: "**bold** & more"\n')
    assert parsed.problems == []
    assert parsed.data == {"a": "**bold** & more"}


def test_explicit_tags_are_refused() -> None:
    parsed = parse_yaml("a: !!python/object:os.system x\nb: !!binary aGk=\n")
    assert [p.line for p in parsed.problems] == [1, 2]


def test_merge_keys_are_refused() -> None:
    parsed = parse_yaml("a:\n  <<: {b: 1}\n")
    assert "merge keys" in parsed.problems[0].message


def test_vertical_tab_becomes_a_newline_and_keeps_columns() -> None:
    parsed = parse_yaml("a: x\x0by\nb: \u202e\n")
    assert parsed.data["a"] == "x\ny"
    assert [(p.line, p.col) for p in parsed.problems] == [(2, 4)]


def test_control_problem_column_inside_single_quoted_text() -> None:
    parsed = parse_yaml("a: 'ab\u202ec'\n")
    assert [(p.line, p.col) for p in parsed.problems] == [(1, 7)]


def test_utf8_bom_is_accepted_and_hash_is_of_the_bytes() -> None:
    loaded = parse_bytes("\ufeffa: 1\n".encode(), "x.yaml")
    assert loaded.data == {"a": 1}
    assert len(loaded.sha256) == 64


def test_cp1256_is_named_with_the_first_bad_byte_located() -> None:
    with pytest.raises(DecodeProblem) as caught:
        decode_text("a: 1\ntitle: سلام دنيا\n".encode("cp1256"))  # Arabic ي: cp1256 has no ی
    assert (caught.value.line, caught.value.col) == (2, 8)
    assert "Windows-1256" in caught.value.message


def test_latin1_is_not_called_persian() -> None:
    with pytest.raises(DecodeProblem) as caught:
        decode_text("name: Ünïcödé façade\n".encode("latin-1"))
    assert "Windows-1256" not in caught.value.message


def test_control_characters_in_keys_are_located_like_those_in_values() -> None:
    parsed = parse_yaml('a: 1\nb\u202ec: 2\n"d\\x01": 3\n')
    assert [(p.line, p.col, p.message[:6]) for p in parsed.problems] == [
        (2, 2, "U+202E"),
        (3, 1, "U+0001"),
    ]
    assert list(parsed.data) == ["a", "b\u202ec", "d\x01"]
