"""Issue 4: `mtaudit score` — thresholds, exit codes, JUnit, GitHub annotations, manifests, baseline."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from conftest import EXAMPLES
from pipeline.cli import main

ORIGINAL = EXAMPLES / "original.en.txt"
REPOST = EXAMPLES / "repost.id.txt"
TM = EXAMPLES / "repost.tm.tsv"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["score", *args, "--no-cache", "-q"])
    return code, capsys.readouterr().out


def _english_copy(tmp_path: Path, name: str, edit: dict[str, str] | None = None) -> Path:
    """An English 'translation' of the original: the original itself, optionally edited."""
    text = ORIGINAL.read_text(encoding="utf-8")
    for old, new in (edit or {}).items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _degraded(tmp_path: Path) -> Path:
    """Every content sentence garbled: words dropped and replaced."""
    lines = []
    for line in ORIGINAL.read_text(encoding="utf-8").splitlines():
        words = line.split()
        lines.append(" ".join(w if i % 3 == 0 else "blah" for i, w in enumerate(words)))
    path = tmp_path / "degraded.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = [str(ORIGINAL), str(REPOST), "--tm", str(TM)]
    assert _run(capsys, *base, "--min-chrf", "50")[0] == 0
    code, out = _run(capsys, *base, "--min-chrf", "99")
    assert code == 1 and "chrF" in out and "< 99" in out
    assert _run(capsys, *base, "--fail-on", "critical")[0] == 1  # the example flips a negation
    assert _run(capsys, *base, "--max-ter", "1")[0] == 1
    assert main(["score", str(ORIGINAL), str(tmp_path / "missing.txt"), "--no-cache", "-q"]) == 2
    assert main(["score", str(ORIGINAL), "--no-cache", "-q"]) == 2  # usage: TRANSLATED missing
    assert main(["score", str(ORIGINAL), str(REPOST), "--fail-on", "fatal"]) == 2  # argparse choice


def test_thresholds_file_and_flag_override(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toml = tmp_path / "ci.toml"
    toml.write_text("[thresholds]\nmin_chrf = 99.0\n", encoding="utf-8")
    base = [str(ORIGINAL), str(REPOST), "--tm", str(TM), "--thresholds", str(toml)]
    assert _run(capsys, *base)[0] == 1
    assert _run(capsys, *base, "--min-chrf", "10")[0] == 0
    assert main(["score", *base, "--thresholds", str(Path(__file__).parents[1] / "configs" / "ci.example.toml"),
                 "--no-cache", "-q"]) in (0, 1)  # the shipped example file parses
    # A value off its scale is a usage error naming the file, not a document that can never pass.
    toml.write_text("[thresholds]\nmin_chrf = 500\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["score", *base, "--no-cache", "-q"]) == 2
    assert f"{toml}: min_chrf must be a number from 0 to 100, not 500" in capsys.readouterr().err
    assert _run(capsys, *base, "--min-chrf", "10")[0] == 0  # the flag overrides the file's bad value


def test_json_scores_equal_sacrebleu_on_aligned_pairs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Acceptance 2: on the bundled example with its TM, the scores are sacrebleu's."""
    code, out = _run(capsys, str(ORIGINAL), str(REPOST), "--tm", str(TM), "--format", "json")
    assert code == 0
    doc = json.loads(out)["documents"][0]
    # Recompute from the audit report's aligned pairs, independently of mtaudit's scorer.
    report_path = tmp_path / "r.json"
    assert main(["audit", str(ORIGINAL), str(REPOST), "--tm", str(TM), "--format", "json", "-o", str(report_path),
                 "--no-cache"]) == 0
    report = json.loads(report_path.read_text(encoding="utf-8"))
    translation = {s["id"]: s["translation"] for s in report["repost"]["sentences"]}
    original = {s["id"]: s["text"] for s in report["original"]["sentences"]}
    pairs = report["scores"]["pairs"]
    assert len(pairs) >= 18
    hyps = [" ".join(translation[i] for i in p["repost"]) for p in pairs]
    refs = [[" ".join(original[i] for i in p["original"]) for p in pairs]]
    assert doc["bleu"] == pytest.approx(BLEU().corpus_score(hyps, refs).score, abs=0.01)
    assert doc["chrf"] == pytest.approx(CHRF().corpus_score(hyps, refs).score, abs=0.01)
    assert doc["ter"] == pytest.approx(TER().corpus_score(hyps, refs).score, abs=0.01)
    assert "nrefs:1" in doc["signature"]["metrics"]["bleu"] and doc["signature"]["mtaudit"]


def test_junit_and_github(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junit = tmp_path / "junit.xml"
    code, out = _run(capsys, str(ORIGINAL), str(REPOST), "--tm", str(TM), "--min-chrf", "99",
                     "--format", "github", "--junit", str(junit))
    assert code == 1
    suite = ET.parse(junit).getroot()
    cases = suite.findall("testcase")
    assert len(cases) == 1 and cases[0].get("name") == str(REPOST)
    failure = cases[0].find("failure")
    assert failure is not None and failure.text is not None
    assert "chrF" in (failure.get("message") or "")
    assert "line " in failure.text  # names the worst segments by line
    # The failed score is an error; the lowest-scoring lines that explain it are warnings.
    assert any(line.startswith("::error file=") for line in out.splitlines())
    errors = [line for line in out.splitlines() if line.startswith(("::error file=", "::warning file="))]
    assert errors and any(",line=" in e for e in errors)
    for e in errors:
        if ",line=" in e:  # a line of the translation, or of the source for a dropped sentence
            file = e.split("file=")[1].split(",")[0]
            assert file in (str(REPOST), str(ORIGINAL))
            lines = Path(file).read_text(encoding="utf-8").splitlines()
            number = int(e.split(",line=")[1].split(",")[0].split(":")[0])
            assert 1 <= number <= len(lines) and lines[number - 1].strip()


def test_hyp_ref_keeps_alignment_on_split_sentences(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An English hypothesis with a split sentence still scores like its unsplit self."""
    split = _english_copy(tmp_path, "split.txt", {
        "Ministers from fourteen coastal states agreed on Tuesday": "Ministers from fourteen coastal states agreed.\nOn Tuesday",
    }) if "Ministers from fourteen coastal states agreed on Tuesday" in ORIGINAL.read_text(encoding="utf-8") else None
    if split is None:
        # Split the first long body sentence at its first comma.
        text = ORIGINAL.read_text(encoding="utf-8")
        sentence = next(line for line in text.splitlines() if line.count(",") >= 1 and len(line) > 80)
        head, tail = sentence.split(",", 1)
        split = _english_copy(tmp_path, "split.txt", {sentence: f"{head}.\n{tail.strip().capitalize()}"})
    code, out = _run(capsys, "--ref", str(ORIGINAL), "--hyp", str(split), "--format", "json")
    assert code == 0
    doc = json.loads(out)["documents"][0]
    assert doc["chrf"] > 95 and doc["bleu"] > 85


def test_manifest_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _english_copy(tmp_path, "good.txt")
    bad = _degraded(tmp_path)
    manifest = tmp_path / "pairs.csv"
    manifest.write_text(f"source,translated\n{ORIGINAL},{good.name}\n{ORIGINAL},{bad.name}\n", encoding="utf-8")
    junit = tmp_path / "j.xml"
    code, out = _run(capsys, "--pairs", str(manifest), "--min-chrf", "60", "--format", "json", "--junit", str(junit))
    assert code == 1
    docs = json.loads(out)["documents"]
    assert [d["passed"] for d in docs] == [True, False]
    assert len(ET.parse(junit).getroot().findall("testcase")) == 2
    jsonl = tmp_path / "pairs.jsonl"
    jsonl.write_text(json.dumps({"source": str(ORIGINAL), "translated": str(good)}) + "\n", encoding="utf-8")
    assert _run(capsys, "--pairs", str(jsonl), "--min-chrf", "60")[0] == 0
    broken = tmp_path / "broken.csv"
    broken.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["score", "--pairs", str(broken), "-q"]) == 2


def test_baseline_comparison(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    previous = _english_copy(tmp_path, "previous.txt")
    same = _english_copy(tmp_path, "same.txt")
    degraded = _degraded(tmp_path)
    code, out = _run(capsys, "--ref", str(ORIGINAL), "--hyp", str(same), "--baseline", str(previous), "--format", "json")
    assert code == 0, out
    assert json.loads(out)["documents"][0]["baseline"]["dropped"] is False
    code, out = _run(capsys, "--ref", str(ORIGINAL), "--hyp", str(degraded), "--baseline", str(previous), "--format", "json")
    assert code == 1
    doc = json.loads(out)["documents"][0]
    assert doc["baseline"]["dropped"] is True
    assert any("dropped significantly" in f for f in doc["failures"])


def test_text_names_the_dropped_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dropped = "Not every country has committed money yet."
    translated = _english_copy(tmp_path, "dropped.txt", {dropped: ""})
    code, out = _run(capsys, str(ORIGINAL), str(translated))
    assert code == 0  # no threshold given
    worst = [line for line in out.splitlines() if line.startswith("  worst missing")]
    assert worst and any(f"dropped: {dropped!r}" in line for line in worst), out
    assert "''" not in out


def test_every_format_names_the_dropped_sentence_and_its_line(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    dropped = "Not every country has committed money yet."
    source_line = next(k for k, line in enumerate(ORIGINAL.read_text(encoding="utf-8").splitlines(), 1)
                       if dropped in line)
    translated = _english_copy(tmp_path, "dropped.txt", {dropped: ""})
    args = (str(ORIGINAL), str(translated), "--min-chrf", "99.9")
    code, out = _run(capsys, *args, "--format", "github")
    assert code == 1
    [annotation] = [line for line in out.splitlines() if "dropped:" in line]
    assert f"file={ORIGINAL},line={source_line}," in annotation and dropped in annotation
    assert "|  source:" not in out and "): " + " |" not in out  # no blank translation shown
    junit = tmp_path / "junit.xml"
    _run(capsys, *args, "--junit", str(junit))
    xml = junit.read_text(encoding="utf-8")
    assert f"source line {source_line}: " in xml and dropped in xml and "line -:" not in xml
    code, out = _run(capsys, *args, "--format", "json")
    [entry] = [w for w in json.loads(out)["documents"][0]["worst"] if w["dropped"]]
    assert (entry["line"], entry["source_line"], entry["source"]) == (None, source_line, dropped)
    code, out = _run(capsys, *args)
    assert f"dropped: {dropped!r} (source line {source_line})" in out
