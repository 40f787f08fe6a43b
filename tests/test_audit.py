"""Issue 3: `mtaudit audit` on the seed pair and on the bundled example."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, SEED_ORIGINAL, SEED_REPOST, SEED_TM, corpus_file
from pipeline import audit
from pipeline.cli import main
from pipeline.process import Options

SEVERE = ("critical", "major")


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


def test_python_api_gives_same_report() -> None:
    report = audit(EXAMPLES / "original.en.txt", EXAMPLES / "repost.id.txt",
                   Options(tm_file=EXAMPLES / "repost.tm.tsv", use_cache=False))
    data = report.to_dict()
    assert data["schema_version"] == 1
    kinds = {d["type"] for d in data["divergences"]}
    # The example's deliberate divergences (examples/README.md).
    assert {"number", "entity", "untranslated", "negation", "omission", "format", "boilerplate"} <= kinds


def test_fail_on_exit_codes(tmp_path: Path) -> None:
    args = ["audit", str(EXAMPLES / "original.en.txt"), str(EXAMPLES / "repost.id.txt"),
            "--tm", str(EXAMPLES / "repost.tm.tsv"), "--no-cache", "-o", str(tmp_path / "r.md"), "--format", "md"]
    assert main(args + ["--fail-on", "major"]) == 1
    assert main(args) == 0
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "| critical | negation |" in text
    # An identical document has nothing major to report.
    same = ["audit", str(EXAMPLES / "original.en.txt"), str(EXAMPLES / "original.en.txt"), "--no-cache",
            "-o", str(tmp_path / "same.json"), "--fail-on", "minor"]
    assert main(same) == 0
    assert json.loads((tmp_path / "same.json").read_text(encoding="utf-8"))["divergences"] == []


# --- issue 12: the bundled example's documented changes, and the document verdict ---------


@pytest.fixture(scope="module")
def example_report() -> Any:
    return audit(EXAMPLES / "original.en.txt", EXAMPLES / "repost.id.txt",
                 Options(tm_file=EXAMPLES / "repost.tm.tsv", use_cache=False))


def test_example_documented_divergences(example_report: Any) -> None:
    """examples/README.md lists each deliberate change: each is reported with its type
    and severity, and nothing else is major or critical."""
    def within(part: str | None, span: Any) -> bool:
        # A span may take in a currency sign ("$3.2 billion"): the documented words inside it count.
        return span is None if part is None else span is not None and part in span.text

    def found(kind: str, severity: str, original: str | None, repost: str | None) -> bool:
        return any(d.type == kind and d.severity == severity and within(original, d.original)
                   and within(repost, d.repost) for d in example_report.divergences)

    expected = {
        ("entity", "major", "Deputy", "Asisten"),
        ("entity", "major", "Harbour", "Haven"),
        ("untranslated", "major", "Blue Harbour", "Blue Haven"),
        ("untranslated", "major", "hardest", "heavy"),
        ("number", "major", "120,000", "150 000"),
        ("negation", "critical", "not depend", "Ruiz mengatakan pakta itu akan bergantung pada satu donor."),
        ("omission", "major", "“Patrol boats cannot be everywhere at once,” he said.", None),
        ("format", "info", "2,450", "2 450"),
        ("format", "info", "0.7%", "0, 7 %"),
        ("format", "info", "3.2 billion", "3,2 miliar"),
        ("format", "info", "Nov. 12", "12 November"),
        ("boilerplate", "info", "ADVERTISEMENT", None),
        ("boilerplate", "info", "Container ships queue outside the harbour of Port Alder.", None),
        ("boilerplate", "info", "(Image: Harbourline Photo Service)", None),
        ("boilerplate", "info", "Sign up for our Oceans newsletter, delivered to your inbox every Friday.", None),
    }
    missing = [e for e in expected if not found(*e)]
    assert not missing, missing
    # Nothing else is major or critical: each such divergence is one of the expected.
    for d in example_report.divergences:
        if d.severity in SEVERE:
            assert any(d.type == t and d.severity == s and within(o, d.original) and within(r, d.repost)
                       for t, s, o, r in expected), d
    # The English paragraph's rewording is paraphrase, and the reworded TM sentence is
    # paired, not an omission plus an addition.
    assert any(d.type == "paraphrase" and d.original and d.original.text == "free of"
               for d in example_report.divergences)
    assert not any(d.type in ("omission", "addition") and
                   ("Not every country" in (d.original.text if d.original else "")
                    or "Belum semua" in (d.repost.text if d.repost else ""))
                   for d in example_report.divergences)
    assert example_report.verdict.kind == "version"


def test_example_scores_follow_the_boilerplate_judgement(example_report: Any) -> None:
    """The caption compare calls boilerplate is not scored as a dropped sentence, and
    the scores are sacrebleu's on the pairs that remain."""
    from sacrebleu.metrics.chrf import CHRF

    furniture = {d.original.sentence for d in example_report.divergences if d.type == "boilerplate" and d.original}
    caption = next(s.id for s in example_report.original.sentences if s.text.startswith("Container ships"))
    assert caption in furniture
    scored = {i for p in example_report.pairs for i in p.original_ids}
    assert not furniture & scored
    hyps = [p.hypothesis for p in example_report.pairs]
    refs = [p.reference for p in example_report.pairs]
    assert example_report.scores.chrf == pytest.approx(CHRF().corpus_score(hyps, [refs]).score)
    assert list(example_report.scores.segment_chrf) == pytest.approx(
        [CHRF().sentence_score(h, [r]).score for h, r in zip(hyps, refs)])


def test_unrelated_documents_are_not_versions(tmp_path: Path) -> None:
    """Seed 002 against 003: one plain statement, not an omission per sentence."""
    out = tmp_path / "r.json"
    code = main(["audit", str(corpus_file(SEED_ORIGINAL)), str(corpus_file("002_d5d9ed690904bea8.txt")),
                 "--format", "json", "-o", str(out), "--no-cache"])
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["verdict"]["kind"] == "unrelated", data["verdict"]
    assert "not versions of each other" in data["verdict"]["message"]
    assert [d["type"] for d in data["divergences"]] == ["unrelated"]
    assert data["divergences"][0]["severity"] == "critical"


def test_seed_pair_is_a_version(seed_report: dict[str, Any]) -> None:
    assert seed_report["verdict"]["kind"] in ("version", "partial")
    assert seed_report["verdict"]["coverage_original"] > 0.5
