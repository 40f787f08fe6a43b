"""Issue 7: kill -9 in the middle of a translation, and two runs sharing one cache."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SUBJECTS = ["Pasukan Rusia", "Para pemimpin Eropa", "Presiden Prancis", "Pemerintah Indonesia", "Kelompok nelayan"]
SENTENCES = 3000
VERBS = ["menyerang kota", "mengunjungi pelabuhan", "membahas anggaran", "menolak rencana", "mendukung perjanjian"]


def _feed(path: Path, lines: range) -> Path:
    """Distinct Indonesian sentences, one a line (numbered so no two are the same)."""
    text = "\n".join(
        f"{SUBJECTS[i % 5]} {VERBS[(i // 5) % 5]} nomor {i} di wilayah timur pada hari Kamis." for i in lines
    )
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _cmd(model_dir: Path, cache: Path | None, doc: Path, out: Path) -> list[str]:
    cache_args = ["--cache", str(cache)] if cache else ["--no-cache"]
    # Short outputs and the CTranslate2 backend keep the random-weight model quick.
    config = out.parent / "short.toml"
    config.write_text("[translate]\nmax_length_ratio = 0.3\nmax_length_extra = 4\n", encoding="utf-8")
    return [sys.executable, "-m", "pipeline", "translate", str(doc), "-o", str(out), "--model-dir", str(model_dir),
            "--backend", "ctranslate2", "--compute-type", "float32", "--batch-size", "16", "--config", str(config),
            "-q", "--stats", *cache_args]


def _rows(cache: Path) -> int:
    if not cache.exists():
        return 0
    try:
        with sqlite3.connect(cache, timeout=5) as db:
            return int(db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])
    except sqlite3.OperationalError:  # the table is not created yet
        return 0


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}


@pytest.mark.slow
def test_kill_9_then_rerun_resumes_and_matches(tmp_path: Path, model_dir: Path) -> None:
    doc = _feed(tmp_path / "feed.txt", range(SENTENCES))
    cache = tmp_path / "cache.sqlite3"
    out = tmp_path / "out.txt"
    proc = subprocess.Popen(_cmd(model_dir, cache, doc, out, ), env=_env(), stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while _rows(cache) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be interrupted: make the feed longer"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = _rows(cache)
    assert 0 < finished < SENTENCES
    assert not out.exists(), "an interrupted run must not leave a partial output file"

    resumed = subprocess.run(_cmd(model_dir, cache, doc, out, ), env=_env(), capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    # Finished sentences come from the cache: no model call is repeated for them.
    assert f"{finished} cached" in resumed.stderr and f"{SENTENCES - finished} translated" in resumed.stderr

    clean_out = tmp_path / "clean.txt"
    clean = subprocess.run(_cmd(model_dir, None, doc, clean_out, ), env=_env(), capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stderr
    assert out.read_bytes() == clean_out.read_bytes()
    # ...with the checks and second tries on: the random model's outputs run to the length
    # limit, so sentences were decoded twice, and the resumed run says the same of them.
    retried = re.search(r"checks failed: .*?(\d+) retried", clean.stderr)
    assert retried and int(retried.group(1)) > 0, clean.stderr
    assert f"{retried.group(1)} retried" in resumed.stderr


@pytest.mark.slow
def test_two_processes_share_a_cache(tmp_path: Path, model_dir: Path) -> None:
    first = _feed(tmp_path / "a.txt", range(0, 500))
    second = _feed(tmp_path / "b.txt", range(250, 750))
    cache = tmp_path / "cache.sqlite3"
    procs = [
        subprocess.Popen(_cmd(model_dir, cache, doc, tmp_path / f"{doc.stem}.out"), env=_env(),
                         stderr=subprocess.PIPE, text=True)
        for doc in (first, second)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    assert _rows(cache) == 750  # no lost entry, no duplicate
    with sqlite3.connect(cache) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    a = (tmp_path / "a.out").read_text(encoding="utf-8").splitlines()
    b = (tmp_path / "b.out").read_text(encoding="utf-8").splitlines()
    assert len(a) == len(b) == 500
    assert a[250:] == b[:250], "the shared sentences read the same in both outputs"


@pytest.mark.slow
def test_sigterm_removes_the_half_written_output_and_keeps_the_old_one(tmp_path: Path, model_dir: Path) -> None:
    # timeout, docker stop and systemd send SIGTERM: the process died where it stood and
    # its hidden temporary output stayed beside the old one.
    doc = _feed(tmp_path / "feed.txt", range(SENTENCES))
    cache = tmp_path / "cache.sqlite3"
    out = tmp_path / "out.txt"
    out.write_text("yesterday's output\n", encoding="utf-8")
    proc = subprocess.Popen(_cmd(model_dir, cache, doc, out), env=_env(), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while _rows(cache) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be stopped: make the feed longer"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143 and "terminated" in err, err
    assert out.read_text(encoding="utf-8") == "yesterday's output\n"
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("cache.sqlite3"))
    assert left == ["feed.txt", "out.txt", "short.toml"]  # no temporary output
