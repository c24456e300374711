"""Identical and near-identical texts on the same axis, found fast enough for 10,000 of them.

Two agencies often send the same point in nearly the same words. Intake warns the secretariat
about such pairs so that they can be consolidated; the framework document shows each group once,
attributed to every agency in it. Both use this module so that they agree on what "the same" is.

How texts are compared:

- :func:`fold` reduces a text to the words that matter for comparison: the letter and digit
  forms that :func:`gdcpos.persian.normalize_prose` unifies (ی ک, Persian and Arabic-Indic
  digits) and what a reader also ignores: diacritics and tatweel, hamza forms (أ إ ؤ ئ ة ۀ هٔ),
  case, and whether words are separated by a space, a half-space (ZWNJ) or punctuation
  (``می‌شود`` and ``می شود`` are the same two words).
- A text becomes the set of its word pairs (*shingles* of :data:`SHINGLE_WORDS` consecutive
  words; a text of one or two words is a single shingle). Pairs keep some word order, so two
  texts with the same words saying opposite things do not match as bags of words would.
- Similarity is the Jaccard index of the two sets, ``|A ∩ B| / |A ∪ B|``, from 0 to 1. One word
  changed in a 50-word paragraph scores about 0.9; unrelated texts on one axis score under 0.2.

Why it is fast (and still exact): a similarity join with *prefix filtering* (Chaudhuri, Ganti
and Kaushik 2006) and PPJoin's *positional filtering* (Xiao et al. 2008) instead of comparing
every pair. Two sets with Jaccard ≥ t share at least ``⌈t·|A|⌉`` shingles; ranked in one global
order, rarest first, they must then share one of the first ``|A| − ⌈t·|A|⌉ + 1`` shingles of
each, so only those prefixes go into an inverted index. A shingle that occurs in one text only
can match nothing: a text whose whole prefix is such shingles (most texts, when most texts are
unlike the others) is set aside after one pass of set operations, and only the rest is ranked
and indexed. Every candidate pair is then scored exactly, so the result is the one that
comparing all pairs would give. Shingles are stored as 64-bit hashes; a collision between two
different shingles (odds of about 1 in 10^10 for 10,000 texts) would change a score by one
shingle.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import pairwise
from typing import TypeVar

from gdcpos.cachedir import cache_folder
from gdcpos.fsutil import atomic_write_text

__all__ = [
    "DEFAULT_THRESHOLD",
    "SHINGLE_WORDS",
    "SimilarPair",
    "fold",
    "jaccard",
    "remembered_similar_groups",
    "shingles",
    "similar_groups",
    "similar_pairs",
    "text_similarity",
]

T = TypeVar("T")

DEFAULT_THRESHOLD = 0.8
"""Jaccard index from which two texts are reported as near-identical."""

SHINGLE_WORDS = 2
"""Words per shingle: pairs keep local word order without letting one changed word cost much."""

# Lets a product such as 0.7 * 10 == 7.000000000000001 round up to 7, not 8.
_EPSILON = 1e-9

_FOLDS: tuple[tuple[str, str], ...] = (
    ("\u064a", "\u06cc"),  # ي ARABIC YEH → ی
    ("\u0649", "\u06cc"),  # ى ALEF MAKSURA → ی
    ("\u0626", "\u06cc"),  # ئ YEH WITH HAMZA ABOVE → ی
    ("\u0643", "\u06a9"),  # ك ARABIC KAF → ک
    ("\u0629", "\u0647"),  # ة TEH MARBUTA → ه
    ("\u06c0", "\u0647"),  # ۀ HEH WITH YEH ABOVE → ه
    ("\u0623", "\u0627"),  # أ ALEF WITH HAMZA ABOVE → ا
    ("\u0625", "\u0627"),  # إ ALEF WITH HAMZA BELOW → ا
    ("\u0671", "\u0627"),  # ٱ ALEF WASLA → ا
    ("\u0624", "\u0648"),  # ؤ WAW WITH HAMZA ABOVE → و
    ("\u200d", ""),  # ZWJ only shapes letters
    ("\u0640", ""),  # tatweel (kashida) only stretches a line
    ("\u0670", ""),  # superscript alef
    *((chr(code), "") for code in range(0x064B, 0x0660)),  # harakat, hamza above and below
    *((chr(0x06F0 + digit), str(digit)) for digit in range(10)),  # Persian digits
    *((chr(0x0660 + digit), str(digit)) for digit in range(10)),  # Arabic-Indic digits
)
# Anything that is not a letter, digit or "_" separates words: spaces, ZWNJ, punctuation.
_WORD = re.compile(r"\w+")


def fold(text: str) -> list[str]:
    """The words of ``text`` in the form used for comparison (see the module's description).

    Folding includes ``normalize_prose``'s letter and digit rules, applied everywhere (the
    context rules that protect codes do not matter for comparison), so a text compares the same
    before and after normalisation.
    """
    # str.replace per foldable character is several times faster than str.translate here.
    for old, new in _FOLDS:
        if old in text:
            text = text.replace(old, new)
    return _WORD.findall(text.lower())


def shingles(text: str) -> frozenset[int]:
    """The hashed word shingles of ``text``; empty for a text without words."""
    words = fold(text)
    if len(words) <= SHINGLE_WORDS:
        return frozenset([hash(tuple(words))]) if words else frozenset()
    return frozenset(map(hash, pairwise(words)))


def jaccard(first: AbstractSet[Hashable], second: AbstractSet[Hashable]) -> float:
    """``|A ∩ B| / |A ∪ B|``; 0 when either set is empty (an empty text is like nothing)."""
    if not first or not second:
        return 0.0
    common = len(first & second)
    return common / (len(first) + len(second) - common)


def text_similarity(first: str, second: str) -> float:
    """How alike two texts are, from 0 (no shingle in common) to 1 (the same after folding)."""
    return jaccard(shingles(first), shingles(second))


@dataclass(frozen=True, order=True)
class SimilarPair:
    """Two similar items by their positions in the input (``first < second``), and their score."""

    first: int
    second: int
    score: float


def similar_pairs(
    keys: Sequence[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD
) -> list[SimilarPair]:
    """Every pair of ``(axis, text)`` keys on the same axis with similarity ≥ ``threshold``.

    Ordered by ``(first, second)``. Texts without words are never similar to anything.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    sets = [shingles(text) for _axis, text in keys]
    by_axis: dict[str, list[int]] = {}
    for index, (axis, _text) in enumerate(keys):
        if sets[index]:
            by_axis.setdefault(axis, []).append(index)
    found: list[SimilarPair] = []
    for members in by_axis.values():
        found += _join(members, sets, threshold)
    found.sort()
    return found


def similar_groups(
    items: Sequence[T],
    key: Callable[[T], tuple[str, str]],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[list[T]]:
    """Items whose texts are identical or near-identical, grouped; only groups of two or more.

    ``key`` gives an item's ``(axis, text)``; items on different axes are never grouped. A group
    is a connected set of similar pairs (if A is like B and B like C, all three are one group,
    even when A and C alone would score lower). Groups keep the items' input order and are
    ordered by their first item, so the result is the same from one run to the next.
    """
    pairs = similar_pairs([key(item) for item in items], threshold)
    parent = list(range(len(items)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for pair in pairs:
        first, second = root(pair.first), root(pair.second)
        if first != second:
            parent[max(first, second)] = min(first, second)
    groups: dict[int, list[T]] = {}
    for index, item in enumerate(items):
        groups.setdefault(root(index), []).append(item)
    return [group for group in groups.values() if len(group) > 1]


def remembered_similar_groups(
    items: Sequence[T],
    key: Callable[[T], tuple[str, str]],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[list[T]]:
    """:func:`similar_groups`, remembered in the user's cache by a hash of every ``(axis, text)``.

    A build that runs again on texts that did not change (the usual case while an analyst works
    on templates or settings) then pays a hash instead of the whole comparison.
    """
    keys = [key(item) for item in items]
    folder = cache_folder("similarity", ("gdcpos",), ())
    digest = hashlib.sha256(repr(threshold).encode())
    for axis, text in keys:
        digest.update(f"{axis}\x00{text}\x01".encode())
    entry = folder / f"{digest.hexdigest()}.json" if folder is not None else None
    groups: list[list[int]] | None = None
    if entry is not None and entry.is_file():
        with contextlib.suppress(OSError, ValueError):
            groups = json.loads(entry.read_text(encoding="utf-8"))
    if groups is None:
        indexed = list(range(len(keys)))
        groups = similar_groups(indexed, key=keys.__getitem__, threshold=threshold)
        if entry is not None:
            with contextlib.suppress(OSError):
                atomic_write_text(entry, json.dumps(groups))
    return [[items[index] for index in group] for group in groups]


def _prefix_length(size: int, overlap_ratio: float) -> int:
    """How many of a set's first shingles must hold one it shares with any set like it."""
    return size - math.ceil(overlap_ratio * size - _EPSILON) + 1


def _join(members: list[int], sets: list[frozenset[int]], threshold: float) -> list[SimilarPair]:
    """All similar pairs among ``sets[members]`` (one axis): prefix and positional filtering.

    The global order is: shingles found in one set only, then the others by how many sets hold
    them (rarest first), ties broken by value.
    """
    seen: set[int] = set()
    shared: set[int] = set()
    for index in members:
        shared |= seen & sets[index]
        seen |= sets[index]
    live: list[tuple[int, frozenset[int]]] = []
    for index in members:
        size = len(sets[index])
        common = sets[index] & shared
        if size - len(common) < _prefix_length(size, threshold):
            live.append((index, common))
    frequency: Counter[int] = Counter()
    for _index, common in live:
        frequency.update(common)
    # Smaller sets first, so that each set is probed only against sets no larger than itself.
    live.sort(key=lambda entry: len(sets[entry[0]]))

    half = threshold / (1 + threshold)  # overlap ≥ half·(|A| + |B|) ⟺ Jaccard ≥ threshold
    postings: dict[int, list[tuple[int, int]]] = {}
    found: list[SimilarPair] = []
    for index, common in live:
        size = len(sets[index])
        unique = size - len(common)  # this set's own shingles, first in the order
        ranked = sorted(sorted(common), key=frequency.__getitem__)
        smallest = threshold * size - _EPSILON
        overlaps: dict[int, int] = {}  # candidate → shingles matched so far; -1 once ruled out
        for position in range(_prefix_length(size, threshold) - unique):
            for other, other_position in postings.get(ranked[position], ()):
                matched = overlaps.get(other, 0)
                other_size = len(sets[other])
                if matched < 0 or other_size < smallest:
                    continue
                rest = min(size - unique - position, other_size - other_position) - 1
                needed = math.ceil(half * (size + other_size) - _EPSILON)
                overlaps[other] = matched + 1 if matched + 1 + rest >= needed else -1
        # A set probed later is never smaller, so a shorter prefix suffices in the index.
        for position in range(max(_prefix_length(size, 2 * half) - unique, 0)):
            postings.setdefault(ranked[position], []).append((index, unique + position))
        for other, matched in overlaps.items():
            if matched > 0:
                score = jaccard(sets[index], sets[other])
                if score >= threshold - _EPSILON:
                    found.append(SimilarPair(min(index, other), max(index, other), score))
    return found
