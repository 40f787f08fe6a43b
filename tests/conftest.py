"""Shared fixtures: a tiny MarianMT built at test time, corpus paths, isolated caches."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pipeline.text.langid import LanguageIdentifier

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "examples"
TINY_MODEL_ID = "Helsinki-NLP/opus-mt-id-en"

sys.path.insert(0, str(ROOT / "scripts"))

# Tests never reach the hub: a missing model must fail fast and offline.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# The tiny models gain nothing from threads, and on 2 shared cores OpenMP workers of
# parallel processes (the concurrency tests) spin against each other.
os.environ.setdefault("OMP_NUM_THREADS", "1")


def corpus_file(name: str) -> Path:
    """A file of ../shared/corpus, or a skip with the reason when the corpus is absent."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"../shared/corpus is not beside this checkout ({path} missing): corpus tests need it")
    return path


def skip_module_without_corpus(module: str, checks: str) -> None:
    """Called at the top of a ``test_seed_*.py`` module: without ../shared/corpus the whole
    module is one skip whose reason names it, so a user's clone lists one line per module."""
    if not CORPUS.is_dir():
        pytest.skip(
            f"{module} ({checks}) checks the seed corpus itself: ../shared/corpus is not beside "
            f"this checkout ({CORPUS} missing)",
            allow_module_level=True,
        )


SEED_ORIGINAL = "003_bc9fb1cf91c94744.txt"
SEED_REPOST = "004_eb108ecf421ed17b.txt"
SEED_TM = "004_eb108ecf421ed17b.reference-en.tsv"


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A --model-dir holding a tiny random MarianMT under the real Indonesian model's id."""
    from build_tiny_marian import build_tiny_marian

    root = tmp_path_factory.mktemp("models")
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    build_tiny_marian(root / TINY_MODEL_ID.replace("/", "--"), texts)
    return root


LID_LANGUAGES = "en id ru uk fr de es it pt nl pl tr zh ja ko ar vi".split()


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    """A language identifier over many languages (more than the default configuration's)."""
    from pipeline.settings import IdentifySettings
    from pipeline.text.langid import LanguageIdentifier

    return LanguageIdentifier(IdentifySettings(languages=tuple(LID_LANGUAGES)))


@pytest.fixture(scope="module")
def configured() -> LanguageIdentifier:
    """The identifier as the default configuration builds it."""
    from pipeline.settings import load_settings
    from pipeline.text.langid import LanguageIdentifier

    return LanguageIdentifier(load_settings(None).identify)


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    """A translation cache private to the test."""
    return tmp_path / "cache.sqlite3"


@pytest.fixture(autouse=True)
def _isolated_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Never touch the developer's real translation cache.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
