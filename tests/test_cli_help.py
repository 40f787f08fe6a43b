"""Help for users: every option of every command says what it does, usage lines read
cleanly, and error remedies name commands that exist."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.cli import build_parser, main
from pipeline.errors import ModelNotFoundError


def _parsers(parser: argparse.ArgumentParser, name: str = "mtaudit") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def test_every_option_of_every_command_has_help() -> None:
    walked = list(_parsers(build_parser()))
    assert {name for name, _ in walked} == {"mtaudit", "mtaudit translate", "mtaudit audit", "mtaudit score",
                                         "mtaudit index", "mtaudit match", "mtaudit models"}
    missing = [
        f"{name}: {'/'.join(action.option_strings) or action.dest}"
        for name, parser in walked
        for action in parser._actions
        if not (action.help and action.help.strip() and action.help != argparse.SUPPRESS)
    ]
    assert missing == []
    # Each command says what it does above its options.
    assert [name for name, parser in walked if not parser.description] == []


# Placeholders that say only what kind of value goes there, shared by several options.
_GENERIC = {"N", "FILE", "PATH", "DIR", "TOML", "OUT", "SEVERITY", "NAME"}


@pytest.mark.parametrize("command", ["translate", "audit", "score", "index", "match"])
def test_usage_line_names_each_argument_once(command: str) -> None:
    """Two different arguments never share a name like SOURCE_EN in the usage line."""
    [parser] = [p for n, p in _parsers(build_parser()) if n == f"mtaudit {command}"]
    owners: dict[str, set[str]] = {}
    for action in parser._actions:
        name = action.metavar if isinstance(action.metavar, str) else None
        if name is None and not action.option_strings:
            name = action.dest.upper()
        if name and name not in _GENERIC:
            owners.setdefault(name, set()).add(action.dest)
    assert {m: d for m, d in owners.items() if len(d) > 1} == {}, parser.format_usage()


def test_top_level_help_speaks_to_users(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    # What the tool does and how to start, not how the module is organised.
    assert "translate" in out and "audit" in out and "score" in out
    assert "only module that prints" not in out
    assert "exit status" in out and "hf download" in out


COMMANDS = ("translate", "audit", "score", "index", "match", "models")


def test_top_level_help_names_every_command_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    examples = [line.split()[1] for line in out.splitlines() if line.startswith("  mtaudit ")]
    assert examples == list(COMMANDS)
    assert "translate, audit, score, index, match or models" in out


def test_readme_command_table_names_every_command() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Commands", 1)[1].split("\n\n", 2)[1]
    rows = [line for line in table.splitlines() if line.startswith("| `mtaudit ")]
    assert [row.split()[2] for row in rows] == list(COMMANDS)


def test_model_remedy_names_an_existing_command() -> None:
    message = str(ModelNotFoundError("Helsinki-NLP/opus-mt-id-en"))
    assert "`hf download Helsinki-NLP/opus-mt-id-en`" in message
    assert "huggingface-cli" not in message


@pytest.mark.parametrize("module", ["pipeline", "pipeline.cli"])
def test_the_command_line_runs_as_a_module_either_way(module: str) -> None:
    """``python -m pipeline.cli audit ...`` exited 0 with no output: the module had no main guard."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", module, "--version"], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0 and done.stdout.startswith("mtaudit "), (done.stdout, done.stderr)


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """``mtaudit translate feed | head -1`` ended with a BrokenPipeError traceback."""
    import subprocess
    import sys

    source = tmp_path / "lines.txt"
    source.write_text("".join(f"Hello world, this is line {k}.\n" for k in range(3000)), encoding="utf-8")
    command = f"{sys.executable} -m pipeline translate {source} --format jsonl -q | head -c 10"
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[1])
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert done.returncode == 141 and len(done.stdout) == 10
