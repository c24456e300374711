"""Deterministic synthetic workspaces of N contributions, for the benchmark (design §7).

Why synthetic: the repository's own workspace holds a few dozen contributions; the speed targets
are stated at 100, 1,000 and 10,000. A workspace made here is the repository's ``data/*.yaml``
plus ``positions/<agency>.yaml`` for each of the 12 agencies, shaped like a real submission:

- contributions spread over the agencies (the lead and the ministries weigh more), ids
  ``<agency>-00001``; every axis and every kind appears (axes and kinds are dealt from shuffled
  decks, so any 7 / 12 consecutive contributions cover them all);
- duties are only ones the agency owns in ``data/duties.yaml``;
- ``country-position`` items, with ``country`` and ``alignment``, only in mfa's file;
- classification mostly internal or public, some confidential, never secret (so the commission's
  framework holds every contribution); a red-line is never public;
- Persian titles and 2-3-sentence texts from a vocabulary, with half-spaces (ZWNJ), Latin tokens
  such as ``A/RES/79/1`` or ``R&D`` and ASCII digits. Titles carry no digits, so that they come
  out of every pipeline unchanged (gdcpos shows digits in prose as Persian digits) and can be
  looked for in the output.

The files are written with plain string formatting, every string double-quoted and escaped for
YAML: a generator built on ``yaml.dump`` would cost more than some of the pipelines it feeds.
Run ``python -m bench.synth N DIR`` to make one by hand.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
"""The repository root: its ``data/`` folder is copied into every synthetic workspace."""

DEFAULT_SEED = 20230313  # 1401-12-22, the date of resolution 110, in the Gregorian calendar

# Relative weight of each agency in the spread of contributions (others weigh 1).
AGENCY_WEIGHTS = {"ncc": 3, "mfa": 2, "ict": 2, "economy": 1.5, "culture": 1.5}

KINDS = (
    "principle",
    "norm",
    "key-element",
    "opportunity",
    "threat",
    "strategy",
    "amendment",
    "recommendation",
    "red-line",
    "initiative",
    "legal-proposal",
    "stakeholder-input",
)
"""Every kind but ``country-position``, which only mfa files (decision 2)."""

COUNTRY_KIND = "country-position"
COUNTRY_AGENCY = "mfa"
COUNTRIES = {
    "CN": "چین",
    "RU": "روسیه",
    "IN": "هند",
    "ZA": "آفریقای جنوبی",
    "BR": "برزیل",
    "US": "ایالات متحده",
    "GB": "بریتانیا",
    "FR": "فرانسه",
    "DE": "آلمان",
    "EU": "اتحادیه اروپا",
    "G77": "گروه ۷۷ و چین",
    "BRICS": "بریکس",
    "OIC": "سازمان همکاری اسلامی",
}
"""Countries and blocs for country-position items, with the Persian name their title starts with."""
ALIGNMENTS = ("aligned", "rival", "neutral")

CONCEPTS = (
    "حاکمیت ملی در فضای مجازی",
    "حاکمیت داده",
    "حفاظت از داده‌های شخصی",
    "جریان فرامرزی داده",
    "تاب‌آوری زیرساخت‌های حیاتی",
    "امنیت سایبری",
    "رفع شکاف دیجیتال",
    "اتصال همگانی به اینترنت",
    "هوش مصنوعی مولد",
    "مسئولیت سکوهای فراملی",
    "تنوع فرهنگی و زبانی",
    "حقوق کاربران",
    "کسب‌وکارهای برخط",
    "تجارت الکترونیکی فرامرزی",
    "اقتصاد دیجیتال فراگیر",
    "انتقال فناوری بدون شرط",
    "تحریم‌های یک‌جانبه",
    "حکمرانی چندجانبه اینترنت",
    "منابع حیاتی اینترنت",
    "محتوای گمراه‌کننده",
    "نفرت‌پراکنی برخط",
    "صیانت از کودکان و نوجوانان",
    "همکاری قضایی متقابل",
    "مقابله با جرایم سایبری",
    "استانداردهای فنی",
    "شبکه ملی اطلاعات",
    "اقلام مشترک دیجیتال",
    "زیرساخت عمومی دیجیتال",
    "شفافیت الگوریتم‌ها",
    "حق توسعه دیجیتال",
)

PLACES = (
    "روند پیمان",
    "سازمان ملل متحد",
    "کشورهای در حال توسعه",
    "مذاکرات بین‌الدولی",
    "نشست‌های مشورتی پیمان",
    "مجامع بین‌المللی",
    "فضای برخط",
)

TITLE_PATTERNS = (
    "{c1} در {place}",
    "{c1} و {c2}",
    "تقویت {c1}",
    "پیامدهای {c1} برای {c2}",
    "{c1} به‌عنوان پیش‌شرط {c2}",
    "سازوکار {org} برای {c1}",
    "جایگاه {c1} در {place}",
)

SENTENCE_PATTERNS = (
    "پیمان جهانی دیجیتال باید {c1} را در چارچوب {c2} به رسمیت بشناسد.",
    "{c1} بدون توجه به {c2} به تهدیدی برای منافع ملی تبدیل می‌شود.",
    "پیشنهاد می‌شود {c1} با استناد به قطعنامه {res} در {place} مطرح شود.",
    "بر پایه گزارش سال {year}، {c1} در {count} کشور با چالش جدی روبه‌رو شده است.",
    "کشور باید از {c1} و {c2} در {place} حمایت کند.",
    "هرگونه تعهد درباره {c1} باید با قوانین ملی و {c2} سازگار باشد.",
    "مطابق بند {count} قطعنامه {res}، {c1} از اولویت‌های {place} است.",
    "نقش {org} در {c1} باید شفاف، پاسخ‌گو و بدون سیاسی‌کاری باشد.",
    "سرمایه‌گذاری در R&D برای {c1} تا سال {year} دست‌کم {percent} درصد افزایش یابد.",
    "تجربه کشور در {c1} می‌تواند الگویی برای {place} باشد.",
)

RESOLUTIONS = ("A/RES/79/1", "A/RES/76/307", "A/RES/75/240", "A/HRC/RES/20/8", "A/75/982")
ORGS = ("ITU", "IGF", "OEWG", "WSIS+20", "UNESCO", "ICANN")
REFERENCES = (
    "A/RES/79/1",
    "Tunis Agenda, para. 35",
    "سند تبیین الزامات شبکه ملی اطلاعات",
    "UNESCO Recommendation on the Ethics of Artificial Intelligence (2021)",
    "قانون جرایم رایانه‌ای (1388)",
)


@dataclass(frozen=True)
class Reference:
    """What a synthetic submission may refer to, read from the repository's ``data/``."""

    agencies: tuple[str, ...]
    axes: tuple[str, ...]
    dimensions: tuple[str, ...]
    duties_of: dict[str, tuple[int, ...]]

    @classmethod
    def read(cls, data: Path) -> Reference:
        """Read agency ids, axis ids, dimension ids and each agency's duties from ``data``."""

        def load(name: str) -> Any:
            with (data / name).open("rb") as stream:
                return yaml.load(stream, Loader=yaml.CSafeLoader)

        agencies = tuple(str(agency["id"]) for agency in load("agencies.yaml")["agencies"])
        axes = tuple(str(axis["id"]) for axis in load("axes.yaml")["axes"])
        duties_file = load("duties.yaml")
        owned: dict[str, list[int]] = {agency: [] for agency in agencies}
        for duty in duties_file["duties"]:
            for owner in duty["owners"]:
                owned[owner].append(int(duty["number"]))
        dimensions = tuple(str(dimension["id"]) for dimension in duties_file["dimensions"])
        orphans = [agency for agency, duties in owned.items() if not duties]
        if orphans:
            raise ValueError(f"agencies owning no duty cannot contribute: {', '.join(orphans)}")
        return cls(agencies, axes, dimensions, {a: tuple(sorted(d)) for a, d in owned.items()})


class _Deck:
    """Deal items from a shuffled deck, reshuffling when it runs out: even, yet not periodic."""

    def __init__(self, items: tuple[str, ...], rng: random.Random) -> None:
        self._items = list(items)
        self._rng = rng
        self._left: list[str] = []

    def deal(self) -> str:
        if not self._left:
            self._left = self._items[:]
            self._rng.shuffle(self._left)
        return self._left.pop()


def _quote(value: str) -> str:
    """A YAML double-quoted scalar: only the backslash and the double quote need escaping here."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def spread(total: int, agencies: tuple[str, ...]) -> dict[str, int]:
    """Split ``total`` over the agencies by weight (largest remainder), at least one each."""
    if total < len(agencies):
        raise ValueError(f"need at least {len(agencies)} contributions, one per agency")
    weights = [AGENCY_WEIGHTS.get(agency, 1.0) for agency in agencies]
    rest = total - len(agencies)
    shares = [rest * w / sum(weights) for w in weights]
    counts = [1 + int(share) for share in shares]
    by_remainder = sorted(range(len(agencies)), key=lambda i: int(shares[i]) - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return dict(zip(agencies, counts, strict=True))


def _title(rng: random.Random, country: str | None = None) -> str:
    c1, c2 = rng.sample(CONCEPTS, 2)
    title = rng.choice(TITLE_PATTERNS).format(
        c1=c1, c2=c2, place=rng.choice(PLACES), org=rng.choice(ORGS)
    )
    return title if country is None else f"{COUNTRIES[country]}: {title}"


def _text(rng: random.Random) -> str:
    sentences = []
    for pattern in rng.sample(SENTENCE_PATTERNS, rng.randint(2, 3)):
        c1, c2 = rng.sample(CONCEPTS, 2)
        sentences.append(
            pattern.format(
                c1=c1,
                c2=c2,
                place=rng.choice(PLACES),
                res=rng.choice(RESOLUTIONS),
                org=rng.choice(ORGS),
                year=rng.randint(2015, 2030),
                count=rng.randint(3, 120),
                percent=rng.randint(5, 40),
            )
        )
    return " ".join(sentences)


def _classification(rng: random.Random, kind: str) -> str:
    roll = rng.random()
    if roll < 0.3 and kind != "red-line":
        return "public"
    return "confidential" if roll > 0.9 else "internal"


def _contribution(
    rng: random.Random, cid: str, agency: str, axis: str, kind: str, ref: Reference
) -> str:
    country = rng.choice(list(COUNTRIES)) if kind == COUNTRY_KIND else None
    owned = ref.duties_of[agency]
    duties = sorted(rng.sample(owned, min(len(owned), rng.randint(1, 2))))
    lines = [
        f"  - id: {cid}",
        f"    axis: {axis}",
        f"    duties: [{', '.join(map(str, duties))}]",
        f"    kind: {kind}",
        f"    title: {_quote(_title(rng, country))}",
        f"    text: {_quote(_text(rng))}",
        f"    classification: {_classification(rng, kind)}",
    ]
    if rng.random() < 0.7:
        dimensions = rng.sample(ref.dimensions, rng.randint(1, 2))
        lines.append(f"    dimensions: [{', '.join(dimensions)}]")
    if rng.random() < 0.3:
        lines.append(f"    references: [{_quote(rng.choice(REFERENCES))}]")
    if country is not None:
        lines.append(f"    country: {country}")
        lines.append(f"    alignment: {rng.choice(ALIGNMENTS)}")
    return "\n".join(lines) + "\n"


def generate(total: int, dest: Path, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write a workspace of ``total`` contributions into ``dest`` (replaced); return the spread.

    The same ``total`` and ``seed`` always give byte-identical files.
    """
    data = REPO / "data"
    ref = Reference.read(data)
    rng = random.Random(f"{seed}:{total}")
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "data").mkdir(parents=True)
    (dest / "positions").mkdir()
    for source in sorted(data.glob("*.yaml")):
        shutil.copyfile(source, dest / "data" / source.name)

    counts = spread(total, ref.agencies)
    # Interleave the agencies (round robin) so that the global decks reach every agency.
    order = [a for i in range(max(counts.values())) for a in ref.agencies if i < counts[a]]
    axes, kinds = _Deck(ref.axes, rng), _Deck(KINDS, rng)
    bodies: dict[str, list[str]] = {agency: [] for agency in ref.agencies}
    for agency in order:
        number = len(bodies[agency]) + 1
        is_country = agency == COUNTRY_AGENCY and (number == 1 or rng.random() < 0.25)
        kind = COUNTRY_KIND if is_country else kinds.deal()
        bodies[agency].append(
            _contribution(rng, f"{agency}-{number:05d}", agency, axes.deal(), kind, ref)
        )
    for index, agency in enumerate(ref.agencies):
        header = (
            f"# Synthetic submission for the gdcpos benchmark (seed {seed}, {total} in all).\n"
            f"agency: {agency}\n"
            f"revision: {1 + index % 3}\n"
            f"submitted: 1402-01-{10 + index:02d}\n"
            "contributions:\n"
        )
        path = dest / "positions" / f"{agency}.yaml"
        path.write_text(header + "".join(bodies[agency]), encoding="utf-8")
    return counts


def main() -> None:
    """Command line: ``python -m bench.synth N DIR [--seed S]``."""
    parser = argparse.ArgumentParser(description="Write a synthetic gdcpos workspace.")
    parser.add_argument("total", type=int, help="number of contributions")
    parser.add_argument("dest", type=Path, help="workspace folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    counts = generate(args.total, args.dest, args.seed)
    print(f"wrote {args.dest}: " + ", ".join(f"{a} {n}" for a, n in counts.items()))


if __name__ == "__main__":
    main()
