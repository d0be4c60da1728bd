"""A loop's random draws, drawn before it (np2tf/insert/draw_ahead.py, N2T413; runtime in
np2tf/runtime/_draw_ahead.py).

Differential tests run ``main()`` under NumPy and converted, seeded: drawing ahead is only
right if the loop reads NumPy's very numbers in NumPy's order and the stream continues
where NumPy's does after the loop (every case draws once more after it). The decision
tests pin which loops qualify; a loop that can end early, draws conditionally or calls
code np2tf cannot see must keep its draws.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_autograph_blocks import _convert, _run_both
from test_equivalence import assert_same

MONTE_CARLO = """\
import math

import numpy as np


def main():
    np.random.seed(1000)
    M, I = 12, 300
    dt = 1.0 / M
    S = np.zeros((M + 1, I))
    S[0] = 100.0
    for t in range(1, M + 1):
        z = np.random.standard_normal(I)
        S[t] = S[t - 1] * np.exp((0.05 - 0.5 * 0.2 ** 2) * dt + 0.2 * math.sqrt(dt) * z)
    return S, np.random.rand(3)
"""

CHECKERBOARD = """\
import numpy as np


def main():
    np.random.seed(42)
    L = 8
    spins = np.random.choice([-1, 1], size=(L, L))
    ii, jj = np.indices((L, L))
    black = (ii + jj) % 2 == 0
    white = ~black
    energies = []
    for sweep in range(25):
        for sub in (black, white):
            nn = np.roll(spins, 1, axis=0) + np.roll(spins, -1, axis=1)
            dE = 2 * spins * nn
            accept = (dE <= 0) | (np.random.rand(L, L) < np.exp(-0.44 * dE))
            spins[sub & accept] *= -1
        energies.append(float(np.sum(spins)))
    return spins, np.array(energies), np.random.randn(2)
"""


def _run(source: str, tmp_path: Path) -> str:
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    return code


def test_a_monte_carlo_loop_reads_numpys_draws_made_before_it(tmp_path: Path) -> None:
    code = _run(MONTE_CARLO, tmp_path)
    assert "_n2t_draws1 = n2t.draws_ahead((1, M + 1), 1, n2t.random.standard_normal, I)" in code, code
    assert "n2t.take_draw(_n2t_draws1, _n2t_drawn1, n2t.random.standard_normal, I)" in code, code
    assert "n2t.random.standard_normal(I)" not in code, code
    _, notes = _convert(MONTE_CARLO)
    assert any(n.startswith("N2T413 the loop's draws of `n2t.random.standard_normal(I)` (1 an iteration)") for n in notes), notes


def test_draws_in_a_loop_over_a_literal_tuple_count_once_per_element(tmp_path: Path) -> None:
    code = _run(CHECKERBOARD, tmp_path)
    assert "n2t.draws_ahead((25,), 2, n2t.random.rand, L, L)" in code, code


@pytest.mark.parametrize("draw", [
    "np.random.rand(4)", "np.random.randn(2, 3)", "np.random.random_sample((3,))", "np.random.random(5)",
    "np.random.standard_normal(size=3)", "np.random.normal(1.0, 2.0, 3)", "np.random.uniform(-1.0, 1.0, size=(2, 2))",
    "np.random.normal(mu, 0.5)", "np.random.rand()", "np.random.randn(n)",
    "np.random.choice(10, 4)", "np.random.choice(mu, size=(2, 2), replace=True)", "np.random.randint(0, 5, size=3)",
    "np.random.randint(n, size=(2,))", "np.random.randint(-3, 2**40, 2)",
    # drawn in the loop at run time: a choice without replacement, bytes sharing a word
    "np.random.choice(n, 3, replace=False)", "np.random.randint(0, 5, size=3, dtype=np.int8)",
])
@pytest.mark.parametrize("trips", ["0", "1", "n", "2, n, 3"])
def test_every_sampler_drawn_ahead_gives_numpys_numbers_and_stream(draw: str, trips: str, tmp_path: Path) -> None:
    source = f"""\
import numpy as np


def main():
    np.random.seed(11)
    n, mu = 7, np.arange(3.0)
    acc = np.zeros(np.shape({draw.replace('np.random.', 'np.random.RandomState(0).')}))
    for k in range({trips}):
        acc = acc * 0.5 + {draw}
    return acc, np.random.rand(2), np.random.randn(3)
"""
    code = _run(source, tmp_path)
    assert "n2t.draws_ahead(" in code, code


@pytest.mark.parametrize(("loop", "reason"), [
    ("for k in range(n):\n        if acc.sum() > 3.0:\n            break\n        acc = acc + np.random.rand(3)\n",
     "the loop can end early"),
    ("for k in range(n):\n        acc = acc + np.random.rand(3)\n        if k > 2:\n            continue\n",
     "the loop can end early"),
    ("for k in range(n):\n        if k % 2:\n            acc = acc + np.random.rand(3)\n", "is drawn under `if`"),
    ("for k in range(n):\n        acc = acc + (np.random.rand(3) if k % 2 else 0.0)\n", "is drawn conditionally"),
    ("for k in range(n):\n        acc = acc + np.random.rand(3)\n        acc = acc * np.random.randn(3)\n", "it makes different draws"),
    ("for k in range(n):\n        acc = acc + np.random.rand(3) * np.random.rand(3)\n", "one statement makes two draws"),
    ("for k in range(n):\n        acc = acc + np.random.rand(m)\n        m = 3\n", "change in the loop"),
    ("for k in range(n):\n        acc = acc + np.random.rand(3)\n        np.random.seed(k)\n", "another draw"),
    ("for k in range(n):\n        acc = acc + helper(acc) + np.random.rand(3)\n", "it calls `helper`"),
    ("for k in range(n):\n        acc = acc + np.random.rand(3)\n    else:\n        acc = acc * 2.0\n", "an `else` clause"),
    ("for k in range(n):\n        for w in (1.0, 2.0):\n            acc = acc + w * np.random.rand(3)\n            break\n",
     "the loop can end early"),
    ("for k in range(n):\n        acc = acc + sum(acc) + np.random.rand(3)\n", "it calls `sum`"),
])
def test_loops_that_may_not_make_every_draw_keep_them(loop: str, reason: str, tmp_path: Path) -> None:
    source = f"""\
import numpy as np

state = []


def helper(x):
    state.append(np.random.rand())
    return x


def sum(x):  # shadows the builtin, and draws
    return np.random.rand()


def main():
    np.random.seed(5)
    n, m = 6, 3
    acc = np.zeros(3)
    {loop}    return acc, np.random.rand(2)
"""
    code = _run(source, tmp_path)
    assert "draws_ahead" not in code, code
    _, notes = _convert(source)
    assert any(n.startswith("N2T414 the loop's random draws stay in it") and reason in n for n in notes), notes


def test_calls_of_module_functions_that_draw_nothing_allow_it(tmp_path: Path) -> None:
    source = """\
import numpy as np


def step(x, z):
    return x * 0.9 + np.sqrt(np.abs(z))


def main():
    np.random.seed(3)
    x = np.zeros(4)
    for k in range(10):
        x = step(x, np.random.randn(4))
    return x, np.random.rand(2)
"""
    code = _run(source, tmp_path)
    assert "n2t.draws_ahead((10,), 1, n2t.random.randn, 4)" in code, code


def test_the_transform_is_off_with_tf_function_off() -> None:
    code, notes = _convert(MONTE_CARLO, mode="off")
    assert "draws_ahead" not in code and not any(n.startswith("N2T41") for n in notes)


# -- the runtime ----------------------------------------------------------------------------
def test_draws_ahead_declines_what_it_cannot_or_should_not_draw() -> None:
    import tensorflow as tf

    import np2tf.runtime as n2t
    from np2tf.runtime import _draw_ahead

    n2t.random.seed(0)
    assert n2t.draws_ahead((5,), 1, n2t.random.permutation, 3) is None  # not a sampler it knows
    assert n2t.draws_ahead((5,), 1, n2t.random.randint, 3) is None  # no size: a Python int each call
    assert n2t.draws_ahead((5,), 1, n2t.random.randint, 0, 3, 2, tf.int8) is None  # bytes share a word
    assert n2t.draws_ahead((5,), 1, n2t.random.randint, 3, 3, 2) is None  # low >= high: the loop raises
    assert n2t.draws_ahead((5,), 1, n2t.random.choice, 5, 2, False) is None  # without replacement
    assert n2t.draws_ahead((5,), 1, n2t.random.choice, 5, 2, True, [0.5, 0.5, 0, 0, 0]) is None  # weighted
    assert n2t.draws_ahead((1,), 1, n2t.random.rand, 3) is None  # one draw: nothing to gain
    assert n2t.draws_ahead((0, 5, 0), 1, n2t.random.rand, 3) is None  # range() raises: so does the loop
    assert n2t.draws_ahead((5,), 1, n2t.random.normal, 0.0, -1.0) is None  # the loop raises NumPy's error
    assert n2t.draws_ahead((5,), 1, n2t.random.rand, _draw_ahead.PER_DRAW_MAX + 1) is None  # work-dominated draws
    assert n2t.draws_ahead((_draw_ahead.AHEAD_MAX // 4 + 1,), 1, n2t.random.rand, 4) is None  # too many values
    # None makes take_draw draw in place; nothing above consumed the stream.
    np.random.seed(0)
    want = np.random.rand(3)
    n2t.random.seed(0)
    got = n2t.take_draw(None, 0, n2t.random.rand, 3)
    np.testing.assert_array_equal(np.asarray(got), want)

    @tf.function
    def symbolic(n: tf.Tensor) -> object:
        return n2t.draws_ahead((n,), 1, n2t.random.rand, 3) is None

    assert symbolic(tf.constant(4))  # a trip count known only at run time: drawn in the loop


def test_gaussian_draws_ahead_in_pieces_continue_the_cached_value(monkeypatch: pytest.MonkeyPatch) -> None:
    import np2tf.runtime as n2t
    from np2tf.runtime import _draw_ahead

    monkeypatch.setattr(_draw_ahead, "PIECE", 10)  # 7 draws of 3 values: pieces of 3 rows, odd sizes
    np.random.seed(9)
    want = np.stack([np.random.standard_normal(3) for _ in range(7)])
    after = np.random.standard_normal(1)
    n2t.random.seed(9)
    drawn = n2t.draws_ahead((7,), 1, n2t.random.standard_normal, 3)
    assert drawn is not None and drawn.shape == (7, 3)
    np.testing.assert_allclose(np.asarray(drawn), want, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(np.asarray(n2t.random.standard_normal(1)), after, rtol=1e-15, atol=1e-15)
