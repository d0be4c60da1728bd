"""What a run produces, file by file: light data shared by the pipeline, the cache and the
reports.

Kept apart from :mod:`np2tf.pipeline` because that module loads libcst: the command line,
the cache and the reporters must be importable without it, so a re-check served from the
cache starts in a few tens of milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from np2tf.diagnostics import Diagnostic


class Status(Enum):
    """What happened to one file."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    INPUT_ERROR = "input-error"  # unreadable or unparsable: left untouched (exit 2)
    INTERNAL_ERROR = "internal-error"  # np2tf's bug: left untouched (exit 123)


class Action(Enum):
    """What a run does with converted code."""

    WRITE = "write"  # in place
    OUTPUT = "output"  # into another directory tree
    DIFF = "diff"
    CHECK = "check"


@dataclass
class FileResult:
    """The outcome for one file."""

    path: str
    status: Status
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: str = ""
    output: str = ""
    encoding: str = "utf-8"

    @property
    def changed(self) -> bool:
        """Whether conversion changed the file."""
        return self.status is Status.CHANGED


@dataclass
class RunResult:
    """All files of a run, in discovery order.

    Attributes:
        files: one result per file.
        diffs: unified diffs (``--diff`` only).
        cached: how many results came from the cache.
        suppressed: how many diagnostics ``# np2tf: ignore`` comments hid.
    """

    files: list[FileResult]
    diffs: list[str] = field(default_factory=list)
    cached: int = 0
    suppressed: int = 0
