"""Functions that write into parameters they return, alone or in a tuple, and chains of them
(``np2tf/rewrite/parameters.py``, ``plan_self_returning_writes``).

The CFD lessons ("12 steps to Navier-Stokes") write fields in place and return them:
``u, v, p = cavity_flow(nt, u, v, dt, dx, dy, p, rho, nu)`` with
``p = pressure_poisson(p, dx, dy, b)`` inside. Each case is a whole module with a
``main()``: it runs under NumPy, is converted (``--tf-function off`` and the default) and
runs under TensorFlow. A ``"same"`` case gives NumPy's values with no N2T200; a
``"reported"`` case carries N2T200; a wrong answer without a diagnostic fails either way.
"""

from __future__ import annotations

import textwrap

import pytest
from test_alias_views import _converted_run

from np2tf.options import Options
from np2tf.pipeline import convert_source

pytestmark = pytest.mark.tf

SAME, REPORTED = "same", "reported"

_CAVITY_FUNCTIONS = """
    nx, ny, nit = 9, 9, 5


    def build_up_b(b, rho, dt, u, v, dx, dy):
        b[1:-1, 1:-1] = (rho * (1 / dt * ((u[1:-1, 2:] - u[1:-1, 0:-2]) / (2 * dx) + (v[2:, 1:-1] - v[0:-2, 1:-1]) / (2 * dy))
                                - ((u[1:-1, 2:] - u[1:-1, 0:-2]) / (2 * dx))**2))
        return b


    def pressure_poisson(p, dx, dy, b):
        pn = np.empty_like(p)
        for q in range(nit):
            pn = p.copy()
            p[1:-1, 1:-1] = (((pn[1:-1, 2:] + pn[1:-1, 0:-2]) * dy**2 + (pn[2:, 1:-1] + pn[0:-2, 1:-1]) * dx**2)
                             / (2 * (dx**2 + dy**2)) - dx**2 * dy**2 / (2 * (dx**2 + dy**2)) * b[1:-1, 1:-1])
            p[:, -1] = p[:, -2]
            p[0, :] = p[1, :]
            p[:, 0] = p[:, 1]
            p[-1, :] = 0
        return p


    def cavity_flow(nt, u, v, dt, dx, dy, p, rho, nu):
        b = np.zeros((ny, nx))
        for n in range(nt):
            un = u.copy()
            vn = v.copy()
            b = build_up_b(b, rho, dt, u, v, dx, dy)
            p = pressure_poisson(p, dx, dy, b)
            u[1:-1, 1:-1] = (un[1:-1, 1:-1] - un[1:-1, 1:-1] * dt / dx * (un[1:-1, 1:-1] - un[1:-1, 0:-2])
                             - dt / (2 * rho * dx) * (p[1:-1, 2:] - p[1:-1, 0:-2])
                             + nu * dt / dx**2 * (un[1:-1, 2:] - 2 * un[1:-1, 1:-1] + un[1:-1, 0:-2]))
            v[1:-1, 1:-1] = (vn[1:-1, 1:-1] - vn[1:-1, 1:-1] * dt / dy * (vn[1:-1, 1:-1] - vn[0:-2, 1:-1])
                             - dt / (2 * rho * dy) * (p[2:, 1:-1] - p[0:-2, 1:-1]))
            u[0, :] = 0
            u[:, 0] = 0
            u[:, -1] = 0
            u[-1, :] = 1
            v[0, :] = 0
            v[-1, :] = 0
        return u, v, p
"""

_LAPLACE_FUNCTION = """
    def laplace2d(p, y, dx, dy, l1norm_target):
        l1norm = 1
        pn = np.empty_like(p)
        iterations = 0
        while l1norm > l1norm_target:
            pn = p.copy()
            p[1:-1, 1:-1] = ((dy**2 * (pn[1:-1, 2:] + pn[1:-1, 0:-2]) + dx**2 * (pn[2:, 1:-1] + pn[0:-2, 1:-1]))
                             / (2 * (dx**2 + dy**2)))
            p[:, 0] = 0
            p[:, -1] = y
            p[0, :] = p[1, :]
            p[-1, :] = p[-2, :]
            l1norm = np.sum(np.abs(p[:]) - np.abs(pn[:])) / np.sum(np.abs(pn[:]))
            iterations += 1
        return p, iterations
"""

_STEP = """
    def step(u, nu):
        un = u.copy()
        u[1:-1] = un[1:-1] + nu * (un[2:] - 2 * un[1:-1] + un[:-2])
        err = np.abs(u - un).max()
        return u, err
"""

CASES: dict[str, tuple[str, str]] = {
    # -- the CFD patterns --------------------------------------------------------------
    "cavity_in_main": (SAME, _CAVITY_FUNCTIONS + """
    def main():
        u = np.zeros((ny, nx))
        v = np.zeros((ny, nx))
        p = np.zeros((ny, nx))
        u, v, p = cavity_flow(10, u, v, 0.001, 2 / (nx - 1), 2 / (ny - 1), p, 1.0, 0.1)
        return u, v, p
    """),
    "cavity_at_module_level": (SAME, _CAVITY_FUNCTIONS + """
    u = np.zeros((ny, nx))
    v = np.zeros((ny, nx))
    p = np.zeros((ny, nx))
    u, v, p = cavity_flow(10, u, v, 0.001, 2 / (nx - 1), 2 / (ny - 1), p, 1.0, 0.1)
    RESULT = (u, v, p)


    def main():
        return RESULT
    """),
    "laplace_while_loop": (SAME, _LAPLACE_FUNCTION + """
    def main():
        nx = ny = 9
        p = np.zeros((ny, nx))
        y = np.linspace(0, 1, ny)
        p[:, -1] = y
        p, iterations = laplace2d(p, y, 2 / (nx - 1), 2 / (ny - 1), 1e-3)
        return p, np.asarray(iterations)
    """),
    "partial_tuple_in_loop": (SAME, _STEP + """
    def main():
        u = np.zeros(12)
        u[4:7] = 2.0
        errs = []
        for i in range(5):
            u, err = step(u, 0.2)
            errs.append(err)
        return u, np.asarray(errs)
    """),
    # -- other call shapes ---------------------------------------------------------------
    # `u2` and `u` are one array in NumPy; np2tf does not track aliases made by unpacking
    "partial_tuple_argument_read_after": (REPORTED, _STEP + """
    def main():
        u = np.zeros(6)
        u[2] = 1.0
        u2, err = step(u, 0.5)
        u[0] = -1.0  # NumPy's `u` is `u2`: both see this write
        return u, u2, np.asarray(err)
    """),
    "partial_tuple_argument_dead": (SAME, _STEP + """
    def main():
        u = np.zeros(6)
        u[2] = 1.0
        w, err = step(u, 0.5)
        return w, np.asarray(err)
    """),
    "partial_tuple_fresh_argument": (SAME, _STEP + """
    def main():
        u = np.zeros(6)
        u[2] = 1.0
        w, err = step(u.copy(), 0.5)
        return u, w, np.asarray(err)
    """),
    "tuple_as_statement": (SAME, """
    def bc(u, v):
        u[0] = 1.0
        v[-1] = 2.0
        return u, v


    def main():
        u = np.zeros(4)
        v = np.zeros(4)
        bc(u, v)
        return u, v
    """),
    "tuple_early_return": (SAME, """
    def relax(u, tol):
        for k in range(50):
            un = u.copy()
            u[1:-1] = 0.5 * (un[2:] + un[:-2])
            if np.abs(u - un).max() < tol:
                return u, k
        return u, -1


    def main():
        u = np.zeros(8)
        u[-1] = 1.0
        u, k = relax(u, 1e-2)
        return u, np.asarray(k)
    """),
    "chain_of_three": (SAME, """
    def inner(p):
        p[1:-1] = 0.5 * (p[2:] + p[:-2])
        return p


    def middle(p, n):
        for i in range(n):
            p = inner(p)
            p[0] = p[1]
        return p


    def outer(p, q):
        p = middle(p, 3)
        q[0] += 1.0
        return q, p


    def main():
        p = np.linspace(0.0, 1.0, 6) ** 2
        q = np.zeros(2)
        q, p = outer(p, q)
        return p, q
    """),
    "chain_through_tuple_callee": (SAME, _LAPLACE_FUNCTION + """
    def solve(p, y):
        p, it = laplace2d(p, y, 0.25, 0.125, 1e-2)
        p[0, 0] = -1.0
        return p, it


    def main():
        p = np.zeros((5, 9))
        y = np.linspace(0, 1, 5)
        p[:, -1] = y
        p, it = solve(p, y)
        return p, np.asarray(it)
    """),
    # -- what must stay reported ---------------------------------------------------------
    "callers_do_not_rebind": (REPORTED, _CAVITY_FUNCTIONS + """
    def main():
        u = np.zeros((ny, nx))
        v = np.zeros((ny, nx))
        p = np.zeros((ny, nx))
        result = cavity_flow(5, u, v, 0.001, 2 / (nx - 1), 2 / (ny - 1), p, 1.0, 0.1)
        return u, v, p, result[0]
    """),
    # `middle` rebinds its parameter (`p = inner(p)`): views.py does not take `q = middle(p)`
    # for an alias of `p`, so the caller may not keep both
    "chain_result_alias_read_after": (REPORTED, """
    def inner(p):
        p[1:-1] = 0.5 * (p[2:] + p[:-2])
        return p


    def middle(p):
        p = inner(p)
        return p


    def main():
        p = np.linspace(0.0, 1.0, 6) ** 2
        q = middle(p)
        p[0] = 5.0
        return p, q
    """),
    "single_result_alias_read_after": (SAME, """
    def inner(p):
        p[1:-1] = 0.5 * (p[2:] + p[:-2])
        return p


    def main():
        p = np.linspace(0.0, 1.0, 6) ** 2
        q = inner(p)
        p[0] = 5.0
        return p, q
    """),
    # `u` looks dead after the call, but `show` (defined earlier) reads it when called later
    "argument_read_by_a_function_defined_before": (REPORTED, """
    def step(u):
        u[0] = 5.0
        return u, 1


    def show():
        return u


    u = np.zeros(3)
    w, k = step(u)


    def main():
        return show(), w
    """),
    "chain_caller_does_not_rebind": (REPORTED, """
    def inner(p):
        p[1:-1] = 0.5 * (p[2:] + p[:-2])
        return p


    def outer(p):
        p = inner(p)
        return p, p.sum()


    def main():
        p = np.linspace(0.0, 1.0, 6) ** 2
        total = outer(p)[1]
        return p, np.asarray(total)
    """),
    "targets_swapped": (REPORTED, """
    def bc(u, v):
        u[0] = 1.0
        v[-1] = 2.0
        return u, v


    def main():
        u = np.zeros(4)
        v = np.zeros(4)
        v, u = bc(u, v)
        return u, v
    """),
    "same_array_for_two_parameters": (REPORTED, """
    def bc(u, v):
        u[0] = 1.0
        v[-1] = u[0] + 2.0
        return u, v


    def main():
        x = np.zeros(4)
        a, b = bc(x, x)
        return a, b, x
    """),
    "written_parameter_not_returned": (REPORTED, """
    def bc(u, v):
        u[0] = 1.0
        v[-1] = 2.0
        return u, 0


    def main():
        u = np.zeros(4)
        v = np.zeros(4)
        u, k = bc(u, v)
        return u, v
    """),
    # `global` makes the parameter writes ineligible (_writes answers None): crashed with
    # N2T900 (TypeError in _self_returning) until the None was checked.
    "rebound_by_a_call_next_to_a_global": (SAME, """
    count = 0


    def prep(a):
        return a * 1.0


    def f(x):
        global count
        x = prep(x)
        x[0] = 1.0
        count += 1
        return x


    def main():
        x = np.zeros(3)
        y = f(x)
        return x, y
    """),
    "parameter_rebound_to_another_array": (REPORTED, """
    def f(u, w):
        u[0] = 1.0
        u = w
        u[1] = 2.0
        return u, 0


    def main():
        u = np.zeros(3)
        w = np.zeros(3)
        u, k = f(u, w)
        return u, w
    """),
}


def _module(body: str) -> str:
    return "import numpy as np\n\n" + textwrap.dedent(body).strip("\n") + "\n"


@pytest.mark.parametrize("mode", ["off", "auto"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_returned_parameters(name: str, mode: str) -> None:
    import np2tf.runtime  # noqa: F401 - NumPy behaviour on

    expect, body = CASES[name]
    same, warnings, converted = _converted_run(_module(body), mode, rtol=1e-12, atol=1e-12)
    assert not any(d.code == "N2T900" for d in converted.diagnostics), f"{name}: internal error\n{converted.diagnostics}"
    if expect == SAME:
        assert not warnings, f"{name}: unexpected N2T200: {[d.message for d in warnings]}\n{converted.code}"
        assert same, f"{name}: converted result differs\n{converted.code}"
    else:
        assert warnings, f"{name}: expected N2T200\n{converted.code}"
    assert same or warnings, f"{name}: silent difference\n{converted.code}"


def test_chain_whose_caller_does_not_rebind_reports_the_inner_writes() -> None:
    """``inner`` may only rebind ``p`` inside ``outer`` when ``outer``'s callers rebind it."""
    expect, body = CASES["chain_caller_does_not_rebind"]
    converted = convert_source(_module(body), "case.py", Options(tf_function="off"))
    lines = {d.line for d in converted.diagnostics if d.code == "N2T200"}
    assert 4 in lines  # p[1:-1] = ... in inner
    assert not [d for d in converted.diagnostics if d.code == "N2T202"]


def test_cavity_reports_each_function() -> None:
    converted = convert_source(_module(CASES["cavity_in_main"][1]), "case.py", Options(tf_function="off"))
    notes = {d.message.split("`")[1]: d.message for d in converted.diagnostics if d.code == "N2T202"}
    assert set(notes) == {"build_up_b", "pressure_poisson", "cavity_flow"}
    assert "parameters `u`, `v`, `p`" in notes["cavity_flow"]
    assert "u, v, p = cavity_flow(" in converted.code
