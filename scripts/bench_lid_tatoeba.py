"""Identification and routing of every language lingua knows, on ``../shared/tatoeba``.

Two measurements, both with the ``[identify]`` settings and ``models/registry.toml``:

(1) each Tatoeba sentence alone (a one-sentence document): identified correctly, by
    length band (words of its English translation: <= 3, 4-8, > 8); sent to another
    language's dedicated model (the wrong-model rate: the route its identified language
    takes is a model of ``[languages]`` other than its own language's route); passed
    through as English; and, for sentences of a script other than Latin, labelled ``en``.
(2) mixed documents built from Tatoeba sentences: runs of a foreign language, of a
    second foreign language and of English (2-4 sentences each, in shuffled order, some
    runs sharing a paragraph), joined as each script writes (no space after a Han, kana
    or Thai sentence); sentence boundaries are given (segmentation is not measured
    here): per-sentence accuracy, and non-Latin sentences passed through as English.

Run::

    OMP_NUM_THREADS=1 python scripts/bench_lid_tatoeba.py [--limit 300] [--docs 20] [--verbose]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lingua import Language  # noqa: E402

from pipeline.settings import load_settings  # noqa: E402
from pipeline.text.langid import LanguageIdentifier  # noqa: E402
from pipeline.text.scripts import LATIN, UNSPACED_SCRIPTS, sentence_script  # noqa: E402
from pipeline.translation.route import Registry, load_registry  # noqa: E402
from pipeline.types import Sentence  # noqa: E402

TATOEBA = REPO.parent / "shared" / "tatoeba"
# Tatoeba's ISO 639-3 codes for the individual language where lingua names the macrolanguage.
ALIASES = {"cmn": "zh", "zsm": "ms", "pes": "fa", "lvs": "lv", "swh": "sw", "ara": "ar", "est": "et"}


def lingua_codes() -> dict[str, str]:
    """ISO 639-3 (as Tatoeba writes it) -> lingua's ISO 639-1 code, for every language lingua knows."""
    codes = {lang.iso_code_639_3.name.lower(): lang.iso_code_639_1.name.lower() for lang in Language.all()}
    codes.update(ALIASES)
    return codes


def read_sets(limit: int) -> dict[str, list[tuple[str, int]]]:
    """lingua code -> [(sentence, words of its English translation)], first ``limit`` of each."""
    codes = lingua_codes()
    sets: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(TATOEBA.glob("tatoeba.*-eng.eng")):
        code3 = path.name.split(".")[1].split("-")[0]
        if code3 not in codes:
            continue
        source = path.with_name(path.name[: -len("eng")] + code3)
        pairs = zip(source.read_text(encoding="utf-8").splitlines(), path.read_text(encoding="utf-8").splitlines())
        sets[codes[code3]] = [(s.strip(), len(e.split())) for s, e in pairs if s.strip()][:limit]
    return sets


def route_of(registry: Registry, lang: str) -> str:
    """What a sentence identified as ``lang`` becomes: passthrough, a model id, or untranslatable."""
    if lang == "en":
        return "passthrough"
    spec = registry.route(lang)
    return spec.model_id if spec is not None else "untranslatable"


def band(words: int) -> str:
    return "<=3" if words <= 3 else "4-8" if words <= 8 else ">8"


def alone(identifier: LanguageIdentifier, registry: Registry, sets: dict[str, list[tuple[str, int]]],
          verbose: bool) -> bool:
    """Measurement (1); True when every routed language meets the acceptance figures."""
    dedicated = {spec.model_id for spec in registry.languages.values()}
    print(f"{'lang':5} {'route':34} {'n':>5} {'<=3':>6} {'4-8':>6} {'>8':>6} {'4+':>6} {'wrong':>6} "
          f"{'as-en':>6} top confusions (4+ words)")
    ok = True
    totals = Counter()
    for lang, items in sorted(sets.items()):
        own_route = route_of(registry, lang)
        right: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        wrong_model = as_english = non_latin_en = 0
        confusions: Counter[str] = Counter()
        for text, words in items:
            found = identifier.identify(text, [Sentence(0, 0, len(text), text)])[0].lang
            seen[band(words)] += 1
            if found == lang:
                right[band(words)] += 1
            elif words >= 4:
                confusions[found] += 1
                if verbose:
                    print(f"    {lang}->{found}: {text}")
            route = route_of(registry, found)
            if found != lang and route in dedicated and route != own_route:
                wrong_model += 1
            if found == "en":
                as_english += 1
                non_latin_en += sentence_script(text) != LATIN
        long_right = right["4-8"] + right[">8"]
        long_seen = seen["4-8"] + seen[">8"]
        share = long_right / max(1, long_seen)
        wrong_share = wrong_model / max(1, len(items))
        routed = own_route != "untranslatable"
        ok &= not routed or (share >= 0.95 and wrong_share <= 0.01)
        ok &= non_latin_en == 0
        totals.update(n=len(items), wrong=wrong_model, non_latin_en=non_latin_en)
        cells = " ".join(f"{right[b] / seen[b]:6.1%}" if seen[b] else f"{'-':>6}" for b in ("<=3", "4-8", ">8"))
        flag = "" if not routed or (share >= 0.95 and wrong_share <= 0.01) else "  <-- below"
        print(f"{lang:5} {own_route.removeprefix('Helsinki-NLP/'):34} {len(items):5} {cells} {share:6.1%} "
              f"{wrong_share:6.1%} {as_english / max(1, len(items)):6.1%} "
              f"{', '.join(f'{k}:{v}' for k, v in confusions.most_common(3))}{flag}")
    print(f"all: {totals['n']} sentences, sent to another language's model {totals['wrong']}, "
          f"non-Latin labelled en {totals['non_latin_en']}")
    return ok


def mixed(identifier: LanguageIdentifier, sets: dict[str, list[tuple[str, int]]], per_lang: int,
          seed: int, verbose: bool) -> bool:
    """Measurement (2); True when it meets the acceptance figures."""
    rng = random.Random(seed)
    foreign = sorted(lang for lang in sets if lang != "en")
    english = [text for text, _ in sets.get("en", [])] or [
        line.strip() for line in (TATOEBA / "tatoeba.deu-eng.eng").read_text(encoding="utf-8").splitlines()
    ]
    correct = total = non_latin_en = 0
    by_lang: Counter[str] = Counter()
    wrong_by_lang: Counter[str] = Counter()
    for first in foreign:
        for _ in range(per_lang):
            second = rng.choice([lang for lang in foreign if lang != first])
            runs = [(lang, rng.sample([t for t, _ in sets[lang]], rng.randint(2, 4))) for lang in (first, second)]
            runs.append(("en", rng.sample(english, rng.randint(2, 4))))
            rng.shuffle(runs)
            text, sentences, gold = _document(runs, rng)
            for sentence, result, expected in zip(sentences, identifier.identify(text, sentences), gold):
                total += 1
                by_lang[expected] += 1
                if result.lang == expected:
                    correct += 1
                else:
                    wrong_by_lang[expected] += 1
                    if verbose:
                        print(f"    mixed {expected}->{result.lang} ({result.lang_source}): {sentence.text}")
                if result.lang == "en" and sentence_script(sentence.text) != LATIN:
                    non_latin_en += 1
    share = correct / max(1, total)
    worst = sorted(((wrong_by_lang[k] / by_lang[k], k) for k in wrong_by_lang), reverse=True)[:8]
    print(f"mixed documents: {total} sentences, per-sentence language {share:.2%}, "
          f"non-Latin passed as English {non_latin_en}; worst: "
          f"{', '.join(f'{k} {v:.0%}' for v, k in worst)}")
    return share >= 0.97 and non_latin_en == 0


def _document(runs: Sequence[tuple[str, list[str]]], rng: random.Random) -> tuple[str, list[Sentence], list[str]]:
    """Join runs of sentences as each script writes them; some runs share a paragraph."""
    text = ""
    paragraph = 0
    sentences: list[Sentence] = []
    gold: list[str] = []
    for r, (lang, items) in enumerate(runs):
        if r and rng.random() < 0.5:
            text += "\n\n"
            paragraph += 1
        elif text:
            text += " "
        for k, item in enumerate(items):
            if k and not (sentence_script(items[k - 1]) in UNSPACED_SCRIPTS):
                text += " "
            sentences.append(Sentence(len(sentences), len(text), len(text) + len(item), item, paragraph))
            gold.append(lang)
            text += item
    return text, sentences, gold


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--config", type=Path, help="settings merged over configs/default.toml")
    parser.add_argument("--limit", type=int, default=1000, help="sentences per language at most (default 1000)")
    parser.add_argument("--docs", type=int, default=20, help="mixed documents per foreign language (default 20)")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--verbose", action="store_true", help="list every misidentified sentence")
    args = parser.parse_args(argv)
    if not TATOEBA.is_dir():
        print(f"{TATOEBA} not found")
        return 1
    settings = load_settings(args.config)
    identifier = LanguageIdentifier(settings.identify)
    registry = load_registry()
    sets = read_sets(args.limit)
    print(f"identifier: {identifier.signature}")
    start = time.perf_counter()
    ok = alone(identifier, registry, sets, args.verbose)
    ok &= mixed(identifier, sets, args.docs, args.seed, args.verbose)
    print(f"{time.perf_counter() - start:.0f} s; acceptance {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
