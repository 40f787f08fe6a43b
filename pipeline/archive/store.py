"""A search index of English originals: one SQLite file with an FTS5 table ranked by BM25.

``mtaudit index`` streams an archive (text files, a directory of them, JSONL or
JSONL.gz, Parquet, RSS/Atom) into ``ArchiveIndex.update``: each document is stored
under its id with a hash of its text, so a rerun over a grown or edited archive
re-indexes only the documents that are new or changed. The document texts live in
the same file (FTS5 reads them as its external content), so the index can be copied
alone and ``mtaudit match --audit`` still has the originals.

Retrieval (``ArchiveIndex.search``) takes plain words: each is quoted for the FTS5
query language, so no user text can be read as query syntax, and the words are
OR-ed so that BM25 ranks the documents sharing the most (and rarest) of them.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.errors import IndexFileError, InputError
from pipeline.io.inputs import (JSONL_SUFFIXES, TEXT_SUFFIXES, Record, decoded_line, input_files, input_kind,
                                 iter_records, jsonl_record)

SCHEMA = "mtaudit-index"
SCHEMA_VERSION = 1
# Words as FTS5's unicode61 tokenizer cuts them (letters and digits; diacritics folded),
# so that a word's document frequency can be looked up in the vocabulary table.
_WORD = re.compile(r"[^\W_]+")
_COMMIT_EVERY = 2000  # documents per transaction: bounded journal, few fsyncs

_DDL = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, text TEXT NOT NULL)",
    # External content: FTS5 keeps only its inverted index; the text is stored once, in docs.
    "CREATE VIRTUAL TABLE fts USING fts5(text, content='docs', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row')",
    # Document frequencies copied out of vocab after each update: fts5vocab counts a
    # term's documents by reading its whole posting list, slow for common words.
    "CREATE TABLE df (term TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID",
)


@dataclass(frozen=True)
class UpdateStats:
    """What one ``update`` did: documents added, changed, unchanged, and unreadable."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    documents: int = 0  # documents in the index afterwards (set by ``build_index``)

    def __add__(self, other: UpdateStats) -> UpdateStats:
        return UpdateStats(self.added + other.added, self.changed + other.changed,
                           self.unchanged + other.unchanged, self.failed + other.failed,
                           max(self.documents, other.documents))


@dataclass(frozen=True)
class Hit:
    """One retrieved document: its id, index row and BM25 score (lower is better in FTS5)."""

    id: str
    rowid: int
    bm25: float


def words(text: str) -> list[str]:
    """Lowercased words with diacritics removed, as the index's tokenizer sees them."""
    if text.isascii():  # most archive text: nothing to fold
        return _WORD.findall(text.lower())
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(folded)


def fts_query(terms: Iterable[str]) -> str:
    """An FTS5 MATCH expression OR-ing ``terms``, each quoted (a quote inside is doubled)."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def content_hash(text: str) -> str:
    """The hash that decides whether a document changed since it was indexed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ArchiveIndex:
    """An open index file. Use ``ArchiveIndex.create`` to build or extend, ``open`` to query."""

    def __init__(self, path: Path, connection: sqlite3.Connection, fresh: bool = False) -> None:
        self.path = path
        self._db = connection
        self.fresh = fresh  # created by this process (``optimize`` is then worth its full rewrite)

    @classmethod
    def open(cls, path: Path | str) -> ArchiveIndex:
        """Open an existing index read-only; a missing or foreign file is an ``IndexFileError``."""
        path = Path(path)
        if not path.is_file():
            raise IndexFileError(f"{path}: no such index (build one with `mtaudit index ARCHIVE... -o {path}`)")
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise IndexFileError(f"{path}: cannot open the index ({exc})") from None
        index = cls(path, db)
        index._check()
        return index

    @classmethod
    def create(cls, path: Path | str) -> ArchiveIndex:
        """Open ``path`` for writing, creating an empty index when the file does not exist."""
        path = Path(path)
        fresh = not path.exists()
        try:
            db = sqlite3.connect(path)
        except sqlite3.Error as exc:
            raise IndexFileError(f"{path}: cannot create the index ({exc})") from None
        index = cls(path, db, fresh)
        if fresh:
            with db:
                for statement in _DDL:
                    db.execute(statement)
                db.executemany("INSERT INTO meta VALUES (?, ?)",
                               [("schema", SCHEMA), ("schema_version", str(SCHEMA_VERSION))])
        else:
            index._check()
        return index

    def _check(self) -> None:
        try:
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
            self._db.execute("SELECT rowid FROM fts LIMIT 0").fetchall()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise IndexFileError(f"{self.path}: not an mtaudit index, or corrupt ({exc})") from None
        if meta.get("schema") != SCHEMA or meta.get("schema_version") != str(SCHEMA_VERSION):
            self.close()
            raise IndexFileError(
                f"{self.path}: not an mtaudit index of schema version {SCHEMA_VERSION} "
                f"(found {meta.get('schema')!r} version {meta.get('schema_version')!r}); rebuild it"
            )

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> ArchiveIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def update(self, records: Iterable[Record]) -> UpdateStats:
        """Add new and changed documents from a stream of records; unchanged ones are skipped.

        Records are consumed one at a time and committed every ``_COMMIT_EVERY``
        documents, so memory stays bounded by one document and one transaction's
        journal, whatever the archive's size. A record without text (unreadable) is
        counted as failed and leaves any indexed version of it in place.
        """
        added = changed = unchanged = failed = 0
        db = self._db
        pending = 0
        try:
            for record in records:
                if record.text is None:
                    failed += 1
                    continue
                digest = content_hash(record.text)
                row = db.execute("SELECT rowid, hash, text FROM docs WHERE id = ?", (record.doc,)).fetchone()
                if row is not None and row[1] == digest:
                    unchanged += 1
                    continue
                if row is not None:
                    # External content: the old text must be handed back to remove its terms.
                    db.execute("INSERT INTO fts(fts, rowid, text) VALUES ('delete', ?, ?)", (row[0], row[2]))
                    db.execute("UPDATE docs SET hash = ?, text = ? WHERE rowid = ?", (digest, record.text, row[0]))
                    rowid = row[0]
                    changed += 1
                else:
                    cursor = db.execute("INSERT INTO docs (id, hash, text) VALUES (?, ?, ?)",
                                        (record.doc, digest, record.text))
                    rowid = cursor.lastrowid
                    added += 1
                db.execute("INSERT INTO fts(rowid, text) VALUES (?, ?)", (rowid, record.text))
                pending += 1
                if pending >= _COMMIT_EVERY:
                    db.commit()
                    pending = 0
            if added or changed:
                db.execute("DELETE FROM df")
                db.execute("INSERT INTO df SELECT term, doc FROM vocab")
            db.commit()
        except sqlite3.DatabaseError as exc:
            db.rollback()
            raise IndexFileError(f"{self.path}: cannot write the index ({exc})") from None
        return UpdateStats(added, changed, unchanged, failed)

    def optimize(self) -> None:
        """Merge FTS5's index segments into one (faster queries, smaller file).

        This rewrites the whole file: worth it after a build, not after adding a few
        documents to a large index (FTS5 merges its segments incrementally anyway).
        """
        with self._db:
            self._db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        self._db.execute("VACUUM")

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM docs").fetchone()[0])

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many indexed documents contain each term (absent terms are left out)."""
        out: dict[str, int] = {}
        distinct = sorted(set(terms))
        for start in range(0, len(distinct), 500):  # well under SQLite's bound on parameters
            part = distinct[start : start + 500]
            rows = self._db.execute(f"SELECT term, doc FROM df WHERE term IN ({','.join('?' * len(part))})", part)
            out.update(rows)  # df's columns are TEXT and INTEGER: (str, int) rows
        return out

    def search(self, terms: Sequence[str], limit: int) -> list[Hit]:
        """The ``limit`` best documents for the OR of ``terms`` by BM25, best first."""
        if not terms or limit < 1:
            return []
        rows = self._db.execute(
            "SELECT docs.id, fts.rowid, fts.rank FROM fts JOIN docs ON docs.rowid = fts.rowid "
            "WHERE fts MATCH ? ORDER BY fts.rank LIMIT ?",
            (fts_query(terms), limit),
        ).fetchall()
        return [Hit(str(r[0]), int(r[1]), float(r[2])) for r in rows]

    def text(self, doc_id: str) -> str:
        """The stored text of document ``doc_id``."""
        row = self._db.execute("SELECT text FROM docs WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise IndexFileError(f"{self.path}: no document {doc_id!r} in the index")
        return str(row[0])


def build_index(
    archives: Sequence[str],
    output: Path | str,
    kind: str = "auto",
    text_field: str = "text",
    id_field: str = "id",
    optimize: bool = False,
    on_unreadable: Callable[[str], None] | None = None,
) -> UpdateStats:
    """Create or extend the index at ``output`` with every document of ``archives``.

    Each archive is streamed (``iter_archive``); only new and changed documents are
    (re)indexed. A fresh index, or ``optimize``, is merged into one segment afterwards.
    An unreadable document is counted in ``failed`` and its error handed to
    ``on_unreadable``; the others are indexed. Every archive path must exist: a
    missing one raises ``InputError`` before the index file is created or touched.
    """
    missing = [path for path in archives if path != "-" and not os.path.exists(path)]
    if missing:
        raise InputError(f"{missing[0]}: no such file or directory (nothing was indexed)")
    totals = UpdateStats()
    with ArchiveIndex.create(output) as index:
        for path in archives:
            records = iter_archive(path, kind, text_field, id_field)
            if on_unreadable is not None:
                records = _reporting(records, on_unreadable)
            totals += index.update(records)
        if index.fresh or optimize:
            index.optimize()
        return replace(totals, documents=len(index))


def _reporting(records: Iterator[Record], report: Callable[[str], None]) -> Iterator[Record]:
    for record in records:
        if record.error:
            report(record.error)
        yield record


def iter_archive(path: str, kind: str = "auto", text_field: str = "text", id_field: str = "id") -> Iterator[Record]:
    """The documents of one archive input, streamed: a file, a directory, JSONL(.gz), Parquet, a feed.

    A directory yields its text files (recursively, in name order) named by their path
    relative to the directory. JSONL is read line by line (gzip when it ends in
    ``.gz``); a record is named by its ``id_field``, else ``PATH:LINE``. Parquet rows
    and feed items are named by ``id_field`` when they carry it.
    """
    if os.path.isdir(path):
        root = Path(path)
        for file in input_files(path, TEXT_SUFFIXES):
            for record in iter_records(file, "text"):
                yield _with_text(_renamed(record, Path(file).relative_to(root).as_posix()), file)
        return
    lower = path.lower()
    if kind == "jsonl" or (kind == "auto" and lower.endswith(tuple(s + ".gz" for s in JSONL_SUFFIXES) + JSONL_SUFFIXES)):
        yield from _iter_jsonl_stream(path, text_field, id_field)
        return
    for record in iter_records(path, input_kind(path, kind), text_field):
        value = record.fields.get(id_field)
        yield _with_text(_renamed(record, str(value)) if value is not None else record, path)


def _renamed(record: Record, name: str) -> Record:
    return Record(name, record.text, record.fields, record.error)


def _iter_jsonl_stream(path: str, text_field: str, id_field: str) -> Iterator[Record]:
    """A JSONL(.gz) archive line by line, each line read as ``translate`` reads a feed's
    (``jsonl_record``): a bad line is an error record, the others go on."""
    opener: Any = gzip.open if path.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            for lineno, chunk in enumerate(fh, start=1):
                record = jsonl_record(path, lineno, decoded_line(chunk), text_field, id_field)
                if record is not None:
                    yield _with_text(record, f"{path}:{lineno}")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, EOFError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None


def _with_text(record: Record, where: str) -> Record:
    """A record whose text is blank is unreadable for an index: nothing to find it by."""
    if record.text is not None and not record.text.strip():
        return Record(record.doc, None, record.fields, error=f"{where}: holds no text")
    return record
