"""The bundled example stays consistent: the TM covers exactly the repost's Indonesian sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

sentencex = pytest.importorskip("sentencex")
lingua = pytest.importorskip("lingua")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _sentences(path: Path, lang: str) -> list[str]:
    # The split the pipeline makes: lines first (headlines have no full stop), then sentencex.
    text = path.read_text(encoding="utf-8")
    return [s.strip() for line in text.splitlines() for s in sentencex.segment(lang, line) if s.strip()]


def _tm() -> dict[str, str]:
    rows = (EXAMPLES / "repost.tm.tsv").read_text(encoding="utf-8").splitlines()
    pairs = [row.split("\t") for row in rows if row.strip()]
    assert all(len(p) == 2 and p[0].strip() == p[0] and p[1].strip() for p in pairs)
    tm = {source: english for source, english in pairs}
    assert len(tm) == len(pairs), "duplicate TM sources"
    return tm


def test_tm_covers_exactly_the_indonesian_sentences() -> None:
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.INDONESIAN).build()
    repost = _sentences(EXAMPLES / "repost.id.txt", "id")
    indonesian = [s for s in repost if detector.detect_language_of(s) == Language.INDONESIAN]
    english = [s for s in repost if s not in indonesian]
    assert len(english) == 2  # the paragraph left in (spun) English
    assert set(_tm()) == set(indonesian)


def test_example_shape() -> None:
    original = _sentences(EXAMPLES / "original.en.txt", "en")
    assert 18 <= len(original) <= 25
    assert "\u00a0" in (EXAMPLES / "original.en.txt").read_text(encoding="utf-8")
    repost = (EXAMPLES / "repost.id.txt").read_text(encoding="utf-8")
    assert "\n\n" not in repost and "ADVERTISEMENT" not in repost
    for before, after in [("120,000", "150 000"), ("2,450", "2 450"), ("0.7%", "0, 7 %"), ("Deputy Minister", "Asisten Menteri")]:
        assert before in "\n".join(original) and after in repost


def test_the_readme_audit_loads_only_what_it_uses(tmp_path: Path) -> None:
    """The README's first command, in a fresh process as a user runs it, imports none of
    what it does not use: wordfreq (for one word with an apostrophe), numpy.ma (through
    np.unique), safetensors' reader (the encoder maps the file), the index, gate and batch
    commands' modules. Each cost a cold run tens to hundreds of milliseconds."""
    import json
    import subprocess
    import sys

    root = EXAMPLES.parent
    code = ("import json, sys; from pipeline.cli import main; "
            f"code = main(['audit', 'examples/original.en.txt', 'examples/repost.id.txt', "
            f"'--tm', 'examples/repost.tm.tsv', '--no-cache', '-o', {str(tmp_path / 'report.json')!r}]); "
            "print(json.dumps([code, sorted(sys.modules)]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    status, modules = json.loads(done.stdout.splitlines()[-1])
    assert status in (0, 1) and (tmp_path / "report.json").exists()
    unused = {"wordfreq", "numpy.ma", "safetensors", "pipeline.archive.store", "pipeline.fidelity.gate",
              "pipeline.engines.batch"}
    assert not unused & set(modules)
