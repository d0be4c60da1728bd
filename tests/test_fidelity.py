"""Fidelity: converted programs give NumPy's values, or a diagnostic says why.

Runs ``benchmarks/fidelity/run.py``'s :func:`evaluate` on every program in
``benchmarks/fidelity/programs/`` and every minimal repro in ``benchmarks/fidelity/repros/``
and ``benchmarks/fidelity/heldout_repros/`` (minimal forms of what programs written blind
by a colleague hit) and fails when one is **silent** (differs or raises with no
warning-level diagnostic).

Modes checked: ``default`` (``--tf-function auto``, NumPy's random streams in TF ops),
``off`` (the literal eager conversion) and ``numpy`` (``--random numpy``). Known silent
cases are strict xfails naming the root cause: when a fix lands the xfail XPASSes and this
file must be updated. See ``docs/fidelity.md`` for the full table.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIDELITY = ROOT / "benchmarks" / "fidelity"
sys.path.insert(0, str(FIDELITY))

pytestmark = [pytest.mark.tf, pytest.mark.slow]

MODES = ["default", "off", "numpy"]

# (program stem, mode) -> root cause. Keep in step with the report in docs/fidelity.md.
KNOWN_SILENT: dict[tuple[str, str], str] = {
}


def _cases() -> list:
    cases = []
    for directory in ("programs", "repros", "heldout_repros"):
        for path in sorted((FIDELITY / directory).glob("*.py")):
            if path.name.startswith("_"):
                continue
            for mode in MODES:
                reason = KNOWN_SILENT.get((path.stem, mode))
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                cases.append(pytest.param(path, mode, id=f"{directory}/{path.stem}[{mode}]", marks=marks))
    return cases


@pytest.mark.parametrize(("path", "mode"), _cases())
def test_not_silent(path: Path, mode: str, tmp_path: Path) -> None:
    pytest.importorskip("tensorflow")
    import run  # benchmarks/fidelity/run.py

    result = run.evaluate(path, mode, tmp_path)
    assert result.status != "silent", f"{path.stem} [{mode}] differs with no warning: {result.detail}"
