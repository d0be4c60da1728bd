"""np2tf.runtime starts TensorFlow's eager context with eager ops as plain kernels (and a
lighter Grappler).

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


def _run(probe: str, before: str, words: int, env: dict[str, str]) -> list[str]:
    """The last ``words`` words ``probe`` prints in a fresh process, with the runtime's
    switches unset unless ``env`` sets them."""
    environ = {k: v for k, v in os.environ.items() if k not in ("NP2TF_EAGER_OP_AS_FUNCTION", "NP2TF_LIGHT_GRAPPLER")}
    environ.update(env)
    out = subprocess.run([sys.executable, "-c", probe.format(before=before)], env=environ,
                         capture_output=True, text=True, check=True, timeout=120)
    return out.stdout.split()[-words:]


def _probe(before: str = "", **env: str) -> list[str]:
    return _run(PROBE, before, 3, env)


@pytest.mark.parametrize("cache", [{}, {"NP2TF_XLA_CACHE": "off"}], ids=["xla-cache", "no-xla-cache"])
def test_eager_ops_run_as_plain_kernels(cache: dict[str, str]) -> None:
    # with the XLA cache on, the cache's setup starts the context (to read TF_XLA_FLAGS)
    assert _probe(**cache) == ["False", "True", "True"]


def test_the_environment_keeps_tensorflows_default() -> None:
    assert _probe(NP2TF_EAGER_OP_AS_FUNCTION="1") == ["True", "True", "True"]


def test_a_context_started_before_the_runtime_is_left_alone() -> None:
    assert _probe(before="import tensorflow as tf0; tf0.constant(1.0) + 1.0") == ["True", "True", "True"]


GRAPPLER_PROBE = """
{before}
import np2tf.runtime as n2t
import tensorflow as tf
from tensorflow.python.eager import context

@tf.function
def f(x):
    return x * 2.0 + 1.0

assert float(f(tf.constant(1.0))) == 3.0
options = context.context().config.graph_options.rewrite_options
print(options.meta_optimizer_iterations, options.memory_optimization,
      options.experimental_conditional_code_motion, options.disable_tfg_optimizer)
"""


def _grappler(before: str = "", **env: str) -> list[str]:
    return _run(GRAPPLER_PROBE, before, 4, env)


def test_the_context_runs_a_lighter_grappler() -> None:
    # one round (ONE = 1), no memory optimizer (NO_MEM_OPT = 1), no code motion (OFF = 2), no TFG hook
    assert _grappler() == ["1", "1", "2", "True"]


def test_the_environment_keeps_grapplers_passes() -> None:
    assert _grappler(NP2TF_LIGHT_GRAPPLER="0") == ["0", "0", "0", "False"]


def test_a_context_started_before_keeps_grapplers_passes() -> None:
    assert _grappler(before="import tensorflow as tf0; tf0.constant(1.0) + 1.0") == ["0", "0", "0", "False"]


def test_settings_made_before_the_runtime_stay() -> None:
    before = ("from tensorflow.python.eager import context as c0\n"
              "from tensorflow.core.protobuf import config_pb2, rewriter_config_pb2\n"
              "cfg = config_pb2.ConfigProto()\n"
              "cfg.graph_options.rewrite_options.meta_optimizer_iterations = rewriter_config_pb2.RewriterConfig.TWO\n"
              "c0.context()._config = cfg")
    assert _grappler(before=before) == ["2", "1", "2", "True"]
