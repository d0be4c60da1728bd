"""Writes through NumPy views and aliases (``np2tf/rewrite/views.py``).

Each case is a small ``main()``: it runs under NumPy, is converted (``--tf-function off``,
the literal conversion, and the default) and runs under TensorFlow. A case either gives
NumPy's values (``"same"``), or the conversion reports N2T200 at a warning level
(``"reported"``): a wrong answer without a diagnostic fails.
"""

from __future__ import annotations

import textwrap
import types

import pytest

from np2tf.options import Options
from np2tf.pipeline import convert_source

pytestmark = pytest.mark.tf

SAME, REPORTED = "same", "reported"

CASES: dict[str, tuple[str, str]] = {
    "alias_write_through_alias": (SAME, """
        a = np.arange(5)
        b = a
        b[0] = 99
        return a, b
    """),
    "alias_write_through_base": (SAME, """
        a = np.arange(5.0)
        b = a
        a[1:3] += 1.5
        b *= 2
        return a, b
    """),
    "row_view_augassign": (SAME, """
        M = np.zeros((3, 4))
        row = M[1]
        row += 5
        return M, row
    """),
    "column_and_block_views": (SAME, """
        M = np.arange(12.0).reshape(3, 4)
        col = M[:, 2]
        block = M[1:, :2]
        col[:] = -1
        block[0, 0] = 100
        M[2, 1] = 7
        return M, col, block
    """),
    "chained_views": (SAME, """
        a = np.arange(10)
        v = a[1:9]
        w = v[::2]
        w[1] = -5
        v[0] = -1
        return a, v, w
    """),
    "transpose_of_row": (SAME, """
        a = np.arange(6.0).reshape(2, 3)
        t = a.T
        r = t[0]
        r[1] = 50.0
        return a, t, r
    """),
    "reshape_ravel_views": (SAME, """
        b = np.zeros((2, 6))
        r = b.reshape(3, 4)
        f = np.ravel(b)
        r[0, 1] = 1.0
        f[-1] = 2.0
        return b, r, f
    """),
    "view_method_and_copyto_fill": (SAME, """
        a = np.zeros(6)
        v = a.view()
        np.copyto(v, np.arange(6.0))
        w = a[2:4]
        w.fill(7.0)
        return a, v, w
    """),
    "inline_transpose_and_flat": (SAME, """
        a = np.zeros((3, 3))
        a.T[0, 2] = 1.0
        a.flat[4] = 5.0
        a[1:][0] = 3.0
        return a
    """),
    "copies_do_not_write_back": (SAME, """
        a = np.arange(6)
        c = a.copy()
        d = np.array(a)
        f = a[[0, 2]]
        m = a[a > 3]
        g = a + 0
        c[0] = 50
        d[0] = 50
        f[0] = 60
        m[0] = 70
        g[1] = 80
        return a, c, d, f, m, g
    """),
    "view_per_loop_pass": (SAME, """
        M = np.ones((4, 3))
        for i in range(4):
            row = M[i]
            row *= i
            row[0] = -1.0
        return M
    """),
    "view_dead_at_write_in_loop": (SAME, """
        R = np.arange(9.0).reshape(3, 3)
        for k in range(3):
            x = R[k:, k]
            s = x.sum()
            R[k:, :] -= s
        return R
    """),
    "base_rebound_before_write": (SAME, """
        a = np.zeros(3)
        b = a
        a = np.ones(3)
        a[0] = 5.0
        return a, b
    """),
    "view_taken_after_write": (SAME, """
        a = np.zeros(4)
        a[0] = 1.0
        v = a[:2]
        v[1] = 2.0
        return a, v
    """),
    "view_in_branch_read_after": (REPORTED, """
        a = np.zeros(4)
        if a.sum() == 0:
            v = a[1:3]
        else:
            v = np.ones(2)
        a[1] = 5.0
        return v
    """),
    "write_in_branch": (SAME, """
        a = np.zeros(4)
        v = a[1:3]
        if v.sum() == 0:
            v[0] = 1.0
        else:
            a[3] = 2.0
        return a, v
    """),
    "index_name_rebound": (REPORTED, """
        a = np.zeros((3, 2))
        i = 0
        v = a[i]
        i = 2
        v[0] = 4.0
        return a, v
    """),
    "view_escapes_into_tuple": (REPORTED, """
        a = np.zeros(4)
        v = a[1:]
        pair = (v, 1)
        v[0] = 3.0
        return a, pair[0]
    """),
    "view_stored_in_list": (REPORTED, """
        a = np.zeros(4)
        views = [a[:2]]
        v = a[2:]
        views.append(v)
        a[3] = 1.0
        return views[1]
    """),
    "view_put_in_list_literal": (REPORTED, """
        a = np.zeros(4)
        keep = [a[1:3]]
        a[1] = 5.0
        return keep[0], a
    """),
    "view_appended_directly": (REPORTED, """
        a = np.zeros(4)
        keep = []
        keep.append(a[1:3])
        a[2] = 7.0
        return keep[0], a
    """),
    "row_of_nested_function_parameter": (REPORTED, """
        def head(M):
            row = M[0]
            M[0, 0] = 5.0
            return row.sum()
        return head(np.ones((2, 2)))
    """),
    "alias_of_nested_function_parameter": (REPORTED, """
        def bump(x):
            y = x
            y[0] = 10.0
        a = np.zeros(2)
        bump(a)
        return a
    """),
    # only direct writes into a parameter are returned to the caller
    "alias_of_parameter": (REPORTED, """
        def bump(x):
            y = x
            y[0] = 10.0
        --
        a = np.zeros(2)
        bump(a)
        return a
    """),
    "closure_reads_view": (SAME, """
        a = np.zeros(3)
        v = a[1:]
        get = lambda: v[0]
        a[1] = 4.0
        return get()
    """),
    "reshape_of_transpose_is_a_copy": (REPORTED, """
        a = np.arange(6.0).reshape(2, 3).T
        r = a.reshape(6)
        r[0] = 100.0
        return a, r
    """),
    "returned_parameter_alias": (SAME, """
        def scale(v):
            v *= 2
            return v
        --
        a = np.ones(3)
        b = scale(a)
        a[0] = -1.0
        return a, b
    """),
    "out_argument_on_parameter": (SAME, """
        def clip_(a):
            np.clip(a, -1, 1, out=a)
        --
        x = np.linspace(-2, 2, 5)
        clip_(x)
        return x
    """),
    "loop_rows_of_array": (REPORTED, """
        M = np.zeros((2, 2))
        for row in M:
            row += 1
        return M
    """),
}


def _module(body: str) -> str:
    """``import numpy``, then module-level code before a ``--`` line, then ``main()``."""
    text = textwrap.dedent(body).strip("\n")
    prelude, _, main = text.rpartition("\n--\n")
    return f"import numpy as np\n\n\n{prelude}\n\n\ndef main():\n" + textwrap.indent(main, "    ") + "\n"


def _run(source: str) -> object:
    module = types.ModuleType("case")
    exec(compile(source, "case.py", "exec"), module.__dict__)
    return module.main()


def _equal(expected: object, actual: object, rtol: float = 1e-5, atol: float = 1e-8) -> bool:
    """Same tuple structure, shapes, dtypes and (to ``rtol``/``atol``) values."""
    import numpy as np

    if isinstance(expected, tuple):
        return isinstance(actual, tuple) and len(actual) == len(expected) and all(_equal(e, a, rtol, atol) for e, a in zip(expected, actual))
    e, a = np.asarray(expected), np.asarray(actual)
    return e.shape == a.shape and e.dtype == a.dtype and np.allclose(e, a, rtol=rtol, atol=atol)


def _converted_run(source: str, mode: str, rtol: float = 1e-5, atol: float = 1e-8) -> tuple[bool, list, object]:
    """Run ``source``'s ``main()`` under NumPy and converted: (same result?, N2T200s, conversion)."""
    expected = _run(source)
    converted = convert_source(source, "case.py", Options(tf_function=mode))
    warnings = [d for d in converted.diagnostics if d.code == "N2T200"]
    try:
        same = _equal(expected, _run(converted.code), rtol, atol)
    except Exception:  # noqa: BLE001 - a crash counts as "differs"
        same = False
    return same, warnings, converted


@pytest.mark.parametrize("mode", ["off", "auto"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_view_write(name: str, mode: str) -> None:
    import np2tf.runtime  # noqa: F401 - NumPy behaviour on

    expect, body = CASES[name]
    same, warnings, converted = _converted_run(_module(body), mode)
    if expect == SAME:
        assert same, f"{name}: converted result differs\n{converted.code}"
    else:
        assert warnings, f"{name}: expected N2T200\n{converted.code}"
    assert same or warnings, f"{name}: silent difference\n{converted.code}"
