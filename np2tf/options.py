"""Options that change what a conversion produces (as opposed to how a run reports)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    """Conversion options.

    Attributes:
        allow_approximate: also apply rules whose fidelity is ``approximate``.
    """

    allow_approximate: bool = False
