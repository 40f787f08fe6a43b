"""Writing results: atomically, so a reader never sees a truncated file."""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

from pipeline.errors import OutputError


class Sink:
    """Where ``translate`` writes: a file written atomically on ``close`` (or stdout).

    Text and JSONL are streamed to a temporary file beside the target, Parquet through
    a ``pyarrow`` writer in row groups; ``close`` renames it into place, so a failed or
    interrupted run leaves the previous output (or none), never half a file.

    ``progressive`` (JSONL, ``mtaudit match``): each record is flushed as it is written,
    to stdout or to ``OUT.part`` beside the target, which ``close`` renames into place
    and ``abort`` keeps: a run stopped halfway keeps what it wrote, under a name that
    says it is partial.

    A target that is a symbolic link is written through (the file it names is replaced,
    the link kept); one that is a device or a pipe (``/dev/null``, a FIFO), or an open file
    reached through ``/dev/stdout`` or ``/dev/fd/N``, is written to directly, as a stream
    (appending): renaming a file over it would replace it. A directory, or a
    place no file can be written, is an ``OutputError`` before any work is done.
    """

    def __init__(self, fmt: str, output: Path | None, progressive: bool = False) -> None:
        self.fmt = fmt
        self.progressive = progressive
        self._to_stdout = output is None or str(output) == "-"
        if fmt == "parquet" and self._to_stdout:
            raise OutputError("--format parquet needs an output file: -o OUT.parquet")
        if fmt == "parquet":
            try:
                import pyarrow.parquet  # noqa: F401
            except ImportError:
                raise OutputError("Parquet needs pyarrow: pip install 'mtaudit[parquet]'") from None
        self._path = Path(output) if output is not None else None
        self._tmp: Path | None = None
        self._fh: IO[str] | None = None
        self._rows: list[dict[str, Any]] = []
        self._writer: Any = None
        self._stream: Path | None = None  # a device or pipe Parquet is written to directly
        if self._to_stdout:
            self._fh = sys.stdout
            return
        assert self._path is not None
        try:
            self._open(fmt, progressive)
        except OSError as exc:
            raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None

    def _open(self, fmt: str, progressive: bool) -> None:
        assert self._path is not None
        try:
            mode = self._path.stat().st_mode  # through any link, /dev/stdout's to the process's fd included
        except FileNotFoundError:
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            raise OutputError(f"{self._path} is a directory: give a file name to write to")
        real = os.path.realpath(self._path)
        # A device or a pipe, or an open file reached through /dev/stdout or /dev/fd/N (a link
        # into /proc): written to as a stream, appending (a shell's >> kept), never renamed over.
        if mode is not None and (not stat.S_ISREG(mode) or real.startswith("/proc/")
                                 or str(self._path).startswith(("/dev/", "/proc/"))):
            if fmt == "parquet":
                self._tmp = None
                self._stream = self._path
            else:
                self._fh = open(self._path, "a", encoding="utf-8", newline="")
            self._path = None
            return
        self._path = Path(real) if self._path.is_symlink() else self._path  # the file a link names
        directory = self._path.parent if str(self._path.parent) else Path(".")
        directory.mkdir(parents=True, exist_ok=True)
        if progressive:
            self._tmp = self._path.with_name(self._path.name + ".part")
            self._fh = open(self._tmp, "w", encoding="utf-8", newline="")
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{self._path.name}.", suffix=".tmp", dir=directory)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; an output is an ordinary file
        self._tmp = Path(tmp)
        if fmt == "parquet":
            os.close(fd)
        else:
            self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def text(self, chunk: str) -> None:
        """Append text (``text`` format)."""
        assert self._fh is not None
        self._fh.write(chunk)

    def record(self, record: dict[str, Any]) -> None:
        """Append one output record (``jsonl`` or ``parquet`` format)."""
        if self.fmt == "parquet":
            self._rows.append(record)
            if len(self._rows) >= 8192:
                self._flush_parquet()
        else:
            assert self._fh is not None
            self._fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            if self.progressive:
                self._fh.flush()

    def _flush_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._writer is None:
            self._writer = pq.ParquetWriter(str(self._tmp or self._stream), parquet_schema())
        self._writer.write_table(pa.Table.from_pylist([parquet_row(r) for r in self._rows], schema=self._writer.schema))
        self._rows = []

    def close(self) -> None:
        """Finish the output: flush, fsync and move into place."""
        if self.fmt == "parquet":
            self._flush_parquet()  # also creates the file for an empty run: a valid, empty table
            self._writer.close()
        elif self._fh is not None:
            self._fh.flush()
            if not self._to_stdout:
                if self._tmp is not None:  # a file of ours, not a device or a pipe
                    os.fsync(self._fh.fileno())
                self._fh.close()
        if self._tmp is not None and self._path is not None:
            try:
                os.replace(self._tmp, self._path)
            except OSError as exc:
                self._tmp.unlink(missing_ok=True)
                raise OutputError(f"cannot write {self._path}: {exc.strerror or exc}") from None
            self._tmp = None

    def abort(self) -> Path | None:
        """Drop a partial output file, or keep it when ``progressive`` and return its path (the target is left as it was)."""
        if self._writer is not None:
            self._writer.close()
        if self._fh is not None and not self._to_stdout:
            self._fh.close()
        kept = None
        if self._tmp is not None:
            if self.progressive and self._tmp.exists() and self._tmp.stat().st_size:
                kept = self._tmp
            else:
                self._tmp.unlink(missing_ok=True)
            self._tmp = None
        return kept


def parquet_schema() -> Any:
    """The Parquet layout of ``translate`` records: one row per sentence, or per failed document.

    ``fields`` (the input record's other fields) is a JSON string, since it differs from
    feed to feed; every other column has a fixed type and is null where a JSONL record
    has no such key.
    """
    import pyarrow as pa

    span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("lang", pa.string()), ("text", pa.string())])
    return pa.schema([
        ("doc", pa.string()),
        ("id", pa.int64()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("lang", pa.string()),
        ("confidence", pa.float64()),
        ("lang_source", pa.string()),
        ("alternatives", pa.list_(pa.string())),
        ("foreign_spans", pa.list_(span)),
        ("route", pa.string()),
        ("translation", pa.string()),
        ("flag", pa.string()),
        ("checks", pa.list_(pa.string())),  # checks the translation failed ([] when clean)
        ("retried", pa.bool_()),  # true when decoded a second time; null otherwise
        ("error", pa.string()),
        ("fields", pa.string()),
    ])


def parquet_row(record: dict[str, Any]) -> dict[str, Any]:
    """A JSONL record as a Parquet row (``fields`` serialised to JSON)."""
    row = dict(record)
    if "fields" in row:
        row["fields"] = json.dumps(row["fields"], ensure_ascii=False)
    return row


def record_from_parquet_row(row: dict[str, Any]) -> dict[str, Any]:
    """The inverse of ``parquet_row``: the JSONL record a Parquet row stands for."""
    record = {k: v for k, v in row.items() if v is not None}
    if "fields" in record:
        record["fields"] = json.loads(record["fields"])
    return record


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` via a temporary file and ``os.replace``."""
    sink = Sink("text", Path(path))
    try:
        sink.text(text)
        sink.close()
    except BaseException:
        sink.abort()
        raise
