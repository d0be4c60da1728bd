"""np2tf.runtime, imported before TensorFlow, turns oneDNN's graph rewrite off unless told."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

pytestmark = pytest.mark.tf

pytest.importorskip("tensorflow")

RUNTIME_FIRST = """
import os
import np2tf.runtime
from tensorflow.python.util import _pywrap_util_port
print(_pywrap_util_port.IsMklEnabled(), os.environ.get("TF_ENABLE_ONEDNN_OPTS"))
"""

TENSORFLOW_FIRST = """
import os
import tensorflow
import np2tf.runtime
from tensorflow.python.util import _pywrap_util_port
print(_pywrap_util_port.IsMklEnabled(), os.environ.get("TF_ENABLE_ONEDNN_OPTS"))
"""


def _probe(source: str, **env: str) -> list[str]:
    environ = {k: v for k, v in os.environ.items() if k != "TF_ENABLE_ONEDNN_OPTS"}
    environ.update(env)
    out = subprocess.run([sys.executable, "-c", source], env=environ, capture_output=True,
                         text=True, check=True, timeout=120)
    return out.stdout.split()[-2:]


def test_runtime_imported_first_turns_onednn_off() -> None:
    assert _probe(RUNTIME_FIRST) == ["False", "0"]


# TensorFlow's x86 builds have oneDNN on by default; elsewhere it may be off or absent.
X86 = platform.machine().lower() in ("x86_64", "amd64")


def test_an_explicit_setting_wins() -> None:
    enabled, value = _probe(RUNTIME_FIRST, TF_ENABLE_ONEDNN_OPTS="1")
    assert value == "1"
    if X86:
        assert enabled == "True"


def test_after_tensorflow_the_environment_is_left_alone() -> None:
    # TensorFlow read the variable at import; setting it now would only reach child
    # processes, which did not ask for it.
    enabled, value = _probe(TENSORFLOW_FIRST)
    assert value == "None"
    if X86:
        assert enabled == "True"
