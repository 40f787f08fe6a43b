"""Usage errors: one line on stderr naming the option, the bad value and what fits, exit 2,
for every option of every command that takes a choice or a number; values outside their
scale (a score above 100, zero candidates, a negative size) are usage errors too."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.cli import build_parser, main

# Enough positional arguments for each command to get past them (nothing is read:
# usage errors stop the run before any file is opened).
BASE = {
    "translate": ["in.txt"],
    "audit": ["original.en.txt", "repost.txt"],
    "score": ["source.en.txt", "translated.txt"],
    "index": ["archive", "-o", "archive.idx"],
    "match": ["repost.txt", "--index", "archive.idx"],
    "models": ["feed.jsonl"],
}


def _commands() -> dict[str, argparse.ArgumentParser]:
    [sub] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def _valued_options() -> Iterator[tuple[str, str, tuple[str, ...] | None]]:
    """(command, option, its choices) for every option that takes a choice or a number."""
    for command, parser in _commands().items():
        for action in parser._actions:
            if not action.option_strings or action.nargs == 0:
                continue
            if action.choices is not None or action.type not in (None, str, Path):
                yield command, action.option_strings[-1], tuple(action.choices) if action.choices else None


VALUED = list(_valued_options())


def _one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, f"{argv}: a usage error is one line on stderr, got:\n{captured.err}"
    assert lines[0].startswith("mtaudit: error: ") and captured.out == ""
    return lines[0]


def test_every_command_has_valued_options() -> None:
    # The walk below covers choices and numbers of all six commands.
    assert {c for c, _, _ in VALUED} == set(BASE)
    assert ("match", "-k", None) in VALUED and ("score", "--min-chrf", None) in VALUED


@pytest.mark.parametrize(("command", "option", "choices"), VALUED, ids=[f"{c} {o}" for c, o, _ in VALUED])
def test_bad_value_is_one_line_naming_option_value_and_what_fits(
        capsys: pytest.CaptureFixture[str], command: str, option: str, choices: tuple[str, ...] | None) -> None:
    line = _one_line_error(capsys, [command, *BASE[command], option, "bogus"])
    assert f"{option}: 'bogus' is not " in line
    if choices:
        assert all(choice in line for choice in choices), line
    else:
        assert "number" in line, line


@pytest.mark.parametrize(("argv", "fits"), [
    (["match", *BASE["match"], "-k", "0"], "whole number of 1 or more"),
    (["match", *BASE["match"], "-k", "-3"], "whole number of 1 or more"),
    (["score", *BASE["score"], "--min-chrf", "500"], "number from 0 to 100"),
    (["score", *BASE["score"], "--min-chrf", "-5"], "number from 0 to 100"),
    (["score", *BASE["score"], "--min-chrf", "nan"], "number from 0 to 100"),
    (["score", *BASE["score"], "--min-bleu", "100.5"], "number from 0 to 100"),
    (["score", *BASE["score"], "--max-ter", "-1"], "number of 0 or more"),
    (["score", *BASE["score"], "--max-ter", "inf"], "number of 0 or more"),
    (["score", *BASE["score"], "--max-flagged", "-1"], "whole number of 0 or more"),
    (["translate", *BASE["translate"], "--batch-size", "0"], "whole number of 1 or more"),
    (["translate", *BASE["translate"], "--max-chars", "-1"], "whole number of 0 or more"),
    (["translate", *BASE["translate"], "--ray-cpus", "0"], "whole number of 1 or more"),
    (["audit", *BASE["audit"], "--num-beams", "0"], "whole number from 1 to 64"),
    (["translate", *BASE["translate"], "--num-beams", "100000"], "whole number from 1 to 64"),  # hung the run
    (["audit", *BASE["audit"], "--max-models", "0"], "whole number of 1 or more"),
    (["match", *BASE["match"], "--batch-size", "-2"], "whole number of 1 or more"),
])
def test_values_outside_their_scale_are_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                     fits: str) -> None:
    option, value = argv[-2], argv[-1]
    line = _one_line_error(capsys, argv)
    assert line == f"mtaudit: error: {option}: '{value}' is not a {fits}"


def _tmp_out() -> Path:
    import tempfile

    return Path(tempfile.mkdtemp()) / "out.txt"


def test_values_on_their_scale_are_accepted() -> None:
    parser = build_parser()
    args = parser.parse_args(["score", *BASE["score"], "--min-chrf", "0", "--min-bleu", "100", "--max-ter", "150",
                              "--max-flagged", "0"])
    assert (args.min_chrf, args.min_bleu, args.max_ter, args.max_flagged) == (0.0, 100.0, 150.0, 0)
    args = parser.parse_args(["match", *BASE["match"], "-k", "1", "--batch-size", "1"])
    assert (args.k, args.batch_size) == (1, 1)
    assert parser.parse_args(["translate", *BASE["translate"], "--max-chars", "0"]).max_chars == 0
    examples = Path(__file__).resolve().parents[1] / "examples"
    # 0 is "no limit" end to end too, not an option Options then refuses.
    assert main(["translate", str(examples / "repost.id.txt"), "--tm", str(examples / "repost.tm.tsv"),
                 "--max-chars", "0", "--no-cache", "-q", "-o", str(_tmp_out())]) == 0


@pytest.mark.parametrize(("argv", "names"), [
    (["audit"], ["ORIGINAL, REPOST", "mtaudit audit --help"]),
    ([], ["COMMAND", "mtaudit --help"]),
    (["translate", "in.txt", "--batch-size"], ["--batch-size", "expected one argument", "mtaudit translate --help"]),
    (["audit", "a", "b", "--frobnicate"], ["--frobnicate", "--help"]),
    (["publish"], ["'publish' is not one of translate, audit, score, index, match, models"]),
])
def test_missing_and_unknown_arguments_are_one_line(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                    names: list[str]) -> None:
    line = _one_line_error(capsys, argv)
    assert all(name in line for name in names), line


def test_rules_argparse_cannot_express_are_one_line_too(capsys: pytest.CaptureFixture[str]) -> None:
    # `score` with one file: the command's own check, no usage block above it.
    line = _one_line_error(capsys, ["score", "source.en.txt", "--no-cache", "-q"])
    assert "SOURCE_EN TRANSLATED" in line
    line = _one_line_error(capsys, ["audit", "-", "-", "--no-cache", "-q"])  # was "-: empty document"
    assert line == "mtaudit: error: standard input ('-') can be ORIGINAL or REPOST, not both"


def test_index_of_a_missing_path_is_exit_2_and_writes_nothing(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    index = tmp_path / "archive.idx"
    line = _one_line_error(capsys, ["index", str(tmp_path / "no-such-archive"), "-o", str(index)])
    assert "no-such-archive" in line and "no such file" in line
    assert list(tmp_path.iterdir()) == []
