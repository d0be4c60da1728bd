"""Device scopes (``np2tf/insert/device.py``, ``np2tf/runtime/_device.py``).

The decision tests only convert. The placement tests split the CPU into two logical
devices, which must happen before TensorFlow initialises, so they run in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from np2tf.options import Options
from np2tf.pipeline import convert_source

ROOT = Path(__file__).resolve().parent.parent
SOURCE = textwrap.dedent(
    '''\
    """A script with a helper, a time-stepping entry point and module-level code."""
    import numpy as np


    def helper(x):
        return np.tanh(x) * 0.5


    def solve(u, nt):
        for n in range(nt):
            u = u + 0.1 * helper(np.roll(u, 1) - u)
        return u


    def describe(u):
        return "n=" + str(len(u))


    u0 = np.linspace(0.0, 1.0, 16)
    result = solve(u0, 20)
    '''
)


def _convert(mode: str = "auto", device: str | None = "/CPU:1", **kw: object) -> tuple[str, list[str]]:
    converted = convert_source(SOURCE, "script.py", Options(tf_function=mode, device=device, **kw))  # type: ignore[arg-type]
    return converted.code, [f"{d.code} {d.message}" for d in converted.diagnostics if d.code.startswith("N2T41")]


def test_entry_point_gets_decorator_outside_tf_function() -> None:
    code, messages = _convert("auto")
    assert "@n2t.on_device('/CPU:1')\n@n2t.function(reduce_retracing=True, autograph=False)\ndef solve" in code, code
    assert any(m.startswith("N2T410 `solve`") for m in messages)


def test_callee_of_scoped_function_inherits_its_device() -> None:
    code, messages = _convert("off")
    assert "@n2t.on_device('/CPU:1')\ndef solve" in code
    assert "\ndef helper" in code and "on_device('/CPU:1')\ndef helper" not in code
    assert any(m.startswith("N2T412 `helper`") and "only called from solve" in m for m in messages)


def test_function_without_converted_ops_is_left_alone() -> None:
    code, messages = _convert("off")
    assert "\n\ndef describe(u):" in code and "on_device('/CPU:1')\ndef describe" not in code
    assert any(m.startswith("N2T412 `describe`") and "no converted ops" in m for m in messages)


def test_module_level_code_runs_under_with_scope() -> None:
    code, messages = _convert("off")
    scope = code.index("with tf.device(n2t.device('/CPU:1')):\n    u0 = ")
    assert code[scope:].endswith(".linspace(0.0, 1.0, 16)\n    result = solve(u0, 20)\n")
    assert any(m.startswith("N2T411") for m in messages)


def test_no_device_changes_nothing() -> None:
    with_device, _ = _convert("auto", device=None)
    assert "device" not in with_device


@pytest.mark.parametrize("mode", ["off", "auto"])
def test_converting_again_adds_no_second_scope(mode: str) -> None:
    code, _ = _convert(mode)
    again = convert_source(code, "script.py", Options(tf_function=mode, device="/CPU:1")).code
    assert again == code


SCRIPT = textwrap.dedent(
    """\
    import importlib.util, json, os, sys
    import numpy as np
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    import np2tf.runtime as n2t
    from np2tf.runtime import _device
    # Until np2tf/runtime/__init__.py exports them.
    n2t.device = getattr(n2t, "device", _device.device)
    n2t.on_device = getattr(n2t, "on_device", _device.on_device)

    path = sys.argv[1]
    spec = importlib.util.spec_from_file_location("converted_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tf.device("/CPU:0"):
        u = tf.constant(np.linspace(0.0, 1.0, 16))
    out = module.solve(u, 20)
    print(json.dumps({
        "input": u.device,
        "module_level": module.u0.device,
        "result": module.result.device,
        "call": out.device,
        "values": np.asarray(out).tolist(),
    }))
    """
)


def _expected() -> list[float]:
    import numpy as np

    scope: dict[str, object] = {}
    exec(compile(SOURCE, "script.py", "exec"), scope)  # noqa: S102 - runs the NumPy original
    return np.asarray(scope["result"]).tolist()  # type: ignore[call-overload]


@pytest.mark.tf
@pytest.mark.parametrize(("mode", "jit"), [("off", False), ("auto", False), ("auto", True)])
@pytest.mark.parametrize("env", [None, "/CPU:0"])
def test_converted_code_runs_on_the_chosen_logical_device(mode: str, jit: bool, env: str | None, tmp_path: Path) -> None:
    import numpy as np

    code, _ = _convert(mode, jit=jit)
    script = tmp_path / "converted_script.py"
    script.write_text(code, encoding="utf-8")
    runner = tmp_path / "runner.py"
    runner.write_text(SCRIPT, encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if k != "NP2TF_DEVICE"}
    environ["PYTHONPATH"] = str(ROOT) + os.pathsep + environ.get("PYTHONPATH", "")
    environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    if env is not None:
        environ["NP2TF_DEVICE"] = env
    done = subprocess.run([sys.executable, str(runner), str(script)], capture_output=True, text=True, env=environ, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    want = env or "/CPU:1"
    assert found["input"].endswith("CPU:0")
    for key in ("module_level", "result", "call"):
        assert found[key].endswith(want.lstrip("/")), (key, found[key])
    np.testing.assert_allclose(found["values"], _expected(), rtol=1e-12)
