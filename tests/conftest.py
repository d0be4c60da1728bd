"""Shared pytest configuration: ``--update-fixtures``, a private XLA cache, oneDNN as converted code runs it.

Converted code keeps compiled XLA executables across processes (``np2tf.runtime._xla_cache``,
in ``~/.cache/np2tf/xla`` by default). The test session (and every program it runs in a
child process) uses a fresh directory instead, removed at the end: runs do not depend on
what earlier runs left, and the suite's loads go through the cache all the same.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

# Converted programs import np2tf.runtime before TensorFlow, which turns oneDNN's graph
# rewrite off; test modules import TensorFlow in any order, so say it here, as they run.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

if "NP2TF_XLA_CACHE" not in os.environ:  # before any test imports np2tf.runtime
    _XLA_CACHE = os.environ["NP2TF_XLA_CACHE"] = tempfile.mkdtemp(prefix="np2tf-test-xla-cache-")
else:
    _XLA_CACHE = None


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-fixtures",
        action="store_true",
        help="Rewrite fixtures' .out.py and .report.txt from the current converter; review the diff.",
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    if _XLA_CACHE is not None:
        shutil.rmtree(_XLA_CACHE, ignore_errors=True)
