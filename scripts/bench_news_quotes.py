"""Foreign sentences inside English news, in every language: how many pass through as English.

A batch user's feed of English news holds a sentence of another language now and then (a
quote left untranslated, a caption): each document here is two to four sentences of a
Reuters article (``../shared/archive``, real English news nobody here wrote) and one
Tatoeba sentence of six words or more of one language, appended as the last sentence.
Per language: the share of those sentences labelled English (passed through untranslated),
and the share sent to another language's model. The Reuters sentences are cut at a full
stop after a lower-case word (an abbreviation such as "U.S." would glue the foreign
sentence to the English one: a segmentation case, not this one).

``--min-words 2 --max-words 3 --middle``: short sentences ("Saya lapar.", "Ich bin im
Krankenhaus."), too short to judge alone, set between two English ones, where context
speaks for English on both sides. The other side of the same rule: the English sentences
of the documents labelled anything but English (each opening identified alone, and the
English sentences of every mixed document), counted too.

    OMP_NUM_THREADS=1 PYTHONPATH=. python scripts/bench_news_quotes.py [--per-language 40]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_languages import (SHARED, Tally, bound_api, label_of, percent, read_pairs,  # noqa: E402
                             reuters_texts, script_of, tatoeba_languages, word_count)

# A sentence end after a lower-case word of three letters or more: no abbreviation.
_END = re.compile(r"(?<=[a-z]{3}[.!?])\s+(?=[A-Z])")


def news_openings(archive: Path, count: int, seed: int) -> list[str]:
    """Two to four sentences from the start of ``count`` Reuters articles, one line each."""
    rng = random.Random(seed)
    out = []
    for text in reuters_texts(archive, 0, count * 3):
        sentences = _END.split(" ".join(text.split()))
        if len(sentences) >= 3:
            out.append(" ".join(sentences[: rng.randint(2, min(4, len(sentences) - 1))]))
        if len(out) >= count:
            break
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--per-language", type=int, default=40, metavar="N", help="documents per language (default 40)")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder (default ../shared)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--min-words", type=int, default=6, metavar="N", help="foreign sentences of N words or more")
    parser.add_argument("--max-words", type=int, default=None, metavar="N", help="and of N words or fewer")
    parser.add_argument("--middle", action="store_true",
                        help="set the foreign sentence before the opening's last sentence, not after it")
    args = parser.parse_args(argv)
    identify, _, router = bound_api(None, None)
    languages, _ = tatoeba_languages(args.shared / "tatoeba")
    openings = news_openings(args.shared / "archive" / "reuters21578.jsonl.gz", 2000, args.seed)
    rng = random.Random(args.seed)
    as_en: dict[str, Tally] = {}
    wrong: dict[str, Tally] = {}
    english, alone = Tally(), Tally()  # English sentences labelled otherwise: in the documents, in the openings alone
    for opening in openings:
        found = identify(opening)
        alone.n += len(found)
        alone.hits += sum(1 for s in found if s.lang != "en")
    for language in languages:
        lines = [s for s, _ in read_pairs(language, None)
                 if args.min_words <= word_count(s) <= (args.max_words or word_count(s))]
        if not lines:
            continue
        tally_en, tally_wrong = as_en.setdefault(language.lang, Tally()), wrong.setdefault(language.lang, Tally())
        for line in rng.sample(lines, min(args.per_language, len(lines))):
            opening = rng.choice(openings)
            if args.middle:
                head, tail = _END.split(opening)[:-1], _END.split(opening)[-1]
                before = " ".join(head) + " "
                text = before + line + " " + tail
            else:
                before = opening + " "
                text = before + line
            found = identify(text)
            start, end = len(before), len(before) + len(line)
            label, alternatives = label_of(text, found, start, end)
            others = [s for s in found if s.end <= start or s.start >= end]
            english.n += len(others)
            english.hits += sum(1 for s in others if s.lang != "en")
            for tally in (tally_en, tally_wrong):
                tally.n += 1
            tally_en.hits += label == "en"
            tally_wrong.hits += router.wrong_model(language.lang, label, alternatives)
    total_en, total_wrong = Tally(), Tally()
    latin, other = Tally(), Tally()
    for lang, tally in as_en.items():
        script = next(script_of(s) for s, _ in read_pairs(next(x for x in languages if x.lang == lang), 5))
        for into in (total_en, latin if script == "Latin" else other):
            into.n += tally.n
            into.hits += tally.hits
        total_wrong.n += wrong[lang].n
        total_wrong.hits += wrong[lang].hits
    worst = sorted(as_en, key=lambda lang: -(as_en[lang].rate() or 0.0))[:12]
    print(f"foreign sentences in English news: {total_en.n:,} in {len(as_en)} languages; labelled en "
          f"{percent(total_en)} (Latin script {percent(latin)}, other scripts {percent(other)}); sent to another "
          f"language's model {percent(total_wrong)}")
    print("most labelled en: " + ", ".join(f"{lang} {percent(as_en[lang], False)}" for lang in worst if as_en[lang].hits))
    print(f"English sentences labelled otherwise: {alone.hits} of {alone.n:,} in the {len(openings):,} openings alone, "
          f"{english.hits} of {english.n:,} in the documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
