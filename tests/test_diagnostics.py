"""What a diagnostic quotes from a file is printed safely: every consumer reads the same message."""

from __future__ import annotations

from gdcpos.diagnostics import Location, error, warning


def test_controls_separators_and_bidi_overrides_are_shown_as_escapes() -> None:
    quoted = "a\tb\rc\x00d\x1b[0m\x7f\x85\x9b\u2028\u2029\u202a\u202e\u2066\u2069\ud800"
    assert error("x.yaml", 1, 1, f"'{quoted}'").message == (
        "'a\\tb\\rc\\x00d\\x1b[0m\\x7f\\x85\\x9b\\u2028\\u2029\\u202a\\u202e\\u2066\\u2069\\ud800'"
    )


def test_persian_text_half_spaces_and_direction_marks_are_left_as_written() -> None:
    # ZWNJ and ZWJ are part of Persian spelling; LRM, RLM and ALM only settle the direction of
    # neighbouring punctuation, are allowed in agency text, and reorder nothing else.
    persian = "می\u200cشود \u200d \u200f(مصوب)\u200e \u061c۱۴۰۲ ك ي"
    assert warning("x.yaml", 1, 1, persian).message == persian


def test_a_diagnostic_is_one_line_whatever_its_file_is_called() -> None:
    assert str(Location("positions/a\nb.yaml", 2, 3)) == "positions/a\\nb.yaml:2:3"
    assert str(error("positions/a\x1bb.yaml", 0, 0, "x")) == "positions/a\\x1bb.yaml: error: x"
