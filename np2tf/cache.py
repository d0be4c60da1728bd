"""A content-hash cache of per-file results, so an unchanged tree re-checks in milliseconds.

Like Ruff's ``.ruff_cache``, it lives in the project root (the folder of the nearest
``pyproject.toml``, else of the nearest ``.git``, else the working directory) under
``.np2tf_cache/``; ``NP2TF_CACHE_DIR`` moves it and ``--no-cache`` turns it off.

One pack file holds the results made by one *converter*: its name is a fingerprint of the
np2tf version, the rule tables (the same bytes ``load_rules().digest`` hashes) and the
converter's own source files, so editing np2tf or a rule invalidates everything. Inside
the pack, an entry's key hashes the conversion options and the file's bytes: the path is
not part of it, so a moved file still hits. Entries are plain JSON.

This module imports neither libcst nor the stages: a run served entirely from the cache
never loads them.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from np2tf import __version__
from np2tf.diagnostics import Diagnostic
from np2tf.results import FileResult, Status

DIRNAME = ".np2tf_cache"
MAX_ENTRIES = 50_000  # beyond this the oldest entries (of earlier contents) are dropped
_PACKAGE = Path(__file__).resolve().parent


def project_root(paths: Iterable[Path]) -> Path:
    """The folder that holds the cache for a run over ``paths``."""
    resolved = [Path(p).resolve() for p in paths] or [Path.cwd()]
    start = resolved[0] if resolved[0].is_dir() else resolved[0].parent
    for marker in ("pyproject.toml", ".git"):
        for directory in (start, *start.parents):
            if (directory / marker).exists():
                return directory
    return Path.cwd()


def _rules_dir() -> Path:
    """Where the rule tables are, found without importlib.resources (30 ms to import).

    The wheel ships them as the ``np2tf.rules`` package; a source checkout has them in
    the top-level ``rules/`` folder. Anything else defers to the rule loader itself.
    """
    for candidate in (_PACKAGE / "rules", _PACKAGE.parent / "rules"):
        if any(candidate.glob("*.toml")):
            return candidate
    from np2tf import ruleset

    return ruleset._rules_dir()


def fingerprint() -> str:
    """Identify the converter: version, rule tables and np2tf's own modules.

    The rule tables are hashed by content (what :func:`np2tf.ruleset.load_rules` digests,
    without paying for parsing them); np2tf's modules by size and modification time,
    which is enough to notice an edit during development at the cost of a few stats.
    """
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(_rules_dir().glob("*.toml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in sorted(_PACKAGE.rglob("*.py")):
        if "runtime" in path.relative_to(_PACKAGE).parts:
            continue  # converted code's runtime does not change what the converter writes
        info = path.stat()
        digest.update(f"{path.relative_to(_PACKAGE)}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


def entry_key(settings: str, data: bytes) -> str:
    """The key of one file's entry: the run's conversion settings and the file's bytes."""
    return hashlib.sha256(settings.encode() + b"\0" + data).hexdigest()


class Cache:
    """Results by content hash, loaded at the start of a run and saved at its end."""

    def __init__(self, directory: Path, settings: str) -> None:
        """Open the pack for this converter under ``directory`` (nothing is read yet).

        Args:
            directory: the cache folder (``<root>/.np2tf_cache``).
            settings: a canonical string of every option that changes a result.
        """
        self.directory = directory
        self.settings = settings
        self.pack = directory / f"results-{fingerprint()}.json"
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        try:
            self.entries = json.loads(self.pack.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    @classmethod
    def for_paths(cls, paths: Iterable[Path], settings: str) -> Cache:
        """The cache of the project that ``paths`` belong to."""
        override = os.environ.get("NP2TF_CACHE_DIR")
        directory = Path(override) if override else project_root(paths) / DIRNAME
        return cls(directory, settings)

    def key(self, data: bytes) -> str:
        """The entry key for a file with contents ``data``."""
        return entry_key(self.settings, data)

    def get(self, key: str, display: str, data: bytes) -> FileResult | None:
        """The cached result for ``key``, relabelled with ``display``, or ``None``."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            status = Status(entry["status"])
            diagnostics = [Diagnostic(display + suffix, line, col, code, message, help_) for suffix, line, col, code, message, help_ in entry["diagnostics"]]
            result = FileResult(display, status, diagnostics, encoding=entry.get("encoding", "utf-8"))
            if status is Status.CHANGED:
                result.source = data.decode(result.encoding)
                result.output = entry["output"]
        except (KeyError, ValueError, TypeError, LookupError):
            return None
        return result

    def put(self, key: str, result: FileResult) -> None:
        """Remember ``result``.

        Internal errors are remembered too: fixing np2tf changes its fingerprint, which
        retires every entry, and re-converting a crashing file on every warm run would
        make the warm run as slow as a cold one.
        """
        entry: dict[str, Any] = {
            "status": result.status.value,
            "encoding": result.encoding,
            "diagnostics": [[d.path[len(result.path) :] if d.path.startswith(result.path) else "", d.line, d.col, d.code, d.message, d.help] for d in result.diagnostics],
        }
        if result.changed:
            entry["output"] = result.output
        self.entries.pop(key, None)  # re-insert: dict order is the age order for pruning
        self.entries[key] = entry
        self.dirty = True

    def save(self) -> None:
        """Write the pack atomically and drop packs of other converters; never raises."""
        if not self.dirty:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by np2tf automatically.\n*\n", encoding="utf-8")
            entries = self.entries
            if len(entries) > MAX_ENTRIES:
                entries = dict(list(entries.items())[-MAX_ENTRIES:])
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".results-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entries, handle, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, self.pack)
            for old in self.directory.glob("results-*.json"):
                if old != self.pack:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout still gets a correct (uncached) run
