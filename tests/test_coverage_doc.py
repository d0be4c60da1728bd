"""``docs/coverage.md`` must match the rule tables (regenerate: python -m np2tf.coverage)."""

from __future__ import annotations

import subprocess
import sys

from np2tf import coverage


def test_coverage_doc_is_current() -> None:
    expected = coverage.render(coverage.load_rules(), coverage.public_numpy_names())
    assert coverage.DOC.read_text(encoding="utf-8") == expected, "stale: run python -m np2tf.coverage"


def test_importing_coverage_imports_neither_numpy_nor_tensorflow() -> None:
    code = "import sys, np2tf.coverage; print('numpy' in sys.modules, 'tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
