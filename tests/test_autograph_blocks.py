"""Straight-line code of compiled functions runs outside AutoGraph (np2tf/insert/autograph_blocks.py).

Structure tests read the converted code; differential tests run it against NumPy, since a
name the block forgets to return is a silently wrong answer (the loop keeps an old value).
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from test_equivalence import assert_same

from np2tf.options import Options
from np2tf.pipeline import convert_source


def _convert(source: str, mode: str = "auto") -> tuple[str, list[str]]:
    converted = convert_source(source, "case.py", Options(tf_function=mode))  # type: ignore[arg-type]
    return converted.code, [f"{d.code} {d.message}" if d.code != "N2T407" else f"{d.code} {d.message} @{d.line}" for d in converted.diagnostics]


def _run_both(source: str, tmp_path: Path, mode: str = "auto") -> tuple[Any, Any, str]:
    """``main()`` of ``source`` under NumPy and of its conversion (written out: AutoGraph reads source)."""
    import np2tf.runtime  # noqa: F401 - NumPy behaviour on before converted code runs

    numpy_module = types.ModuleType("numpy_case")
    exec(compile(source, "numpy_case", "exec"), numpy_module.__dict__)
    code, _ = _convert(source, mode)
    name = f"n2t_blocks_{abs(hash(source)) % 10**8}_{mode}"
    path = tmp_path / f"{name}.py"
    path.write_text(code, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return numpy_module.main(), module.main(), code


TRAIN = """\
import numpy as np


def train(X, Y, steps):
    W = np.ones((X.shape[1], Y.shape[1])) * 0.1
    b = np.zeros(Y.shape[1])
    lr = 0.5
    for step in range(steps):
        Z = X @ W + b
        D = (Z - Y) / X.shape[0]
        W -= lr * (X.T @ D)
        b -= lr * np.sum(D, axis=0)
    return W


def main():
    X = np.linspace(0, 1, 12).reshape(6, 2)
    Y = np.sin(X)
    return train(X, Y, 25)
"""


def test_state_a_loop_carries_but_never_reads_after_it_is_returned_from_the_block(tmp_path: Path) -> None:
    # `b -= ...` is read only by the next iteration's `X @ W + b`: the block must return it.
    expected, actual, code = _run_both(TRAIN, tmp_path)
    assert_same(expected, actual)
    assert "return W, b\n" in code and "W, b = _n2t_block" in code, code


def test_names_assigned_and_read_on_one_line_stay_inside_the_block(tmp_path: Path) -> None:
    source = """\
import numpy as np


def step(u, n):
    for i in range(n):
        a = np.roll(u, 1); c = a * 0.5 + np.roll(u, -1) * 0.5
        u = u + 0.1 * (c - u)
    return u


def main():
    return step(np.linspace(0, 1, 9) ** 2, 40)
"""
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    assert "def _n2t_block1(u):\n" in code, code  # `a` is made in the block, not passed in


def test_a_peeled_first_iteration_and_its_loop_share_one_block(tmp_path: Path) -> None:
    # `y` is first set inside the loop and read after it: np2tf runs the first iteration
    # before the graph loop, a copy of the same statements.
    source = """\
import numpy as np


def relax(x, n):
    for i in range(n):
        y = np.sin(x) * 0.5 + np.cos(x) * 0.5
        x = x * 0.9 + y * 0.1
    return x, y


def main():
    return relax(np.linspace(0, 1, 5), 6)
"""
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    assert code.count("y = n2t.sin(x) * 0.5 + n2t.cos(x) * 0.5") == 1, code
    assert code.count("x, y = _n2t_block1(x)") == 2, code


def test_only_straight_line_code_leaves_autograph() -> None:
    source = """\
import numpy as np


def helper(v):
    if v.sum() > 0:
        return v
    return -v


def run(u, n):
    scale = lambda: u.max() + np.roll(u, 1).max() + np.roll(u, 2).max()
    for i in range(n):
        w = np.roll(u, 1) + np.roll(u, -1)
        u = helper(w) * 0.5
        if u.max() > 1 and u.min() < 0:
            u = u - 1
    return u
"""
    code, messages = _convert(source)
    run = code[code.index("def run"):]
    assert "u = helper(w) * 0.5" in run  # AutoGraph converts `helper`: the call stays for it
    assert "scale = lambda: u.max() + tnp.roll(u, 1).max()" in run  # a lambda over the function's names stays
    assert "if u.max() > 1 and u.min() < 0:" in run
    assert "w = _n2t_block1(u)" in run
    assert any(m.startswith("N2T407 `run`: its straight-line code runs in `_n2t_block1`") for m in messages), messages


def test_functions_without_control_flow_are_traced_without_autograph() -> None:
    source = """\
import numpy as np


def energy(x):
    return np.sum(x ** 2) + np.sum(np.roll(x, 1) * x)


def relax(x, n):
    for i in range(n):
        x = x - 0.01 * x + energy(x) * 0.0
    return x


def main():
    x = np.linspace(0, 1, 5)
    for i in range(50):
        x = relax(x, 3)
    return x
"""
    code, messages = _convert(source, "all")
    assert "@n2t.function(reduce_retracing=True, autograph=False)\ndef energy(x):" in code, code
    assert "N2T407 `energy` is straight-line code: it is traced with `autograph=False` @4" in messages  # at its def


def test_a_plain_callee_of_compiled_code_is_marked_do_not_convert() -> None:
    source = """\
import numpy as np


def flux(u):
    return 0.5 * (np.roll(u, -1) - np.roll(u, 1))


@np.errstate(all="ignore")
def unrelated(u):
    return u


def solve(u, n):
    for i in range(n):
        u = u - 0.1 * flux(u)
    return u


def main():
    return solve(np.linspace(0, 1, 9), 30)
"""
    code, messages = _convert(source)
    assert "@tf.autograph.experimental.do_not_convert\ndef flux(u):" in code, code
    assert any(m.startswith("N2T407 `flux` is straight-line code") for m in messages), messages


@pytest.mark.tf
def test_autograph_converts_only_the_control_flow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Which functions AutoGraph rewrites while the converted program traces."""
    from tensorflow.python.autograph.impl import api

    converted: list[str] = []
    original = api._convert_actual

    def spy(entity: Any, program_ctx: Any) -> Any:
        converted.append(entity.__name__)
        return original(entity, program_ctx)

    monkeypatch.setattr(api, "_convert_actual", spy)
    # A chained comparison in the loop keeps AutoGraph for `train` (it rewrites it for
    # tensors); its straight-line code stays out.
    source = TRAIN.replace("        b -= lr * np.sum(D, axis=0)\n", "        b -= lr * np.sum(D, axis=0)\n        if 0 < step % 10 < 3:\n            W = W * 0.999\n")
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    assert "_n2t_block1" in code and "for_loop" not in code, code
    assert "train" in converted and not any(name.startswith("_n2t_block") for name in converted), converted
    # Without it the loop is staged by np2tf (n2t.for_loop): AutoGraph converts nothing.
    converted.clear()
    expected, actual, code = _run_both(TRAIN, tmp_path)
    assert_same(expected, actual)
    assert "(W, b) = n2t.for_loop(tf.range(steps, dtype=tf.int64), _n2t_body" in code and "autograph=False" in code, code
    assert converted == [], converted


@pytest.mark.tf
@pytest.mark.parametrize(
    ("source", "staged"),
    [
        # The while test reads `err`, which the body assigns and nothing reads after the loop:
        # it is loop state, or the test would see the first value forever.
        ("def main():\n    x = np.linspace(1, 2, 8)\n    err = 1.0\n    while err > 1e-3:\n        y = 0.5 * (x + 2.0 / x)\n"
         "        err = np.abs(y - x).max()\n        x = y\n    return x\n", "n2t.while_loop("),
        # Nested loops; `un` lives in the outer body only, `i` only in the inner one.
        ("def main():\n    u = np.linspace(0, 1, 21) ** 2\n    for n in range(30):\n        un = u.copy()\n        for i in range(1, 20):\n"
         # u[i - 1]: each element needs the one before, so the loop is not vectorized (N2T409)
         "            u[i] = un[i] - 0.1 * (un[i] - u[i - 1]) + 0.05 * (un[i + 1] - 2 * un[i] + un[i - 1])\n        u[0] = u[1]\n    return u\n",
         "(u,) = n2t.for_loop(tf.range(1, 20, dtype=tf.int64)"),
        # Loop-carried through the next iteration only (`acc` is read before it is assigned).
        ("def main():\n    x = np.arange(6.0)\n    acc = np.zeros(6)\n    for k in range(40):\n        x = np.sin(x) + acc * 0.5 + np.cos(x) * 0.25\n"
         "        acc = x * 2.0 - np.tanh(x) + np.exp(-x) * 0.1\n    return x\n", "(acc, x) = n2t.for_loop("),
        # if / elif / else on a tensor inside a staged loop: tf.cond through n2t.if_then;
        # `tmp` lives in one branch only, `x` is read in the else branch before it is assigned.
        ("def main():\n    x = np.linspace(-1, 1, 7)\n    s = np.zeros(7)\n    for k in range(40):\n        x = np.sin(x) * 1.1 + np.cos(x) * 0.05 + x * 0.01\n"
         "        if x.sum() > 0.5:\n            tmp = x * 2.0 + np.tanh(x) + np.exp(-x) * 0.1\n            s = s + tmp\n        elif x.sum() < -0.5:\n            s = s - 1.0\n"
         "        else:\n            x = x * 0.5 + np.tanh(x) * 0.25 + np.cos(x) * 0.01\n    return x, s\n", "n2t.if_then("),
        # A print under an if in a staged loop prints NumPy's lines (host_print in tf.cond).
        ("def main():\n    x = np.linspace(0, 1, 5)\n    for k in range(40):\n        x = np.sin(x) + np.cos(x) * 0.25 + np.tanh(x) * 0.5 + x * 0.01\n"
         "        if k % 13 == 0:\n            print('step', k, x.max())\n    return x\n", "n2t.if_then(k % 13 == 0"),
        # The target is read after the loop: AutoGraph keeps the loop (its last value).
        ("def main():\n    x = np.arange(6.0)\n    k = 0\n    for k in range(40):\n        x = np.sin(x) + np.cos(x) * 0.25 + np.tanh(x) * 0.5 + x * 0.1\n"
         "    return x * k\n", None),
        # `last` is first bound inside the loop and read after it: the first iteration is
        # peeled off (compiled_loops), which binds it before the staged loop.
        ("def main():\n    x = np.arange(6.0)\n    for k in range(40):\n        last = np.sin(x) + np.cos(x) * 0.25 + np.tanh(x) * 0.5\n        x = last * 0.9 + x * 0.1\n"
         "    return last\n", "(last, x) = n2t.for_loop(tf.range(1, 40, dtype=tf.int64)"),
    ],
)
def test_loops_np2tf_stages_itself_give_numpys_values(source: str, staged: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = "import numpy as np\n\n\n" + source
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    printed = capsys.readouterr().out.splitlines()
    if "print(" in source:  # NumPy's lines first, then the converted program's, the same
        half = len(printed) // 2
        assert half > 0 and [line.split()[:2] for line in printed[:half]] == [line.split()[:2] for line in printed[half:]], printed
    if staged is None:
        assert "for_loop" not in code and "while_loop" not in code, code
    else:
        assert staged in code and "autograph=False" in code, code


@pytest.mark.tf
def test_an_element_loop_compiled_with_xla_gives_numpys_values(tmp_path: Path) -> None:
    source = """\
import numpy as np


def main():
    u = np.linspace(0, 1, 41) ** 2
    for n in range(60):
        un = u.copy()
        for i in range(1, 40):
            u[i] = un[i] - un[i] * 0.1 * (un[i] - u[i - 1]) + 0.05 * (un[i + 1] - 2 * un[i] + un[i - 1])
        u[0] = u[1]
    return u
"""
    # u[i - 1] is the new value: each element needs the one before (no N2T409)
    expected, actual, code = _run_both(source, tmp_path)
    assert "jit_compile=True" in code, code
    assert_same(expected, actual)


def test_python_numbers_a_compiled_function_returns_or_carries_keep_numpy_dtypes(tmp_path: Path) -> None:
    # `return -1.0` and a counter parameter that enters as the Python int 0: tf.function made
    # them float32 and int32 (NumPy: float64, int64) with no diagnostic.
    source = """\
import numpy as np


def grow(x, count, steps):
    if steps <= 0:
        return -1.0, count, x
    for i in range(steps):
        x = x * 1.5
        count += 1
    return np.sum(x), count, x


def main():
    x = np.ones(4)
    return grow(x, 0, 0), grow(x, 0, 12)
"""
    expected, actual, code = _run_both(source, tmp_path)
    assert "@n2t.function" in code, code
    assert_same(expected, actual)
    # the same without the early return: the loop is staged, the parameter enters as int64
    expected, actual, code = _run_both(source.replace("    if steps <= 0:\n        return -1.0, count, x\n", ""), tmp_path)
    assert "count = tnp.asarray(count)" in code, code
    assert_same(expected, actual)


def test_a_range_index_is_staged_as_tnp_arange(tmp_path: Path) -> None:
    # `probs[range(n), y]` (the CS231n loss): Python's range needs AutoGraph when `n` may be a
    # tensor; tnp.arange indexes the same and needs nothing.
    source = """\
import numpy as np


def train(W, X, y, n, steps):
    for it in range(steps):
        scores = X @ W
        probs = np.exp(scores) / np.sum(np.exp(scores), axis=1, keepdims=True)
        loss = -np.mean(np.log(probs[range(n), y]))
        probs[range(n), y] -= 1
        W = W - 0.1 * (X.T @ probs) / n
    return W, loss


def main():
    X = np.linspace(-1, 1, 24).reshape(8, 3)
    y = np.array([0, 1, 1, 0, 1, 0, 0, 1])
    return train(np.zeros((3, 2)), X, y, 8, 30)
"""
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    assert "probs[tnp.arange(n), y]" in code and "[range(" not in code, code
    assert "autograph=False" in code, code


def test_a_comprehension_over_range_with_array_methods_is_straight_line(tmp_path: Path) -> None:
    # k-means' update step: AutoGraph leaves comprehensions as Python loops anyway, so the
    # callee gets do_not_convert and the caller's loop is staged.
    source = """\
import numpy as np


def update(X, labels, k):
    return np.array([X[labels == j].mean(axis=0) for j in range(k)])


def assign(X, c):
    d = np.sum((X[:, None, :] - c[None, :, :]) ** 2, axis=2)
    return np.argmin(d, axis=1)


def fit(X, k, n_iter):
    rng = np.random.RandomState(0)  # fit stays eager; its loop moves into a compiled helper
    c = X[rng.permutation(X.shape[0])[:k]]
    for _ in range(n_iter):
        labels = assign(X, c)
        c = update(X, labels, k)
    return c, labels


def main():
    X = np.concatenate([np.linspace(0, 1, 20).reshape(10, 2), np.linspace(5, 6, 20).reshape(10, 2)])
    return fit(X, 2, 5)
"""
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    assert "@tf.autograph.experimental.do_not_convert\ndef update(X, labels, k):" in code, code
    assert "n2t.for_loop(" in code, code


def test_and_or_not_in_staged_tests_keep_their_meaning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `verbose and it % 5 == 0` (a Python bool first), `err > tol and k < 50` (a tensor
    # first: a lazy tf.cond), `not done`: staged through n2t.and_/or_/not_, no AutoGraph.
    source = """\
import numpy as np


def solve(x, tol, verbose):
    err = np.max(np.abs(x))
    k = 0
    while err > tol and k < 50:
        x = 0.5 * x + 0.1 * np.sin(x)
        err = np.max(np.abs(x))
        k += 1
        if verbose and k % 5 == 0:
            print("step", k, err)
        if not err > 1.0 or k > 100:
            x = x - 0.001
    return x, k


def main():
    return solve(np.linspace(-3, 3, 7), 1e-3, True), solve(np.linspace(-3, 3, 7), 1e-3, False)
"""
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    out = capsys.readouterr().out
    assert out.count("step 5 ") == 2, out  # NumPy's run and the converted run print alike
    assert "n2t.and_(lambda: err > tol, lambda: k < 50)" in code, code
    assert "n2t.and_(lambda: verbose, lambda: k % 5 == 0)" in code, code
    assert "n2t.or_(lambda: n2t.not_(err > 1.0), lambda: k > 100)" in code, code
    assert "autograph=False" in code, code
