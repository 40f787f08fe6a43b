"""Checks about the seed corpus itself (../shared/corpus, and ../shared/archive for Reuters).

These are the project's acceptance checks on real text: the 003/004 audit, the 003/004
alignment gold, the seed TM, seed matching (000<->001, 002 unmatched, 004->003) and
segmentation of the Reuters archive and the seed. A user's clone has no ../shared: the
module is then one skip with one reason. Every check here has a repo-held counterpart on
``examples/`` or synthetic text in the topic's own module (test_audit.py, test_align.py,
test_checks.py, test_match.py, test_segment.py), which runs everywhere.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
import sentencex

from conftest import CORPUS, SEED_ORIGINAL, SEED_REPOST, SEED_TM, corpus_file, skip_module_without_corpus
from pipeline.fidelity.align import align
from pipeline.cli import main
from pipeline.text.segment import segment as pipeline_segment
from support import (
    SEVERE,
    Group,
    assert_audit_says_unrelated,
    assert_partition,
    assert_tm_translations_clean,
    groups_of,
    read_jsonl,
    segment_texts,
)

skip_module_without_corpus(__name__, "003/004 audit and alignment gold, seed TM, seed matching, Reuters and seed segmentation")

SEED_000 = "000_ea1b905e74f30213.txt"
SEED_001 = "001_785cedd47fed74d0.txt"
SEED_002 = "002_d5d9ed690904bea8.txt"
ARCHIVE = CORPUS.parent / "archive" / "reuters21578.jsonl.gz"
Documents = tuple[list[str], list[str]]  # original sentences, repost sentences in English


# --- audit: 003 (English original) against 004 (Indonesian repost) and its TM ---------


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("audit") / "r.json"
    code = main(["audit", str(corpus_file(SEED_ORIGINAL)), str(corpus_file(SEED_REPOST)),
                 "--tm", str(corpus_file(SEED_TM)), "--format", "json", "-o", str(out), "--no-cache"])
    assert code == 0
    return dict(json.loads(out.read_text(encoding="utf-8")))


def _find(report: dict[str, Any], kind: str | tuple[str, ...], repost_text: str) -> dict[str, Any]:
    kinds = (kind,) if isinstance(kind, str) else kind
    hits = [d for d in report["divergences"] if d["type"] in kinds and d["repost"] and repost_text in d["repost"]["text"]]
    assert hits, f"no {kinds} divergence with repost text {repost_text!r}"
    return hits[0]


def test_seed_schema_and_offsets(seed_report: dict[str, Any]) -> None:
    assert seed_report["schema_version"] == 1
    original = corpus_file(SEED_ORIGINAL).read_text(encoding="utf-8")
    repost = corpus_file(SEED_REPOST).read_text(encoding="utf-8")
    for side, text in (("original", original), ("repost", repost)):
        for s in seed_report[side]["sentences"]:
            assert text[s["start"] : s["end"]] == s["text"]
    for d in seed_report["divergences"]:
        for side, text in (("original", original), ("repost", repost)):
            if d[side]:
                assert text[d[side]["start"] : d[side]["end"]] == d[side]["text"]
    # Every sentence of both documents in exactly one alignment group.
    for side in ("original", "repost"):
        ids = sorted(i for g in seed_report["alignment"] for i in g[side])
        assert ids == list(range(len(seed_report[side]["sentences"])))


def test_seed_coalition_of_the_willing(seed_report: dict[str, Any]) -> None:
    d = _find(seed_report, ("untranslated", "entity"), "The Ready")
    assert d["severity"] in SEVERE
    assert "of the willing" in d["original"]["text"]
    assert d["repost"]["text"] == "The Ready"


def test_seed_secretary_general(seed_report: dict[str, Any]) -> None:
    d = _find(seed_report, ("entity", "meaning"), "Assistant")
    assert d["severity"] in SEVERE
    assert "Secretary" in d["original"]["text"]


def test_seed_same_values_are_not_number_divergences(seed_report: dict[str, Any]) -> None:
    numbers = [d for d in seed_report["divergences"] if d["type"] == "number"]
    texts = " ".join((d["original"] or {}).get("text", "") + " " + (d["repost"] or {}).get("text", "") for d in numbers)
    for value in ("2,033", "2 033", "0.3%", "0, 3 %", "100,000", "100 000"):
        assert value not in texts
    formats = {d["original"]["text"]: d["repost"]["text"] for d in seed_report["divergences"] if d["type"] == "format"}
    assert formats == {"100,000": "100 000", "2,033": "2 033", "0.3%": "0, 3 %"}


def test_seed_furniture_is_boilerplate(seed_report: dict[str, Any]) -> None:
    furniture = {d["original"]["text"] for d in seed_report["divergences"] if d["type"] == "boilerplate"}
    assert {"ADVERTISEMENT", "OUR NEWSLETTERS", "Show Quick Read"} <= furniture
    assert any(t.startswith("By signing up you agree") for t in furniture)
    assert all(d["severity"] == "info" for d in seed_report["divergences"] if d["type"] == "boilerplate")


def test_seed_each_indonesian_sentence_aligned_to_its_source(seed_report: dict[str, Any]) -> None:
    """The reference TSV is in document order, and so is 003's body: check each pair by content."""
    original = seed_report["original"]["sentences"]
    repost = seed_report["repost"]["sentences"]
    group_of = {i: g for g in seed_report["alignment"] for i in g["repost"]}
    # Gold: the original sentence each Indonesian sentence translates (by its opening words).
    gold = {
        "Para pemimpin Eropa terus maju": "European leaders forged ahead",
        "Presiden Prancis Emmanuel Macron": "French President Emmanuel Macron said 26 countries are prepared to contribute to guarantees, including troops. US",
        "Dukungan AS untuk langkah": "US support for the measures",
        "Pasukan Sekutu dapat hadir": "Allied troops could be present",
        "“Kekuatan ini tidak ingin": "“This force does not want",
        "Presiden AS sebelumnya": "The US president has previously",
        "Trump menggunakan panggilan": "Trump used the call",
        "Pemimpin AS juga meminta": "The US leader also called",
        "Sekutu telah menyetujui": "Allies have agreed",
        "Rencananya adalah mengubah": "The plan is to turn Ukraine",
        "Zelenskiy mengatakan diskusi": "Zelenskiy said the discussion",
        "Sementara presiden Ukraina": "While the Ukrainian president",
        "Trump, yang berjanji": "Trump, who promised",
        "Para pemimpin Eropa sepakat": "European leaders agreed",
        "Mereka menjelaskan kepada Trump": "They made it clear",
        "Pertemuan di Paris berlangsung": "The gathering in Paris",
        "Pada pertemuan mereka": "At their meeting",
        "Zelenskiy mengatakan pekan lalu": "Zelenskiy said last week",
        "Di tengah dorongan Trump": "Amid Trump’s drive",
        "Kremlin masih bersikeras": "The Kremlin still insists",
        "Putin mengatakan pada hari Rabu": "Putin said Wednesday",
        "Sementara itu, kampanye": "Meanwhile, Russia’s grinding",
        "Pasukan Moskow telah maju": "Moscow’s troops have advanced",
    }
    checked = 0
    for s in repost:
        if s["lang"] != "id" or s["text"] == "KTT Putin-Zelenskiy":
            continue
        prefix = next(p for p in gold if s["text"].startswith(p))
        targets = [original[i]["text"] for i in group_of[s["id"]]["original"]]
        want = gold[prefix]
        if want.endswith(" US"):  # 003 repeats this sentence: it must be the body's copy (before "US support")
            body = [i for i in group_of[s["id"]]["original"] if original[i + 1]["text"].startswith("US support")]
            assert body, targets
        else:
            assert any(t.startswith(want) for t in targets), (s["text"][:40], targets)
        checked += 1
    assert checked == 23


def test_unrelated_documents_are_not_versions(tmp_path: Path) -> None:
    """Seed 002 against 003: two stories on one topic (Ukraine), still not versions."""
    assert_audit_says_unrelated(corpus_file(SEED_ORIGINAL), corpus_file(SEED_002), tmp_path / "r.json")


def test_seed_pair_is_a_version(seed_report: dict[str, Any]) -> None:
    assert seed_report["verdict"]["kind"] in ("version", "partial")
    assert seed_report["verdict"]["coverage_original"] > 0.5


# --- alignment: 003 against 004 read through its TM, and the gold read on them -------


def sentencex_lines(text: str, lang: str) -> list[str]:
    """Lines first (headlines have no full stop), then sentencex, stripped, no empties."""
    lines = [line for line in text.split("\n") if line.strip()]
    return [s.strip() for line in lines for s in sentencex.segment(lang, line) if s.strip()]


@pytest.fixture(scope="module")
def corpus_pair() -> Documents:
    original = sentencex_lines(corpus_file(SEED_ORIGINAL).read_text(encoding="utf-8"), "en")
    repost = sentencex_lines(corpus_file(SEED_REPOST).read_text(encoding="utf-8"), "id")
    reference = dict(
        line.split("\t", 1) for line in corpus_file(SEED_TM).read_text(encoding="utf-8").splitlines() if line
    )
    # Every TSV line must be a sentence of 004, or the gold below is about other text.
    assert set(reference) <= set(repost)
    return original, [reference.get(s, s) for s in repost]


# Gold, built by reading both documents: (003 sentences, 004 sentences).
CORPUS_GOLD: list[Group] = [
    ((10,), (0,)),  # European leaders forged ahead with pledges...
    ((11,), (1,)),  # French President Emmanuel Macron said 26 countries... (not its copy at 2)
    ((12,), (2,)),
    ((13,), (3,)),  # ... coalition of the willing -> koalisi The Ready
    ((14,), (4,)),
    ((15,), (5,)),
    ((16, 17), (6,)),  # the repost fused "...on Aug. 18 Their talks complied..." into one
    ((18,), (7,)),
    ((19,), (8,)),
    ((20,), (9,)),  # Putin-Zelenskiy Summit
    ((21,), (10,)),
    ((22,), (11,)),
    ((23,), (12,)),
    ((24,), (13,)),
    ((25,), (14,)),
    ((26,), (15,)),
    ((27,), (16,)),
    ((28,), (17,)),
    ((29,), (18,)),
    ((30,), (19,)),  # 100,000 soldiers -> 100 000 tentara
    ((31,), (20,)),
    ((32,), (21,)),
    ((33,), (22,)),
    ((34,), (23,)),
    ((35,), (24,)),  # 2,033 ... 0.3% -> 2 033 ... 0, 3 %
]
# Lines of 003 that no repost sentence renders.
CORPUS_UNMATCHED = {
    0: "ADVERTISEMENT",
    1: "Europe Edges Forward On Ukraine Security Guarantees As US Stalls",
    2: "French President Emmanuel Macron said 26 countries",  # summary copy of sentence 11
    3: '<div class="paragraphs"><p>Zelensky and&nbsp;',  # caption, raw HTML
    4: "(Image: Bloomberg)</p></div>",
    5: "Zelensky and\u00a0European Commission President",  # the same caption again
    6: "(Image: Bloomberg)",
    7: "Show Quick Read",
    8: "Summary is AI Generated.",
    9: "Newsroom Reviewed",
    36: "Opinion",
    37: "Trump Promises More Weapons For Ukraine",
    38: "OUR NEWSLETTERS",
    39: "By signing up you agree",
}


def test_corpus_segmentation_is_the_one_the_gold_was_read_on(corpus_pair: Documents) -> None:
    original, repost = corpus_pair
    assert (len(original), len(repost)) == (40, 25)
    for index, start in CORPUS_UNMATCHED.items():
        assert original[index].startswith(start)
    assert original[16].endswith("on Aug. 18.") and original[17].startswith("Their talks followed")
    assert repost[6].startswith("Ukraine and its allies have actually heightened")


def test_corpus_alignment_matches_the_gold(corpus_pair: Documents) -> None:
    original, repost = corpus_pair
    alignment = align(original, repost)
    assert_partition(alignment, len(original), len(repost))
    found = groups_of(alignment)
    assert [g for g in CORPUS_GOLD if g not in found] == []
    for index in CORPUS_UNMATCHED:
        assert ((index,), ()) in found, original[index]
    # The translations are close: every gold pair scores well above the threshold.
    assert min(g.score for g in alignment if g.original and g.repost) > 0.6


def test_corpus_alignment_is_the_same_through_the_banded_search(corpus_pair: Documents) -> None:
    original, repost = corpus_pair
    assert groups_of(align(original, repost, band=6)) == groups_of(align(original, repost))


# --- the seed TM -------------------------------------------------------------------


def test_faithful_tm_translations_are_all_clean() -> None:
    assert_tm_translations_clean(corpus_file(SEED_REPOST), corpus_file(SEED_TM))


# --- matching: 000 and 001 are one story, 002 another, 004 reposts 003 ---------------


def _index_of(tmp_path: Path, names: list[str]) -> Path:
    path = tmp_path / "seed.idx"
    assert main(["index", *[str(corpus_file(n)) for n in names], "-o", str(path), "-q"]) == 0
    return path


@pytest.mark.parametrize(("repost", "archive", "expected"), [
    (SEED_000, [SEED_001, SEED_002, SEED_ORIGINAL], SEED_001),
    (SEED_001, [SEED_000, SEED_002, SEED_ORIGINAL], SEED_000),
    (SEED_002, [SEED_000, SEED_001, SEED_ORIGINAL], None),
])
def test_seed_corpus_matches(tmp_path: Path, repost: str, archive: list[str], expected: str | None) -> None:
    index = _index_of(tmp_path, archive)
    out = tmp_path / "out.jsonl"
    assert main(["match", str(corpus_file(repost)), "--index", str(index), "-o", str(out), "--no-cache"]) == 0
    [record] = read_jsonl(out)
    if expected is None:
        assert record["match"] is None and "no version found" in str(record["reason"])
    else:
        match = record["match"]
        assert isinstance(match, dict) and str(match["id"]).endswith(expected)
        assert record["runner_up"] is not None


def test_mixed_language_repost_matches_its_original_and_is_audited(tmp_path: Path, model_dir: Path) -> None:
    index = _index_of(tmp_path, [SEED_000, SEED_001, SEED_002, SEED_ORIGINAL])
    out, audits, pages = tmp_path / "out.jsonl", tmp_path / "audits.jsonl", tmp_path / "pages"
    common = [str(corpus_file(SEED_REPOST)), "--index", str(index), "--tm", str(corpus_file(SEED_TM)),
              "--model-dir", str(model_dir), "--no-cache", "-o", str(out)]
    assert main(["match", *common, "--audit", str(audits)]) == 0
    [record] = read_jsonl(out)
    match = record["match"]
    assert isinstance(match, dict) and str(match["id"]).endswith(SEED_ORIGINAL)
    assert float(match["repost_share"]) > 0.8
    [report] = read_jsonl(audits)
    assert report["schema_version"] == 1 and report["match"] == match
    assert str(report["original"]["path"]).endswith(SEED_ORIGINAL)  # type: ignore[index]

    assert main(["match", *common, "--audit", str(pages)]) == 0
    page_index = (pages / "index.html").read_text(encoding="utf-8")
    assert SEED_ORIGINAL in page_index and 'href="0001.html"' in page_index
    page = (pages / "0001.html").read_text(encoding="utf-8")
    assert page.lower().startswith("<!doctype html>") and SEED_ORIGINAL in page


# --- segmentation --------------------------------------------------------------------


def _reuters(count: int) -> list[dict[str, str]]:
    with gzip.open(ARCHIVE, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line, _ in zip(fh, range(count))]


def _unwrap_newswire(text: str) -> str:
    """The article as it would be published unwrapped: a paragraph (or table row) starts
    with an indent in this collection, so every other line break is a wrap."""
    return re.sub(r"\n(?=\S)", " ", text)


def test_shared_texts_reuters_wrapped_and_unwrapped_and_seed_headlines() -> None:
    """200 Reuters articles segment into the same sentences wrapped as published and
    unwrapped; the seed keeps its headlines."""
    seed_original = corpus_file(SEED_ORIGINAL)
    if not ARCHIVE.exists():
        pytest.skip(f"../shared/archive is not beside this checkout ({ARCHIVE} missing)")
    articles = _reuters(200)
    assert len(articles) == 200
    differ = [a["id"] for a in articles if segment_texts(a["text"]) != segment_texts(_unwrap_newswire(a["text"]))]
    assert differ == []
    # Not vacuous: most articles have sentences that span a line break.
    spanning = sum(any("\n" in s.text for s in pipeline_segment(a["text"])) for a in articles)
    assert spanning > 150

    original = [s.text for s in pipeline_segment(seed_original.read_text(encoding="utf-8"))]
    repost = [s.text for s in pipeline_segment(corpus_file(SEED_REPOST).read_text(encoding="utf-8"))]
    for headline in ("Europe Edges Forward On Ukraine Security Guarantees As US Stalls", "Show Quick Read",
                     "Putin-Zelenskiy Summit"):
        assert headline in original
    assert "KTT Putin-Zelenskiy" in repost
