"""The Python API equals the CLI: translate, audit and score, documented and typed."""

from __future__ import annotations

import json
import pydoc
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
from pipeline import Options
from pipeline.cli import main
from pipeline.errors import ArgumentError, InputError, MtauditError

from conftest import EXAMPLES, ROOT

ORIGINAL, REPOST, TM = EXAMPLES / "original.en.txt", EXAMPLES / "repost.id.txt", EXAMPLES / "repost.tm.tsv"


def _options() -> Options:
    return Options(tm_file=TM, use_cache=False)


PUBLIC = ["translate", "audit", "score", "index", "match", "identify", "check_translation"]


@pytest.mark.parametrize("name", PUBLIC)
def test_help_documents_arguments_and_return_value(name: str) -> None:
    function = getattr(pipeline, name)
    assert function.__module__ == "pipeline.api"
    doc = pydoc.render_doc(function, renderer=pydoc.plaintext)
    assert "Args:" in doc and "Returns:" in doc and "Raises:" in doc
    # Every parameter is explained, not only listed in the signature.
    args_section = doc.split("Args:")[1].split("Returns:")[0]
    for parameter in function.__code__.co_varnames[: function.__code__.co_argcount + function.__code__.co_kwonlyargcount]:
        assert f"{parameter}:" in args_section, f"{name}: {parameter} undocumented"


def test_exported_names_are_plain_functions_no_module_shadows() -> None:
    import pkgutil

    # Importing every submodule changes nothing: no module of the package is named like
    # a function it exports, and the package's type is the ordinary module type.
    for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if not info.name.endswith("__main__"):
            __import__(info.name)
    top_level = {info.name for info in pkgutil.iter_modules(pipeline.__path__)}
    assert not top_level & set(PUBLIC)
    assert type(pipeline) is type(pytest)
    for name in PUBLIC:
        assert callable(getattr(pipeline, name)) and getattr(pipeline, name).__module__ == "pipeline.api"


def test_monkeypatching_an_exported_function_takes_effect(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "translate", lambda *a, **k: "patched")
    assert pipeline.translate(REPOST) == "patched"


def test_identify_gives_offsets_languages_and_sources() -> None:
    text = ("Presiden Joko Widodo bertemu dengan para menteri di Jakarta pada hari Selasa.\n"
            "The meeting was about next year's budget and its deficit.")
    found = pipeline.identify(text)
    assert [s.lang for s in found] == ["id", "en"]
    assert all(text[s.start:s.end] == s.text for s in found)
    assert all(s.lang_source == "sentence" and 0.5 < s.confidence <= 1.0 for s in found)
    with pytest.raises(ArgumentError, match="text must be a str"):
        pipeline.identify(b"bytes")  # type: ignore[arg-type]


def test_check_translation_names_the_failed_checks() -> None:
    source = "Harga beras naik 26 persen pada tahun 2024 di Jakarta."
    assert pipeline.check_translation(source, "id", "Rice prices rose 26 percent in 2024 in Jakarta.") == ()
    [failed] = pipeline.check_translation(source, "id", "Rice prices rose 36 percent in 2024 in Jakarta.")
    assert failed.name == "numbers" and "26 persen" in failed.message and failed.values == ("26 persen",)
    assert "copy" in [f.name for f in pipeline.check_translation(source, "id", source)]


def test_index_and_match_through_the_api(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "story.txt").write_text(ORIGINAL.read_text(encoding="utf-8"), encoding="utf-8")
    (archive / "other.txt").write_text("Wheat futures fell on Tuesday as rain reached the plains.\n", encoding="utf-8")
    stats = pipeline.index(archive, tmp_path / "archive.db")
    assert (stats.added, stats.failed, stats.documents) == (2, 0, 2)
    assert pipeline.index([archive], tmp_path / "archive.db").unchanged == 2
    matched = pipeline.match(REPOST, tmp_path / "archive.db", _options())
    assert matched.result is not None and matched.to_record(3)["match"]["id"] == "story.txt"
    # A missing archive is an error before anything is written.
    with pytest.raises(InputError, match="no such file"):
        pipeline.index(tmp_path / "missing", tmp_path / "new.db")
    assert not (tmp_path / "new.db").exists()
    with pytest.raises(ArgumentError, match="candidates"):
        pipeline.match(REPOST, tmp_path / "archive.db", _options(), candidates=0)


def test_audit_takes_texts_as_well_as_paths() -> None:
    from_files = pipeline.audit(ORIGINAL, REPOST, _options()).to_dict()
    from_texts = pipeline.audit("original.en.txt", "repost.id.txt", _options(),
                                original_text=ORIGINAL.read_text(encoding="utf-8"),
                                repost_text=REPOST.read_text(encoding="utf-8")).to_dict()
    assert from_texts["divergences"] and [d["type"] for d in from_texts["divergences"]] == \
        [d["type"] for d in from_files["divergences"]]
    assert from_texts["repost"]["path"] == "repost.id.txt"


def test_package_import_stays_light() -> None:
    code = "import sys, pipeline; print(sorted(m for m in ('torch', 'transformers', 'lingua') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_identify_imports_no_translation_nor_comparison_stage() -> None:
    # A process that only identifies pays for identification alone.
    heavy = ("numpy", "sacrebleu", "pipeline.translation", "pipeline.fidelity.align", "pipeline.fidelity.report",
             "pipeline.archive", "pipeline.engines.local")
    code = ("import sys, pipeline; pipeline.identify('The talks ended without a deal.', pipeline.Options()); "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_translate_gives_english_and_every_sentence(tmp_path: Path) -> None:
    result = pipeline.translate(REPOST, _options())
    text = REPOST.read_text(encoding="utf-8")
    assert [s.sentence for s in result.segments] == list(result.document.sentences)
    assert all(text[s.sentence.start:s.sentence.end] == s.sentence.text for s in result.segments)
    out = tmp_path / "cli.txt"
    assert main(["translate", str(REPOST), "--tm", str(TM), "--no-cache", "-o", str(out)]) == 0
    assert result.english == out.read_text(encoding="utf-8")
    # A string in, named by its source.
    again = pipeline.translate("feed-item-7", _options(), text=text)
    assert again.english == result.english and again.document.path == "feed-item-7"


def test_audit_and_score_match_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = pipeline.audit(ORIGINAL, REPOST, _options())
    out = tmp_path / "report.json"
    assert main(["audit", str(ORIGINAL), str(REPOST), "--tm", str(TM), "--no-cache", "--format", "json",
                 "-o", str(out)]) == 0
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert [d["type"] for d in report.to_dict()["divergences"]] == [d["type"] for d in saved["divergences"]]
    assert report.worst() == "critical"

    result = pipeline.score(ORIGINAL, REPOST, _options(), {"min_chrf": 99.0, "fail_on": "critical"})
    assert not result.passed and len(result.failures) == 2
    assert result.chrf == pytest.approx(saved["scores"]["chrf"], abs=0.01)
    assert main(["score", str(ORIGINAL), str(REPOST), "--tm", str(TM), "--no-cache", "--format", "json",
                 "--min-chrf", "99", "--fail-on", "critical"]) == 1
    [cli] = json.loads(capsys.readouterr().out)["documents"]
    assert (cli["bleu"], cli["chrf"], cli["ter"], cli["failures"]) == (result.bleu, result.chrf, result.ter,
                                                                        list(result.failures))


def test_bad_arguments_raise_typed_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ArgumentError, match="original must be a path"):
        pipeline.audit(42, REPOST)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="options must be a pipeline.Options"):
        pipeline.translate(REPOST, {"tm_file": TM})  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="unknown threshold.*min_chrf"):
        pipeline.score(ORIGINAL, REPOST, _options(), {"min_chrF": 50})
    with pytest.raises(ArgumentError, match="fail_on must be one of critical, major, minor, info"):
        pipeline.score(ORIGINAL, REPOST, _options(), {"fail_on": "bogus"})
    # A threshold off its scale fails as the CLI's flag does, not as a document that cannot pass.
    with pytest.raises(ArgumentError, match="min_chrf must be a number from 0 to 100, not 500"):
        pipeline.score(ORIGINAL, REPOST, _options(), {"min_chrf": 500})
    with pytest.raises(ArgumentError, match="max_ter must be a number of 0 or more"):
        pipeline.score(ORIGINAL, REPOST, _options(), {"max_ter": -1})
    with pytest.raises(InputError):
        pipeline.translate(tmp_path / "missing.txt", _options())
    # Options fail where they are built, naming what fits, not at the first run that reads them.
    with pytest.raises(ArgumentError, match="Options.batch_size must be a whole number of at least 1, not 0"):
        pipeline.Options(batch_size=0)
    with pytest.raises(ArgumentError, match="Options.num_beams must be at most 64"):
        pipeline.Options(num_beams=100_000)  # the CLI's bound too: such a beam only hangs a run
    with pytest.raises(ArgumentError, match="Options.backend must be one of auto, transformers, ctranslate2"):
        pipeline.Options(backend="onnx")
    with pytest.raises(ArgumentError, match="Options.tm_file must be a path"):
        pipeline.Options(tm_file=3)  # type: ignore[arg-type]
    assert pipeline.Options(tm_file=str(TM)).tm_file == Path(TM)  # type: ignore[arg-type]
    assert pipeline.Options(max_chars=0).max_chars == 0  # no limit, as --max-chars 0 says
    with pytest.raises(ArgumentError, match="Options.max_chars must be a whole number of at least 0, not -1"):
        pipeline.Options(max_chars=-1)
    # Every API error is also a ValueError or an MtauditError a caller can catch as one.
    assert issubclass(ArgumentError, ValueError) and issubclass(ArgumentError, MtauditError)


def test_report_fails_names_the_severities_it_takes() -> None:
    report = pipeline.audit(ORIGINAL, REPOST, Options(tm_file=TM, use_cache=False))
    assert report.fails("critical")
    with pytest.raises(ArgumentError, match="unknown severity 'bogus': use one of critical, major, minor, info"):
        report.fails("bogus")
