"""Where `-o` writes: through a symbolic link, into a device or a pipe as a stream, and a
clear usage error (exit 2, one line) for a directory or a place no file can be written."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from pipeline.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AUDIT = ["audit", str(EXAMPLES / "original.en.txt"), str(EXAMPLES / "repost.id.txt"),
         "--tm", str(EXAMPLES / "repost.tm.tsv"), "--no-cache", "-q", "--format", "md"]


def test_a_symbolic_link_is_written_through_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert main([*AUDIT, "-o", str(link)]) == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("#")


def test_a_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(fifo.read_bytes()))
    reader.start()
    assert main([*AUDIT, "-o", str(fifo)]) == 0
    reader.join(timeout=60)
    assert stat.S_ISFIFO(fifo.stat().st_mode) and read and read[0].startswith(b"#")
    # A device (/dev/null) takes the same path: not tested on the device itself, which a
    # regression would replace on the machine running the suite.


def test_an_open_file_reached_through_dev_fd_is_appended_to_not_replaced(tmp_path: Path) -> None:
    # As `-o /dev/stdout >> log.txt` does: the link leads into /proc, to a file already open.
    log = tmp_path / "log.txt"
    log.write_text("EARLIER\n", encoding="utf-8")
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    try:
        assert main([*AUDIT, "-o", f"/dev/fd/{fd}"]) == 0
    finally:
        os.close(fd)
    text = log.read_text(encoding="utf-8")
    assert text.startswith("EARLIER\n#"), text[:40]


@pytest.mark.parametrize("command", [
    ["translate", str(EXAMPLES / "repost.id.txt"), "--tm", str(EXAMPLES / "repost.tm.tsv"), "--no-cache", "-q"],
    AUDIT,
])
def test_a_directory_or_an_impossible_place_is_a_one_line_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    afile = tmp_path / "a.txt"
    afile.write_text("x\n", encoding="utf-8")
    for target, says in ((tmp_path, "is a directory"), (afile / "under", "cannot write")):
        assert main([*command, "-o", str(target)]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and says in err, err
    assert afile.read_text(encoding="utf-8") == "x\n"
