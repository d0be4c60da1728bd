"""np2tf.runtime starts TensorFlow's eager context with eager ops as plain kernels.

TensorFlow's default wraps each eager op in a one-op function, registered in the context
as ``__wrapped__<Op>...``; without it no such function appears. Each probe is a fresh
process: the option is read once, when the context starts.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.tf

pytest.importorskip("tensorflow")

PROBE = """
{before}
import numpy as np
import np2tf.runtime as n2t
import tensorflow as tf
from tensorflow.python.eager import context

x = tf.constant([3, 1, 2], tf.uint32)
y = tf.bitwise.bitwise_xor(x, tf.constant(5, tf.uint32))
rng = n2t.random.RandomState(0)
same = bool(np.array_equal(rng.rand(4).numpy(), np.random.RandomState(0).rand(4)))
wrapped = any(name.startswith("__wrapped__") for name in context.context().list_function_names())
print(wrapped, y.numpy().tolist() == [6, 4, 7], same)
"""


def _probe(before: str = "", **env: str) -> list[str]:
    environ = {k: v for k, v in os.environ.items() if k != "NP2TF_EAGER_OP_AS_FUNCTION"}
    environ.update(env)
    out = subprocess.run([sys.executable, "-c", PROBE.format(before=before)], env=environ,
                         capture_output=True, text=True, check=True, timeout=120)
    return out.stdout.split()[-3:]


@pytest.mark.parametrize("cache", [{}, {"NP2TF_XLA_CACHE": "off"}], ids=["xla-cache", "no-xla-cache"])
def test_eager_ops_run_as_plain_kernels(cache: dict[str, str]) -> None:
    # with the XLA cache on, the cache's setup starts the context (to read TF_XLA_FLAGS)
    assert _probe(**cache) == ["False", "True", "True"]


def test_the_environment_keeps_tensorflows_default() -> None:
    assert _probe(NP2TF_EAGER_OP_AS_FUNCTION="1") == ["True", "True", "True"]


def test_a_context_started_before_the_runtime_is_left_alone() -> None:
    assert _probe(before="import tensorflow as tf0; tf0.constant(1.0) + 1.0") == ["True", "True", "True"]
