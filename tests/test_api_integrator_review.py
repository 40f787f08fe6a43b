"""What a developer embedding mtaudit as a library met (round 14's review): torch's global
state changed under a notebook, warnings repeated on every call, errors and types that did
not say what the docstrings do."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

import pipeline
from pipeline.engines.options import Options
from pipeline.errors import ConfigError, LimitError

INDONESIAN = "Kami tidak bisa datang karena hujan deras hari ini di kota."


def test_translating_leaves_torchs_gradients_and_threads_as_the_caller_set_them(model_dir: Path) -> None:
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        weights = torch.ones(2, requires_grad=True)
        out = pipeline.translate("d", Options(model_dir=model_dir, backend="transformers", use_cache=False),
                                 text=INDONESIAN)
        assert out.segments[0].route.endswith("id-en")
        # Gradients were switched off for the whole process, and the threads set to every CPU.
        assert torch.is_grad_enabled() and torch.get_num_threads() == 1
        (weights * 3).sum().backward()
        assert weights.grad is not None
    finally:
        torch.set_num_threads(before)


def test_a_missing_model_is_warned_about_once_however_many_calls(caplog: pytest.LogCaptureFixture) -> None:
    options = Options(tm_file=Path(__file__).resolve().parents[1] / "examples" / "repost.tm.tsv", use_cache=False)
    text = ("Deputy Minister Ana Ruiz said 14 countries will share the cost. The talks ended late on Tuesday. "
            "Der Minister sagte den Journalisten, die erste Station werde im März eröffnet.")
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            out = pipeline.translate("d", options, text=text)
            assert (out.segments[-1].flag or "").startswith("model-unavailable")
    assert sum("opus-mt-de-en" in r.getMessage() for r in caplog.records) == 1
    pipeline.release_models()


def test_the_original_is_held_to_the_size_limit_the_repost_is() -> None:
    with pytest.raises(LimitError, match="Options.max_chars"):
        pipeline.audit("o", "r", Options(max_chars=50), original_text="Hello there. " * 10,
                       repost_text="Hello there.")


def test_a_setting_this_machine_cannot_meet_is_a_config_error() -> None:
    pytest.importorskip("ctranslate2")
    # A bare MtauditError, where the docstrings promise a subclass for each kind of failure.
    with pytest.raises(ConfigError, match="--compute-type float16 is not supported on cpu"):
        pipeline.translate("d", Options(backend="ctranslate2", compute_type="float16", device="cpu"), text=INDONESIAN)


def test_a_score_record_reads_as_its_json_does(tmp_path: Path) -> None:
    original = tmp_path / "o.txt"
    original.write_text("The ministers met on Tuesday. They did not sign the deal.\n", encoding="utf-8")
    repost = tmp_path / "r.txt"
    repost.write_text("The ministers met on Tuesday. They signed the deal.\n", encoding="utf-8")
    result = pipeline.score(str(original), str(repost), thresholds={"fail_on": "major"})
    record = result.to_dict()
    assert record == json.loads(json.dumps(record)) and record["blocking"] and record["failures"]


def test_the_package_is_typed_and_names_its_exports_for_a_type_checker() -> None:
    root = Path(pipeline.__file__).parent
    assert (root / "py.typed").is_file()
    source = (root / "__init__.py").read_text(encoding="utf-8")
    for name in pipeline.__all__:
        if name != "__version__":
            assert f"{name} as {name}" in source, name  # re-exported under TYPE_CHECKING
    assert callable(pipeline.release_models)


def test_wrong_arguments_are_argument_errors_not_empty_answers() -> None:
    from pipeline.errors import ArgumentError

    with pytest.raises(ArgumentError, match="text must be a str"):
        pipeline.identify(None)  # type: ignore[arg-type]  # returned []
    with pytest.raises(ArgumentError, match="source_lang"):
        pipeline.check_translation("Kami datang.", "", "We came.")


def test_the_stray_byte_warning_comes_from_the_package_logger(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # It came from a logger named "mtaudit": silencing "pipeline" (the package) missed it.
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Kami tidak bisa datang hari ini karena hujan.\n".encode("utf-8") + b"\xff\n")
    from pipeline.io.inputs import read_text_encoding

    with caplog.at_level(logging.WARNING):
        read_text_encoding(str(bad))
    assert [r.name for r in caplog.records if "not UTF-8" in r.getMessage()] == ["pipeline.io.encodings"]


def test_match_audits_an_archived_original_longer_than_the_limit(tmp_path: Path) -> None:
    # The original's new size check stopped `match --audit` on one long archived original
    # (exit 2); what was indexed is audited whatever its size, as before.
    from pipeline.cli import main

    body = " ".join(f"The ministers of country number {k} agreed on Tuesday to share the cost of the plan."
                    for k in range(60))
    original = tmp_path / "long.txt"
    original.write_text(body + "\n", encoding="utf-8")
    index = tmp_path / "archive.idx"
    assert main(["index", str(original), "-o", str(index), "-q"]) == 0
    config = tmp_path / "limits.toml"
    config.write_text("[limits]\nmax_chars = 2000\n", encoding="utf-8")
    repost = tmp_path / "repost.txt"
    repost.write_text(" ".join(body.split(". ")[:8]) + ".\n", encoding="utf-8")
    audits = tmp_path / "audits.jsonl"
    code = main(["match", str(repost), "--index", str(index), "--config", str(config), "--audit", str(audits),
                 "-o", str(tmp_path / "matches.jsonl"), "--no-cache", "-q"])
    assert code == 0 and len(original.read_text(encoding="utf-8")) > 2000
    assert [json.loads(line)["match"]["id"] for line in audits.read_text(encoding="utf-8").splitlines()] == [str(original)]
