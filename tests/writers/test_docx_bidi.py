"""Splitting mixed Persian and Latin text into script runs (persian-docx.md, "Mixed ...")."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdcpos.writers.docx.bidi import LATIN_LETTERS, LRM, RLM, split_by_script

ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
LATIN_LETTER = re.compile(f"[{LATIN_LETTERS}]")


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("متن فارسی", [("متن فارسی", False)]),
        ("سند A/RES/79/1 مجمع", [("سند ", False), ("A/RES/79/1", True), (" مجمع", False)]),
        ("United Nations Office", [("United Nations Office", True)]),
        ("ITU و UNESCO", [("ITU", True), (f"{RLM} و ", False), ("UNESCO", True)]),
        ("ITU، UNESCO", [("ITU", True), (f"{RLM}، ", False), ("UNESCO", True)]),
        ("U.S. و چین", [(f"U.S.{LRM}", True), (f"{RLM} و چین", False)]),
        ("بند 19(3) میثاق", [("بند ", False), (f"19(3){LRM}", True), (" میثاق", False)]),
        ("در سند A/RES/79/1.", [("در سند ", False), ("A/RES/79/1", True), (".", False)]),
        ("«ITU»", [("«", False), ("ITU", True), ("»", False)]),
        (
            "(ITU و UNESCO)",
            [("(", False), ("ITU", True), (f"{RLM} و ", False), ("UNESCO", True), (")", False)],
        ),
        ("ITU: متن", [("ITU", True), (": متن", False)]),
        ("وادار", [("وادار", False)]),
        ("(ITU) است", [(f"{LRM}(ITU){LRM}", True), (" است", False)]),
        ("متن <b>x</b> است", [("متن ", False), (f"{LRM}<b>x</b>{LRM}", True), (" است", False)]),
        ("#GDC2024", [(f"{LRM}#GDC2024", True)]),
        ("ITU وادار", [("ITU", True), (" وادار", False)]),
        # A legal reference is one left-to-right stretch; the sentence's full stop is not in it.
        (
            "اشاره دارد: see Art. 19(3).",
            [("اشاره دارد: ", False), (f"see Art. 19(3){LRM}", True), (".", False)],
        ),
        ("art. 5(1)(a) را", [(f"art. 5(1)(a){LRM}", True), (" را", False)]),
        ("see § 12(2).", [(f"see § 12(2){LRM}", True), (".", False)]),
        ("BDSG §§ 4 است", [("BDSG §§ 4", True), (" است", False)]),
        ("ITU § و", [("ITU", True), (" § و", False)]),
    ],
)
def test_examples(text: str, segments: list[tuple[str, bool]]) -> None:
    assert split_by_script(text) == segments


def test_the_following_run_decides_a_mark_at_the_end() -> None:
    assert split_by_script("ITU", following=" و UNESCO")[-1] == (RLM, False)
    assert split_by_script("ITU", following=" را")[-1] == ("ITU", True)


def test_long_runs_of_one_kind_of_character_are_split_in_linear_time() -> None:
    _, latin = split_by_script("-" * 200_000 + "a")[0]
    assert latin
    assert split_by_script("a" * 200_000 + ".")[-1] == (".", False)


mixed_text = st.text(
    alphabet=st.sampled_from(list("ابپتثجچ یکگو،؛؟«»\u200c۱۲ ABCxyz019 ./()-:,\"'!?§")),
    max_size=60,
)


@given(mixed_text, mixed_text)
def test_segments_are_the_text_plus_marks_and_latin_ones_hold_no_persian(
    text: str, following: str
) -> None:
    segments = split_by_script(text, following)
    written = "".join(segment_text for segment_text, _ in segments)
    assert written.replace(LRM, "").replace(RLM, "") == text
    for segment_text, latin in segments:
        if latin:
            assert not ARABIC_SCRIPT.search(segment_text)
            assert segment_text.strip(LRM) == segment_text.strip(LRM).strip()
    for (_, first_latin), (_, second_latin) in itertools.pairwise(segments):
        assert first_latin != second_latin


@given(mixed_text, mixed_text, st.integers(min_value=0, max_value=60))
def test_skipping_text_known_to_have_no_latin_letter_changes_nothing(
    text: str, following: str, skip: int
) -> None:
    first_letter = LATIN_LETTER.search(text)
    no_latin_before = min(skip, first_letter.start() if first_letter else len(text))
    assert split_by_script(text, following, no_latin_before=no_latin_before) == split_by_script(
        text, following
    )
