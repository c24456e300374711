"""Near-identical texts: what counts as the same, and that the fast join misses no pair."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdcpos.persian import normalize_prose
from gdcpos.similarity import (
    fold,
    jaccard,
    shingles,
    similar_groups,
    similar_pairs,
    text_similarity,
)
from gdcpos.validate import validate_workspace
from tests.conftest import REPO

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (f"می{ZWNJ}شود", "می شود"),  # half-space or space
        ("علي و كتاب", "علی و کتاب"),  # Arabic yeh and kaf
        ("ماده ۱۲", "ماده 12"),  # Persian or ASCII digits
        ("ماده ١٢", "ماده 12"),  # Arabic-Indic digits
        ("مُحَمَّد", "محمد"),  # diacritics
        ("خانهٔ ما", "خانه ما"),  # hamza above heh
        ("خانۀ ما", "خانه ما"),
        ("اینترنت، باز و یکپارچه.", "اینترنت باز و یکپارچه"),  # punctuation
        ("«پیمان»  جهانی\nدیجیتال", "پیمان جهانی دیجیتال"),  # quotes and whitespace
        ("Global Digital Compact", "global digital compact"),  # case
        ("سلامـــت", "سلامت"),  # tatweel
    ],
)
def test_what_a_reader_ignores_is_folded_away(first: str, second: str) -> None:
    assert fold(first) == fold(second)
    assert text_similarity(first, second) == 1.0


def test_a_different_word_is_not_folded_away() -> None:
    assert fold("آینده") != fold("گذشته")
    assert text_similarity("حقوق بشر برخط", "حقوق بشر") < 1.0


persian_text = st.lists(
    st.sampled_from([*"ابپتکگیيكى٠١٢۳۴5 6.,،؛%\u200c\n-", "ISO", "A/RES/79/1", "mfa-001"]),
    max_size=30,
).map("".join)


@given(persian_text)
def test_normalised_prose_compares_as_the_original(text: str) -> None:
    assert fold(normalize_prose(text)) == fold(text)


def test_word_order_matters() -> None:
    assert text_similarity("الف بر ب مقدم است", "ب بر الف مقدم است") < 0.5


def test_the_repository_sample_pair_is_found() -> None:
    result = validate_workspace(REPO)
    assert result.workspace is not None, result.diagnostics
    items = [item for _agency, item in result.workspace.contributions()]
    groups = similar_groups(items, lambda item: (item.axis, item.text))
    assert [[item.id for item in group] for group in groups] == [["ict-001", "mfa-001"]]
    ict, mfa = groups[0]
    assert 0.85 < text_similarity(ict.text, mfa.text) < 1.0


def test_items_on_different_axes_never_compare() -> None:
    text = "اتصال همگانی به اینترنت حق همه مردم است"
    assert similar_pairs([("ai", text), ("connectivity", text)]) == []
    assert [(p.first, p.second, p.score) for p in similar_pairs([("ai", text), ("ai", text)])] == [
        (0, 1, 1.0)
    ]


def test_groups_are_connected_stable_and_at_least_two() -> None:
    base = "حاکمیت ملی کشورها در فضای مجازی باید در متن پیمان به رسمیت شناخته شود و محترم باشد"
    one_word_off = base.replace("محترم", "مصون")
    two_words_off = one_word_off.replace("متن", "سند")
    items = [
        ("c", "ai", "متنی دیگر درباره هوش مصنوعی"),
        ("a", "ai", base),
        ("lonely", "ai", "تنها"),
        ("b", "ai", one_word_off),
        ("d", "ai", two_words_off),
        ("e", "connectivity", base),
    ]
    groups = similar_groups(items, lambda item: (item[1], item[2]), threshold=0.75)
    assert [[name for name, _axis, _text in group] for group in groups] == [["a", "b", "d"]]
    assert text_similarity(base, two_words_off) < 0.75 <= text_similarity(base, one_word_off)


def test_empty_texts_are_never_similar() -> None:
    assert similar_pairs([("ai", ""), ("ai", "  ،  ")]) == []
    assert jaccard(frozenset(), frozenset()) == 0.0


@pytest.mark.parametrize("threshold", [0.0, -0.1, 1.5])
def test_threshold_must_be_a_fraction(threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        similar_pairs([("ai", "x")], threshold)


words = st.sampled_from(["الف", "ب", "پ", "ت", "ث", "ج", "چ", "ح"])


@settings(max_examples=300)
@given(
    keys=st.lists(
        st.tuples(
            st.sampled_from(["ai", "connectivity"]), st.lists(words, max_size=9).map(" ".join)
        ),
        max_size=14,
    ),
    threshold=st.sampled_from([0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0]),
)
def test_the_fast_join_finds_exactly_the_pairs_all_pairs_would(
    keys: list[tuple[str, str]], threshold: float
) -> None:
    found = [(pair.first, pair.second) for pair in similar_pairs(keys, threshold)]
    expected = [
        (i, j)
        for i, j in itertools.combinations(range(len(keys)), 2)
        if keys[i][0] == keys[j][0]
        and jaccard(shingles(keys[i][1]), shingles(keys[j][1])) >= threshold - 1e-9
    ]
    assert found == expected


def test_remembered_groups_equal_fresh_ones_and_skip_the_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gdcpos.similarity as similarity

    monkeypatch.setenv("GDCPOS_CACHE_DIR", str(tmp_path))
    items = [
        ("ai", "تنظیم‌گری هوش مصنوعی باید چندجانبه و زیر نظر سازمان ملل باشد"),
        ("ai", "تنظیم‌گری هوش مصنوعی باید چندجانبه و زیر نظر سازمان ملل متحد باشد"),
        ("ai", "اینترنت یکپارچه بدون تحریم"),
        ("connectivity", "تنظیم‌گری هوش مصنوعی باید چندجانبه و زیر نظر سازمان ملل باشد"),
    ]
    fresh = similarity.similar_groups(items, key=lambda item: item)
    assert similarity.remembered_similar_groups(items, key=lambda item: item) == fresh
    monkeypatch.setattr(similarity, "similar_groups", None)  # a second call must not compute
    assert similarity.remembered_similar_groups(items, key=lambda item: item) == fresh
    changed = [*items[:2], ("ai", "متنی دیگر")]
    with pytest.raises(TypeError):  # different texts: computed again (and here, cannot be)
        similarity.remembered_similar_groups(changed, key=lambda item: item)
