"""One settings source (issue 19): the dataclasses of ``pipeline.settings`` hold every
default, ``configs/default.toml`` documents exactly them, the loader is strict, and the
CLI and library callers get the same settings, CLI flags applied by ``replace``."""

from __future__ import annotations

import dataclasses
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import build_parser, main
from pipeline.engines.local import Options, Pipeline, resolve_settings
from pipeline.errors import ConfigError
from pipeline.settings import Settings, load_settings, merge_settings, resource_path

DEFAULT_TOML = resource_path("configs", "default.toml")


def _tables(obj: Any, prefix: str = "") -> dict[str, Any]:
    """Every table of the settings by its TOML name (``checks.retry_decoding``...), nested ones included."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            name = f"{prefix}{f.name}"
            out[name] = value
            out.update(_tables(value, f"{name}."))
    return out


def _nested(dotted: str, table: dict[str, Any]) -> dict[str, Any]:
    for part in reversed(dotted.split(".")):
        table = {part: table}
    return table


def test_default_toml_loads_to_exactly_the_defaults() -> None:
    assert load_settings(DEFAULT_TOML) == Settings()


def test_default_toml_documents_every_key() -> None:
    # Loading to the defaults would not notice a key left out: list both sides.
    def keys(table: dict[str, Any], prefix: str = "") -> set[str]:
        out: set[str] = set()
        for key, value in table.items():
            if isinstance(value, dict) and key not in ("severity", "length_ratio_by_lang", "length_ratio_by_script"):
                out |= keys(value, f"{prefix}{key}.")
            else:
                out.add(prefix + key)
        return out

    in_code = {f"{name}.{f.name}" for name, obj in _tables(Settings()).items() for f in dataclasses.fields(obj)
               if not dataclasses.is_dataclass(getattr(obj, f.name))}
    toml = tomllib.loads(DEFAULT_TOML.read_text(encoding="utf-8"))
    assert keys(toml) == in_code
    assert set(toml["compare"]["severity"]) == set(Settings().compare.severity)


@pytest.mark.parametrize("table", [*_tables(Settings()), "compare.severity"])
def test_an_unknown_key_in_any_table_is_an_error_naming_key_and_table(table: str) -> None:
    with pytest.raises(ConfigError) as error:
        merge_settings(Settings(), _nested(table, {"treshold": "major" if table == "compare.severity" else 1}))
    message = str(error.value)
    assert message.startswith(f"[{table}] treshold: unknown key (known: ") and "\n" not in message


def test_an_unknown_table_is_an_error() -> None:
    with pytest.raises(ConfigError, match=r"^\[matching\]: unknown table \(known: segment, identify"):
        merge_settings(Settings(), {"matching": {"threshold": 0.5}})


@pytest.mark.parametrize(("table", "message"), [
    ({"translate": {"batch_size": "x"}}, '[translate] batch_size: expected an integer, got "x"'),
    ({"translate": {"batch_size": 2.5}}, "[translate] batch_size: expected an integer, got 2.5"),
    ({"identify": {"low_accuracy": 1}}, "[identify] low_accuracy: expected true or false, got 1"),
    ({"identify": {"languages": "en"}}, '[identify] languages: expected a list of strings, got "en"'),
    ({"checks": {"length_ratio": [0.5]}}, "[checks] length_ratio: expected a list of 2 numbers, got [0.5]"),
    ({"checks": {"retry_decoding": 4}}, "[checks] retry_decoding: expected a table, got 4"),
    ({"compare": {"severity": {"date": "huge"}}}, "[compare.severity] date: expected one of critical"),
    ({"limits": {"max_chars": -1}}, "[limits] max_chars: expected at least 0, got -1"),
])
def test_a_wrong_type_or_value_is_a_one_line_error(table: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as error:
        merge_settings(Settings(), table)
    assert str(error.value).startswith(message)


def test_a_user_file_merges_over_the_defaults(tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text('[match]\nthreshold = 1\n[compare.severity]\ndate = "minor"\n'
                    "[checks.length_ratio_by_lang]\nde = [0.5, 1.5]\n", encoding="utf-8")
    settings = load_settings(user)
    defaults = Settings()
    assert settings.match == dataclasses.replace(defaults.match, threshold=1.0)
    assert isinstance(settings.match.threshold, float)  # a TOML integer is a fine float
    assert settings.compare.severity == {**defaults.compare.severity, "date": "minor"}
    assert settings.checks.band("de") == (0.5, 1.5) and settings.checks.band("id") == defaults.checks.band("id")
    assert (settings.translate, settings.identify, settings.align) == (defaults.translate, defaults.identify,
                                                                        defaults.align)


def test_errors_in_a_user_file_name_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    user = tmp_path / "typo.toml"
    user.write_text("[match]\ntreshold = 0.5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"typo.toml: \[match\] treshold: unknown key"):
        load_settings(user)
    doc = tmp_path / "doc.txt"
    doc.write_text("The council met on Tuesday.\n", encoding="utf-8")
    assert main(["translate", str(doc), "--config", str(user), "--no-cache", "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "[match] treshold: unknown key" in err


def test_cli_overrides_are_applied_by_replace(tmp_path: Path) -> None:
    defaults = load_settings(None)
    settings = resolve_settings(Options(batch_size=4, num_beams=2, device="cpu", max_chars=200))
    assert settings.limits.max_chars == 200 and defaults.limits.max_chars == 1_000_000
    assert (settings.translate.batch_size, settings.translate.num_beams, settings.translate.device) == (4, 2, "cpu")
    assert settings.translate.token_budget == defaults.translate.token_budget
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.limits.max_chars = 0  # type: ignore[misc]
    # Options refuse a bad value where they are built (tests/test_api.py); a config file's is refused here.
    bad = tmp_path / "bad.toml"
    bad.write_text("[translate]\nbatch_size = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[translate\] batch_size: expected at least 1, got 0"):
        resolve_settings(Options(config_file=bad))


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[Pipeline]:
    """The pipelines the CLI builds, in order."""
    built: list[Pipeline] = []
    build = Pipeline.build

    def spy(options: Options = Options(), *args: Any, **kwargs: Any) -> Pipeline:
        built.append(build(options, *args, **kwargs))
        return built[-1]

    monkeypatch.setattr(Pipeline, "build", staticmethod(spy))
    return built


def test_max_chars_reaches_the_limit_check(tmp_path: Path, built: list[Pipeline]) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("The council met on Tuesday. " * 10, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["translate", str(doc), "--max-chars", "100", "--format", "jsonl", "-o", str(out),
                 "--no-cache", "-q"]) == 2
    [pipeline] = built
    assert pipeline.config == dataclasses.replace(Settings(), limits=dataclasses.replace(Settings().limits,
                                                                                         max_chars=100))


def test_library_callers_and_the_cli_get_the_same_settings(tmp_path: Path, built: list[Pipeline]) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("The council met on Tuesday.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["translate", str(doc), "--format", "jsonl", "-o", str(out), "--no-cache", "-q"]) == 0
    [from_cli] = built
    library = Pipeline.build(Options())
    assert from_cli.config == library.config == Settings()
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["lang"] == "en"


def test_help_shows_the_defaults_of_the_settings() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices  # type: ignore[attr-defined]
    translate = " ".join(sub["translate"].format_help().split())  # unwrapped
    defaults = Settings()
    assert f"default: {defaults.translate.batch_size} ([translate] batch_size)" in translate
    assert f"default: {defaults.limits.max_chars} ([limits] max_chars)" in translate
    assert f"default: {defaults.match.candidates} ([match] candidates)" in " ".join(sub["match"].format_help().split())
