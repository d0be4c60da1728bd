"""np2tf.runtime turns on TensorFlow's caching CPU allocator unless told otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.tf

pytest.importorskip("tensorflow")

# Allocator statistics exist only for the BFC allocator: the probe prints whether it is on.
PROBE = """
import tensorflow as tf
import np2tf.runtime
x = tf.zeros([1000, 1000])
try:
    tf.config.experimental.get_memory_info("CPU:0")
    print("bfc")
except ValueError:
    print("default")
"""


def _allocator(**env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "TF_CPU_ALLOCATOR_USE_BFC"}
    environ.update(env)
    out = subprocess.run([sys.executable, "-c", PROBE], env=environ, capture_output=True,
                         text=True, check=True, timeout=120)
    return out.stdout.split()[-1]


def test_runtime_import_turns_on_the_caching_allocator() -> None:
    # even after `import tensorflow`, as long as nothing was allocated yet
    assert _allocator() == "bfc"


def test_an_explicit_setting_wins() -> None:
    assert _allocator(TF_CPU_ALLOCATOR_USE_BFC="false") == "default"
