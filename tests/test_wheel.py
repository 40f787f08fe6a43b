"""A regular (non-editable) install works: build a wheel, install it into a fresh
virtual environment and audit the bundled example from outside the repository.

The wheel is built offline with this environment's setuptools (``--no-build-isolation``)
from a copy of the files a source distribution holds, and the fresh environment reuses
this one's site-packages for the dependencies (a ``.pth`` line), so the test needs no
network and installs nothing big.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow

# What a build needs: everything else in the checkout (tests, scripts, examples) stays out.
_SOURCES = ("pyproject.toml", "README.md", "pipeline", "configs", "models")


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{cmd} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


def _copy_sources(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in _SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__", "_data", "*.pyc"))
        else:
            shutil.copy2(source, dest / name)
    return dest


def _dependency_dirs() -> list[str]:
    """This interpreter's site-packages folders, including those chained in by .pth files."""
    return [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]


def _fresh_venv(where: Path) -> Path:
    """A venv without pip whose site-packages falls back to this environment's."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    python = where / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # Appended after the venv's own site-packages, so the installed wheel wins; .pth files
    # of the appended folder (this checkout's editable-install hook) are not run.
    (Path(purelib) / "mtaudit-test-deps.pth").write_text("".join(f"{p}\n" for p in _dependency_dirs()), encoding="utf-8")
    return python


def test_wheel_installs_and_audits_the_example(tmp_path: Path) -> None:
    source = _copy_sources(tmp_path / "src")
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", str(source),
          "-w", str(dist)], cwd=tmp_path)
    [wheel] = dist.glob("mtaudit-*.whl")

    python = _fresh_venv(tmp_path / "venv")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
         cwd=tmp_path)

    work = tmp_path / "user"
    shutil.copytree(EXAMPLES, work / "examples")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HF_HUB_OFFLINE="1", XDG_CACHE_HOME=str(tmp_path / "cache"))
    where = _run([str(python), "-c", "import pipeline; print(pipeline.__file__)"], cwd=work, env=env)
    assert Path(where.stdout.strip()).is_relative_to(tmp_path / "venv"), where.stdout

    done = _run([str(python.parent / "mtaudit"), "audit", "examples/original.en.txt", "examples/repost.id.txt",
                 "--tm", "examples/repost.tm.tsv", "--format", "json"], cwd=work, env=env)
    report = json.loads(done.stdout)
    assert report["schema_version"] >= 1
    assert {d["type"] for d in report["divergences"]} >= {"negation", "entity", "number", "omission"}
    # The defaults really came from the wheel's package data.
    assert (Path(where.stdout.strip()).parent / "_data" / "configs" / "default.toml").is_file()
