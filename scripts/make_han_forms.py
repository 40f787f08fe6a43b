"""Write ``pipeline/text/han_forms.py``: Han characters that only Chinese or only Japanese writes.

A sentence written in Han characters alone (a Japanese headline, "東京都知事選挙", or a
Chinese line) is Chinese or Japanese. Some characters settle it: a simplified form
("经", "们") is Chinese, a Japanese shinjitai form that is neither simplified nor
traditional ("経", "挙", "円") is Japanese. Both sets come from OpenCC's character tables
(Apache-2.0: https://github.com/BYVoid/OpenCC, ``data/dictionary``), as packaged by
``opencc-python-reimplemented``:

- Chinese only: the simplified side of ``STCharacters.txt`` that is none of its own
  traditional forms and no Japanese form (``JPVariants.txt``);
- Japanese only: the Japanese side of ``JPVariants.txt`` that differs from its
  traditional form and is no Chinese form: not simplified, not traditional
  (``TSCharacters.txt``), not a Taiwan or Hong Kong variant (``TWVariants.txt``,
  ``HKVariants.txt``), and found in none of OpenCC's Chinese phrases (``STPhrases.txt``,
  ``TSPhrases.txt``, ``TWPhrases.txt``): Taiwan writes "為" as Japanese does, and
  Chinese writes "予" (賜予) for a word of its own.

Last, each set drops the characters the other language's 30,000 most frequent words
(wordfreq's lists) write: Japanese writes "携" (携帯) and "机", which are also simplified
forms; Chinese web text holds a few Japanese forms ("発", "戦").

Run (needs ``pip install opencc-python-reimplemented wordfreq`` once; the module it writes is
committed, so nothing at run time needs OpenCC)::

    python scripts/make_han_forms.py
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "text" / "han_forms.py"
FREQUENT_WORDS = 30_000


def _table(path: Path) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            key, values = line.split("\t")
            table[key] = values.split()
    return table


def main() -> None:
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install opencc-python-reimplemented wordfreq first (OpenCC's dictionary files are the source)")
    data = Path(next(iter(spec.submodule_search_locations))) / "dictionary"
    simplified = _table(data / "STCharacters.txt")
    japanese = _table(data / "JPVariants.txt")
    traditional = _table(data / "TSCharacters.txt")
    variants = {form for name in ("TWVariants.txt", "HKVariants.txt")
                for key, forms in _table(data / name).items() for form in (key, *forms)}
    phrases = {ch for name in ("STPhrases.txt", "TSPhrases.txt", "TWPhrases.txt")
               for ch in (data / name).read_text(encoding="utf-8") if not ch.isspace()}
    chinese_forms = (set(simplified) | {f for forms in simplified.values() for f in forms} | set(traditional)
                     | variants | phrases)
    japanese_forms = {form for forms in japanese.values() for form in forms}
    from wordfreq import top_n_list

    written = {lang: set("".join(top_n_list(lang, FREQUENT_WORDS))) for lang in ("ja", "zh")}
    chinese_only = sorted(s for s, forms in simplified.items()
                          if s not in forms and s not in japanese_forms and s not in written["ja"])
    japanese_only = sorted({form for t, forms in japanese.items() for form in forms
                            if form != t and form not in chinese_forms and form not in written["zh"]})
    lines = [
        '"""Han characters only Chinese or only Japanese writes (written by scripts/make_han_forms.py',
        "from OpenCC's character tables, Apache-2.0: https://github.com/BYVoid/OpenCC).",
        "",
        "``CHINESE_ONLY``: simplified forms that are no traditional and no Japanese form (\"经\", \"们\");",
        "``JAPANESE_ONLY``: Japanese shinjitai forms that are neither traditional nor simplified",
        '("経", "挙", "円"); neither holds what the other language\'s frequent words write.',
        'Do not edit: run the script again."""',
        "",
        "from __future__ import annotations",
        "",
        f"# {len(chinese_only)} characters",
        "CHINESE_ONLY = frozenset(",
    ]
    lines += [f'    "{"".join(chinese_only[i:i + 40])}"' for i in range(0, len(chinese_only), 40)]
    lines += [")", f"# {len(japanese_only)} characters", "JAPANESE_ONLY = frozenset("]
    lines += [f'    "{"".join(japanese_only[i:i + 40])}"' for i in range(0, len(japanese_only), 40)]
    lines += [")", ""]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(chinese_only)} Chinese-only, {len(japanese_only)} Japanese-only characters")


if __name__ == "__main__":
    main()
