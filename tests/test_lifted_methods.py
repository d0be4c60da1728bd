"""Methods holding loops run as module-level copies np2tf compiles (np2tf/insert/methods.py, N2T408).

Differential tests run ``main()`` under NumPy and converted, and compare the results and the
attributes the methods leave on the instance; structure tests read the converted code and
the diagnostics. A copy that forgot an attribute it sets, or ran for an instance whose
class overrides a method it inlines, would be a silently wrong answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_autograph_blocks import _convert, _run_both
from test_equivalence import assert_same

SOLVER = """\
import numpy as np


class Solver:
    def __init__(self, n):
        self.u = np.linspace(0.0, 1.0, n) ** 2
        self.u_prev = self.u.copy()
        self.c = 0.25
        self.t = 0.0
        self.steps = 0

    def smooth(self, u):
        out = np.zeros_like(u)
        out[1:-1] = u[:-2] - 2.0 * u[1:-1] + u[2:]
        return out

    def step(self):
        new = np.zeros_like(self.u)
        new[1:-1] = (2.0 * self.u - self.u_prev + self.c * self.smooth(self.u))[1:-1]
        self.u_prev, self.u = self.u, new
        self.t += 0.1
        self.steps += 1

    def run(self, nsteps):
        \"\"\"Advance nsteps steps.\"\"\"
        for _ in range(nsteps):
            self.step()
        return self.u
"""

MAIN = """

def main():
    s = Solver(16)
    out = s.run(30)
    return out, s.u, s.u_prev, s.t, s.steps
"""


def test_a_method_loop_runs_as_a_compiled_copy_and_writes_its_attributes_back(tmp_path: Path) -> None:
    expected, actual, code = _run_both(SOLVER + MAIN, tmp_path)
    assert_same(expected, actual)
    assert "def _n2t_Solver_run(self_c, self_steps, self_t, self_u, self_u_prev, nsteps):" in code, code
    assert "if type(self) is Solver and not {'smooth', 'step'} & vars(self).keys():" in code, code
    # the dispatch comes after the docstring, and the method as written stays for other instances
    assert '"""Advance nsteps steps."""\n        if type(self) is Solver' in code, code
    assert "            self.step()\n" in code, code
    _, notes = _convert(SOLVER + MAIN)
    assert any(n.startswith("N2T408 `Solver.run` runs as the module-level function `_n2t_Solver_run`") for n in notes), notes
    assert any(n.startswith("N2T400 `_n2t_Solver_run` runs as a tf.function") for n in notes), notes
    assert not any(n.startswith("N2T401") and "Solver.run" in n for n in notes), notes


def test_a_subclass_overriding_a_called_method_gets_its_own_copy(tmp_path: Path) -> None:
    source = SOLVER + """

class Damped(Solver):
    def step(self):
        self.u = 0.9 * self.u
        self.steps += 1


def main():
    a, b = Solver(12), Damped(12)
    return a.run(20), b.run(20), a.steps, b.steps, b.t
"""
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    assert "type(self).__name__ == 'Damped' and type(self) is Damped" in code, code
    assert "def _n2t_Damped_step(self_steps, self_u):" in code, code


def test_an_inherited_method_calling_an_abstract_hook_is_lifted_for_the_subclass_only(tmp_path: Path) -> None:
    source = """\
import numpy as np


class Model:
    def __init__(self, dim):
        self.W = np.zeros(dim)

    def loss(self, X, y):
        raise NotImplementedError

    def train(self, X, y, lr=0.1, iters=40):
        history = []
        for it in range(iters):
            value, grad = self.loss(X, y)
            history.append(value)
            self.W -= lr * grad
        return history


class Squares(Model):
    def loss(self, X, y):
        r = X @ self.W - y
        return np.mean(r ** 2), 2.0 * X.T @ r / X.shape[0]


def main():
    X = np.linspace(-1, 1, 40).reshape(20, 2)
    y = X @ np.array([0.5, -1.5])
    m = Squares(2)
    history = m.train(X, y)
    return np.array(history), m.W
"""
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    assert "_n2t_Model_train" not in code, code  # Model.loss only raises
    assert "type(self).__name__ == 'Squares' and type(self) is Squares" in code, code
    _, notes = _convert(source)
    assert any(n.startswith("N2T408 `Model.train` runs, for `Squares` instances,") for n in notes), notes


def test_a_method_replaced_on_the_instance_runs_the_method_as_written(tmp_path: Path) -> None:
    source = SOLVER + """

def main():
    s = Solver(10)
    s.step = lambda: setattr(s, "steps", s.steps + 10)
    s.run(3)
    return s.steps, s.u
"""
    expected, actual, _ = _run_both(source, tmp_path)
    assert expected[0] == 30
    assert_same(expected, actual)


def test_early_returns_carry_the_attributes_too(tmp_path: Path) -> None:
    source = """\
import numpy as np


class Search:
    def __init__(self):
        self.x = np.ones(4)
        self.count = 0

    def grow(self, steps):
        if steps <= 0:
            return -1.0
        for i in range(steps):
            self.x = self.x * 1.5
            self.count += 1
        return np.sum(self.x)


def main():
    s = Search()
    none = s.grow(0)
    total = s.grow(12)
    return none, total, s.x, s.count
"""
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    assert "return -1.0, self_count, self_x" in code, code


@pytest.mark.parametrize(
    ("why", "method"),
    [
        ("self handed to a function", "    def run(self, n):\n        for _ in range(n):\n            helper(self)\n        return self.u\n"),
        ("attribute not set by __init__", "    def run(self, n):\n        for _ in range(n):\n            self.u = self.u * self.k\n        return self.u\n"),
        ("writes into an attribute's array", "    def run(self, n):\n        for i in range(n):\n            self.u[i] = 1.0\n        return self.u\n"),
        ("calls a method on an attribute", "    def run(self, n):\n        for _ in range(n):\n            self.log.append(np.sum(self.u))\n        return self.u\n"),
        ("super()", "    def run(self, n):\n        for _ in range(n):\n            super().run(n)\n        return self.u\n"),
        ("bound method as a value", "    def run(self, n):\n        f = self.twice\n        for _ in range(n):\n            self.u = f(self.u)\n        return self.u\n"),
    ],
)
def test_methods_using_self_otherwise_are_not_lifted(why: str, method: str) -> None:
    source = f"""\
import numpy as np


def helper(obj):
    obj.u = obj.u + 1.0


class Thing:
    def __init__(self):
        self.u = np.zeros(8)
        self.log = []

    def twice(self, u):
        return 2.0 * u

{method}"""
    code, notes = _convert(source)
    assert "_n2t_Thing_run" not in code, (why, code)
    assert not any(n.startswith("N2T408") for n in notes), (why, notes)
    assert any("`Thing.run` stays eager: it holds a loop; np2tf runs such methods as compiled module-level copies (N2T408), but not this one: " in n
               for n in notes), (why, notes)


def test_tf_function_off_lifts_nothing() -> None:
    code, notes = _convert(SOLVER + MAIN, mode="off")
    assert "_n2t_Solver" not in code, code
    assert not any(n.startswith("N2T408") for n in notes), notes


def test_attributes_set_after_an_early_return_in_init_do_not_count() -> None:
    source = SOLVER.replace("        self.steps = 0\n", "        if n < 0:\n            return\n        self.steps = 0\n") + MAIN
    code, notes = _convert(source)
    assert "_n2t_Solver_run" not in code, code  # `steps` may be missing: reading it on entry could raise


def test_a_straight_line_method_called_in_a_loop_is_lifted_and_one_called_once_is_not(tmp_path: Path) -> None:
    source = """\
import numpy as np


class Wave:
    def __init__(self, n):
        self.u = np.exp(-np.linspace(-2.0, 2.0, n) ** 2)
        self.u_prev = self.u.copy()
        self.c2 = 0.2

    def step(self):
        lap = np.zeros_like(self.u)
        lap[1:-1] = self.u[2:] + self.u[:-2] - 2.0 * self.u[1:-1]
        new = 2.0 * self.u - self.u_prev + self.c2 * lap
        self.u_prev = self.u
        self.u = new

    def energy(self):
        return np.sum(self.u ** 2) + np.sum((self.u - self.u_prev) ** 2) + np.mean(self.u) * 2.0 - np.max(self.u)


def main():
    w = Wave(33)
    e0 = w.energy()
    for i in range(40):
        w.step()
    return w.u, w.u_prev, e0, w.energy()
"""
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    assert "def _n2t_Wave_step(self_c2, self_u, self_u_prev):" in code, code
    assert "_n2t_Wave_energy" not in code, code


def test_a_method_called_with_a_varying_python_number_is_not_lifted() -> None:
    # the copy would retrace on every call (`i` is part of tf.function's cache key)
    source = SOLVER.replace("    def run(self, nsteps):", "    def nudge(self, k):\n        self.u = self.u * 0.5 + 0.1 * np.cos(self.u) * k - np.sin(self.u) ** 2\n        self.u_prev = np.exp(-self.u) - 0.5 * k + np.tanh(self.u_prev)\n\n    def run(self, nsteps):") + """

def main():
    s = Solver(8)
    for i in range(10):
        s.nudge(i)
    return s.u
"""
    code, notes = _convert(source)
    assert "_n2t_Solver_nudge" not in code, code
    assert any("`Solver.nudge` stays eager" in n and "is called with `i`, a Python value that changes every iteration" in n for n in notes), notes
