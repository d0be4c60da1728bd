"""Find the files to convert: directories recursively, skipping VCS, virtualenv and build
folders, plus any ``exclude`` globs from the configuration.

Python modules (``.py``, ``.pyi``) and Jupyter notebooks (``.ipynb``) are found. A glob
matches a file's path as given (``src/legacy/*.py``), its path relative to the folder
being walked, or its name (``*_pb2.py``); ``**`` matches any number of folders.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

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
        ".ipynb_checkpoints",
        "site-packages",
        ".eggs",
    }
)
SUFFIXES = (".py", ".pyi", ".ipynb")


def _matches(path: Path, root: Path, pattern: str) -> bool:
    """Whether ``pattern`` matches ``path`` (as given, relative to ``root``, or its name)."""
    texts = [path.as_posix(), path.name]
    if path.is_relative_to(root):
        texts.append(path.relative_to(root).as_posix())
    pattern = pattern.rstrip("/")
    patterns = [pattern]
    if pattern.startswith("**/"):
        patterns.append(pattern[3:])  # `**/x` also matches `x` at the top
    return any(fnmatch.fnmatch(text, p) for text in texts for p in patterns)


def _excluded(path: Path, exclude: Iterable[str], root: Path = Path(".")) -> bool:
    return any(_matches(path, root, pattern) for pattern in exclude)


def _is_venv(directory: Path) -> bool:
    return (directory / "pyvenv.cfg").is_file()


def find_files(paths: Iterable[Path], exclude: Iterable[str] = (), include: Iterable[str] = ()) -> Iterator[Path]:
    """Yield the Python files and notebooks named by ``paths``, in a stable order.

    A file named explicitly is always yielded (even with another suffix), unless an
    ``exclude`` glob matches it: pre-commit passes every staged file by name, and the
    configuration's excludes must still apply. Directories are walked without following
    symlinks, so a symlink loop cannot hang the walk; when ``include`` is given, a file
    found in a directory must also match one of its globs.

    Raises:
        FileNotFoundError: a path does not exist.
    """
    exclude = tuple(exclude)
    include = tuple(include)
    seen: set[Path] = set()
    for root in paths:
        if not root.exists() and not root.is_symlink():
            raise FileNotFoundError(str(root))
        if not root.is_dir():
            if root not in seen and not _excluded(root, exclude):
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
                and not _excluded(here / d, exclude, root)
            )
            for name in sorted(filenames):
                path = here / name
                if name.endswith(SUFFIXES) and not _excluded(path, exclude, root) and path not in seen:
                    if include and not any(_matches(path, root, pattern) for pattern in include):
                        continue
                    # realpath, not Path.resolve(): on a symlink loop resolve() raises on 3.11.
                    if path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root)):
                        continue  # never follow a link out of the tree
                    seen.add(path)
                    yield path
