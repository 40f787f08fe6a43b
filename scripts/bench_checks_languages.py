"""False alarms of the per-translation checks on human translations, per source language.

A human translation should almost never fail a check of ``pipeline.translation.checks``
(repetition, length, copy, not-english, numbers, names): each flag on one is a false
alarm. Three sources of human English translations:

  * ``../shared/tatoeba``: per language, the sentence pairs whose source has 4 words or
    more (for scripts written without spaces, Han, Kana, Thai..., whose English side
    has 4 words or more);
  * ``../shared/nusax``: Indonesian reviews and their English translations (all splits);
  * ``../shared/mqm``: the Chinese sources of the MQM dev set with their professional
    references (``ref``, once per segment), and the MT outputs (``hyp``) the experts
    rated ``clean``.

Prints, per language, the share of pairs flagged and the share flagged by each check;
``--show CHECK`` prints some flagged pairs of that check (``--lang`` narrows it).
``--mqm-numbers N`` prints N of the ``numbers`` flags raised on all the MQM dev MT outputs
(every system, whatever its label; a seeded sample when there are more), each with its
Chinese source and the human reference, to read (``docs/checks-numbers-reading.md``).

Usage: PYTHONPATH=. python scripts/bench_checks_languages.py [--langs all|routed] [--limit 1000]
       [--show numbers] [--lang zh] [--mqm-numbers 30]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.settings import CheckConfig  # noqa: E402
from pipeline.translation.checks import Candidate, findings  # noqa: E402

SHARED = ROOT.parent / "shared"
# Tatoeba's ISO 639-3 codes of the languages [identify] routes by default, and of
# others that have an opus-mt model or the fallback (shown with --langs all).
ROUTED = {"ind": "id", "rus": "ru", "ukr": "uk", "fra": "fr", "deu": "de", "spa": "es", "ita": "it",
          "por": "pt", "nld": "nl", "pol": "pl", "tur": "tr", "cmn": "zh", "jpn": "ja", "kor": "ko",
          "ara": "ar", "vie": "vi"}
OTHERS = {"ces": "cs", "fin": "fi", "swe": "sv", "dan": "da", "nob": "nb", "isl": "is", "ell": "el",
          "heb": "he", "hin": "hi", "tha": "th", "bul": "bg", "hun": "hu", "ron": "ro", "slk": "sk",
          "hrv": "hr", "srp": "sr", "est": "et", "lit": "lt", "lvs": "lv", "cat": "ca", "afr": "af",
          "zsm": "ms", "pes": "fa", "urd": "ur", "ben": "bn", "kat": "ka", "hye": "hy", "mkd": "mk",
          "bel": "be", "slv": "sl", "eus": "eu", "glg": "gl", "sqi": "sq", "aze": "az", "kaz": "kk",
          "tgl": "tl", "swh": "sw", "tam": "ta", "mar": "mr", "mal": "ml", "tel": "te", "yue": "zh", "wuu": "zh"}
MIN_WORDS = 4


def _unspaced(text: str) -> bool:
    """Written without spaces between words: mostly Han, Kana, Thai, Lao, Khmer, Myanmar letters."""
    letters = [ch for ch in text if ch.isalpha()]
    unspaced = sum(1 for ch in letters if unicodedata.name(ch, "").split(" ")[0]
                   in ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR"))
    return bool(letters) and unspaced > len(letters) / 2


def tatoeba(code: str, limit: int) -> Iterator[tuple[str, str]]:
    base = SHARED / "tatoeba" / f"tatoeba.{code}-eng"
    src = Path(f"{base}.{code}").read_text(encoding="utf-8").splitlines()
    eng = Path(f"{base}.eng").read_text(encoding="utf-8").splitlines()
    kept = 0
    for s, e in zip(src, eng):
        words = len(e.split()) if _unspaced(s) else len(s.split())
        if words >= MIN_WORDS and kept < limit:
            kept += 1
            yield s, e


def nusax() -> Iterator[tuple[str, str]]:
    for split in ("train", "valid", "test"):
        with open(SHARED / "nusax" / f"{split}.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                yield row["indonesian"], row["english"]


def mqm(field: str, label: str | None) -> Iterator[tuple[str, str]]:
    seen: set[tuple[str, int]] = set()
    with open(SHARED / "mqm" / "ted-zhen-dev.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if field == "ref":
                key = (row["talk"], row["seg"])
                if key in seen:
                    continue
                seen.add(key)
            elif row["label"] != label:
                continue
            yield row["src"], row[field]


def mqm_numbers(count: int, cfg: CheckConfig, seed: int = 20) -> None:
    """Print ``count`` numbers flags of the MQM dev MT outputs (a seeded sample), to read."""
    with open(SHARED / "mqm" / "ted-zhen-dev.jsonl", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    flags = [(row, found["numbers"]) for row in rows
             if (found := findings(Candidate(row["src"], row["hyp"], "zh"), cfg, only=("numbers",)))]
    print(f"{len(flags)} numbers flags on {len(rows)} MQM dev MT outputs; showing {min(count, len(flags))}")
    picked = sorted(random.Random(seed).sample(range(len(flags)), count)) if len(flags) > count else range(len(flags))
    for k in picked:
        row, problem = flags[k]
        print(f"[{k}] {row['talk']}/{row['seg']} {row['system']} ({row['label']}): {problem.message}\n"
              f"    SRC {row['src']}\n    HYP {row['hyp']}\n    REF {row['ref']}")


def rates(pairs: list[tuple[str, str]], lang: str, cfg: CheckConfig) -> tuple[int, int, Counter[str], list]:
    per_check: Counter[str] = Counter()
    flagged, examples = 0, []
    for source, translation in pairs:
        found = findings(Candidate(source, translation, lang), cfg)
        if found:
            flagged += 1
            examples.append((source, translation, found))
        per_check.update(found.keys())
    return len(pairs), flagged, per_check, examples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--langs", choices=("routed", "all"), default="routed")
    parser.add_argument("--limit", type=int, default=1000, help="Tatoeba pairs per language at most")
    parser.add_argument("--show", help="print flagged pairs of this check")
    parser.add_argument("--lang", help="with --show: only this source (a label as printed)")
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--mqm-numbers", type=int, metavar="N",
                        help="print N numbers flags of all MQM dev MT outputs, to read, and stop")
    args = parser.parse_args()
    cfg = CheckConfig()
    if args.mqm_numbers:
        mqm_numbers(args.mqm_numbers, cfg)
        return 0
    codes = dict(ROUTED, **(OTHERS if args.langs == "all" else {}))
    sets: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for code, lang in codes.items():
        sets[f"tatoeba {code}"] = (lang, list(tatoeba(code, args.limit)))
    sets["nusax id"] = ("id", list(nusax()))
    sets["mqm zh ref"] = ("zh", list(mqm("ref", None)))
    sets["mqm zh hyp clean"] = ("zh", list(mqm("hyp", "clean")))
    sets["mqm zh hyp error"] = ("zh", list(mqm("hyp", "error")))
    worst = 0.0
    started = time.perf_counter()
    checked = 0
    print(f"{'set':<18} {'lang':<4} {'pairs':>5} {'flagged':>8}  by check")
    for label, (lang, pairs) in sets.items():
        n, flagged, per_check, examples = rates(pairs, lang, cfg)
        checked += n
        share = flagged / max(1, n)
        if "error" not in label:
            worst = max(worst, share)
        shown = ", ".join(f"{k} {v / max(1, n):.1%}" for k, v in per_check.most_common())
        print(f"{label:<18} {lang:<4} {n:>5} {share:>8.1%}  {shown}")
        if args.show and (args.lang is None or args.lang == label or args.lang == lang):
            hits = [e for e in examples if args.show in e[2]]
            for source, translation, found in hits[: args.examples]:
                print(f"    SRC {source}\n    TGT {translation}\n    --> {found[args.show].message}")
    elapsed = time.perf_counter() - started
    print(f"worst false-alarm rate (error-labelled MT left out): {worst:.1%}; "
          f"{checked} pairs checked in {elapsed:.1f} s ({checked / elapsed:,.0f}/s, timing disturbed by other work)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
