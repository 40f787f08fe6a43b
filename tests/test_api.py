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
from pipeline.errors import ArgumentError, ConfigError, InputError, MtauditError

from conftest import EXAMPLES, ROOT

ORIGINAL, REPOST, TM = EXAMPLES / "original.en.txt", EXAMPLES / "repost.id.txt", EXAMPLES / "repost.tm.tsv"


def _options() -> Options:
    return Options(tm_file=TM, use_cache=False)


@pytest.mark.parametrize("name", ["translate", "audit", "score"])
def test_help_documents_arguments_and_return_value(name: str) -> None:
    import pipeline.fidelity.metrics, pipeline.translation.engine  # noqa: F401  (importing submodules changes nothing)

    function = getattr(pipeline, name)
    assert function.__module__ == "pipeline.api"
    doc = pydoc.render_doc(function, renderer=pydoc.plaintext)
    assert "Args:" in doc and "Returns:" in doc and "Raises:" in doc
    # Every parameter is explained, not only listed in the signature.
    args_section = doc.split("Args:")[1].split("Returns:")[0]
    for parameter in function.__code__.co_varnames[: function.__code__.co_argcount + function.__code__.co_kwonlyargcount]:
        assert f"{parameter}:" in args_section, f"{name}: {parameter} undocumented"


def test_package_import_stays_light() -> None:
    code = "import sys, pipeline; print(sorted(m for m in ('torch', 'transformers', 'lingua') if m in sys.modules))"
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
    with pytest.raises(ConfigError, match="fail_on must be one of critical, major, minor, info"):
        pipeline.score(ORIGINAL, REPOST, _options(), {"fail_on": "bogus"})
    with pytest.raises(InputError):
        pipeline.translate(tmp_path / "missing.txt", _options())
    # Every API error is also a ValueError or an MtauditError a caller can catch as one.
    assert issubclass(ArgumentError, ValueError) and issubclass(ArgumentError, MtauditError)


def test_report_fails_names_the_severities_it_takes() -> None:
    report = pipeline.audit(ORIGINAL, REPOST, Options(tm_file=TM, use_cache=False))
    assert report.fails("critical")
    with pytest.raises(ArgumentError, match="unknown severity 'bogus': use one of critical, major, minor, info"):
        report.fails("bogus")
