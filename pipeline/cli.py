"""Command-line interface: the only place (with ``pipeline.commands``, the commands it
runs) that prints, picks exit codes and sets up logging.

Exit codes: 0 success; 1 the run finished but something failed (a record of a batch,
a threshold, ``--fail-on``); 2 usage or input errors that stopped the run. Options that
override a setting show its default as ``pipeline.settings`` has it, so the help
cannot drift from the settings.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import re
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from pipeline import __version__
from pipeline.commands import (
    EXIT_ERROR, cmd_audit, cmd_index, cmd_match, cmd_models, cmd_score, cmd_translate, print_error,
)
from pipeline.engines.options import BACKENDS, COMPUTE_TYPES, DEVICES, INPUT_FORMATS, MAX_BEAMS
from pipeline.errors import MtauditError
from pipeline.fidelity.taxonomy import SEVERITIES
from pipeline.settings import Settings

DEFAULTS = Settings()


def _default(table: str, key: str) -> str:
    """`default: 32 ([translate] batch_size)`, read from the settings' dataclasses."""
    return f"default: {getattr(getattr(DEFAULTS, table), key)} ([{table}] {key})"


# Argument types that say what fits: argparse prints "argument -k: " + the message.
def _whole(low: int, high: int | None = None) -> Callable[[str], int]:
    """A whole number of at least ``low`` (counts and sizes), and at most ``high``."""
    def whole(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if value < low or (high is not None and value > high):
            scale = f"from {low} to {high}" if high is not None else f"of {low} or more"
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number {scale}")
        return value
    return whole


def _score(high: float | None) -> Callable[[str], float]:
    """A score on its scale: 0 to ``high`` (chrF, BLEU), or 0 and up (TER)."""
    scale = f"from 0 to {high:g}" if high is not None else "of 0 or more"

    def score(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and 0 <= value and (high is None or value <= high)):
            raise argparse.ArgumentTypeError(f"{text!r} is not a number {scale}")
        return value
    return score


_CHOICE = re.compile(r"argument (?P<option>[^:]+): invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)$")


def usage_message(message: str, prog: str) -> str:
    """argparse's error message as one line: the option, the bad value and what fits;
    where argparse names no values (a missing or unknown argument), where to look."""
    message = " ".join(message.split())
    found = _CHOICE.match(message)
    if found:
        choices = found["choices"].replace("'", "")
        return f"{found['option']}: {found['value']} is not one of {choices}"
    message = message.removeprefix("argument ")
    return message if " is not " in message else f"{message} (see `{prog} --help`)"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr, exit 2 (the
    sub-parsers are of this class too: argparse makes them of their parent's)."""

    def error(self, message: str) -> NoReturn:
        print_error(usage_message(message, self.prog))
        self.exit(EXIT_ERROR)


# What `mtaudit --help` tells a user (the module docstring above is for developers).
DESCRIPTION = """\
Translate documents that mix languages into English (MarianMT, Helsinki-NLP opus-mt),
and check a translated or reposted article against its English original: which names,
numbers, negations or sentences changed, were dropped or were left untranslated.

  mtaudit translate article.txt                 into English, sentence by sentence
  mtaudit audit original.en.txt repost.txt      where the repost departs from it
  mtaudit score source.en.txt translated.txt    chrF/BLEU/TER against thresholds
  mtaudit index archive/ -o archive.idx         a search index of the originals
  mtaudit match repost.txt --index archive.idx  which original(s) it copies
  mtaudit models feed.jsonl                     which models it needs, where each is

Run `mtaudit COMMAND --help` for a command's options."""

EPILOG = """\
exit status: 0 success; 1 the run finished but something failed (a record, a
threshold, --fail-on); 2 usage or input error (one line on stderr).
Models download on first use; offline, fetch one with `hf download MODEL`, or pass
--model-dir DIR or --tm FILE."""


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("translation")
    group.add_argument("--tm", type=Path, metavar="FILE", help="translation memory: TSV source<TAB>english, or JSONL")
    group.add_argument("--model-dir", type=Path, metavar="DIR", help="directory holding local copies of the models")
    group.add_argument("--cache", type=Path, metavar="PATH", help="translation cache file (default: user cache dir)")
    group.add_argument("--no-cache", action="store_true", help="do not read or write the translation cache")
    group.add_argument("--device", choices=DEVICES,
                       help=f"where to run the model ({_default('translate', 'device')})")
    group.add_argument("--batch-size", type=_whole(1), metavar="N",
                       help=f"sentences per model call at most ({_default('translate', 'batch_size')})")
    group.add_argument("--num-beams", type=_whole(1, MAX_BEAMS), metavar="N",
                       help=f"beam size, 1: greedy ({_default('translate', 'num_beams')})")
    group.add_argument("--backend", choices=BACKENDS, default="auto",
                       help="decoder (default auto: ctranslate2 when installed, else transformers)")
    group.add_argument("--compute-type", choices=COMPUTE_TYPES, default="auto",
                       help="ctranslate2 precision (default auto: int8 on CPU, float16 on GPU)")
    group.add_argument("--max-models", type=_whole(1), default=2, metavar="N",
                       help="translation models kept loaded at once, least recently used dropped (default 2)")
    group.add_argument("--config", type=Path, metavar="TOML",
                       help="settings merged over the defaults (every key is documented in configs/default.toml)")
    group.add_argument("--registry", type=Path, metavar="TOML", help="language -> model registry (default models/registry.toml)")
    group.add_argument("--strict", action="store_true",
                       help="a translation model that cannot be loaded stops the run (exit 2) instead of "
                            "leaving its sentences untranslated, flagged model-unavailable (exit 1)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar or warnings")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-parser per command."""
    parser = _Parser(prog="mtaudit", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"mtaudit {__version__}",
                        help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                help="translate, audit, score, index, match or models")

    p = sub.add_parser("translate", help="translate mixed-language documents into English",
                       description="Translate documents into English sentence by sentence: English passes "
                                   "through, other languages go to their opus-mt model (or the --tm).")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="text files, JSONL (.jsonl), Parquet (.parquet), RSS/Atom feeds (.rss, .atom, .xml), or - for stdin")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="output file (default: stdout)")
    p.add_argument("--format", choices=("text", "jsonl", "parquet"),
                   help="English text, or one record per sentence as JSONL or Parquet "
                        "(default: by -o's suffix, .parquet or .jsonl, else text; jsonl with --engine ray)")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                   help="how to read the inputs (default auto: by file suffix)")
    p.add_argument("--text-field", default="text", metavar="NAME", help="JSONL field / Parquet column holding the text")
    p.add_argument("--max-chars", type=_whole(0), metavar="N",
                   help=f"characters per document at most, 0: none ({_default('limits', 'max_chars')})")
    p.add_argument("--stats", action="store_true", help="print what happened to each sentence on stderr")
    group = p.add_argument_group("scale-out (pip install 'mtaudit[ray]')")
    group.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local: this process (default); ray: Ray Data actor pools, one per model")
    group.add_argument("--ray-address", metavar="ADDR", help="join this Ray cluster (e.g. auto, ray://head:10001); "
                                                          "default: start a local one")
    group.add_argument("--ray-cpus", type=_whole(1), metavar="N", help="CPUs of the local Ray cluster (default: all)")
    _add_model_options(p)
    p.set_defaults(func=cmd_translate)

    p = sub.add_parser("audit", help="report where a repost departs from its English original",
                       description="Translate the repost, align it with the English original and report "
                                   "what changed (numbers, names, negations, dropped or added sentences), "
                                   "worst first with line:column in both files.")
    p.add_argument("original", metavar="ORIGINAL", help="the English original")
    p.add_argument("repost", metavar="REPOST", help="the repost (any mix of languages)")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="output file (default: stdout)")
    p.add_argument("--format", choices=("json", "md", "text", "html"),
                   help="report format (default: by -o's suffix, .html .md .txt .json; else text on a "
                        "terminal, json otherwise)")
    p.add_argument("--fail-on", choices=SEVERITIES, metavar="SEVERITY",
                   help="exit 1 when a divergence of this severity or worse is found (critical|major|minor|info)")
    p.add_argument("--min-severity", choices=SEVERITIES, metavar="SEVERITY",
                   help="list divergences of this severity or worse in text/md reports, counting the rest "
                        "(default: major on a terminal, else info: everything)")
    _add_model_options(p)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("score", help="score translation fidelity against an English source (CI gate)",
                       description="Translate TRANSLATED back to English, align it with SOURCE_EN and score "
                                   "it (sacrebleu BLEU, chrF, TER); fail on the thresholds given.")
    p.add_argument("source", nargs="?", metavar="SOURCE_EN", help="the English source document")
    p.add_argument("translated", nargs="?", metavar="TRANSLATED", help="its translation (any language)")
    p.add_argument("--ref", metavar="REF_EN", help="English reference (with --hyp: no translation step)")
    p.add_argument("--hyp", metavar="ENGLISH", help="an already-English hypothesis to score against --ref")
    p.add_argument("--pairs", type=Path, metavar="MANIFEST", help="CSV or JSONL of source,translated paths")
    p.add_argument("--thresholds", type=Path, metavar="TOML", help="[thresholds] table, e.g. configs/ci.example.toml")
    p.add_argument("--min-chrf", type=_score(100), metavar="N", help="fail when the document's chrF (0-100) is below N")
    p.add_argument("--min-bleu", type=_score(100), metavar="N", help="fail when the document's BLEU (0-100) is below N")
    p.add_argument("--max-ter", type=_score(None), metavar="N", help="fail when the document's TER (0-100+) is above N")
    p.add_argument("--fail-on", choices=SEVERITIES, metavar="SEVERITY",
                   help="fail when a divergence of this severity or worse is found (critical|major|minor|info)")
    p.add_argument("--max-flagged", type=_whole(0), metavar="N",
                   help="fail when more than N translated sentences fail a check against their own source")
    p.add_argument("--baseline", metavar="PREVIOUS", help="fail only if fidelity dropped significantly against it")
    p.add_argument("--format", choices=("text", "json", "github"), default="text",
                   help="text for people (default), json for tools, github for workflow annotations")
    p.add_argument("--junit", type=Path, metavar="PATH", help="also write a JUnit XML report")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="output file (default: stdout)")
    _add_model_options(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("index", help="build or extend a search index of English originals (one file)",
                       description="Index English originals for `mtaudit match`: one SQLite file (FTS5, BM25) "
                                   "that a re-run updates with new or changed documents only.")
    p.add_argument("archives", nargs="+", metavar="ARCHIVE",
                   help="text files, directories of them, JSONL (.jsonl, .jsonl.gz), Parquet, RSS/Atom feeds")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="INDEX",
                   help="the index file: created, or updated with what is new or changed")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                   help="how to read the archives (default auto: by file suffix)")
    p.add_argument("--text-field", default="text", metavar="NAME", help="JSONL field / Parquet column holding the text")
    p.add_argument("--id-field", default="id", metavar="NAME", help="field / column naming each document (default id)")
    p.add_argument("--optimize", action="store_true",
                   help="merge the index into one segment after an update (a new index always is)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary or warnings")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("match", help="find which archived original(s) each repost is a version of",
                       description="Translate each repost, find the archived original(s) it is a version of, "
                                   "and write one JSON record per repost (match, confidence, shares, runner-up; "
                                   "match null with the reason when none).")
    p.add_argument("inputs", nargs="+", metavar="REPOST",
                   help="text files, JSONL (.jsonl), Parquet (.parquet), RSS/Atom feeds (.rss, .atom, .xml), or -")
    p.add_argument("--index", type=Path, required=True, metavar="INDEX", help="an index built by `mtaudit index`")
    p.add_argument("-k", type=_whole(1), metavar="N", help=f"candidates re-ranked with the aligner ({_default('match', 'candidates')})")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="JSONL, one record per repost (default: stdout)")
    p.add_argument("--audit", type=Path, metavar="OUT.jsonl|DIR",
                   help="also audit each matched pair: reports as JSONL, or one HTML page per pair and index.html")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                   help="how to read the reposts (default auto: by file suffix)")
    p.add_argument("--text-field", default="text", metavar="NAME", help="JSONL field / Parquet column holding the text")
    p.add_argument("--id-field", default="id", metavar="NAME",
                   help="field / column naming each repost in the records (default id; else PATH:LINE)")
    p.add_argument("--threshold", type=_score(1), metavar="P",
                   help=f"confidence (0-1) below which a repost matches nothing ({_default('match', 'threshold')})")
    group = p.add_argument_group("scale-out (pip install 'mtaudit[ray]')")
    group.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="translate the reposts here (default) or on Ray Data actor pools")
    group.add_argument("--ray-address", metavar="ADDR", help="join this Ray cluster (default: start a local one)")
    group.add_argument("--ray-cpus", type=_whole(1), metavar="N", help="CPUs of the local Ray cluster (default: all)")
    _add_model_options(p)
    p.set_defaults(func=cmd_match)

    p = sub.add_parser("models", help="the models a feed needs (or every route), and where each is found",
                       description="Identify and route the inputs as translate would, translating nothing: "
                                   "the models they need, sentences per model and language, and whether each "
                                   "is in --model-dir or the Hugging Face cache (with the `hf download` line "
                                   "for those that are not; exit 1 then). Without inputs: every route of the "
                                   "registry and the audit's near-synonym model (exit 0).")
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="text files, JSONL, Parquet, RSS/Atom feeds, or - for stdin (none: list the registry)")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="output file (default: stdout)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="a table, or JSON (default text)")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                   help="how to read the inputs (default auto: by file suffix)")
    p.add_argument("--text-field", default="text", metavar="NAME", help="JSONL field / Parquet column holding the text")
    p.add_argument("--max-chars", type=_whole(0), metavar="N",
                   help=f"characters per document at most, 0: none ({_default('limits', 'max_chars')})")
    _add_model_options(p)
    p.set_defaults(func=cmd_models)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status instead of exiting (tests call this)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_ERROR
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING, format="mtaudit: %(message)s")
    # The hub client logs a retry line per attempt when offline; our error says it once.
    for noisy in ("huggingface_hub", "transformers"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # transformers configures its own logger and progress bars on import: ask through
    # the environment, before that import happens (models load lazily).
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        return int(args.func(args))
    except MtauditError as exc:  # UsageError included: one line, no usage block
        print_error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt as exc:  # what it was writing is removed on the way out
        terminated = isinstance(exc, Terminated)
        print_error("terminated" if terminated else "interrupted")
        return 143 if terminated else 130
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly, as cat does
        try:  # and let nothing flush into the closed pipe on the way out
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 141


class Terminated(KeyboardInterrupt):
    """SIGTERM (``timeout``, ``docker stop``, systemd), unwound as Ctrl-C is: a half-written
    output is removed, not left beside the old one."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def entry() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main())


if __name__ == "__main__":  # ``python -m pipeline.cli``, as ``python -m pipeline``
    entry()
