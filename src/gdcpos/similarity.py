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
can match nothing and comes first in the order: a text whose whole prefix is such shingles (most
texts, when most texts are unlike the others) is never probed nor indexed. Every candidate pair is
then scored exactly, so the result is the one that comparing all pairs would give. Within one
comparison each distinct word gets a number and a word pair becomes one integer made of the two
numbers, so shingles are compared exactly (no hashing, no collisions); a text is folded one
whitespace-separated token at a time, each distinct token once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import re
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, count, pairwise, repeat
from operator import add, mul
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from gdcpos.cachedir import cache_folder
from gdcpos.concurrency import started_workers
from gdcpos.fsutil import write_cache_entry

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

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
_FOLD_TABLE = str.maketrans(dict(_FOLDS))
# Anything that is not a letter, digit or "_" separates words: spaces, ZWNJ, punctuation.
_WORD = re.compile(r"\w+")
# Below this length one str.translate beats one str.replace scan per foldable character.
_SHORT = 40


def fold(text: str) -> list[str]:
    """The words of ``text`` in the form used for comparison (see the module's description).

    Folding includes ``normalize_prose``'s letter and digit rules, applied everywhere (the
    context rules that protect codes do not matter for comparison), so a text compares the same
    before and after normalisation.
    """
    # No fold's result is another fold's source, so replacing one character after another and
    # translating all at once agree; for a whole text the replacements are several times faster.
    if len(text) < _SHORT:
        text = text.translate(_FOLD_TABLE)
    else:
        for old, new in _FOLDS:
            if old in text:
                text = text.replace(old, new)
    return _WORD.findall(text.lower())


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The word shingles of ``text``, as tuples of folded words; empty for a text without words.

    This is the definition that :func:`similar_pairs` computes faster, with numbered words.
    """
    words = fold(text)
    if len(words) <= SHINGLE_WORDS:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(pairwise(words))


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


class _TooManyWords(Exception):
    """More distinct words than word numbers of the width in use can tell apart."""


class _PackedWords(dict[str, bytes]):
    """Whitespace-separated token → the numbers of its folded words, each packed twice.

    Each word number is written twice, ``width`` bytes each time, so that a text's packed words
    read from offset ``width`` in items of ``2·width`` bytes are its pairs of consecutive words,
    one integer each: ``w0 w0 w1 w1 w2 w2`` gives ``[w0 w1] [w1 w2]``, with no Python code per
    pair.

    Splitting at whitespace before folding is exact: whitespace is not a word character, no fold
    touches it, it lowercases to itself and ends the context of the one context-dependent
    lowercase rule (final sigma), so a text's words are its tokens' words one after the other.
    A few thousand distinct tokens make up thousands of texts; each is folded once per call.
    """

    def __init__(self, width: int) -> None:
        super().__init__()
        self.words = _PackedNumbers(width)

    def __missing__(self, token: str) -> bytes:
        self[token] = packed = b"".join(map(self.words.__getitem__, fold(token)))
        return packed


class _PackedNumbers(dict[str, bytes]):
    """Folded word → its number, given in order of first sight and packed twice."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def __missing__(self, word: str) -> bytes:
        number = len(self)
        if number >> 8 * self.width:
            raise _TooManyWords
        self[word] = packed = number.to_bytes(self.width, sys.byteorder) * 2
        return packed


# Array type codes by item size, to read two packed word numbers side by side as one integer.
_TYPECODES = {array(code).itemsize: code for code in "QLIH"}
# Word number widths in bytes, narrowest first; the next is used when a call has too many words.
_WIDTHS = (2, 4)

PARALLEL_FROM_TEXTS = 3000
"""From this many texts, when worker processes are running (a first build), about half of the axes
are compared in one of them (see `gdcpos.concurrency`); below it, sending the texts there costs
more than the half it saves."""

_HANDOVER_INTERVAL = 0.0005
"""Seconds this process's half of a shared comparison holds the interpreter lock at a stretch
(`sys.setswitchinterval`; Python's default is 0.005), so that the worker's half is sent at once."""


def _short_shingles(packed: bytes, width: int) -> frozenset[int]:
    """The shingles of a text of one word (one shingle, unlike any pair) or none."""
    if not packed:
        return frozenset()
    return frozenset([-1 - int.from_bytes(packed[:width], sys.byteorder)])


def similar_pairs(
    keys: Sequence[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD
) -> list[SimilarPair]:
    """Every pair of ``(axis, text)`` keys on the same axis with similarity ≥ ``threshold``.

    Ordered by ``(first, second)``. Texts without words are never similar to anything.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    by_axis = _places_by_axis(keys)
    pool = started_workers()
    if pool is None or len(keys) < PARALLEL_FROM_TEXTS or len(by_axis) < 2:
        return _axes_pairs(keys, by_axis, threshold)
    return _axes_pairs_beside(pool, keys, by_axis, threshold)


def _axes_pairs_beside(
    pool: ProcessPoolExecutor,
    keys: Sequence[tuple[str, str]],
    by_axis: dict[str, list[int]],
    threshold: float,
) -> list[SimilarPair]:
    """`_axes_pairs`, about half of the texts compared in a worker meanwhile (axes are compared
    independently); ordered as `similar_pairs` orders them."""
    here: dict[str, list[int]] = {}
    sent: list[int] = []  # the places in ``keys`` of the texts sent to the worker
    for axis, members in sorted(by_axis.items(), key=lambda item: -len(item[1])):
        if sum(map(len, here.values())) <= len(sent):
            here[axis] = members
        else:
            sent += members
    their_keys = [keys[index] for index in sent]
    their_axes = _places_by_axis(their_keys)
    pending = None
    with contextlib.suppress(Exception):  # workers broken earlier: their half is done here below
        pending = pool.submit(_axes_pairs, their_keys, their_axes, threshold)
    # The executor's threads pickle and send the worker its texts, but only when they get the
    # interpreter lock, which this process's comparison keeps for 5 ms at a time: the worker
    # would start 20-30 ms late. Handing the lock over more often lets them send at once.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(_HANDOVER_INTERVAL)
    try:
        found = _axes_pairs(keys, here, threshold)
    finally:
        sys.setswitchinterval(interval)
    theirs = None
    if pending is not None:
        with contextlib.suppress(Exception):  # a worker lost is only slower: compare its half here
            theirs = pending.result()
    if theirs is None:
        theirs = _axes_pairs(their_keys, their_axes, threshold)
    # ``sent`` holds each axis's places in order, so a pair's first stays first.
    found += (SimilarPair(sent[p.first], sent[p.second], p.score) for p in theirs)
    found.sort()
    return found


def _axes_pairs(
    keys: Sequence[tuple[str, str]], by_axis: dict[str, list[int]], threshold: float
) -> list[SimilarPair]:
    for width in _WIDTHS[:-1]:
        with contextlib.suppress(_TooManyWords):
            return _similar_pairs(keys, by_axis, threshold, width)
    return _similar_pairs(keys, by_axis, threshold, _WIDTHS[-1])


def _similar_pairs(
    keys: Sequence[tuple[str, str]],
    by_axis: dict[str, list[int]],
    threshold: float,
    width: int,
) -> list[SimilarPair]:
    packed_words = _PackedWords(width).__getitem__
    typecode = _TYPECODES[2 * width]
    found: list[SimilarPair] = []
    # One axis at a time: its sets, counts and index stay small enough for the processor's cache.
    for axis_members in by_axis.values():
        texts = (keys[index][1] for index in axis_members)
        packed = [b"".join(map(packed_words, text.split())) for text in texts]
        # Read from offset width in items of 2·width bytes, packed words are pairs (_PackedWords).
        sets = [
            frozenset(array(typecode, words[width:-width]))
            if len(words) > 2 * width
            else _short_shingles(words, width)
            for words in packed
        ]
        members = [
            index for index, shingle_set in zip(axis_members, sets, strict=True) if shingle_set
        ]
        found += (
            SimilarPair(min(members[a], members[b]), max(members[a], members[b]), score)
            for a, b, score in _join(list(filter(None, sets)), threshold)
        )
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
    # Only items in some pair can be in a group, and those are usually few.
    parent = {index: index for pair in pairs for index in (pair.first, pair.second)}

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
    for index in sorted(parent):
        groups.setdefault(root(index), []).append(items[index])
    return list(groups.values())


def remembered_similar_groups(
    items: Sequence[T],
    key: Callable[[T], tuple[str, str]],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[list[T]]:
    """:func:`similar_groups`, remembered in the user's cache: all the groups under a hash of
    every ``(axis, text)``, and each axis's groups under a hash of its texts.

    A build on texts that did not change (the usual case while an analyst works on templates or
    settings) reads one entry instead of comparing. Items are only ever grouped within an axis,
    so after a submission changed only the axes whose texts changed (the ``(axis, kind)``
    sections of the framework holding the edited contributions) are compared again.
    """
    keys = [key(item) for item in items]
    folder = cache_folder("similarity", ("gdcpos",), ())
    whole: Path | None = None
    if folder is not None:
        digest = hashlib.sha256(repr(threshold).encode())
        for axis, text in keys:
            digest.update(f"{axis}\x00{text}\x01".encode())
        whole = folder / f"{digest.hexdigest()}.json"
        remembered = _read_groups(whole, len(keys))
        if remembered is not None:
            return [[items[index] for index in group] for group in remembered]
    groups = _groups_axis_by_axis(keys, folder, threshold)
    if whole is not None:
        with contextlib.suppress(OSError):
            write_cache_entry(whole, json.dumps(groups).encode())
    return [[items[index] for index in group] for group in groups]


def _groups_axis_by_axis(
    keys: Sequence[tuple[str, str]], folder: Path | None, threshold: float
) -> list[list[int]]:
    """The groups of places in ``keys``: each axis's remembered in ``folder`` if it holds them,
    the others compared (all in one call, so that a second core can share them) and kept."""
    by_axis = _places_by_axis(keys)
    groups: list[list[int]] = []
    missing: dict[str, list[int]] = {}
    entries: dict[str, Path] = {}
    for axis, members in by_axis.items():
        if len(members) < 2:
            continue  # one text has nothing to be like
        remembered = None
        if folder is not None:
            entries[axis] = folder / f"{_texts_digest(keys, members, threshold)}.json"
            remembered = _read_groups(entries[axis], len(members))
        if remembered is None:
            missing[axis] = members
        else:
            groups += [[members[place] for place in group] for group in remembered]
    if missing:
        to_compare = [index for members in missing.values() for index in members]
        found = similar_groups(to_compare, key=keys.__getitem__, threshold=threshold)
        groups += found
        for axis, members in missing.items():
            if axis in entries:
                place = {index: position for position, index in enumerate(members)}
                local = [[place[index] for index in group] for group in found if group[0] in place]
                with contextlib.suppress(OSError):
                    write_cache_entry(entries[axis], json.dumps(local).encode())
    groups.sort(key=lambda group: group[0])  # as similar_groups orders them
    return groups


def _places_by_axis(keys: Sequence[tuple[str, str]]) -> dict[str, list[int]]:
    """The places in ``keys`` of each axis's texts, in order."""
    by_axis: dict[str, list[int]] = {}
    for index, (axis, _text) in enumerate(keys):
        by_axis.setdefault(axis, []).append(index)
    return by_axis


def _texts_digest(keys: Sequence[tuple[str, str]], members: list[int], threshold: float) -> str:
    """A hash of the texts of one axis (``members``, places in ``keys``) and the threshold: all
    that decides how they group (unlike the whole entry's, it leaves out the axis and the
    places, so that it still holds when other axes change; tagged, so that it is never the
    whole entry's)."""
    digest = hashlib.sha256(f"axis\x00{threshold!r}".encode())
    for index in members:
        digest.update(f"{keys[index][1]}\x01".encode())
    return digest.hexdigest()


def _read_groups(entry: Path, count: int) -> list[list[int]] | None:
    """The groups remembered in ``entry`` (places among ``count`` texts), or None if there are
    none or the entry is not what this module writes."""
    try:
        groups = json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(groups, list) or not all(
        isinstance(group, list)
        and len(group) >= 2
        and all(type(place) is int and 0 <= place < count for place in group)
        for group in groups
    ):
        return None
    return groups


def _prefix_length(size: int, overlap_ratio: float) -> int:
    """How many of a set's first shingles must hold one it shares with any set like it."""
    return size - math.ceil(overlap_ratio * size - _EPSILON) + 1


def _size_tables(
    threshold: float, largest: int
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Per set size: probe and index prefix lengths; per sum of two sizes: the overlap needed.

    Computed once per threshold rather than per set or per candidate pair, and remembered up to
    the sizes paragraphs have (`_REMEMBERED_SIZES`); a text of a million words gets tables made
    for it alone, which would otherwise stay alive.
    """
    if largest <= _REMEMBERED_SIZES:
        return _remembered_size_tables(threshold)
    return _computed_size_tables(threshold, largest)


_REMEMBERED_SIZES = 4096
"""Shingles per text up to which the size tables are kept between calls (a long paragraph has a
few hundred)."""


@lru_cache(maxsize=4)
def _remembered_size_tables(
    threshold: float,
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    return _computed_size_tables(threshold, _REMEMBERED_SIZES)


def _computed_size_tables(
    threshold: float, largest: int
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    half = threshold / (1 + threshold)  # overlap ≥ half·(|A| + |B|) ⟺ Jaccard ≥ threshold
    probe_length = tuple(_prefix_length(size, threshold) for size in range(largest + 1))
    index_length = tuple(_prefix_length(size, 2 * half) for size in range(largest + 1))
    needed_overlap = tuple(math.ceil(half * total - _EPSILON) for total in range(2 * largest + 1))
    return probe_length, index_length, needed_overlap


def _join(sets: list[frozenset[int]], threshold: float) -> list[tuple[int, int, float]]:
    """All similar pairs ``(a, b, score)`` among non-empty ``sets`` (one axis), by position.

    The global order is: shingles found in one set only, then the others by how many sets hold
    them (rarest first), ties in the order in which they were first counted.
    """
    if len(sets) < 2:
        return []
    # Every shingle of every set in one list, walked at C speed by each of the next steps.
    flat = list(chain.from_iterable(sets))
    frequency = Counter(flat)
    # Ranks stand for shingles from here on, so that sorting needs no key function. A shingle
    # held by one set only keeps its count, 1, as rank: such shingles come first. Any other ranks
    # count·distinct + its place in the counter, which orders by count without sorting and stays
    # a small int, quick to compare.
    distinct = len(frequency)
    shared = [shingle for shingle, held in frequency.items() if held > 1]
    counts = list(map(frequency.__getitem__, shared))
    ranks = map(add, map(mul, counts, repeat(distinct)), count())
    dict.update(frequency, zip(shared, ranks, strict=True))
    rank = frequency
    sizes = [len(shingle_set) for shingle_set in sets]
    probe_length, index_length, needed_overlap = _size_tables(threshold, max(sizes))
    # When most shingles are shared, most sets must be ranked whole: rank every shingle in one
    # pass. When most are not, most sets are set aside on their count of shared shingles, and
    # only the few others are ranked.
    rank_all = 2 * sum(counts) > len(flat)
    flat_ranks = list(map(rank.__getitem__, flat)) if rank_all else []
    starts = list(accumulate(sizes, initial=0))
    shared_set = frozenset() if rank_all else frozenset(shared)

    postings: dict[int, list[tuple[int, int, int]]] = {}
    found: list[tuple[int, int, float]] = []
    # Smaller sets first, so that each set is probed only against sets no larger than itself.
    for index in sorted(range(len(sets)), key=sizes.__getitem__):
        size = sizes[index]
        probe_end = probe_length[size]
        # unique: how many of this set's shingles are its own, first in the order; counted
        # before sorting, so that a set set aside is never sorted.
        if rank_all:
            ranked = flat_ranks[starts[index] : starts[index + 1]]
            unique = ranked.count(1)
            if unique >= probe_end:
                continue
            ranked.sort()
            del ranked[:unique]
        else:
            common = sets[index] & shared_set
            unique = size - len(common)
            if unique >= probe_end:
                continue
            ranked = sorted(map(rank.__getitem__, common))
        # ranked[i] is the shingle at position unique + i in this set's order.
        # A set probed later is never smaller, so a shorter prefix suffices in the index.
        index_end = index_length[size]
        smallest = threshold * size - _EPSILON
        overlaps: dict[int, int] = {}  # candidate → shingles matched so far; -1 once ruled out
        for position, shingle in enumerate(ranked[: probe_end - unique], unique):
            entries = postings.get(shingle)
            if entries is None:
                if position < index_end:
                    postings[shingle] = [(index, position, size)]
                continue
            for other, other_position, other_size in entries:
                matched = overlaps.get(other, 0)
                if matched < 0 or other_size < smallest:
                    continue
                rest = min(size - position, other_size - other_position) - 1
                needed = needed_overlap[size + other_size]
                overlaps[other] = matched + 1 if matched + 1 + rest >= needed else -1
            # Indexed only now, so that a set never meets itself among the candidates.
            if position < index_end:
                entries.append((index, position, size))
        for other, matched in overlaps.items():
            if matched > 0:
                score = jaccard(sets[index], sets[other])
                if score >= threshold - _EPSILON:
                    found.append((index, other, score))
    return found
