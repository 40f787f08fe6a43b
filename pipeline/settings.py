"""Configuration: ``configs/default.toml`` merged with a user file and CLI overrides."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError

_PACKAGE_DATA = Path(__file__).resolve().parent / "_data"
_REPO_ROOT = Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """Locate a file shipped with mtaudit (``configs/...``, ``models/...``).

    A wheel carries them inside the package as ``pipeline/_data/...`` (mapped from the
    top-level folders at build time, see pyproject.toml); a source checkout or editable
    install reads the top-level folders themselves. The package copy is looked at
    first: an installed mtaudit's parent folder is site-packages, where another
    distribution may own a ``configs/`` folder.
    """
    for base in (_PACKAGE_DATA, _REPO_ROOT):
        candidate = base.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise ConfigError(f"mtaudit resource {'/'.join(parts)} is missing from the installation")


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning every failure into a one-line ``ConfigError``."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Recursively merge ``override`` into a copy of ``base`` (tables merge, values replace)."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def load_config(user_file: Path | None = None) -> dict[str, Any]:
    """The defaults, with ``user_file`` (if any) merged over them."""
    config = read_toml(resource_path("configs", "default.toml"))
    if user_file is not None:
        config = merge(config, read_toml(user_file))
    return config
