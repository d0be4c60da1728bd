"""Differential tests: program fixtures converted with the performance transforms on.

Each ``fixtures/programs/*.in.py`` runs under NumPy; its conversion with
``tf_function="auto"`` and ``"all"`` (and ``jit``) must give the same values. AutoGraph
reads function source, so converted modules are written to files and imported.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_equivalence import assert_same

from np2tf.options import Options
from np2tf.pipeline import convert_source

pytestmark = pytest.mark.tf

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

PROGRAMS = sorted((FIXTURES / "programs").glob("*.in.py"))
IDS = [p.name.removesuffix(".in.py") for p in sorted((FIXTURES / "programs").glob("*.in.py"))]


def _import(path: Path) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def _run_numpy(source: str, name: str) -> Any:
    module = types.ModuleType(name)
    exec(compile(source, name, "exec"), module.__dict__)
    return module.main()


@pytest.mark.parametrize("mode", ["auto", "all", "jit"])
@pytest.mark.parametrize("program", PROGRAMS, ids=IDS)
def test_program_matches_numpy_with_transforms(program: Path, mode: str, tmp_path: Path) -> None:
    import np2tf.runtime  # noqa: F401 - NumPy behaviour on before anything converted runs

    source = program.read_text(encoding="utf-8")
    expected = _run_numpy(source, program.name)
    options = Options(tf_function="auto" if mode == "jit" else mode, jit=mode == "jit")
    converted = convert_source(source, program.name, options)
    target = tmp_path / f"n2t_{mode}_{program.name.removesuffix('.in.py')}.py"
    target.write_text(converted.code, encoding="utf-8")
    assert_same(expected, _import(target).main())


HISTORY = '''\
import numpy as np


def train(w, n):
    losses = []
    steps = []
    for e in range(n):
        w = w * 0.9 + 0.01
        losses.append(float(np.sum(w ** 2)))
        steps.append(int(np.argmax(w)))
    return w, losses, steps
'''


@pytest.mark.parametrize("n", [0, 1, 7])
def test_history_appends_hold_the_same_python_values(n: int, tmp_path: Path) -> None:
    import numpy as np
    import tensorflow as tf

    import np2tf.runtime  # noqa: F401 - NumPy behaviour on before anything converted runs

    scope: dict[str, Any] = {}
    exec(compile(HISTORY, "history.py", "exec"), scope)  # noqa: S102 - runs the NumPy original
    w0 = np.linspace(-1.0, 1.0, 5)
    want_w, want_losses, want_steps = scope["train"](w0, n)
    converted = convert_source(HISTORY, "history.py", Options(tf_function="auto"))
    assert "TensorArray" in converted.code
    target = tmp_path / f"n2t_history_{n}.py"
    target.write_text(converted.code, encoding="utf-8")
    got_w, got_losses, got_steps = _import(target).train(tf.constant(w0), n)
    assert [type(v) for v in got_losses] == [float] * n and [type(v) for v in got_steps] == [int] * n
    # Graph ops may round differently in the last bit (summation order), as in eager TF.
    assert got_losses == pytest.approx(want_losses, rel=1e-12) and got_steps == want_steps
    np.testing.assert_allclose(np.asarray(got_w), want_w, rtol=1e-12)


def test_history_append_with_break_keeps_the_appended_prefix(tmp_path: Path) -> None:
    import numpy as np
    import tensorflow as tf

    import np2tf.runtime  # noqa: F401 - NumPy behaviour on before anything converted runs

    source = HISTORY.replace("        steps.append(int(np.argmax(w)))\n", "        if np.sum(w ** 2) < 1.0:\n            break\n")
    scope: dict[str, Any] = {}
    exec(compile(source, "history_break.py", "exec"), scope)  # noqa: S102 - runs the NumPy original
    w0 = np.linspace(-1.0, 1.5, 5)
    want = scope["train"](w0, 30)[1]
    converted = convert_source(source, "history_break.py", Options(tf_function="auto"))
    assert "TensorArray" in converted.code and "break" in converted.code
    target = tmp_path / "n2t_history_break.py"
    target.write_text(converted.code, encoding="utf-8")
    got = _import(target).train(tf.constant(w0), 30)[1]
    assert 0 < len(want) < 30 and got == pytest.approx(want, rel=1e-12)
    assert all(type(v) is float for v in got)


APPEND_LOOP = '''\
import numpy as np


def grad(w, x, y):
    p = 1.0 / (1.0 + np.exp(-(x @ w)))
    return (p - y) * x


def run(X, y, w):
    rows = []
    for i in range(X.shape[0]):
        rows.append(grad(w, X[i], y[i]))
    g = np.stack(rows)
    norms = np.sqrt(np.sum(g ** 2, axis=1))
    return (g / np.maximum(norms, 1.0)[:, None]).mean(axis=0)
'''


def test_loop_append_then_stack_matches_numpy(tmp_path: Path) -> None:
    import numpy as np
    import tensorflow as tf

    import np2tf.runtime  # noqa: F401 - NumPy behaviour on before anything converted runs

    scope: dict[str, Any] = {}
    exec(compile(APPEND_LOOP, "append_loop.py", "exec"), scope)  # noqa: S102 - runs the NumPy original
    X = np.sin(np.arange(48.0).reshape(12, 4) * 0.3)
    y = (np.cos(np.arange(12.0)) > 0).astype(float)
    w = np.linspace(-0.5, 0.5, 4)
    converted = convert_source(APPEND_LOOP, "append_loop.py", Options(tf_function="auto"))
    assert "tf.vectorized_map" in converted.code
    target = tmp_path / "n2t_append_loop.py"
    target.write_text(converted.code, encoding="utf-8")
    got = _import(target).run(tf.constant(X), tf.constant(y), tf.constant(w))
    np.testing.assert_allclose(np.asarray(got), scope["run"](X, y, w), rtol=1e-12)


GRAPH_CONSTRUCTS = '''\
import numpy as np


def rhs(t, z):
    x, y = z
    return np.array([x - 0.1 * x * y, -1.5 * y + 0.075 * x * y])


def euler(z0, t):
    z = np.zeros((len(t), len(z0)))
    z[0] = z0
    for i in range(len(t) - 1):
        z[i + 1] = z[i] + (t[i + 1] - t[i]) * rhs(t[i], z[i])
    return z


def loss_naive(W, X, y):
    loss = 0.0
    dW = np.zeros_like(W)
    for i in range(X.shape[0]):
        scores = X[i].dot(W)
        probs = np.exp(scores) / np.sum(np.exp(scores))
        loss += -np.log(probs[y[i]])
        for j in range(W.shape[1]):
            dW[:, j] += (probs[j] - (j == y[i])) * X[i]
    return loss / X.shape[0], dW


def blur(image):
    h, w = image.shape
    out = np.zeros((h, w))
    for r in range(h):
        r0, r1 = max(0, r - 1), min(h, r + 2)
        out[r] = image[r0:r1].mean(axis=0)
    return out


def fit(X, y):
    theta, residuals, rank, s = np.linalg.lstsq(np.c_[np.ones_like(X), X], y, rcond=None)
    q1, med, q3 = np.percentile(y, [25, 50, 75])
    return theta, residuals, rank, q3 - q1 + med * 0.0 + np.sum(s) * 0.0 + np.mean(y) * 0.0


def main(n):
    X = np.sin(np.arange(n * 4.0).reshape(n, 4) * 0.37)
    y = np.arange(n) % 3
    W = np.cos(np.arange(12.0).reshape(4, 3)) * 0.01
    loss, dW = loss_naive(W, X, y)
    z = euler(np.array([10.0, 5.0]), np.linspace(0, 2, n))
    return loss, dW, z, blur(X) * 2.0 + np.tanh(z[:, :1]) - np.exp(-loss)
'''


@pytest.mark.parametrize("mode", ["auto", "jit"])
def test_graph_constructs_match_numpy_with_varying_shapes(mode: str, tmp_path: Path) -> None:
    """Unpacking a tensor, max()/min() of a loop counter, loops and float loop state in
    functions traced inside a compiled caller, and lstsq/percentile under relaxed shapes
    (fit is called with three sizes, so reduce_retracing makes its dims None)."""
    import numpy as np

    import np2tf.runtime  # noqa: F401 - NumPy behaviour on before anything converted runs

    scope: dict[str, Any] = {}
    exec(compile(GRAPH_CONSTRUCTS, "graph_constructs.py", "exec"), scope)  # noqa: S102 - runs the NumPy original
    converted = convert_source(GRAPH_CONSTRUCTS, "graph_constructs.py", Options(tf_function="auto", jit=mode == "jit"))
    assert "n2t.unpack(z, 2)" in converted.code and "@n2t.function" in converted.code
    target = tmp_path / f"n2t_graph_constructs_{mode}.py"
    target.write_text(converted.code, encoding="utf-8")
    module = _import(target)
    for n in (9, 12, 15):
        for got, want in zip(module.main(n), scope["main"](n)):
            np.testing.assert_allclose(np.asarray(got), want, rtol=1e-10)
        x = np.linspace(0.0, 2.0, n)
        for got, want in zip(module.fit(x, 4 + 3 * x + np.sin(7 * x)), scope["fit"](x, 4 + 3 * x + np.sin(7 * x))):
            np.testing.assert_allclose(np.asarray(got), want, rtol=1e-10)


TYPE_CHANGING_STATE = '''\
import numpy as np


def grow(x, n):
    v = np.zeros(1)
    y = np.arange(5)
    for i in range(n):
        v = np.sum(v) + x[: i + 1].mean() * np.ones(3)
        y = y * 0.5 + x[i]
    return v, y
'''


def test_trace_failures_the_analysis_misses_run_eagerly_with_a_warning(tmp_path: Path) -> None:
    """Loop state that changes shape and dtype passes the static checks; tracing fails, and
    n2t.function runs the function eagerly (NP2TFGraphFallback) with NumPy's results."""
    import numpy as np
    import tensorflow as tf

    from np2tf.runtime import NP2TFGraphFallback

    scope: dict[str, Any] = {}
    exec(compile(TYPE_CHANGING_STATE, "grow.py", "exec"), scope)  # noqa: S102 - runs the NumPy original
    converted = convert_source(TYPE_CHANGING_STATE, "grow.py", Options(tf_function="auto"))
    assert "@n2t.function" in converted.code and "tf.range" in converted.code
    target = tmp_path / "n2t_grow.py"
    target.write_text(converted.code, encoding="utf-8")
    x = np.linspace(0.0, 1.0, 30)
    n = 25  # more iterations than a first call runs eagerly (_function.EAGER_ITERATIONS)
    with pytest.warns(NP2TFGraphFallback, match="`grow` could not be traced"):
        got = _import(target).grow(tf.constant(x), n)
    for g, w in zip(got, scope["grow"](x, n)):
        np.testing.assert_allclose(np.asarray(g), w, rtol=1e-12)


SCRIPTS = {
    "cfd_steps": '''\
import numpy as np

nx = 41
nt = 120
dx = 2.0 / (nx - 1)
dt = 0.025
c = 1.0
u = np.ones(nx)
u[int(0.5 / dx):int(1 / dx + 1)] = 2
for n in range(nt):
    un = u.copy()
    for i in range(1, nx):
        u[i] = un[i] - c * dt / dx * (un[i] - un[i - 1])
u_linear = u.copy()
u = np.ones(nx)
u[int(0.5 / dx):int(1 / dx + 1)] = 2
for n in range(nt):
    un = u.copy()
    u[1:] = un[1:] - un[1:] * dt / dx * (un[1:] - un[:-1])
u_nonlinear = u
small = np.ones(5)
for n in range(3):
    small = small * 0.5
last_un = un
''',
    "jacobi_main_guard": '''\
import numpy as np


def l1(p, pn):
    return np.sum(np.abs(p) - np.abs(pn)) / np.sum(np.abs(pn))


p = np.zeros((16, 16))
p[:, -1] = np.linspace(0, 1, 16)
err = 1.0
it = 0
if __name__ == "__main__":
    while err > 1e-4:
        pn = p.copy()
        p[1:-1, 1:-1] = 0.25 * (pn[2:, 1:-1] + pn[:-2, 1:-1] + pn[1:-1, 2:] + pn[1:-1, :-2])
        p[:, 0] = 0
        p[:, -1] = np.linspace(0, 1, 16)
        p[0, :] = p[1, :]
        p[-1, :] = p[-2, :]
        err = l1(p, pn)
        it += 1
    print(it)
''',
    "history_and_peel": '''\
import numpy as np

x = np.linspace(0, 1, 50)
u = np.sin(np.pi * x)
errs = []
for n in range(300):
    u = u + 0.1 * (np.roll(u, 1) - 2 * u + np.roll(u, -1))
    errs.append(float(np.abs(u).max()))
for k in range(300):
    prev = u.copy()
    u = 0.5 * (u + np.roll(u, 1))
change = prev - u
for j in range(300):
    u = u * 0.999
print(j)
''',
    "laplace_int_start": '''\
import numpy as np

nx = 31
p = np.zeros((nx, nx))
p[:, -1] = np.linspace(0, 1, nx)
l1norm = 1
l1norm_target = 1e-4
iterations = 0
while l1norm > l1norm_target:
    pn = p.copy()
    p[1:-1, 1:-1] = 0.25 * (pn[1:-1, 2:] + pn[1:-1, :-2] + pn[2:, 1:-1] + pn[:-2, 1:-1])
    p[:, 0] = 0
    p[0, :] = p[1, :]
    p[-1, :] = p[-2, :]
    l1norm = np.sum(np.abs(p) - np.abs(pn)) / np.sum(np.abs(pn))
    iterations += 1
t = 0
dt = 0.01
x = np.linspace(0, 1, 20)
for i in range(nx * 20):
    x = x + dt * np.cos(x + t)
    t += dt
''',
    "array_histories": '''\
import numpy as np


def train(w, X, y, epochs):
    losses = []
    norms = []
    for e in range(epochs):
        p = 1.0 / (1.0 + np.exp(-(X @ w)))
        w = w - 0.1 * X.T @ (p - y) / len(y)
        losses.append(np.mean((p - y) ** 2))
        norms.append(w * 1.0)
        print("loss", e)
    return w, losses, norms


X = np.linspace(-1, 1, 12).reshape(6, 2)
y = (X[:, 0] > 0).astype(np.float64)
w5, losses5, norms5 = train(np.zeros(2), X, y, 5)
w0, losses0, norms0 = train(np.ones(2), X, y, 0)
spins = np.ones((8, 8))
mags = []
for sweep in range(300):
    spins = -spins * 0.999
    M = np.abs(np.mean(spins))
    mags.append(M)
mags = np.array(mags)
''',
}
SCRIPT_RESULTS = {
    "cfd_steps": ["u_linear", "u_nonlinear", "small", "last_un"],
    "jacobi_main_guard": ["p", "err", "it"],
    "history_and_peel": ["u", "errs", "change", "j"],
    "laplace_int_start": ["p", "l1norm", "iterations", "x", "t"],
    "array_histories": ["w5", "losses5", "norms5", "w0", "losses0", "norms0", "mags"],
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_module_level_loops_match_numpy(name: str, tmp_path: Path) -> None:
    """Script code (loops at module level, under the main guard) converted with auto."""
    import runpy

    import np2tf.runtime  # noqa: F401 - NumPy behaviour on before anything converted runs

    source = SCRIPTS[name]
    scope: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(source, f"{name}.py", "exec"), scope)  # noqa: S102 - runs the NumPy original
    converted = convert_source(source, f"{name}.py", Options(tf_function="auto"))
    assert "_n2t_script_loop1" in converted.code, converted.code
    target = tmp_path / f"n2t_script_{name}.py"
    target.write_text(converted.code, encoding="utf-8")
    got = runpy.run_path(str(target), run_name="__main__")
    for key in SCRIPT_RESULTS[name]:
        want, have = scope[key], got[key]
        if isinstance(want, list) and isinstance(have, list):
            # np.float64 items against 0-d tensor items (as the eager conversion appends them)
            assert len(want) == len(have), key
            want, have = [np.asarray(v) for v in want], [np.asarray(v) for v in have]
        assert_same(want, have)


RANDOM_LOOP = '''\
import numpy as np


def walk(n, steps):
    pos = np.zeros(n)
    hits = np.zeros(n, dtype=np.int64)
    for t in range(steps):
        pos = pos + np.random.randn(n)
        hits = hits + (np.random.rand(n) < 0.5)
    return pos, hits


def main():
    np.random.seed(7)
    a = walk(50, 40)
    b = np.random.randint(0, 10, size=6)
    return a, b
'''


def test_graph_loop_draws_numpys_random_stream(tmp_path: Path) -> None:
    """Draws inside a compiled loop advance the MT19937 variables per iteration, as NumPy's."""
    import np2tf.runtime  # noqa: F401 - NumPy behaviour on before anything converted runs

    scope: dict[str, Any] = {}
    exec(compile(RANDOM_LOOP, "random_loop.py", "exec"), scope)  # noqa: S102 - runs the NumPy original
    want = scope["main"]()
    converted = convert_source(RANDOM_LOOP, "random_loop.py", Options(tf_function="auto"))
    assert "def walk(n, steps):" in converted.code and "n2t.for_loop(tf.range(steps, dtype=tf.int64)" in converted.code, converted.code
    target = tmp_path / "n2t_random_loop.py"
    target.write_text(converted.code, encoding="utf-8")
    got = _import(target).main()
    # rand/randint are bit-exact; randn's log/sqrt may differ from libm by an ulp (as eagerly).
    np.testing.assert_array_equal(want[0][1], np.asarray(got[0][1]))
    np.testing.assert_array_equal(want[1], np.asarray(got[1]))
    np.testing.assert_allclose(want[0][0], np.asarray(got[0][0]), rtol=1e-13, atol=1e-13)


PER_EXAMPLE_DRAWS = '''\
import numpy as np


def noisy(x):
    return x * 2.0 + np.random.rand(3) + np.sin(x) * np.cos(x) - np.exp(x) * 0.5


def run(xs):
    return np.array([noisy(x) for x in xs])


def jitter(xs, n):
    return np.stack([xs[0] + np.random.rand(3) for i in range(n)])


def main():
    np.random.seed(3)
    xs = np.zeros((4, 3))
    total = 0
    for i in range(20):
        total = total + run(xs) + jitter(xs, 4)
    return total
'''


def test_per_example_draws_are_not_vectorized(tmp_path: Path) -> None:
    """tf.vectorized_map runs its function once for all examples, so a draw there gave every
    example the same numbers (silently, before this test); each example draws its own."""
    import np2tf.runtime  # noqa: F401

    scope: dict[str, Any] = {}
    exec(compile(PER_EXAMPLE_DRAWS, "per_example_draws.py", "exec"), scope)  # noqa: S102 - the NumPy original
    want = scope["main"]()
    converted = convert_source(PER_EXAMPLE_DRAWS, "per_example_draws.py", Options(tf_function="auto", explain=True))
    assert "vectorized_map" not in converted.code, converted.code
    assert any(d.code == "N2T401" and "draws random numbers (`n2t.random.rand`)" in d.message for d in converted.diagnostics), converted.diagnostics
    # A module function named like a generator method (`np.power`) is no draw: vectorized.
    numbers = PER_EXAMPLE_DRAWS.replace("np.random.rand(3)", "np.power(x, 2) * np.sum(x)").replace("xs[0] + np.random.rand(3)", "xs[0] * 2.0")
    assert convert_source(numbers, "per_example_numbers.py", Options(tf_function="auto")).code.count("tf.vectorized_map") == 2
    target = tmp_path / "n2t_per_example_draws.py"
    target.write_text(converted.code, encoding="utf-8")
    np.testing.assert_array_equal(want, np.asarray(_import(target).main()))


PRINTS = '''\
import numpy as np


def train(w, n):
    for i in range(n):
        w = w * 0.9 + 0.01
        loss = np.sum(w ** 2)
        if i % 7 == 0:
            print("iteration %d: loss %f" % (i, loss), w[:2])
    print("done", w.shape, float(loss))
    return w


x = np.linspace(0.0, 1.0, 30)
for step in range(600):
    x = x + 0.01 * (np.roll(x, 1) - x)
    if step % 150 == 0:
        print(f"step {step}: max {x.max():.6f}")
'''


def test_prints_in_graph_code_print_numpys_text_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``print`` in compiled functions and loops runs on the host each time (n2t.host_print)."""
    import runpy

    import tensorflow as tf

    import np2tf.runtime  # noqa: F401 - NumPy behaviour on before anything converted runs

    scope: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(PRINTS, "prints.py", "exec"), scope)  # noqa: S102 - runs the NumPy original
    scope["train"](np.linspace(-1.0, 1.0, 5), 30)
    want = capsys.readouterr().out
    converted = convert_source(PRINTS, "prints.py", Options(tf_function="auto"))
    assert "@n2t.function(autograph=False)\ndef train" in converted.code and "_n2t_script_loop1" in converted.code, converted.code
    target = tmp_path / "n2t_prints.py"
    target.write_text(converted.code, encoding="utf-8")
    got_scope = runpy.run_path(str(target), run_name="__main__")
    got_scope["train"](tf.constant(np.linspace(-1.0, 1.0, 5)), 30)
    assert capsys.readouterr().out == want
