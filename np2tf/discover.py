"""Find the files to convert: directories recursively, skipping VCS, virtualenv and build
folders, plus any ``exclude`` globs from the configuration."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Iterable, Iterator

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "env",
        ".env",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".np2tf_cache",
        "__pycache__",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        ".eggs",
    }
)
SUFFIXES = (".py", ".pyi")


def _excluded(path: Path, exclude: Iterable[str]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, pat) or fnmatch.fnmatch(path.name, pat) for pat in exclude)


def _is_venv(directory: Path) -> bool:
    return (directory / "pyvenv.cfg").is_file()


def find_files(paths: Iterable[Path], exclude: Iterable[str] = ()) -> Iterator[Path]:
    """Yield the Python files named by ``paths``, in a stable order.

    A file named explicitly is always yielded (even with another suffix); directories are
    walked without following symlinks, so a symlink loop cannot hang the walk.

    Raises:
        FileNotFoundError: a path does not exist.
    """
    exclude = tuple(exclude)
    seen: set[Path] = set()
    for root in paths:
        if not root.exists() and not root.is_symlink():
            raise FileNotFoundError(str(root))
        if not root.is_dir():
            if root not in seen:
                seen.add(root)
                yield root
            continue
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            here = Path(dirpath)
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d not in SKIP_DIRS
                and not d.endswith(".egg-info")
                and not _is_venv(here / d)
                and not _excluded(here / d, exclude)
            )
            for name in sorted(filenames):
                path = here / name
                if name.endswith(SUFFIXES) and not _excluded(path, exclude) and path not in seen:
                    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
                        continue  # never follow a link out of the tree
                    seen.add(path)
                    yield path
