"""``mtaudit index`` and ``mtaudit match``: the index file, retrieval, re-ranking, the CLI."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.errors import IndexFileError
from pipeline.archive.store import ArchiveIndex, iter_archive
from pipeline.io.inputs import Record
from pipeline.archive.matching import match_sentences, original_sentences, overlap, shingles
from pipeline.settings import MatchParams
from support import read_jsonl
from synth import ARTICLES, DISTRACTORS, generate, layout


def _article(k: int) -> str:
    return layout(ARTICLES[k])[0]


@pytest.fixture
def synth_index(tmp_path: Path) -> ArchiveIndex:
    """An index of the synthetic generator's articles, named art-0, art-1..."""
    index = ArchiveIndex.create(tmp_path / "synth.idx")
    index.update(Record(f"art-{k}", _article(k)) for k in range(len(ARTICLES)))
    return index


# --- the index file -----------------------------------------------------------------


def test_incremental_update_reindexes_only_what_changed(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for k in range(3):
        (archive / f"{k}.txt").write_text(_article(k), encoding="utf-8")
    path = tmp_path / "a.idx"
    with ArchiveIndex.create(path) as index:
        first = index.update(iter_archive(str(archive)))
    assert (first.added, first.changed, first.unchanged) == (3, 0, 0)

    (archive / "1.txt").write_text("Zorbulon quarterly output rose sharply, the ministry said.", encoding="utf-8")
    (archive / "3.txt").write_text(_article(3), encoding="utf-8")
    with ArchiveIndex.create(path) as index:
        second = index.update(iter_archive(str(archive)))
        assert (second.added, second.changed, second.unchanged) == (1, 1, 2)
        assert len(index) == 4
        # The changed document is found by its new words and no longer by its old ones.
        assert [h.id for h in index.search(["zorbulon"], 5)] == ["1.txt"]
        old_words = [w for w in ("valdora", "bellini", "moreau") if w in _article(1).lower()]
        assert all("1.txt" not in {h.id for h in index.search([w], 5)} for w in old_words)
        assert index.document_frequencies(["zorbulon"]) == {"zorbulon": 1}


def test_jsonl_gz_archive_streams_with_id_and_text_fields(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"key": "a1", "body": _article(0)}) + "\n")
        fh.write("\n")
        fh.write(json.dumps({"key": "a2", "body": None}) + "\n")
        fh.write("{not json\n")
    records = list(iter_archive(str(path), text_field="body", id_field="key"))
    assert [r.doc for r in records][:2] == ["a1", "a2"]
    assert records[0].text == _article(0)
    assert records[1].text is None and records[2].text is None  # unreadable, named, not fatal
    index = ArchiveIndex.create(tmp_path / "x.idx")
    stats = index.update(iter(records))
    assert (stats.added, stats.failed) == (1, 2)


def test_query_words_are_quoted_not_read_as_fts5_syntax(synth_index: ArchiveIndex) -> None:
    # Operators, quotes, parentheses and column filters in user text must not break the query.
    hostile = ['AND', 'NEAR(', '"', 'text:', '*', 'OR', 'bellini"s', "ruiz"]
    hits = synth_index.search(hostile, 3)
    assert hits and hits[0].id == "art-0"


def test_missing_and_corrupt_indexes_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repost = tmp_path / "r.txt"
    repost.write_text(_article(0), encoding="utf-8")
    garbage = tmp_path / "garbage.idx"
    garbage.write_bytes(b"\x00\x01not a database at all" * 100)
    foreign = tmp_path / "foreign.idx"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    for index in (tmp_path / "missing.idx", garbage, foreign):
        assert main(["match", str(repost), "--index", str(index), "--no-cache"]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("mtaudit: error: ") and "\n" not in err and str(index) in err
    with pytest.raises(IndexFileError):
        ArchiveIndex.create(garbage)  # never written over


# --- matching -----------------------------------------------------------------------


def test_original_sentences_join_hard_wrapped_lines() -> None:
    wrapped = ("The company said on Tuesday that its first\nquarter profit rose to 12 mln dlrs from\n"
               "nine mln a year earlier.\n    It gave no forecast for the\nrest of the year.\n")
    assert [" ".join(s.split()) for s in original_sentences(wrapped)] == [
        "The company said on Tuesday that its first quarter profit rose to 12 mln dlrs from nine mln a year earlier.",
        "It gave no forecast for the rest of the year."]


def test_reordered_partial_and_merged_reposts(synth_index: ArchiveIndex) -> None:
    params = MatchParams()
    art0 = original_sentences(_article(0))
    reordered = art0[6:] + art0[3:6] + art0[:3]
    result = match_sentences(synth_index, reordered, params)
    assert result.best is not None and result.best.id == "art-0"
    assert result.best.repost_share > 0.95 and result.best.original_share > 0.95  # every pass found its run

    partial = original_sentences(_article(2))[2:5]
    result = match_sentences(synth_index, partial, params)
    assert result.best is not None and result.best.id == "art-2"
    assert result.best.repost_share > 0.95 and result.best.original_share < 0.6

    merged = original_sentences(_article(1))[:5] + original_sentences(_article(4))[:5]
    result = match_sentences(synth_index, merged, params)
    listed = {c.id: extra for c, extra in result.originals}
    assert set(listed) == {"art-1", "art-4"}
    assert all(0.3 < extra < 0.7 for extra in listed.values())
    record = result.to_record("merged")
    assert {o["id"] for o in record["originals"]} == {"art-1", "art-4"}  # type: ignore[union-attr]

    unrelated = list(DISTRACTORS)
    result = match_sentences(synth_index, unrelated, params)
    assert result.best is None and result.reason
    assert result.to_record("x")["match"] is None


def _reissue(k: int) -> str:
    """Article ``k`` re-issued under a new id, as newswires do: one more paragraph at the end."""
    return _article(k) + "\n\n" + "The ministry will publish the full figures in a statement on Friday."


def test_near_duplicate_originals_are_listed_as_equivalents(tmp_path: Path) -> None:
    index = ArchiveIndex.create(tmp_path / "dup.idx")
    index.update([Record(f"art-{k}", _article(k)) for k in range(len(ARTICLES))] + [Record("art-0-reissue", _reissue(0))])
    assert overlap(shingles(_article(0)), shingles(_reissue(0))) == 1.0  # all of the shorter is in the longer
    assert overlap(shingles(_article(0)), shingles(_article(1))) < 0.1

    repost = original_sentences(_article(0))[:6]  # lines both versions hold: the text cannot tell them apart
    result = match_sentences(index, repost, MatchParams())
    assert result.best is not None and set(result.sources()) == {"art-0", "art-0-reissue"}
    record = result.to_record("repost")
    (equivalent,) = record["match"]["equivalents"]
    assert equivalent["id"] in {"art-0", "art-0-reissue"} and equivalent["id"] != record["match"]["id"]
    assert equivalent["overlap"] == 1.0 and equivalent["repost_share"] > 0.95
    assert [o["id"] for o in record["originals"]] == [record["match"]["id"]]  # not a second original
    runner = record["runner_up"]
    assert runner is None or runner["id"] not in result.sources()  # the runner-up is another story

    # A repost with the added paragraph is closer to the re-issue: it is picked, the first issue listed.
    result = match_sentences(index, original_sentences(_reissue(0)), MatchParams())
    assert result.sources() == ("art-0-reissue", "art-0")

    # A merged repost lists each story once, with its equivalents.
    merged = original_sentences(_article(0))[:5] + original_sentences(_article(4))[:5]
    result = match_sentences(index, merged, MatchParams())
    assert {c.id for c, _ in result.originals} in ({"art-0", "art-4"}, {"art-0-reissue", "art-4"})
    assert {e.coverage.id for c, _ in result.originals for e in result.equivalents_of(c.id)} <= {"art-0", "art-0-reissue"}
    assert result.equivalents_of("art-4") == ()


def test_identical_archived_copies_are_picked_by_id_whatever_the_order(tmp_path: Path) -> None:
    repost = original_sentences(_article(3))
    picks = []
    for order, name in ((("copy-b", "copy-a"), "one.idx"), (("copy-a", "copy-b"), "two.idx")):
        index = ArchiveIndex.create(tmp_path / name)
        index.update([Record(doc, _article(3)) for doc in order] + [Record(f"art-{k}", _article(k)) for k in (1, 2)])
        result = match_sentences(index, repost, MatchParams())
        picks.append(result.sources())
    assert picks == [("copy-a", "copy-b"), ("copy-a", "copy-b")]


def test_equivalents_need_the_near_duplicate_overlap(tmp_path: Path) -> None:
    index = ArchiveIndex.create(tmp_path / "dup.idx")
    index.update([Record("art-0", _article(0)), Record("art-0-reissue", _reissue(0)), Record("art-5", _article(5))])
    repost = original_sentences(_article(0))
    strict = MatchParams(near_duplicate=1.01)  # no overlap reaches it: no equivalents, the rival is a runner-up
    result = match_sentences(index, repost, strict)
    assert result.best is not None and result.sources() == (result.best.id,)
    assert result.to_record("r")["runner_up"]["id"] in {"art-0", "art-0-reissue"}


# --- the CLI on archive files ------------------------------------------------------


def _archive_index(tmp_path: Path, articles: list[int]) -> Path:
    """An index built by ``mtaudit index`` from synthetic articles saved as archive/art-K.txt."""
    archive = tmp_path / "archive"
    archive.mkdir()
    for k in articles:
        (archive / f"art-{k}.txt").write_text(_article(k), encoding="utf-8")
    path = tmp_path / "art.idx"
    assert main(["index", str(archive), "-o", str(path), "-q"]) == 0
    return path


def _english_repost(k: int) -> str:
    """Article ``k`` as a careless English repost: numbers, names and words changed, a
    sentence dropped or added (the synthetic generator's edits)."""
    doc = generate(7, article=k)
    assert doc.edits, "a repost, not a copy"
    return layout(doc.repost)[0]


def test_repost_without_a_model_is_a_record_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = _archive_index(tmp_path, [1, 2, 3])
    english = tmp_path / "en.txt"
    english.write_text(_english_repost(1), encoding="utf-8")
    german = tmp_path / "de.txt"
    german.write_text(
        "Die Regierung hat am Dienstag angekündigt, dass sie die Steuern im nächsten Jahr senken wird.\n"
        "Der Finanzminister sagte, die Wirtschaft sei im dritten Quartal stärker gewachsen als erwartet.\n",
        encoding="utf-8",
    )
    empty_models = tmp_path / "no-models"
    empty_models.mkdir()
    out = tmp_path / "out.jsonl"
    code = main(["match", str(german), str(english), "--index", str(index),
                 "--model-dir", str(empty_models), "--no-cache", "-o", str(out)])
    assert code == 1  # the run finished; one repost could not be translated
    failed, matched = read_jsonl(out)
    assert failed["repost"] == str(german) and failed["match"] is None
    assert "opus-mt-de-en" in str(failed["error"]) and str(failed["reason"]).startswith("not matched")
    assert isinstance(matched["match"], dict) and str(matched["match"]["id"]).endswith("art-1.txt")
    assert "opus-mt-de-en" in capsys.readouterr().err


def test_ray_engine_gives_the_local_records(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    index = _archive_index(tmp_path, [1, 2, 3])
    feed = tmp_path / "reposts.jsonl"
    feed.write_text("\n".join([
        json.dumps({"id": "r1", "text": _english_repost(1), "site": "a"}),
        json.dumps({"id": "r2", "text": ""}),
        json.dumps({"id": "r3", "text": _article(0)}),  # not in the archive
    ]) + "\n", encoding="utf-8")
    outs = {}
    for engine in ("local", "ray"):
        outs[engine] = tmp_path / f"{engine}.jsonl"
        code = main(["match", str(feed), "--index", str(index), "--engine", engine, "--ray-cpus", "1",
                     "--no-cache", "-q", "-o", str(outs[engine])])
        assert code == 1  # r2 is empty: reported, the others matched
    local, ray = read_jsonl(outs["local"]), read_jsonl(outs["ray"])
    assert [r["repost"] for r in ray] == ["r1", "r2", "r3"]
    assert isinstance(ray[0]["match"], dict) and str(ray[0]["match"]["id"]).endswith("art-1.txt")
    assert ray[0]["fields"] == {"id": "r1", "site": "a"}
    assert ray[1]["match"] is None and "empty" in str(ray[1]["error"])
    assert ray[2]["match"] is None
    for a, b in zip(local, ray):
        assert {k: v for k, v in a.items() if k != "error"} == {k: v for k, v in b.items() if k != "error"}


def test_index_cli_reads_feeds_reports_unreadable_files_and_updates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixtures = Path(__file__).parent / "fixtures"
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "good.txt").write_text(_article(0), encoding="utf-8")
    (archive / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    path = tmp_path / "a.idx"
    assert main(["index", str(archive), str(fixtures / "news.rss"), "-o", str(path)]) == 1  # bad.txt: exit 1
    err = capsys.readouterr().err
    assert "bad.txt: binary data" in err and "has no title or content" in err and "2 unreadable" in err
    with ArchiveIndex.open(path) as index:
        size = len(index)
        assert size >= 2 and index.text("good.txt") == _article(0)
    (archive / "bad.txt").unlink()
    # The feed's item without title or content stays unreadable (it is in the fixture on purpose).
    assert main(["index", str(archive), str(fixtures / "news.rss"), "-o", str(path)]) == 1
    assert f"0 added, 0 changed, {size} unchanged, 1 unreadable" in capsys.readouterr().err


# --- issue 22: speed, streaming, options --------------------------------------------


def test_only_candidates_that_may_matter_are_aligned(synth_index: ArchiveIndex,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.archive import matching

    calls: list[int] = []
    real = matching.align

    def counted(original: list[str], repost: list[str], **options: Any) -> object:
        calls.append(len(original))
        return real(original, repost, **options)

    monkeypatch.setattr(matching, "align", counted)
    # Two stories: the other synthetic stories share their subject words, but none can
    # outrank the first or explain a part of the repost the two leave, so none is aligned.
    merged = original_sentences(_article(1))[:5] + original_sentences(_article(4))[:5]
    result = match_sentences(synth_index, merged, MatchParams())
    assert {c.id for c, _ in result.originals} == {"art-1", "art-4"}
    assert len(calls) == 2
    # Candidates are aligned documents with measured figures, not retrieval's padding
    # (confidence 0 beside a default numbers_agree of 1.0).
    result = match_sentences(synth_index, list(DISTRACTORS), MatchParams())
    record = result.to_record("r")
    assert record["candidates"] and [c["id"] for c in record["candidates"]] == [c.id for c in result.ranked]
    assert all(c.aligned for c in result.ranked)
    assert all(c["pairs"] > 0 or c["numbers_agree"] == 0.0 for c in record["candidates"])


def test_a_further_original_is_judged_on_the_part_it_explains(synth_index: ArchiveIndex) -> None:
    # Article 1 whole, then one line of article 4: as a version of the whole repost,
    # article 4 is under the threshold; as a version of the part article 1 leaves, it
    # is a partial repost, and listed with that confidence (issue 22).
    merged = original_sentences(_article(1)) + original_sentences(_article(4))[:1]
    params = MatchParams()
    result = match_sentences(synth_index, merged, params)
    assert [c.id for c, _ in result.originals] == ["art-1", "art-4"]
    second = result.originals[1][0]
    assert second.confidence(params) < params.threshold <= result.confidences[1]
    record = result.to_record("r")
    assert [o["confidence"] for o in record["originals"]] == [round(c, 4) for c in result.confidences]  # type: ignore[union-attr]
    assert all(o["confidence"] >= params.threshold for o in record["originals"])  # type: ignore[union-attr]
    assert record["match"]["confidence"] == round(result.best.confidence(params), 4)  # type: ignore[index, union-attr]
    # Above its confidence for that part, it is not listed: nothing listed is under the threshold.
    threshold = (result.confidences[1] + result.confidences[0]) / 2
    result = match_sentences(synth_index, merged, MatchParams(threshold=threshold))
    assert [c.id for c, _ in result.originals] == ["art-1"]
    assert all(c >= threshold for c in result.confidences)


def _feed(tmp_path: Path) -> Path:
    feed = tmp_path / "reposts.jsonl"
    feed.write_text("\n".join(json.dumps({"key": f"k{k}", "text": _english_repost(k)}) for k in (1, 2, 3)) + "\n",
                    encoding="utf-8")
    return feed


def test_match_threshold_and_id_field_options(tmp_path: Path) -> None:
    index, feed, out = _archive_index(tmp_path, [1, 2, 3]), _feed(tmp_path), tmp_path / "out.jsonl"
    assert main(["match", str(feed), "--index", str(index), "--id-field", "key", "--no-cache", "-o", str(out)]) == 0
    records = read_jsonl(out)
    assert [r["repost"] for r in records] == ["k1", "k2", "k3"]
    assert all(isinstance(r["match"], dict) for r in records)
    assert main(["match", str(feed), "--index", str(index), "--threshold", "1", "--no-cache", "-o", str(out)]) == 0
    assert all(r["match"] is None and "< 1.0" in str(r["reason"]) for r in read_jsonl(out))
    assert main(["match", str(feed), "--index", str(index), "--threshold", "2", "--no-cache"]) == 2


def test_match_streams_records_and_an_interrupted_run_keeps_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.archive import reposts as matching

    index, feed, out = _archive_index(tmp_path, [1, 2, 3]), _feed(tmp_path), tmp_path / "out.jsonl"
    part = tmp_path / "out.jsonl.part"
    real = matching.match_document
    seen: list[list[dict[str, object]]] = []

    def interrupted(*args: object, **kwargs: object) -> matching.MatchedRepost:
        seen.append(read_jsonl(part) if part.exists() else [])  # what a reader of the file sees now
        if len(seen) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(matching, "match_document", interrupted)
    code = main(["match", str(feed), "--index", str(index), "--id-field", "key", "--no-cache", "-o", str(out)])
    assert code == 130 and not out.exists()
    assert [[r["repost"] for r in records] for records in seen] == [[], ["k1"], ["k1", "k2"]]
    assert [r["repost"] for r in read_jsonl(part)] == ["k1", "k2"]  # kept, flushed record by record
    assert str(part) in capsys.readouterr().err


def test_match_preloads_models_and_shows_progress_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.archive import reposts as matching

    index, feed = _archive_index(tmp_path, [1, 2, 3]), _feed(tmp_path)
    events: list[str] = []
    real_preload, real_match = matching.preload, matching.match_document

    def preload(pipeline: object, docs: list[tuple[str, str]]) -> frozenset[str]:
        events.append(f"preload {len(list(docs))}")
        return real_preload(pipeline, docs)  # type: ignore[arg-type]

    def match(*args: object, **kwargs: object) -> matching.MatchedRepost:
        events.append("match")
        return real_match(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(matching, "preload", preload)
    monkeypatch.setattr(matching, "match_document", match)
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["match", str(feed), "--index", str(index), "--no-cache", "-o", str(tmp_path / "o.jsonl")]) == 0
    assert events == ["preload 3", "match", "match", "match"]  # every model loaded before the first repost
    err = capsys.readouterr().err
    assert "language models for en loaded in" in err and "repost" in err  # the load time, then tqdm's bar


def test_match_audit_dir_index_page_is_written_as_pairs_are_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.archive import reposts

    index, feed, audits = _archive_index(tmp_path, [1, 2, 3]), _feed(tmp_path), tmp_path / "audits"
    real = reposts.match_document
    seen: list[str] = []

    def interrupted(*args: object, **kwargs: object) -> reposts.MatchedRepost:
        page = audits / "index.html"
        seen.append(page.read_text(encoding="utf-8") if page.exists() else "")  # what a reader sees now
        if len(seen) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reposts, "match_document", interrupted)
    code = main(["match", str(feed), "--index", str(index), "--id-field", "key", "--no-cache", "-q",
                 "--audit", str(audits), "-o", str(tmp_path / "out.jsonl")])
    assert code == 130
    assert seen[0] == "" and "k1" in seen[1] and "in progress" in seen[1] and "k2" not in seen[1]
    assert "k1" in seen[2] and "k2" in seen[2]  # refreshed after each pair
    page = (audits / "index.html").read_text(encoding="utf-8")
    assert "Audited pairs (2)" in page and "stopped" in page  # the interrupted run's index links what was done
    assert all((audits / f"{k:04d}.html").exists() for k in (1, 2))
    assert main(["match", str(feed), "--index", str(index), "--id-field", "key", "--no-cache", "-q",
                 "--audit", str(audits), "-o", str(tmp_path / "out.jsonl")]) == 0
    page = (audits / "index.html").read_text(encoding="utf-8")
    assert "Audited pairs (3)" in page and "stopped" not in page and "in progress" not in page


def test_preload_loads_translation_models_before_the_first_repost() -> None:
    from pipeline.archive.reposts import preload
    from pipeline.engines.local import Options, Pipeline
    from pipeline.text.lexicon import word_list
    from support import Recorder

    loads: list[str] = []
    calls: list[str] = []

    def factory(spec: object) -> Recorder:
        loads.append(str(getattr(spec, "model_id")))
        return Recorder(spec, calls)  # type: ignore[arg-type]

    pipeline = Pipeline.build(Options(use_cache=False), translator_factory=factory)
    french = ("Le gouvernement a annoncé mardi une nouvelle réforme des retraites pour l'année prochaine. "
              "Les syndicats ont appelé à une grève générale dans tout le pays.")
    english = "The minister said the economy grew faster than expected in the third quarter."
    arabic = "أعلنت الحكومة يوم الثلاثاء عن إصلاح جديد لنظام التقاعد في العام المقبل."
    word_list.cache_clear()
    loaded = preload(pipeline, [("fr.txt", french), ("en.txt", english), ("ar.txt", arabic)])
    assert {"fr", "ar"} <= loaded.languages and loaded.models == tuple(loads) and len(loads) == 2
    hits = word_list.cache_info().hits
    # Read already: the checks of a translation from Arabic read its list (4 s), the aligner the English one.
    word_list("ar"), word_list("en")
    assert word_list.cache_info().hits == hits + 2
    assert any("-fr-" in m for m in loads) and not calls  # loaded, nothing translated yet
    pipeline.process("fr.txt", french)
    pipeline.process("ar.txt", arabic)
    assert len(loads) == 2 and calls  # each repost found its model loaded


def test_match_identifies_each_repost_once_with_the_same_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preload identifies the first reposts; matching and the audit of each pair reuse that."""
    from pipeline.engines import local
    from pipeline.text.langid import LanguageIdentifier

    index, feed = _archive_index(tmp_path, [1, 2, 3]), _feed(tmp_path)
    reposts = {_english_repost(k) for k in (1, 2, 3)}
    identified: list[str] = []
    real = LanguageIdentifier.identify

    def counted(self: LanguageIdentifier, text: str, sentences: Any) -> Any:
        identified.append(text)
        return real(self, text, sentences)

    monkeypatch.setattr(LanguageIdentifier, "identify", counted)

    def run(name: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        out, audits = tmp_path / f"{name}.jsonl", tmp_path / f"{name}.audits.jsonl"
        assert main(["match", str(feed), "--index", str(index), "--id-field", "key", "--no-cache", "-q",
                     "--audit", str(audits), "-o", str(out)]) == 0
        return read_jsonl(out), read_jsonl(audits)

    kept = run("kept")
    assert sorted(t for t in identified if t in reposts) == sorted(reposts)  # preload, match, audit: once
    identified.clear()
    monkeypatch.setattr(local, "PREPARED_KEPT", 0)
    again = run("again")
    assert sorted(t for t in identified if t in reposts) == sorted([*reposts] * 3)
    assert kept == again


def test_preload_loads_the_model_translation_routes_a_sentence_with_alternatives_to() -> None:
    # A verdict that leaves a close relative open goes to a model covering both
    # (``Engine.plan``); preloading its own language's model instead loaded one for nothing.
    from pipeline.engines.local import Options, Pipeline
    from pipeline.types import Identified, Sentence
    from support import Recorder

    loads: list[str] = []

    def factory(spec: object) -> Recorder:
        loads.append(str(getattr(spec, "model_id")))
        return Recorder(spec, [])  # type: ignore[arg-type]

    pipeline = Pipeline.build(Options(use_cache=False), translator_factory=factory)
    text = "El gobierno anunció ayer una nueva reforma de las pensiones."
    ident = Identified("es", 0.9, alternatives=("ca",))
    routed = pipeline.engine.registry.route("es", ("ca",))
    assert routed is not None and routed != pipeline.engine.registry.route("es")
    pipeline.load_models([Sentence(0, 0, len(text), text)], [ident])
    assert loads == [routed.model_id]
