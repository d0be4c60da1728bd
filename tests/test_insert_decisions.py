"""Decisions of the performance inserters: each safe and unsafe case with its reason.

These only convert (no TensorFlow): they check the emitted decorator and the N2T4xx
diagnostics, golden-style.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from np2tf.insert import autograph_blocks
from np2tf.options import Options
from np2tf.pipeline import convert_source

HEADER = "import numpy as np\n\n\n"


def _decide(body: str, mode: str = "auto", staged: bool = False, **kw: object) -> tuple[str, list[str]]:
    """Convert ``body``; by default without the inserter that only moves code out of
    AutoGraph's way (straight-line blocks, loops as ``n2t.for_loop``; tested in
    test_autograph_blocks.py), so the decisions tested here read as the loops they are."""
    import np2tf.insert as insert

    for found in pkgutil.iter_modules(insert.__path__):  # register every inserter first
        importlib.import_module(f"np2tf.insert.{found.name}")
    saved = list(insert._INSERTERS)
    if not staged:
        insert._INSERTERS[:] = [(o, f) for o, f in saved if f is not autograph_blocks.insert_autograph_blocks]
    try:
        converted = convert_source(HEADER + body, "case.py", Options(tf_function=mode, **kw))  # type: ignore[arg-type]
    finally:
        insert._INSERTERS[:] = saved
    return converted.code, [f"{d.code} {d.message}" for d in converted.diagnostics if d.code.startswith("N2T4")]


LOOP = "def solve(u, nt):\n    u = u.copy()\n    for n in range(nt):\n        u = u + 0.1 * (np.roll(u, 1) - u)\n{extra}    return u\n"


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ("        log = open('log.txt')\n", "does file I/O (open)"),
        ("        hist.append(u)\n", "calls `hist.append()`"),
        ("        x = float(u[0])\n", "calls float()"),
        ("        x = u.tolist()\n", "calls .tolist()"),
        ("        global G\n", "declares `global G`"),
        ("        r = np.random.default_rng(0)\n", "makes a random generator (`n2t.random.default_rng`) inside"),
    ],
)
def test_unsafe_functions_stay_eager_with_reason(extra: str, reason: str) -> None:
    code, messages = _decide(LOOP.format(extra=extra).replace("def solve(u, nt):", "def solve(u, nt, hist=None):"))
    assert "@n2t.function" not in code
    assert any(m.startswith("N2T401 `solve` stays eager") and reason in m for m in messages), messages


def test_time_stepping_loop_becomes_graph_loop() -> None:
    code, messages = _decide(LOOP.format(extra=""))
    assert "@n2t.function(reduce_retracing=True)\ndef solve" in code
    assert "for n in tf.range(nt, dtype=tf.int64):" in code
    assert any(m.startswith("N2T400 `solve` runs as a tf.function: its loop becomes one graph loop") for m in messages)


def test_small_function_does_not_pay_unless_all() -> None:
    body = "def f(x):\n    return np.exp(x)\n"
    code, messages = _decide(body)
    assert "@n2t.function" not in code and any("too little work" in m for m in messages)
    code, _ = _decide(body, mode="all")
    assert "@n2t.function" in code


def test_off_changes_nothing_and_reports_nothing_without_explain() -> None:
    code, messages = _decide(LOOP.format(extra=""), mode="off")
    assert "@n2t.function" not in code and messages == []
    _, messages = _decide(LOOP.format(extra=""), mode="off", explain=True)
    assert any("tf_function is off (auto would compile it" in m for m in messages)


def test_static_shape_reads_drop_reduce_retracing() -> None:
    body = "def f(X, k):\n    c = np.zeros((k, X.shape[1]))\n    for i in range(k):\n        c = c + X[:k] * i\n    return c\n"
    code, messages = _decide(body)
    assert "@n2t.function\ndef f" in code
    assert any("without reduce_retracing" in m for m in messages)


def test_value_first_set_in_loop_is_peeled() -> None:
    body = "def f(W, n):\n    for s in range(n):\n        p = np.tanh(W)\n        W = W - 0.1 * p\n    return W, p\n"
    code, messages = _decide(body)
    assert "for s in tf.range(1, n, dtype=tf.int64):" in code
    assert any("first iteration runs before the graph loop" in m for m in messages)


def test_loop_of_eager_function_moves_into_helper() -> None:
    body = "def main(u, nt):\n    u = u.copy()\n    for n in range(nt):\n        u = u + 0.1 * (np.roll(u, 1) - u)\n    log = open('log.txt')\n    return u\n"
    code, messages = _decide(body)
    assert "def _n2t_main_loop1(nt, u):" in code and "u = _n2t_main_loop1(nt, u)" in code
    assert any(m.startswith("N2T402 loop in `main` runs as the compiled helper") for m in messages)


def test_history_append_becomes_tensor_array_in_compiled_helper() -> None:
    body = "def train(w, n):\n    hist = []\n    for e in range(n):\n        w = w * 0.9\n        hist.append(float(np.sum(w)))\n    return w, hist\n"
    code, messages = _decide(body)
    assert "@n2t.function(reduce_retracing=True)\ndef _n2t_train_loop1(n, w):" in code
    assert "_n2t_hist_hist = tf.TensorArray(tf.float64, size=0, dynamic_size=True, element_shape=())" in code
    assert "_n2t_hist_hist = _n2t_hist_hist.write(_n2t_hist_hist.size(), tf.reshape(tf.cast(tnp.sum(w), tf.float64), []))" in code
    assert "    w, _n2t_hist_hist = _n2t_train_loop1(n, w)\n    hist.extend(_n2t_hist_hist.numpy().tolist())\n" in code
    assert any(m.startswith("N2T402") and "`hist` are collected in a tf.TensorArray" in m for m in messages)


@pytest.mark.parametrize(
    ("loop", "reason"),
    [
        ("        if e % 2:\n            hist.append(float(np.sum(w)))\n", "calls `hist.append()`"),
        ("        hist.append(float(np.sum(w)))\n        hist.append(float(np.max(w)))\n", "appends to `hist` more than once per iteration"),
        ("        hist.append(float(np.sum(w)))\n        m = hist[-1]\n", "uses `hist` inside the loop other than by one unconditional append"),
        ("        hist.append([w, e])\n", "calls `hist.append()`"),
    ],
)
def test_unsure_history_append_keeps_loop_eager(loop: str, reason: str) -> None:
    body = "def train(w, n):\n    hist = []\n    for e in range(n):\n        w = w * 0.9\n" + loop + "    return w, hist\n"
    code, messages = _decide(body)
    assert "tf.range" not in code and "TensorArray" not in code
    assert any(m.startswith("N2T403") and reason in m for m in messages), messages


def test_pad_keeps_static_shapes() -> None:
    body = "def blur(img, passes):\n    out = img.copy()\n    for _ in range(passes):\n        p = np.pad(out, 1, mode='edge')\n        out = (p[:-2, 1:-1] + p[2:, 1:-1]) / 2.0\n    return out\n"
    code, messages = _decide(body)
    assert "@n2t.function\ndef blur" in code
    assert any(m.startswith("N2T400") and "retraces per input shape" in m for m in messages)


def test_per_example_comprehension_becomes_vectorized_map() -> None:
    body = "def g(X, w):\n    G = np.stack([np.tanh(X[i] @ w) * X[i] for i in range(X.shape[0])])\n    return np.sqrt(np.sum(G ** 2, axis=1)) + G.mean() * 2 - G.max()\n"
    code, messages = _decide(body)
    assert ".tanh(_n2t_rows @ w) * _n2t_rows, X)\n" in code and "G = tf.vectorized_map(lambda _n2t_rows: " in code
    assert any(m.startswith("N2T404") for m in messages)


@pytest.mark.parametrize(
    ("comp", "mapped"),
    [
        # the index selects rows of several arrays: map their rows, cut to the range's length
        ("[np.tanh(X[i] @ w) * y[i] for i in range(X.shape[0])]", ".tanh(_n2t_rows[0] @ w) * _n2t_rows[1], (X, y[:X.shape[0]]))"),
        ("[np.tanh(X[i]) * y[i] for i in range(n)]", ".tanh(_n2t_rows[0]) * _n2t_rows[1], (X[:n], y[:n]))"),
        # the index is used as a number too: keep mapping over tf.range
        ("[np.tanh(X[i]) * i for i in range(n)]", ".tanh(X[i]) * i, tf.range(n))"),
        ("[np.tanh(X[i + 1] - X[i]) for i in range(n)]", ".tanh(X[i + 1] - X[i]), tf.range(n))"),
    ],
)
def test_vectorized_map_over_rows_when_the_index_only_selects_rows(comp: str, mapped: str) -> None:
    body = f"def g(X, y, w, n):\n    G = np.stack({comp})\n    return np.sqrt(np.sum(G ** 2, axis=1)) + G.mean() * 2 - G.max()\n"
    code, _ = _decide(body)
    line = next(line for line in code.splitlines() if "vectorized_map" in line)
    assert line.endswith(mapped), line


def test_jit_skipped_for_data_dependent_shapes() -> None:
    body = "def f(X, k):\n    out = X[:k].copy()\n    for j in range(k):\n        out = out + X[X[:, 0] > j].sum(axis=0)\n    return out\n"
    code, messages = _decide(body, jit=True)
    assert "jit_compile" not in code
    assert any("no XLA" in m for m in messages)


def test_jit_skipped_when_a_callee_has_a_data_dependent_shape() -> None:
    """XLA compiles callees into the caller's cluster: a mask read in one aborts the
    process (XLA's shape check), so the caller must not get jit_compile either."""
    body = ("def update(X, labels, k):\n    return np.array([X[labels == j].mean(axis=0) for j in range(k)])\n\n"
            "def fit(X, c, k, n):\n    for _ in range(n):\n        labels = np.argmin(np.sum((X[:, None, :] - c[None]) ** 2, axis=2), axis=1)\n"
            "        c = update(X, labels, k)\n    return c, labels\n")
    code, messages = _decide(body, jit=True)
    assert "jit_compile" not in code, code
    assert any("no XLA: it calls `update`: a boolean-mask index has a data-dependent shape" in m for m in messages), messages


@pytest.mark.parametrize("mask", ["X > 0", "~np.isnan(X)", "(X > 0) & (X < 5)", "np.isfinite(X)"])
def test_jit_skipped_for_a_mask_read_through_a_name(mask: str) -> None:
    body = f"def f(X, n):\n    for _ in range(n):\n        m = {mask}\n        X = X * 0.5 + X[m].sum()\n    return X\n"
    code, messages = _decide(body, jit=True)
    assert "jit_compile" not in code, code
    assert any("no XLA: a boolean-mask read has a data-dependent shape" in m for m in messages), messages


def test_jit_kept_for_a_mask_write_through_a_name() -> None:
    """A write keeps the array's shape (a select), which XLA compiles."""
    body = "def f(X, n):\n    Y = np.asarray(X) * 1.0\n    for _ in range(n):\n        m = Y > 1\n        Y[m] = 0.0\n        Y = Y * 2.0 + 1.0\n    return Y\n"
    code, _ = _decide(body, jit=True)
    assert "jit_compile=True" in code, code


def test_unpacking_an_index_trick_stays_eager() -> None:
    body = "def grid(n):\n    yy, xx = np.mgrid[0:3, 0:4]\n    return np.exp(yy) + np.sin(xx) * np.cos(yy) - np.tanh(xx) + np.sqrt(yy + xx) * n\n"
    code, messages = _decide(body, "all")
    assert "@n2t.function" not in code
    assert any(m.startswith("N2T401") and "unpacks `n2t.mgrid[0:3, 0:4]`" in m for m in messages), messages


APPEND_LOOP = "def g(X, w):\n    rows = []\n    for i in range(X.shape[0]):\n        rows.append(np.tanh(X[i] @ w) * X[i])\n{extra}    G = np.stack(rows)\n    return np.sqrt(np.sum(G ** 2, axis=1)) + G.mean() * 2 - G.max()\n"


def test_loop_append_then_stack_becomes_vectorized_map() -> None:
    code, messages = _decide(APPEND_LOOP.format(extra=""))
    assert ".tanh(_n2t_rows @ w) * _n2t_rows, X)\n" in code and "    G = tf.vectorized_map(lambda _n2t_rows: " in code
    assert "rows = []" not in code and "append" not in code
    assert any(m.startswith("N2T404") for m in messages)


@pytest.mark.parametrize(
    "extra",
    [
        "    log = open(str(len(rows)))\n",  # rows used elsewhere (and the function stays eager)
        "    k = i\n",  # the loop variable is read after the loop
    ],
)
def test_loop_append_then_stack_left_alone_when_unsure(extra: str) -> None:
    code, _ = _decide(APPEND_LOOP.format(extra=extra))
    assert "vectorized_map" not in code
    # The user's loop stays, eager or as a compiled helper collecting the rows in a TensorArray.
    assert "rows.append(" in code or "rows.extend(n2t.history_values(_n2t_hist_rows))" in code


def test_loop_append_then_stack_in_eager_function_keeps_the_loop() -> None:
    code, _ = _decide(APPEND_LOOP.format(extra="").replace("    return", "    log = open(str(G))\n    return"))
    assert "vectorized_map" not in code and "@n2t.function\ndef g" not in code and "@n2t.function(reduce_retracing=True)\ndef g" not in code
    assert "_n2t_hist_rows = n2t.history_start(n2t.tanh(X[i] @ w) * X[i])" in code and "rows.extend(n2t.history_values(_n2t_hist_rows))" in code


def test_host_random_draws_keep_functions_eager_as_tf_random_does() -> None:
    """Host draws (--random numpy) keep functions eager; TF draws outside loops do not pay.

    Traced, `n2t.random_numpy.randn(6, 3)` has an unknown shape, so `np.zeros(W.shape)`
    in a callee failed inside the graph (svm_loss, linear_regression, pca in auto-numpy).
    """
    body = ("def main():\n    np.random.seed(1)\n    W = np.random.randn(6, 3)\n"
            "    dW = np.zeros(W.shape)\n" + "    dW = dW + np.tanh(W) * 2.0 - np.exp(W)\n" * 3 + "    return dW\n")
    for random, why in (("tf", "draws random numbers (`n2t.random.randn`) outside loops"), ("numpy", "it draws random numbers on the host")):
        code, messages = _decide(body, random=random)
        assert "@n2t.function" not in code, random
        assert any(m.startswith(f"N2T401 `main` stays eager: {why}") for m in messages), messages
    _, messages = _decide(body, random="numpy")
    assert any("n2t.random_numpy.seed" in m for m in messages), messages


RHS = ("def rhs(t, z):\n    x, y = z\n    return np.array([x - 0.1 * x * y, -1.5 * y + 0.075 * x * y])\n\n\n"
       "def euler(z0, t):\n    z = np.zeros((len(t), len(z0)))\n    z[0] = z0\n    for i in range(len(t) - 1):\n"
       "        z[i + 1] = z[i] + (t[i + 1] - t[i]) * rhs(t[i], z[i])\n    return z\n\n\n"
       "def main(a):\n    n, m = a.shape\n    u, s, vh = np.linalg.svd(a)\n    z = euler(np.array([10.0, 5.0]), np.linspace(0, 5, 41))\n"
       "    return z * n + np.sum(s) * m + np.sum(u) - np.sum(vh) + np.exp(np.sum(z))\n")


def test_unpacking_a_possible_tensor_in_graph_code_goes_through_n2t_unpack() -> None:
    code, messages = _decide(RHS)
    assert "@n2t.function\ndef main(a):" in code  # callees read shapes: no relaxed shapes
    assert "    x, y = n2t.unpack(z, 2)\n" in code  # rhs is traced inside main
    assert "    n, m = a.shape\n" in code and "    u, s, vh = n2t.linalg.svd(a)\n" in code  # Python sequences
    assert any(m.startswith("N2T401 `rhs` stays eager: only called from compiled functions (euler)") for m in messages), messages
    # Eager code is left alone: iterating over an eager tensor works.
    off, _ = _decide(RHS, mode="off")
    assert "unpack" not in off


def test_loops_of_functions_traced_inline_become_graph_loops_except_under_jit() -> None:
    code, messages = _decide(RHS)
    assert "    for i in tf.range(len(t) - 1, dtype=tf.int64):\n" in code
    assert any(m.startswith("N2T402 loop becomes a graph loop") for m in messages), messages
    jit, _ = _decide(RHS, jit=True)
    # XLA wants static shapes: unrolled at trace time, as before.
    assert "    for i in range(len(t) - 1):\n" in jit and "x, y = n2t.unpack(z, 2)" in jit


def test_static_shape_read_in_a_callee_drops_reduce_retracing() -> None:
    body = ("def grad(W, X):\n    dW = np.zeros(W.shape)\n    return dW + X.T @ X @ W\n\n\n"
            "def step(W, X):\n" + "    W = W - 0.1 * grad(W, X) + np.tanh(W) * 0.01\n" * 3 + "    return W\n")
    code, messages = _decide(body)
    assert "@n2t.function\ndef step(W, X):" in code, code
    assert any(m.startswith("N2T400 `step`") and "without reduce_retracing" in m for m in messages), messages


def test_max_min_of_graph_loop_counters_become_tnp_ops() -> None:
    body = ("def blur(image, k):\n    h, w = image.shape\n    out = np.zeros((h, w))\n    r = max(1, k)\n"
            "    for y in range(h):\n        y0, y1 = max(0, y - r), min(h, y + r + 1)\n"
            "        out[y] = image[y0:y1].mean(axis=0)\n    return out\n")
    code, _ = _decide(body)
    assert "@n2t.function" in code and "for y in tf.range(h, dtype=tf.int64):" in code
    assert "y0, y1 = tnp.maximum(0, y - r), tnp.minimum(h, y + r + 1)" in code
    assert "    r = max(1, k)\n" in code  # Python values keep Python's max (static sizes stay static)


def test_starred_unpacking_keeps_the_function_eager() -> None:
    body = LOOP.format(extra="        first, *rest = u\n")
    code, messages = _decide(body)
    assert "@n2t.function" not in code
    assert any("into a starred target" in m for m in messages), messages


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("    pos = X[X > 0]\n", "a boolean-mask index"),
        ("    pos = np.unique(X)\n", ".unique`"),
    ],
)
def test_shape_of_a_data_dependent_length_keeps_the_function_eager(line: str, why: str) -> None:
    """`pos = X[X > 0]; n = pos.shape[0]` is None in a graph (`np.sum(pos) / n` failed there)."""
    body = ("def stats(X):\n" + line + "    n = pos.shape[0]\n    m = np.sum(pos) / n\n"
            "    v = np.sum((pos - m) ** 2) / (n - 1)\n    return m, v, np.sqrt(v) + np.exp(-m) * np.tanh(v)\n")
    code, messages = _decide(body)
    assert "@n2t.function" not in code
    assert any(m.startswith("N2T401 `stats` stays eager: it reads `pos.shape`") and why in m for m in messages), messages
    # The same reduction without the shape read compiles.
    code, _ = _decide(body.replace("pos.shape[0]", "len(X)"))
    assert "@n2t.function" in code


@pytest.mark.parametrize(
    ("init", "update", "reason"),
    [
        ("best = None", "if best is None or v > best:\n            best = v", "`best` starts as None"),
        ("best = 0", "best += v", "`best` starts as an integer and may become a float (`best + v`)"),
        ("best = 0", "best = best + x[i] ** 2", "`best` starts as an integer and may become a float"),
    ],
)
def test_loop_state_that_changes_type_keeps_the_loop_eager(init: str, update: str, reason: str) -> None:
    # range(0, n, 2): no first iteration to peel (a step other than 1).
    body = f"def f(x, n):\n    {init}\n    for i in range(0, n, 2):\n        v = np.sum(np.sin(x * i))\n        {update}\n    return best\n"
    code, messages = _decide(body)
    assert "tf.range" not in code
    assert any(m.startswith("N2T403") and reason in m for m in messages), messages


def test_integer_loop_state_that_stays_integer_compiles() -> None:
    body = "def f(x, n):\n    hits = 0\n    for i in range(n):\n        x = x * 0.5 + np.sin(x)\n        hits += 1\n        hits = hits + i % 2\n    return x, hits\n"
    code, messages = _decide(body)
    assert "@n2t.function(reduce_retracing=True)\ndef f" in code and "for i in tf.range(n, dtype=tf.int64):" in code, messages


def test_compiled_functions_use_the_runtime_fallback_decorator() -> None:
    """`@n2t.function` is tf.function that runs eagerly (warning once) when tracing fails."""
    code, _ = _decide(LOOP.format(extra=""), jit=True)
    assert "@n2t.function(reduce_retracing=True, jit_compile=True)\ndef solve" in code
    assert "import tensorflow as tf\n" in code  # tf.range still imported
    again = convert_source(code, "case.py", Options(tf_function="auto")).code
    assert again.count("@n2t.function") == 1  # recognised as compiled: converting again adds nothing


@pytest.mark.parametrize("write", ["acc[1] += i * 0.5", "acc[:, i] = i * 0.5"])
def test_loop_helper_takes_the_array_a_rewritten_write_reads(write: str) -> None:
    """`acc = n2t.setitem(acc, ...)` may reuse one Name node as target and argument; the
    helper must still take `acc` (it raised UnboundLocalError: heldout repros)."""
    body = ("def run(n):\n    X, Y = np.mgrid[0:2, 0:2]\n    acc = np.zeros((3, n))\n"
            f"    for i in range(n):\n        {write}\n    return acc, X\n")
    code, _ = _decide(body)
    assert "def _n2t_run_loop1(acc, n):" in code and "acc = _n2t_run_loop1(acc, n)" in code, code


SCRIPT = "nx = 41\nnt = {nt}\nu = np.ones(nx)\nfor n in range(nt):\n    un = u.copy()\n    u[1:] = un[1:] - 0.5 * (un[1:] - un[:-1])\n{extra}total = u.sum()\n"


def test_module_level_time_loop_becomes_compiled_helper() -> None:
    code, messages = _decide(SCRIPT.format(nt="nt_from_cli", extra=""))
    # A stencil over arrays, trip count unknown: XLA by default (the rule's own tests are below).
    assert "@n2t.function(reduce_retracing=True, jit_compile=True)\ndef _n2t_script_loop1(nt, u):" in code
    assert "    for n in tf.range(nt, dtype=tf.int64):" in code
    assert "\nu = _n2t_script_loop1(nt, u)\ntotal = tnp.sum(u)\n" in code  # `un` is dead after the loop: not carried
    assert any(m.startswith("N2T402 loop at module level runs as the compiled helper `_n2t_script_loop1`") for m in messages), messages


def test_module_level_loop_with_little_work_stays_eager() -> None:
    code, messages = _decide(SCRIPT.format(nt="25", extra=""))
    assert "_n2t_script_loop" not in code
    assert any(m.startswith("N2T403 loop at module level stays a Python loop: it runs about") and "25 iterations" in m for m in messages), messages


def test_module_level_nested_loops_become_nested_graph_loops() -> None:
    body = "nx = 41\nnt = 25\nu = np.ones(nx)\nfor n in range(nt):\n    un = u.copy()\n    for i in range(1, nx):\n        u[i] = un[i] - 0.5 * (un[i] - u[i - 1])\n"
    code, messages = _decide(body)
    assert "def _n2t_script_loop1(nt, nx, u):" in code
    assert "        for i in tf.range(1, nx, dtype=tf.int64):" in code


def test_while_loop_under_main_guard_becomes_helper_before_the_guard() -> None:
    script = ("p = np.zeros((20, 20))\np[0] = 1.0\nerr = 1.0\nit = 0\n\nif __name__ == '__main__':\n    while err > 1e-6:\n        pn = p.copy()\n"
              "        p[1:-1, 1:-1] = 0.25 * (pn[2:, 1:-1] + pn[:-2, 1:-1] + pn[1:-1, 2:] + pn[1:-1, :-2])\n        err = np.abs(p - pn).sum()\n        it += 1\n    print(it, err)\n")
    code, messages = _decide(script, staged=True)
    assert "def _n2t_script_loop1(err, it, p):\n" in code and "    err = tnp.asarray(err)\n    it = tnp.asarray(it)\n" in code
    # A while loop over a straight-line body: staged without AutoGraph (autograph_blocks).
    assert "        return err > 1e-6\n" in code and "(err, it, p) = n2t.while_loop(_n2t_test" in code, code
    assert code.index("def _n2t_script_loop1") < code.index("if __name__ == '__main__':")
    assert "if __name__ == '__main__':\n    err, it, p = _n2t_script_loop1(err, it, p)\n    print(it, err)\n" in code


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ("    log = open('log.txt')\n", "does file I/O (open)"),
        ("    sim.step()\n", "calls `sim.step()`, a method of an object np2tf cannot see into"),
        ("    flux = show()\n", "calls `show`, which reads the global `un` the loop assigns"),
    ],
)
def test_module_level_loops_that_a_graph_would_change_stay_eager(extra: str, reason: str) -> None:
    prelude = "class Sim:\n    def step(self):\n        pass\n\n\nsim = Sim()\n\n\ndef show():\n    return un[0]\n\n\n"
    code, messages = _decide(prelude + SCRIPT.format(nt="nt_from_cli", extra=extra))
    assert "_n2t_script_loop" not in code
    assert any(m.startswith("N2T403 loop at module level stays a Python loop") and reason in m for m in messages), messages


def test_loop_variable_read_by_a_function_keeps_the_module_loop_eager() -> None:
    prelude = "def last():\n    return n\n\n\n"
    code, messages = _decide(prelude + SCRIPT.format(nt="nt_from_cli", extra=""))
    assert "_n2t_script_loop" not in code
    assert any("reads the loop variable `n` after the loop" in m for m in messages), messages


def test_function_called_only_at_module_level_stays_eager() -> None:
    body = "def phi(x, t):\n    return np.exp(-(x - 4 * t) ** 2 / 4) + np.exp(-(x - 4 * t - 2) ** 2 / 4) + x * 2 + x * 3 + t\n\n\nx = np.linspace(0, 1, 5)\nu0 = phi(x, 0.0)\nu1 = phi(x, 1.0)\n"
    code, messages = _decide(body)
    assert "@n2t.function" not in code
    assert any(m.startswith("N2T401 `phi` stays eager: called only at module level, outside loops (2 times)") for m in messages), messages


def test_loop_drawing_numpys_random_stream_compiles_and_single_draws_stay_eager() -> None:
    body = ("def walk(pos, steps):\n    for t in range(steps):\n        pos = pos + np.random.randn(pos.shape[0])\n    return pos\n\n\n"
            "def noise(x):\n    z = np.random.standard_normal(x.shape)\n    return np.exp(0.2 * z) * x + x * 2 + x * 3 + x * 4 + x\n")
    code, messages = _decide(body)
    assert "@n2t.function\ndef walk(pos, steps):" in code and "def noise" in code and "@n2t.function(reduce_retracing=True)\ndef noise" not in code
    assert any(m.startswith("N2T401 `noise` stays eager: draws random numbers (`n2t.random.standard_normal`) outside loops") for m in messages), messages


def test_prints_in_compiled_code_run_on_the_host_each_time() -> None:
    body = ("def train(w, n):\n    for i in range(n):\n        w = w * 0.9 + 0.01\n        loss = np.sum(w ** 2)\n"
            "        if i % 100 == 0:\n            print('iteration %d: loss %f' % (i, loss))\n    print('done', w)\n    return w\n")
    code, messages = _decide(body)
    assert "@n2t.function(reduce_retracing=True)\ndef train(w, n):" in code
    assert "            n2t.host_print(lambda i, loss: print('iteration %d: loss %f' % (i, loss)), i, loss)\n" in code
    assert "    n2t.host_print(lambda w: print('done', w), w)\n" in code
    _, messages = _decide(body, jit=True)
    assert any("no XLA: it prints through a host callback" in m for m in messages), messages


@pytest.mark.parametrize(
    ("loop", "peeled"),
    [
        # Where the statements themselves stand depends on autograph_blocks; the peel is this:
        ("    t = 0\n    for i in range(n):\n        x = x * 0.5 + np.sin(x)\n        t += 0.1\n", ["    t += 0.1\n    t = tnp.asarray(t)\n", "    for i in tf.range(1, n, dtype=tf.int64):\n"]),
        ("    t = 1\n    while t > 1e-3:\n        x = x * 0.5 + np.sin(x)\n        t = np.abs(x).max()\n", ["    if t > 1e-3:\n", "        t = tnp.asarray(t)\n        x = tnp.asarray(x)\n        while t > 1e-3:\n"]),
    ],
)
def test_integer_state_that_becomes_float_runs_its_first_iteration_before_the_graph_loop(loop: str, peeled: list[str]) -> None:
    code, messages = _decide(f"def f(x, n):\n{loop}    return x, t\n")
    assert "@n2t.function" in code and all(part in code for part in peeled), code
    assert any("the first iteration runs before the graph loop, with the Python int" in m for m in messages), messages


def test_math_module_functions_are_graph_safe() -> None:
    body = "import math\n\n\nS = np.zeros((51, 100))\nfor t in range(1, 51):\n    z = np.random.standard_normal(100)\n    S[t] = S[t - 1] * np.exp(0.01 + 0.2 * math.sqrt(0.02) * z)\n"
    code, messages = _decide(body)
    assert "def _n2t_script_loop1(" in code, messages


def test_truth_of_a_possible_tensor_in_graph_code_goes_through_n2t_truth() -> None:
    body = "def walk(n):\n    pos = 0\n    for i in range(n):\n        step = 1 if np.random.randint(0, 2) else -1\n        pos = pos + step\n        if np.abs(pos) > 3:\n            pos = pos - 1\n    return pos\n"
    code, _ = _decide(body)
    assert "step = tnp.where(n2t.truth(n2t.random.randint(0, 2)), 1, -1)" in code
    assert "if n2t.abs(pos) > 3:" in code  # a comparison is a bool already


def test_python_number_functions_stay_eager() -> None:
    body = ("import math\n\n\ndef bs_call(S0, K, T, r, sigma):\n    d1 = (math.log(S0 / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * math.sqrt(T))\n"
            "    return S0 * d1 - K * math.exp(-r * T) * d1\n\n\n"
            "def energy(m, v, h):\n    return 0.5 * m * v ** 2 + m * 9.81 * h + 0.1 * m * v + m * v * h + h * h * 2.0\n")
    code, messages = _decide(body)
    assert "@n2t.function" not in code
    assert any("`bs_call` stays eager: it calls `math.log` and may return a Python number" in m for m in messages), messages
    assert any("`energy` stays eager: no array op np2tf can see" in m for m in messages), messages


def test_function_called_in_a_module_level_comprehension_counts_as_hot() -> None:
    # np.sum: not elementwise, so the comprehension stays (N2T409 would make it one call)
    body = "def phi(x, t):\n    return np.exp(-(x - 4 * t) ** 2 / 4) + np.exp(-(x - 4 * t - 2) ** 2 / 4) + x * 2 + x * 3 + t * np.sum(np.ones(3))\n\n\nx = np.linspace(0, 1, 5)\nu = np.asarray([phi(x0, 0.0) for x0 in x])\n"
    code, messages = _decide(body, staged=True)
    assert "@n2t.function(reduce_retracing=True, autograph=False)\ndef phi" in code, messages
    # elementwise: one eager call on the whole array, nothing to compile
    code, messages = _decide(body.replace(" * np.sum(np.ones(3))", ""), staged=True)
    assert "u = tnp.asarray(n2t.elementwise_map(phi, (None, 0.0), 0, x))" in code and "def phi" in code and "@n2t.function" not in code, code


def test_methods_with_loops_or_array_work_say_they_stay_eager() -> None:
    body = ("class Solver:\n    def __init__(self, n):\n        self.u = np.zeros(n) + np.ones(n) * 2 + np.ones(n) * 3 + np.ones(n) * 4 + np.ones(n)\n\n"
            "    def run(self, steps):\n        for _ in range(steps):\n            self.u = self.u * 0.5 + np.roll(self.u, 1) * 0.5\n        return self.u\n\n"
            "    def size(self):\n        return 3\n")
    # `self` handed out as a value: the method cannot run as a module-level copy (N2T408)
    code, messages = _decide(body.replace("        return self.u\n", "        keep(self)\n        return self.u\n"))
    assert "@n2t.function" not in code
    assert [m for m in messages if m.startswith("N2T401")] == [
        "N2T401 `Solver.run` stays eager: it holds a loop; np2tf runs such methods as compiled module-level copies (N2T408), "
        "but not this one: it hands `self` itself to other code"]
    code, messages = _decide(body)
    assert "def _n2t_Solver_run(self_u, steps):" in code, code
    assert any(m.startswith("N2T408 `Solver.run` runs as the module-level function `_n2t_Solver_run`") for m in messages), messages
    assert not [m for m in messages if m.startswith("N2T401") and "Solver.run" in m], messages


ELEMENT_LOOP = ("u = np.linspace(0, 1, 41) ** 2\nfor n in range(1000):\n    un = u.copy()\n    for i in range(1, 40):\n"
                "        u[i] = un[i] - un[i] * 0.1 * (un[i] - u[i - 1]) + 0.05 * (un[i + 1] - 2 * un[i] + un[i - 1])\n    u[0] = u[1]\n")
# (u[i - 1]: each element needs the one before, so N2T409 does not vectorize it)


def test_an_inner_loop_over_single_elements_is_compiled_with_xla() -> None:
    code, messages = _decide(ELEMENT_LOOP)
    assert "@n2t.function(reduce_retracing=True, jit_compile=True)\ndef _n2t_script_loop1(u):" in code, code
    assert any("with XLA (jit_compile): its inner loop reads and writes single elements" in m for m in messages), messages
    # Slices in the inner loop, prints or random draws keep XLA off.
    for change in ("u[i] = un[i - 1:i + 1].sum()", "u[i] = un[i] + np.random.rand()"):
        code, _ = _decide(ELEMENT_LOOP.replace("u[i] = un[i] - un[i] * 0.1 * (un[i] - u[i - 1]) + 0.05 * (un[i + 1] - 2 * un[i] + un[i - 1])", change))
        assert "jit_compile" not in code, code


def test_an_element_loop_with_few_iterations_stays_a_graph_loop() -> None:
    # 300 x 39 element iterations: XLA's compile would cost more than it saves.
    code, messages = _decide(ELEMENT_LOOP.replace("range(1000)", "range(300)"))
    assert "def _n2t_script_loop1(u):" in code and "jit_compile" not in code, code


STENCIL = ("def solve(u0, nt, idx):\n    u = u0.copy()\n    for n in range(nt):\n        un = u.copy()\n"
           "        u[1:-1, 1:-1] = un[1:-1, 1:-1] + 0.1 * (un[2:, 1:-1] + un[:-2, 1:-1] + un[1:-1, 2:] + un[1:-1, :-2] - 4 * un[1:-1, 1:-1])\n"
           "        u[0, :] = u[1, :]\n    return u\n")
# The same loop at module level, its trip count from the command line or a constant.
SCRIPT_STENCIL = ("import sys\nu = np.ones((50, 50))\nnt = {nt}\nfor n in range(nt):\n    un = u.copy()\n"
                  "    u[1:-1, 1:-1] = un[1:-1, 1:-1] + 0.1 * (un[2:, 1:-1] + un[:-2, 1:-1] - 2 * un[1:-1, 1:-1])\n"
                  "    u[0, :] = u[1, :]\n    u[-1, :] = u[-2, :]\n")


@pytest.mark.parametrize("extra", ["", "        u[0, :] = (u[1, np.newaxis, :] * 0.5)[0]\n"])
def test_a_loop_of_fixed_shape_array_ops_gets_xla_by_default(extra: str) -> None:
    code, messages = _decide(STENCIL.replace("    return u\n", extra + "    return u\n"))
    assert "@n2t.function(reduce_retracing=True, jit_compile=True)\ndef solve(u0, nt, idx):" in code, code
    assert any(m.startswith("N2T400 `solve`") and "with XLA (jit_compile): its iterations are fixed-shape array ops" in m for m in messages), messages
    # --no-jit (jit = false): no XLA at all, element loops included.
    for body in (STENCIL, ELEMENT_LOOP):
        assert "jit_compile" not in _decide(body, jit=False)[0]


def test_a_module_loop_of_array_ops_gets_xla_in_its_helper() -> None:
    code, messages = _decide(SCRIPT_STENCIL.format(nt="int(sys.argv[1])"))
    assert "@n2t.function(reduce_retracing=True, jit_compile=True)\ndef _n2t_script_loop1(" in code, code
    assert any(m.startswith("N2T402") and "with XLA (jit_compile)" in m for m in messages), messages


@pytest.mark.parametrize(("calls", "xla"), [
    ("u = solve(np.ones((50, 50)), 20, 0)\n", False),  # 20 iterations: the compile would not pay
    ("u = solve(np.ones((50, 50)), 20, 0)\nv = solve(u, nt=5000, idx=0)\n", True),  # the largest call counts
    ("import sys\nu = solve(np.ones((50, 50)), int(sys.argv[1]), 0)\n", True),  # unknown: XLA
])
def test_call_sites_give_a_function_loops_trip_count(calls: str, xla: bool) -> None:
    code, messages = _decide(STENCIL + "\n\n" + calls)
    assert ("jit_compile=True" in code) is xla, code
    if not xla:
        assert any(m.startswith("N2T400 `solve`") and "no XLA: its loops run too few array ops in all" in m for m in messages), messages


def test_a_module_loop_with_few_known_iterations_gets_no_xla() -> None:
    code, messages = _decide(SCRIPT_STENCIL.format(nt="40"))
    assert "def _n2t_script_loop1(" in code and "jit_compile" not in code, code
    assert any("no XLA: its loops run too few array ops in all" in m for m in messages), messages


@pytest.mark.parametrize(("old", "new", "reason"), [
    # A name as an index may hold a boolean mask, whose data-dependent shape aborts XLA.
    ("u[0, :] = u[1, :]", "u[0, :] = u[idx, :]", "an index may be an array"),
    # A slice bound set in the loop: the slice's shape changes between iterations.
    ("u[0, :] = u[1, :]", "k = n % 3\n        u[0, k:] = u[1, k:]", "a slice bound changes inside it"),
    # NumPy's random stream runs slower inside XLA than as graph ops.
    # (drawn ahead of the loop, N2T413: the loop reads them, and draws itself when they could not be)
    ("u[0, :] = u[1, :]", "u[0, :] = np.random.rand(50)", "it reads random draws made before it"),
    ("u[0, :] = u[1, :]", "if nt > 3:\n            u[0, :] = np.random.rand(50)", "it draws random numbers"),
    (STENCIL[STENCIL.index("        un = "):STENCIL.index("    return")], "        u = u * 0.5\n", "its loop body is 1 array ops, too few"),
])
def test_array_loops_that_get_no_xla(old: str, new: str, reason: str) -> None:
    assert old in STENCIL
    code, messages = _decide(STENCIL.replace(old, new))
    assert "def solve(u0, nt, idx):" in code and "jit_compile" not in code, code
    assert any(m.startswith("N2T400 `solve`") and f"no XLA: {reason}" in m for m in messages), messages


def test_a_callee_with_a_possible_mask_index_keeps_the_loop_off_xla() -> None:
    body = "def pick(u, m):\n    return u[m]\n\n\n" + STENCIL.replace("u[0, :] = u[1, :]", "u[0, :] = pick(u, 1)")
    code, messages = _decide(body)
    assert "jit_compile" not in code, code
    assert any("no XLA: it calls `pick`: an index may be an array" in m for m in messages), messages


def test_recursive_tuple_returns_convert_without_internal_error() -> None:
    # returns_arrays(f) asks local_arrays(f), which asks returns_arrays(f) again through the
    # tuple assignment: this recursed without end (RecursionError -> N2T900, file untouched;
    # SciPy's cluster/hierarchy.py).
    body = (
        "def split(x, n):\n"
        "    if n == 0:\n"
        "        return x, x\n"
        "    a, b = split(x[1:], n - 1)\n"
        "    return np.exp(a), np.exp(b)\n\n\n"
        "def ping(x):\n    a, b = pong(x)\n    return np.sin(a), np.cos(b)\n\n\n"
        "def pong(x):\n    a, b = ping(x)\n    return np.sin(a), np.cos(b)\n"
    )
    converted = convert_source(HEADER + body, "case.py", Options())
    assert not [d for d in converted.diagnostics if d.code == "N2T900"]
    assert "tnp.exp(a), tnp.exp(b)" in converted.code or "n2t.exp(a), n2t.exp(b)" in converted.code


def test_tuple_returns_seen_through_a_chain_of_callers() -> None:
    # local_arrays/returns_arrays are memoised: a chain of callers unpacking tuples is
    # linear, not 2^depth walks, and the last link still knows its locals are arrays.
    # Two unpackings per link: unmemoised, depth 18 asked 2^18 questions.
    chain = ["def f0(x):\n    return np.sin(x), np.cos(x)\n"]
    for i in range(1, 19):
        chain.append(f"def f{i}(x):\n    a, b = f{i - 1}(x)\n    c, d = f{i - 1}(b)\n    return a + c, b * d\n")
    chain.append("def last(x, nt):\n    for t in range(nt):\n        a, b = f18(x)\n        x = a + b\n    return x\n")
    code, messages = _decide("\n\n".join(chain))
    assert any(m.startswith("N2T400 `last`") for m in messages), messages
