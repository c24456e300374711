"""Near-identical texts: what counts as the same, and that the fast join misses no pair."""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

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

T = TypeVar("T")

_SMALL_TEXTS = [
    "تنظیم‌گری هوش مصنوعی باید چندجانبه باشد",
    "تنظیم‌گری هوش مصنوعی باید چندجانبه و فراگیر باشد",
    "اینترنت یکپارچه بدون تحریم",
    "اینترنت یکپارچه و بدون تحریم",
    "حاکمیت داده‌ها",
    "",
]

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


def all_pairs(keys: list[tuple[str, str]], threshold: float) -> list[tuple[int, int, float]]:
    """The definition, slowly: every pair on one axis, scored on :func:`shingles`."""
    found = []
    for i, j in itertools.combinations(range(len(keys)), 2):
        if keys[i][0] == keys[j][0]:
            score = jaccard(shingles(keys[i][1]), shingles(keys[j][1]))
            if score >= threshold - 1e-9:
                found.append((i, j, score))
    return found


def fast_pairs(keys: list[tuple[str, str]], threshold: float) -> list[tuple[int, int, float]]:
    return [(pair.first, pair.second, pair.score) for pair in similar_pairs(keys, threshold)]


thresholds = st.sampled_from([0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0])
words = st.sampled_from(["الف", "ب", "پ", "ت", "ث", "ج", "چ", "ح"])


@settings(max_examples=300)
@given(
    keys=st.lists(
        st.tuples(
            st.sampled_from(["ai", "connectivity"]), st.lists(words, max_size=9).map(" ".join)
        ),
        max_size=14,
    ),
    threshold=thresholds,
)
def test_the_fast_join_finds_exactly_the_pairs_all_pairs_would(
    keys: list[tuple[str, str]], threshold: float
) -> None:
    assert fast_pairs(keys, threshold) == all_pairs(keys, threshold)


# Words in several spellings that fold alike, words of their own (so that some sets are mostly
# shingles no other set holds, some mostly shared ones), and every kind of separator: spaces
# that str.split knows, half-spaces, punctuation, and marks that fold to nothing.
messy_words = st.one_of(
    st.sampled_from(["علی", "علي", "عَلی", "كتاب", "کتاب", "۱۲", "12", "ΑΣ", "σΣ", "İx", "ـ"]),
    st.integers(0, 60).map("w{}".format),
)
separators = st.sampled_from(
    [" ", "  ", "\u200c", "\u00a0", "\u2003", "\n", "\u3000", "، ", "-", "\u064b"]
)
messy_text = st.lists(st.tuples(messy_words, separators), max_size=12).map(
    lambda parts: "".join(word + separator for word, separator in parts)
)


@settings(max_examples=300)
@given(
    keys=st.lists(st.tuples(st.sampled_from(["ai", "connectivity"]), messy_text), max_size=16),
    threshold=thresholds,
)
def test_the_fast_join_agrees_with_all_pairs_on_messy_text(
    keys: list[tuple[str, str]], threshold: float
) -> None:
    keys = keys + [(axis, text.replace("w1", "w2")) for axis, text in keys[::2]]  # near-copies
    assert fast_pairs(keys, threshold) == all_pairs(keys, threshold)


def test_identical_empty_short_texts_and_axes() -> None:
    keys = [
        ("ai", "سلام"),
        ("ai", "سلام"),  # one word, twice
        ("ai", "سلام دنیا"),
        ("ai", "سلامِ دنیا"),  # two words, twice (a kasra folds away)
        ("ai", "سلام دنیا زیبا"),  # shares the one pair of the text above
        ("ai", ""),
        ("ai", " ، "),  # no words
        ("connectivity", "سلام دنیا"),  # another axis
    ]
    assert (
        fast_pairs(keys, 0.5)
        == all_pairs(keys, 0.5)
        == [
            (0, 1, 1.0),
            (2, 3, 1.0),
            (2, 4, 0.5),
            (3, 4, 0.5),
        ]
    )


def test_more_words_than_narrow_numbers_can_tell_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    import gdcpos.similarity as similarity

    texts = [" ".join(f"w{n + i}" for n in range(40)) for i in range(0, 400, 20)]
    keys = [("ai", text) for text in texts] + [("ai", texts[0] + " w999")]
    expected = all_pairs(keys, 0.8)
    assert expected  # the near-copy at the end
    monkeypatch.setattr(similarity, "_WIDTHS", (1, 2))  # 256 numbers, then 65536
    assert fast_pairs(keys, 0.8) == expected


@given(st.text())
def test_a_text_folds_as_its_whitespace_separated_tokens(text: str) -> None:
    assert [word for token in text.split() for word in fold(token)] == fold(text)


@pytest.mark.parametrize("space", [chr(code) for code in range(0x110000) if chr(code).isspace()])
def test_every_space_ends_a_word_and_its_final_sigma(space: str) -> None:
    assert fold(f"ΑΣ{space}Σβ") == fold("ΑΣ") + fold("Σβ") == ["ας", "σβ"]


@given(st.text())
def test_short_and_long_texts_fold_alike(text: str) -> None:
    padding = "z" * 50  # long enough for the other way of folding
    assert fold(f"{text} {padding}") == [*fold(text), padding]


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


def test_only_the_axes_whose_texts_changed_are_compared_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edited submission changes a few (axis, kind) sections; the others are remembered."""
    import gdcpos.similarity as similarity

    monkeypatch.setenv("GDCPOS_CACHE_DIR", str(tmp_path))
    items = [
        ("ai", "تنظیم‌گری هوش مصنوعی باید چندجانبه و زیر نظر سازمان ملل باشد"),
        ("ai", "تنظیم‌گری هوش مصنوعی باید چندجانبه و زیر نظر سازمان ملل متحد باشد"),
        ("connectivity", "اینترنت یکپارچه بدون تحریم برای همه کشورها"),
        ("connectivity", "اینترنت یکپارچه و بدون تحریم برای همه کشورها"),
        ("data", "حاکمیت داده‌های ملی"),
    ]
    similarity.remembered_similar_groups(items, key=lambda item: item)
    compared: list[list[tuple[str, str]]] = []
    real = similarity.similar_groups

    def recording(indexes: Sequence[int], key: Any, threshold: float) -> list[list[int]]:
        compared.append([key(index) for index in indexes])
        return real(indexes, key=key, threshold=threshold)

    monkeypatch.setattr(similarity, "similar_groups", recording)
    edited = [*items[:3], ("connectivity", "متنی دیگر"), items[4]]
    groups = similarity.remembered_similar_groups(edited, key=lambda item: item)
    assert compared == [[edited[2], edited[3]]]
    assert groups == real(edited, key=lambda item: item)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["ai", "ai/norm", "data"]), st.sampled_from(_SMALL_TEXTS)),
        max_size=12,
    ),
    st.lists(st.integers(min_value=0, max_value=11), max_size=3),
)
def test_remembered_groups_are_fresh_groups_after_any_edit(
    items: list[tuple[str, str]], edited: list[int]
) -> None:
    import gdcpos.similarity as similarity

    with tempfile.TemporaryDirectory() as cache, pytest.MonkeyPatch.context() as patch:
        patch.setenv("GDCPOS_CACHE_DIR", cache)
        assert similarity.remembered_similar_groups(items, key=lambda item: item) == (
            similarity.similar_groups(items, key=lambda item: item)
        )
        changed = list(items)
        for place in edited:
            if place < len(changed):
                axis, text = changed[place]
                changed[place] = (axis, f"{text} ویرایش")
        for _ in range(2):  # computed where it changed, then all remembered
            assert similarity.remembered_similar_groups(changed, key=lambda item: item) == (
                similarity.similar_groups(changed, key=lambda item: item)
            )


def test_a_remembered_entry_of_another_shape_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gdcpos.similarity as similarity

    monkeypatch.setenv("GDCPOS_CACHE_DIR", str(tmp_path))
    items = [("ai", "یک متن درباره هوش مصنوعی"), ("ai", "یک متن درباره هوش مصنوعی")]
    fresh = similarity.similar_groups(items, key=lambda item: item)
    similarity.remembered_similar_groups(items, key=lambda item: item)
    entries = list(tmp_path.rglob("*.json"))
    assert len(entries) == 2  # all the groups, and the axis's
    for damaged in ("[[0, 7]]", "[[0]]", '{"a": 1}', "[[0, 1.0]]", "not json"):
        for entry in entries:
            entry.write_text(damaged)
        assert similarity.remembered_similar_groups(items, key=lambda item: item) == fresh


def test_the_same_pairs_when_half_the_axes_go_to_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from gdcpos import concurrency, similarity

    axes = ["ai", "connectivity", "data-protection", "fragmentation", "human-rights"]
    texts = [" ".join(f"w{(seed * 7 + k) % 23}" for k in range(12)) for seed in range(60)]
    keys = [(axes[i % len(axes)], text) for i, text in enumerate(texts)]
    keys += [(axis, text.replace("w3", "w4")) for axis, text in keys[::3]]  # near-copies
    serial = fast_pairs(keys, 0.7)
    assert len({keys[first][0] for first, _, _ in serial}) > 2  # pairs on several axes
    monkeypatch.setattr(similarity, "PARALLEL_FROM_TEXTS", 0)
    # Calls made here are recorded; the worker, forked after this patch, records in its own copy.
    here: list[set[str]] = []
    monkeypatch.setattr(similarity, "_similar_pairs", _recording(similarity._similar_pairs, here))
    with concurrency.shared_workers():
        with concurrency.workers() as pool:
            if pool is None:
                pytest.skip("one core or no fork: nothing runs in a worker")
        assert fast_pairs(keys, 0.7) == serial
    # This process compared some axes once; the worker did the others.
    assert len(here) == 1
    assert 0 < len(here[0]) < len(axes)


def _recording(function: Callable[..., T], axes_compared: list[set[str]]) -> Callable[..., T]:
    """``function`` (`_similar_pairs`), noting the axes of each call."""

    def recorded(*args: Any) -> T:
        axes_compared.append(set(args[1]))
        return function(*args)

    return recorded


def test_a_worker_lost_only_costs_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed (say by the out-of-memory killer) must not leave the build waiting."""
    from gdcpos import concurrency, similarity

    axes = ["ai", "connectivity", "data-protection"]
    keys = [(axes[i % 3], f"w{i % 7} w{i % 5} w{i % 3} w{i % 11}") for i in range(90)]
    serial = fast_pairs(keys, 0.7)
    monkeypatch.setattr(similarity, "PARALLEL_FROM_TEXTS", 0)
    with concurrency.shared_workers():
        with concurrency.workers() as pool:
            if pool is None:
                pytest.skip("one core or no fork: nothing runs in a worker")
            with pytest.raises(Exception, match="terminated abruptly"):
                pool.submit(os._exit, 1).result()  # the workers are now broken
        assert fast_pairs(keys, 0.7) == serial
