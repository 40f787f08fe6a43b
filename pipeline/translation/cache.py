"""Persistent translation cache in SQLite, safe for concurrent processes.

Keyed by model id, revision, decoding settings and source text, so that a change of
any of them is a miss. Each entry also records how it was made (``meta``: the decoding
settings that produced the kept text, whether the decoder hit its length cap, whether
it was a second try), so that a rerun served from the cache says what the first run said. Entries are committed after every batch: a run killed midway
keeps what it finished and a rerun makes no model call for it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import platformdirs

from pipeline.errors import MtauditError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    source TEXT NOT NULL,
    translation TEXT NOT NULL,
    created REAL NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}'
)
"""


def default_cache_path() -> Path:
    """``<user cache dir>/mtaudit/translations.sqlite3``."""
    return Path(platformdirs.user_cache_dir("mtaudit")) / "translations.sqlite3"


def cache_key(model_id: str, revision: str | None, settings: Mapping[str, Any], source: str) -> str:
    """A stable hash of everything that determines a translation."""
    blob = json.dumps([model_id, revision, dict(sorted(settings.items())), source], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class TranslationCache:
    """A key -> translation store; a ``None`` path makes an in-memory (per-run) cache."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # Autocommit mode: each executemany below is its own transaction. One thread
            # uses the cache at a time, but not always the thread that opened it (a Ray
            # actor is built in one thread and called in another).
            self._db = sqlite3.connect(str(path) if path else ":memory:", timeout=60.0, isolation_level=None,
                                       check_same_thread=False)
            if path is not None:
                self._retry(lambda: self._db.execute("PRAGMA journal_mode=WAL"))
            self._retry(lambda: self._db.execute(_SCHEMA))
            self._retry(self._add_meta_column)
        except sqlite3.DatabaseError as exc:
            raise MtauditError(f"translation cache {path}: {exc} (delete it or pass --no-cache)") from None

    def _retry(self, op: Any) -> Any:
        # busy_timeout covers most contention; WAL checkpoints can still report "locked".
        for attempt in range(20):
            try:
                return op()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or attempt == 19:
                    raise
                time.sleep(0.05 * (attempt + 1))
        return None

    def _add_meta_column(self) -> None:
        # A cache written before entries had ``meta``: add the column (old entries read as {}).
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(translations)")}
        if "meta" not in columns:
            try:
                self._db.execute("ALTER TABLE translations ADD COLUMN meta TEXT NOT NULL DEFAULT '{}'")
            except sqlite3.OperationalError as exc:
                if "duplicate column" not in str(exc):  # another process added it first
                    raise

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        """The cached translations among ``keys``."""
        return {k: text for k, (text, _) in self.get_entries(keys).items()}

    def get_entries(self, keys: Sequence[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """The cached ``(translation, meta)`` among ``keys``."""
        found: dict[str, tuple[str, dict[str, Any]]] = {}
        for i in range(0, len(keys), 500):  # SQLite's bound-parameter limit
            chunk = list(keys[i : i + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._retry(
                lambda: self._db.execute(
                    f"SELECT key, translation, meta FROM translations WHERE key IN ({marks})", chunk
                ).fetchall()
            )
            found.update((k, (t, json.loads(m or "{}"))) for k, t, m in rows)
        return found

    def put_many(
        self, rows: Iterable[tuple[str, str, str, str]], meta: Iterable[Mapping[str, Any]] | None = None
    ) -> None:
        """Store ``(key, model, source, translation)`` rows (and each one's ``meta``) in one transaction.

        The first translation stored for a key wins: when two processes translate the
        same sentence at once, both then read back (and output) the same text.
        """
        now = time.time()
        metas = iter(meta) if meta is not None else None
        data = [
            (k, m, s, t, now, json.dumps(dict(next(metas)) if metas is not None else {}, sort_keys=True))
            for k, m, s, t in rows
        ]
        if data:
            self._retry(lambda: self._insert(data))

    def _insert(self, data: list[tuple[str, str, str, str, float, str]]) -> None:
        # One transaction: after a kill, a chunk is in the cache whole or not at all.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany(
                "INSERT OR IGNORE INTO translations (key, model, source, translation, created, meta) "
                "VALUES (?, ?, ?, ?, ?, ?)", data)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])

    def close(self) -> None:
        self._db.close()
