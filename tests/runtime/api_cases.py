"""Named differential cases for converting rows, by NumPy name (``test_api_cases.py``).

Each entry maps a qualified NumPy name to a list of :func:`c` cases: the positional and
keyword arguments of one call, written as a NumPy user would write it (NumPy's keyword
names; the test applies the row's ``rename_args``). The test runs NumPy and the row's
target on the same arguments and compares values, shapes and dtypes. Between them the
cases of a row exercise negative axes, keyword forms, 0-d and empty inputs and
broadcasting wherever the API has them.

A case can be marked:

* ``.xfail(reason)``: a known divergence of a runtime helper this file's owner does not
  own (``_stats.py``, ``_indexing*.py``, ``linalg.py``); the reason names it.
* ``.shape_only()``: values are unspecified (``empty_like``): shapes and dtypes only.
* ``.inplace()``: NumPy mutates the first argument and returns None; the runtime returns
  the new array. The mutated NumPy array is compared with the runtime's result.
* ``.tol(rtol, atol)``: a looser tolerance (float16/float32 results).

Rows covered elsewhere (ufunc rows in ``test_ufuncs.py``, ``CASES`` in
``test_functions.py``, linalg/fft rows in ``test_linalg.py``/``test_fft.py``) are listed
by ``coverage()`` in ``test_api_cases.py``; a converting row with no case anywhere fails
``test_every_converting_row_has_a_named_case`` unless it is in its commented allow-list.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np


@dataclasses.dataclass(frozen=True)
class Case:
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    xfail_reason: str = ""
    only_shape: bool = False
    mutates: bool = False
    rtol: float = 1e-6
    atol: float = 1e-9

    def xfail(self, reason: str) -> "Case":
        return dataclasses.replace(self, xfail_reason=reason)

    def shape_only(self) -> "Case":
        return dataclasses.replace(self, only_shape=True)

    def inplace(self) -> "Case":
        return dataclasses.replace(self, mutates=True)

    def tol(self, rtol: float, atol: float | None = None) -> "Case":
        return dataclasses.replace(self, rtol=rtol, atol=rtol if atol is None else atol)

    def describe(self) -> str:
        def short(v: Any) -> str:
            if isinstance(v, np.ndarray):
                return f"{v.dtype}{list(v.shape)}"
            if isinstance(v, (list, tuple)) and len(repr(v)) > 30:
                return type(v).__name__ + f"[{len(v)}]"
            return repr(v) if not isinstance(v, type) else v.__name__
        parts = [short(a) for a in self.args] + [f"{k}={short(v)}" for k, v in self.kwargs.items()]
        return ",".join(parts)


def c(*args: Any, **kwargs: Any) -> Case:
    """One call: ``c(x, axis=-1)`` is ``f(x, axis=-1)``."""
    return Case(args, kwargs)


R = np.random.default_rng(7)
M = R.standard_normal((3, 4))  # float64 matrix
M32 = M.astype(np.float32)
X3 = R.standard_normal((2, 3, 4))  # 3-d
I = R.integers(-4, 6, (3, 4))  # int64 matrix
I8 = I.astype(np.int8)
U8 = np.abs(I).astype(np.uint8)
B = M > 0
E = np.zeros((0, 3))  # empty
S = np.float64(1.5)  # 0-d
Z = (M + 1j * M[::-1]).astype(np.complex128)
MN = M.copy()
MN[0, 1] = MN[2, 3] = np.nan
V3 = R.standard_normal((4, 3))
SQ = M[:, :3] @ M[:, :3].T + 3 * np.eye(3)
ZN = Z.copy()
ZN[1, 2] = complex(np.nan, 1.0)
F64MAX = np.finfo(np.float64).max
H16 = R.standard_normal(400).astype(np.float16)  # float16 data: NumPy bins in float16 arithmetic
def _dot_self(r):  # noqa: ANN001,ANN202 -- apply_along_axis cases: scalar per row
    return r @ r


def _rev2(r):  # noqa: ANN001,ANN202
    return r[::-1] * 2


def _outer_self(r):  # noqa: ANN001,ANN202 -- a 2-d result per row
    return r[:, None] * r[None, :]


def _affine(r, k, s=1):  # noqa: ANN001,ANN202
    return r * k + s


def _first_pos(r):  # noqa: ANN001,ANN202 -- Python `if` on a value: map_fn eagerly, AutoGraph traced
    if r[0] > 0:
        return r[0] * 2
    return r[1]


DX = np.array([0, 1, 2, 2.5, 3, 4, np.nan, -np.inf])
NAN_A = np.array([[1.0, np.nan, -np.inf], [np.inf, 0.0, -0.0], [2.5, np.nan, -1.5]])
NAN_B = np.array([[np.nan, 1.0, 2.0], [0.0, np.inf, 1.0], [-1.0, 3.0, np.nan]])

STATS = "np2tf/runtime/_stats.py (colleague-owned)"
INDEXING = "np2tf/runtime/_indexing.py (colleague-owned)"
LINALG = "np2tf/runtime/linalg.py (colleague-owned)"

CASES: dict[str, list[Case]] = {
    # --- creation and conversion ------------------------------------------------------
    "numpy.empty_like": [c(M).shape_only(), c(I, dtype=np.float32).shape_only(), c(E).shape_only(), c(S).shape_only()],
    "numpy.asanyarray": [c([1, 2]), c(M, dtype=np.float32), c(3.0), c([[True, False]]), c(E, np.int8)],
    "numpy.ascontiguousarray": [c(M), c(3.0), c(I, dtype=np.float64), c(E)],
    "numpy.copy": [c(M), c(S), c(E), c([1, 2.5]), c(I8)],
    "numpy.diagflat": [c([1, 2]), c([[1, 2], [3, 4]], k=-1), c(I[0, :3], 1), c(M32[0])],
    "numpy.vander": [c(I[0]), c(M[0], 3), c(M[0], N=2, increasing=True), c(np.array([1, 2, 3], np.int8)), c(np.zeros(0))],
    "numpy.diag_indices": [c(3), c(2, ndim=3), c(n=0)],
    "numpy.append": [c(I[0], [1, 2]), c(M, M, axis=0), c(M, I[:1], axis=-2), c(3, 4.5), c(E, [[1, 2, 3]], axis=0), c(I8, U8)],
    "numpy.ix_": [c([0, 1], [2, 3]), c(np.array([True, False, True]), [1]), c(np.array([2, 0], np.int32))],
    # --- dtype queries ------------------------------------------------------------------
    "numpy.result_type": [c(np.int8, np.float32), c(M32, 1.0), c(I8, U8), c(np.int16, np.uint16, np.float16), c(B, 3)],
    "numpy.promote_types": [c(np.int8, np.uint8), c("f4", "i8"), c(np.bool_, np.float16), c(np.uint64, np.int64)],
    "numpy.isscalar": [c(3.0), c(M), c(np.float32(1)), c("s"), c([1]), c(element=True)],
    "numpy.iscomplexobj": [c(M), c(Z), c(3), c([1 + 0j]), c(E)],
    "numpy.isrealobj": [c(M), c(Z), c(3), c([1 + 0j])],
    "numpy.shape": [c(M), c(3.0), c([[1, 2]]), c(E), c(a=X3)],
    "numpy.ndim": [c(M), c(3), c([[1]]), c(E), c(a=X3)],
    "numpy.size": [c(M), c(M, 1), c(M, axis=-1), c(3.0), c(E)],
    # --- products -------------------------------------------------------------------------
    "numpy.vdot": [c(M, M), c(I, I), c(Z[0], Z[1]), c(I8[0], M32[0]), c(M[0], 2.0 * M[1])],
    "numpy.tensordot": [
        c(M, M.T, 1), c(M, M, axes=([0, 1], [0, 1])), c(M, M), c(M[0], M[1], 0), c(X3, M, axes=((1, 2), (0, 1))),
        c(I8, I8.T, axes=1), c(M, M, axes=((-1,), (-1,))),
    ],
    "numpy.cross": [
        c(V3, V3[::-1]), c(V3[0], V3), c(I[:, :3], I[::-1, :3]), c(V3.T, V3.T, axis=0),
        c(V3.T, V3, axisa=0, axisb=-1), c(V3.T, V3.T, axisa=0, axisb=0, axisc=0),
    ],
    # --- comparison ---------------------------------------------------------------------
    "numpy.array_equal": [c(M, M), c(M, M[0]), c(I, I.astype(float)), c(MN, MN), c(E, E), c(3, 3.0), c(I8, U8)],
    # --- broadcasting and shape ---------------------------------------------------------
    "numpy.broadcast_arrays": [c(M, M[0]), c(3, I), c(M[:, :1], I8[0]), c(E, np.ones(3))],
    "numpy.broadcast_to": [c(M[0], (2, 3, 4)), c(3, (2,)), c(M, shape=(2, 3, 4)), c(S, ()), c(np.ones(3), (0, 3))],
    "numpy.dsplit": [c(X3, 2), c(X3, [1, 3]), c(X3, indices_or_sections=[1])],
    "numpy.hsplit": [c(M, 2), c(M, [1, 3]), c(I[0], 2), c(X3, [1])],
    "numpy.vsplit": [c(M.T, 2), c(M, [1]), c(X3, 2), c(M, indices_or_sections=3)],
    "numpy.dstack": [c([M, M]), c([I, I]), c([3, 4]), c((I8[0], I8[1])), c([M, I])],
    "numpy.row_stack": [c([M, M]), c([I[0], I[1]]), c((I8, M32))],
    "numpy.expand_dims": [c(M, -1), c(M, axis=(0, -1)), c(3.0, 0), c(X3, 1), c(E, axis=-2)],
    "numpy.moveaxis": [c(X3, 0, -1), c(X3, [0, 1], [-1, -2]), c(X3, source=-1, destination=0), c(M, 0, 1)],
    "numpy.ravel": [c(M), c(3.0), c(X3), c(E), c(a=I8)],
    "numpy.repeat": [
        c(I[0], 2), c(M, [1, 2, 0], axis=0), c(M, 2, axis=-1), c(3, 4), c(E, 2, axis=0), c(M, 2),
        c(I8, repeats=np.array([1, 0, 2, 1]), axis=1),
    ],
    "numpy.rot90": [c(M), c(M, 2), c(M, -1), c(X3, 1, axes=(1, 2)), c(M, k=3), c(X3, axes=(-1, 0))],
    "numpy.squeeze": [c(np.ones((1, 3, 1))), c(np.ones((1, 3, 1)), axis=-1), c(np.ones((1, 3, 1)), axis=(0, 2)), c(S), c(np.zeros((1, 0)))],
    "numpy.swapaxes": [c(X3, 0, -1), c(M, axis1=1, axis2=0), c(E, 0, 1)],
    "numpy.permute_dims": [c(X3, (2, 0, 1)), c(M), c(X3, axes=(-1, 0, 1)), c(S)],
    "numpy.matrix_transpose": [c(X3), c(M), c(I8)],
    "numpy.take_along_axis": [
        c(M, np.argsort(M, axis=-1), axis=-1), c(M, np.argsort(M, axis=0), 0),
        c(M.ravel(), np.argsort(M.ravel()), axis=None), c(X3, np.argmax(X3, axis=1)[:, None], 1),
        c(M, np.array([[-1], [0], [-2]]), 1),
    ],
    "numpy.compress": [
        c([True, False, True], M, axis=0), c([False, True], M, axis=-1), c([True, True, False], I),
        c(np.array([1, 0, 1]), M, 0), c([True], S.reshape(1)),
    ],
    "numpy.diagonal": [c(M), c(M, 1), c(M, offset=-1), c(X3, axis1=1, axis2=-1), c(X3, 0, 2, 0), c(M, 5)],
    "numpy.select": [
        c([M > 0, M < -1], [M, -M]), c([M > 0], [M], default=7), c([I > 2], [I], 0.5), c([B, ~B], [I8, U8]),
        c([M > 0], [1.0]),
    ],
    # --- in-place functions: NumPy's mutated array vs the runtime's result ---------------
    "numpy.put": [
        c(I, [0, 5], [9, 8]).inplace(), c(M, [-1, 2], 0.5).inplace(), c(I, [1, 2, 3], [7, 8]).inplace(),
        c(I, [20], 1, mode="clip").inplace(), c(I, [13, -14], [1, 2], mode="wrap").inplace(),
    ],
    "numpy.putmask": [c(I, I > 2, 0).inplace(), c(M, M > 0, [1.0, 2.0]).inplace(), c(I8, B, I8 * 2).inplace()],
    "numpy.place": [c(I, I > 2, [0]).inplace(), c(M, B, [1.0, 2.0, 3.0]).inplace(), c(I8, ~B, [5]).inplace()],
    "numpy.copyto": [
        c(M.copy(), I).inplace(), c(M.copy(), M[0]).inplace(), c(M.copy(), 7.0).inplace(),
        c(M.copy(), -M, where=B).inplace(), c(I8.copy(), I8[::-1], where=True).inplace(),
    ],
    "numpy.fill_diagonal": [c(M, 0).inplace(), c(I, [1, 2]).inplace(), c(np.zeros((5, 2)), 3, wrap=True).inplace(), c(np.zeros((2, 2, 2)), 1).inplace()],
    # --- elementwise ----------------------------------------------------------------------
    "numpy.divmod": [
        c(M, 0.7), c(I, 3), c(-7, 2), c(I, -3), c(I8, U8 + 1), c(np.int16(7), 2.5), c(-7.5, 2), c(M, M[0]),
        c(np.array([1.0, -1.0, 0.0]), 0.0), c(I, np.array([0, 2, -2, 3])), c(E, 2), c(U8, np.uint8(3)),
        c(np.array([5, -5], np.float16), np.float16(3)),
    ],
    "numpy.real": [c(Z), c(M), c(3 + 4j), c(I8), c(np.complex64(1 - 2j)), c(E)],
    "numpy.imag": [c(Z), c(M), c(3 + 4j), c(I8), c(Z.astype(np.complex64)), c(E)],
    "numpy.sinc": [c(M), c(I), c(0.0), c(M32), c(np.array([0, 0.5, -1], np.float16)).tol(1e-3), c(E), c(B)],
    "numpy.iscomplex": [c(np.array([1 + 0j, 1 + 1j])), c(M), c(I), c(3 + 0j), c(E)],
    "numpy.isreal": [c(np.array([1 + 0j, 1 + 1j])), c(M), c(I), c(3j), c(E)],
    # --- reductions (dtype sweep over small dtypes in test_reduction_dtypes) ------------------------
    "numpy.cumprod": [c(I[0]), c(M, axis=-1), c(M, 0), c(I, dtype=float), c(S), c(E, axis=0), c(B, axis=1), c(U8[0])],
    "numpy.amax": [c(M, axis=-1, keepdims=True), c(M), c(M, axis=(0, 1)), c(I8, 0), c(S), c(E, axis=1)],
    "numpy.amin": [c(M, axis=-1), c(I), c(M, axis=(-1, 0), keepdims=True), c(U8, 1), c(S)],
    "numpy.any": [c(M > 0, axis=-1), c(M), c(E), c(I, axis=(0, 1), keepdims=True), c(S), c(E, axis=0)],
    "numpy.ptp": [c(M), c(M, axis=-1), c(I, 0, keepdims=True), c(I8), c(S), c(U8, axis=1)],
    "numpy.count_nonzero": [c(I), c(M > 0, axis=-1), c(I, axis=(0,)), c(E), c(S), c(I8, axis=(-1, 0))],
    "numpy.nanprod": [c(MN), c(MN, axis=-1), c(MN, 0, keepdims=True), c(I), c(E), c(MN.astype(np.float32), axis=1)],
}

# More cases for rows above (merged into CASES below): the rows whose targets became
# shims after these cases found divergences, and rows of test_functions.py with new dtypes.
_MORE: dict[str, list[Case]] = {
    "numpy.average": [
        c(M), c(M, axis=-1), c(M, axis=(0, 1)), c(I8, axis=0, keepdims=True), c(M, 0, [1, 2, 3]),
        c(M, axis=(-1,), weights=np.arange(1.0, 5.0)), c(X3, axis=(2, 0), weights=np.ones((4, 2))),
        c(M, axis=1, weights=I[:, :4], returned=True), c(I8, returned=True), c(M32, weights=M32 ** 2),
        c(U8, axis=-1, weights=np.array([1, 2, 3, 4], np.int8), keepdims=True), c(np.float16(2.5)),
    ],
    "numpy.vander": [c(I[0]), c(M32[0], 3), c(np.array([True, False])), c(np.array([1, 2], np.uint64), increasing=True), c(Z[0, :3], N=2)],
    "numpy.size": [c(M, (0, -1)), c(X3, axis=(1,)), c([[1, 2, 3]], 1)],
    "numpy.expand_dims": [c(M, (2, 0)), c(X3, (-1, -3)), c(np.int8(3), (0, 1))],
    "numpy.diag_indices": [c(4, 1)],
    "numpy.tile": [c(U8.astype(np.uint16), (2, 1)), c(B, 2), c(S, (2, 2)), c(E, 2), c(I[0], reps=(2, 1, 2))],
    "numpy.repeat": [c(U8.astype(np.uint16), 2, axis=-1), c(B, [1, 0, 3], axis=0)],
    "numpy.resize": [c(U8.astype(np.uint16), (2, 7)), c(B, 5)],
    "numpy.sort": [c(MN), c(MN, axis=0), c(MN.astype(np.float16), None), c(np.array([np.nan, np.inf, -np.inf, 0.0])), c(Z), c(Z, axis=0), c(B, axis=None), c(np.array([3, np.nan, 1, -np.inf])), c(I8, -1), c(E)],
    "numpy.argsort": [c(MN), c(MN, axis=0), c(np.array([np.nan, 1, np.inf, np.nan, -1], np.float32)), c(Z[0]), c(Z, axis=0), c(B, axis=None), c(np.array([1 + 1j, 1 - 1j, 0j, 1 + 0j])), c(U8, kind="stable")],
    "numpy.unique": [c(np.array([np.nan, 1.0, np.nan, np.inf, 1.0])), c(MN, return_counts=True), c(B), c(Z.round(0)), c(np.array([1 + 1j, 1 + 1j, 1 - 1j])), c(B, return_counts=True, return_inverse=True)],
    "numpy.isin": [c(M, np.concatenate([[np.nan], M[0], [np.nan]])), c(B, [True]), c(Z.round(0), Z.round(0)[0]), c(I8, U8, invert=True)],
    "numpy.searchsorted": [
        c(np.array([False, True, True]), B), c(np.array([False, True]), [True], side="right"),
        c(np.array([0.0, 1.0, np.inf, np.nan]), [np.nan, np.inf, 1.0], side="right"), c(np.array([0.0, np.nan]), np.nan),
        # complex: NumPy's order (real, then imaginary, NaN last); no TF kernel searches complex
        c(np.sort(Z.ravel()), Z), c(np.sort(Z.ravel()), Z[0], side="right"), c(np.sort(ZN.ravel()), ZN[1], side="left"),
        c(Z.ravel(), Z[2], sorter=np.argsort(Z.ravel())), c(np.zeros(0, complex), Z[0]), c(np.sort(Z.ravel()), 0.5 + 0j),
    ],
    # Decreasing bins search the reversed edges with the same side (both sides were swapped).
    "numpy.digitize": [
        c(DX, [3, 2, 1]), c(DX, [3, 2, 1], right=True), c(DX, [1, 2, 3], right=True), c(DX, [2, 2, 1, 1]),
        c(DX, [1, 1, 2], True), c(B, np.array([False, True])), c(np.array(2.5), [1, 2, 3]), c(I8, np.array([3, 0, -2], np.int8)),
        c(DX, np.zeros(0)), c(H16, np.float16([-1, 0, 1])),
    ],
    "numpy.tril": [c(B), c(B, -1), c(X3 > 0, k=1), c(I8[0])],
    "numpy.triu": [c(B), c(B, 1), c(np.ones((2, 3, 3), bool), k=-1), c(U8)],
    "numpy.dot": [c(I8, U8.T), c(B, B.T), c(I8[0], I8[1]), c(I8, 3), c(U8.astype(np.uint64), U8.T.astype(np.uint64)), c(I.astype(np.int16), I.T)],
    "numpy.inner": [c(I8, I8), c(B, B), c(U8, U8.astype(np.uint16))],
    "numpy.einsum": [c("ij,kj->ik", I8, I8), c("i,i->", B[0], B[1]), c("ij->j", U8), c("ii", I8[:, :3]), c("ij,jk", M, M.T)],
    "numpy.real": [c(B), c(np.bool_(True))],
    "numpy.isclose": [c(0.0, np.inf), c(NAN_A, NAN_B), c(NAN_A, NAN_A, equal_nan=True), c(I8, I8 + 1e-9), c(M32, M, rtol=1e-3), c(1, 1.0 + 1e-9), c(Z, Z)],
    "numpy.allclose": [c(0.0, np.inf), c(np.inf, np.inf), c(NAN_A, NAN_A), c(NAN_A, NAN_A, equal_nan=True), c(I, I + 1e-12)],
    "numpy.polyval": [c([1, 2], np.array([np.inf, -np.inf, 1.0])), c(np.array([True, False]), B), c([1, 2, 3], I8), c(np.array([], float), M)],
    "numpy.gradient": [
        c(M), c(M, 2.0), c(M, edge_order=2), c(M, 0.5, np.cumsum(np.arange(1.0, 5.0))), c(M[0], np.array([0, 1, 3, 6.0])),
        c(M, np.array([0, 1, 3.0]), np.array([0, 1, 3, 6.0]), edge_order=2), c(M, axis=-1), c(M32, np.array([0, 1, 3, 6.0]), axis=1),
        c(I[0] ** 2, edge_order=2), c(M, np.arange(4), axis=-1), c(M, 3, 2), c(np.float16([1, 2, 4, 8])),
    ],
    "numpy.polyadd": [c(B[0], B[1, :2]), c(U8[0], I8[1, :2]), c(np.float16([1, 2]), [1.5])],
    "numpy.polysub": [c(U8[0].astype(np.uint16), U8[1, :2].astype(np.uint16)), c(I8[0], [1, 2]), c(M32[0], M[1])],
    "numpy.poly": [c(np.float16([1, 2, 3])), c(M32[0]), c(np.array([1, 2], np.int8)), c(np.array([1 + 1j, 2j])),
                   c(np.array([1j, -1j], np.complex64)).xfail("NumPy returns real coefficients when complex roots come in conjugate pairs: a value-dependent dtype a graph cannot have (stated in the row)")],
    "numpy.lexsort": [c((B[0], B[1])), c((NAN_A[0], NAN_B[0])), c([I8[0], M[0]]), c(np.stack([M[0], M[1]]))],
    "numpy.clip": [c(np.uint8([1, 200]), 0, 300), c(I8, -300, 50), c(U8, -5, 2), c(I8, None, 1000), c(M, M[0], 1.0), c(M, -0.5, M[:, :1]),
                   c(Z, 0, 1), c(Z, 0.5 + 0.5j, None), c(M, None, 0.25 + 1j), c(ZN, -1, 1)],
    "numpy.arange": [c(np.int8(5)), c(np.float32(0), 1, 0.25), c(np.uint8(2), 9, 3), c(np.array(5, np.int32)), c(np.int8(1), 5.5), c(10, 0, -3)],
    "numpy.heaviside": [c(NAN_A, 0.5), c(np.float32(np.nan), 1.0)],
    "numpy.floor_divide": [c(NAN_A, NAN_B), c(np.array([-1.0, 5.0, np.inf]), np.array([np.inf, -np.inf, 2.0])), c(np.float16([-7.5, 7.5]), np.float16(2))],
    "numpy.remainder": [c(NAN_A, NAN_B), c(np.array([-0.0, 0.0, -1.0]), np.array([3.0, -3.0, np.inf]))],
    "numpy.setxor1d": [c([np.nan, 1.0], [np.nan, 2.0]), c(NAN_A, NAN_B)],
    "numpy.argmax": [c(MN), c(MN, axis=-1), c(MN, axis=0, keepdims=True), c(MN, keepdims=True), c(np.full(3, np.nan))],
    "numpy.argmin": [c(MN), c(MN, axis=-1, keepdims=True), c(MN.astype(np.float32), 0), c(B, axis=0)],
    "numpy.imag": [c(B), c(np.bool_(True))],
    "numpy.round": [c(B), c(np.array([True]))],
    "numpy.convolve": [c(B[0], B[1]), c(B[0], B[1, :2], mode="same")],
    "numpy.correlate": [c(B[0], B[1]), c(B[0], B[1, :2], mode="full")],
    # --- linalg rows with no case in test_linalg.py -------------------------------------------
    "numpy.linalg.tensorsolve": [c(SQ, M[:, 0]), c(np.eye(6).reshape(6, 2, 3), np.arange(6.0))],
    "numpy.linalg.matmul": [c(M, M.T), c(X3, M.T), c(M[0], M.T), c(I, I.T), c(I8, U8.T), c(M.T, M[:, 0])],
    "numpy.linalg.outer": [c(M[0], M[1]), c(I[0], I8[1]), c(np.zeros(0), M[0])],
    "numpy.linalg.tensordot": [c(M, M), c(M, M.T, axes=1), c(X3, M, axes=((1, 2), (0, 1)))],
    "numpy.linalg.trace": [c(M), c(X3), c(X3, offset=1), c(I8), c(U8, offset=-1), c(B)],
    "numpy.linalg.diagonal": [c(M), c(X3), c(X3, offset=-1), c(I8, offset=2)],
    "numpy.linalg.cross": [c(V3, V3[::-1]), c(V3[0], V3), c(V3.T, V3.T, axis=0), c(I[:, :3], I8[:, :3]), c(Z[:, :3], Z[::-1, :3]), c(Z[0, :3], M[:, :3])],
    "numpy.linalg.vecdot": [c(M, M), c(M, M[0]), c(M.T, M.T, axis=0), c(I, I8), c(Z, Z)],
    "numpy.linalg.matrix_transpose": [c(X3), c(M), c(I8)],
    # Issue 3 (whole API): complex inputs in NumPy's order (real part, then imaginary, NaN
    # last), empty/0-d inputs and float16 rounding, each a divergence found and fixed.
    "numpy.ptp": [c(Z), c(Z, axis=-1, keepdims=True), c(ZN, 0), c(np.array(3), 0), c(np.array(2.5), -1, keepdims=True)],
    "numpy.count_nonzero": [c(np.array(3), 0), c(I, axis=-1, keepdims=True), c(Z * (M > 0), 0), c(B, keepdims=True), c(E, axis=(0, 1))],
    "numpy.median": [
        c(Z), c(Z, axis=0), c(ZN, axis=-1, keepdims=True), c(Z.astype(np.complex64)[:, :3], axis=(0, 1)),
        c(np.array([[F64MAX, F64MAX], [-1e-8, 1.0]]), axis=-1), c(np.float16([[1, 2049], [3.5, 0.1]]), axis=1), c(np.array(2.5)),
    ],
    "numpy.nanmedian": [c(ZN), c(ZN, axis=0), c(np.array([F64MAX, F64MAX, np.nan]))],
    "numpy.cross": [c(Z[:, :3], M[:, :3]), c(Z[:, :2], Z[::-1, :2]), c(Z.T[:3], Z.T[:3].astype(np.complex64), axis=0), c(Z[0, :3], Z[:, :3])],
    "numpy.cov": [c(np.zeros((3, 0))), c(np.array([1.0, 2.0]), ddof=5), c(M[0], ddof=4), c(Z, bias=True), c(np.zeros((0, 3)), rowvar=False)],
    "numpy.histogram": [
        c(np.zeros(0)), c(np.zeros((3, 0), np.float16), 4), c(np.zeros(0, np.int8), 2), c(Z.astype(np.complex64), 3),
        c(H16), c(H16, 7), c(H16, 5, range=(-1, 1.5)), c(H16.astype(np.float32), 9, density=True),
        c(I8, 4, weights=M), c(B, 2), c(np.array([1.0, np.nan, 2, np.inf]), 2, range=(0, 3)), c(np.full(4, 7, np.int16), 3),
        c(M, [-1, 0, 0.5, 2], weights=I8), c(MN, [-1, 0, 2]), c(np.array(2.5), 2),
    ],
    # Result dtype: a Python-scalar q keeps the data's float dtype, any array q promotes
    # with it (float32 data, q=[0.5] -> float64); integer q picks items (data dtype).
    "numpy.quantile": [
        c(M32, [0.5]), c(M32, 0.25, axis=-1), c(M32, np.float32(0.3)), c(H16, 0.37), c(H16, [0.37, 0.999]), c(I8, [0, 1]),
        c(B, [0, 1], axis=0), c(B, 0.5, method="lower"), c(I8, np.float32(0.75)), c(M32, np.float64(0.6), method="midpoint"),
    ],
    "numpy.percentile": [c(M32, [50]), c(H16, 37), c(M32, np.float32(75), axis=0), c(I8, [25, 75], axis=-1), c(H16, 62.5, method="nearest")],
    "numpy.nanquantile": [c(MN.astype(np.float32), [0.5], axis=1), c(MN.astype(np.float32), 0.5)],
    "numpy.nanpercentile": [c(MN.astype(np.float16), 40), c(MN.astype(np.float32), [40, 60], axis=0)],
    # float32/float16 bounds: NumPy's arithmetic in that dtype (float64-then-cast was 1 ulp off).
    "numpy.linspace": [
        c(np.float32(0.1), np.float32(2.7), 50), c(np.float16(-1.3), np.float16(2.9), 7, endpoint=False),
        c(np.float32([0.1, 1]), np.float32(3.3), 9, axis=-1), c(np.float16([1, 2]), np.float16([[3], [4], [5]]), 6),
        c(np.float32(0.1), np.float32(2.7), 1), c(np.float32(-2), np.float32(5), 11, dtype=np.int32),
    ],
    # func1d runs once on all slices (tf.vectorized_map); operators and indexing only, so
    # the same function runs on NumPy rows and on tensors.
    "numpy.apply_along_axis": [
        c(_dot_self, 0, M), c(_dot_self, -1, X3), c(_rev2, 1, X3), c(_rev2, 0, I8), c(_outer_self, -1, M),
        c(_outer_self, 0, X3), c(_affine, 1, I8, 3, s=2), c(_dot_self, 0, M[0]), c(_first_pos, 1, M),
    ],
    "numpy.histogram_bin_edges": [c(np.zeros(0), 3), c(H16, 6), c(I8, 3, range=(0, 2)), c(Z.astype(np.complex64), 2)],
}
for _name, _cases in _MORE.items():
    CASES.setdefault(_name, []).extend(_cases)

# Reductions swept over small dtypes, plain and with keyword forms (test_reduction_dtypes).
# NumPy: sum/prod/cumsum of bool/int8..int32 -> int64 (uint8..uint32 -> uint64); mean, var,
# std, average of ints -> float64; float16 means accumulate in float32 and round back.
REDUCTIONS: list[str] = [
    "sum", "prod", "mean", "cumsum", "cumprod", "max", "min", "amax", "amin", "argmax", "argmin",
    "any", "all", "var", "std", "average", "count_nonzero", "nansum", "nanprod", "nanmean",
    "nanmax", "nanmin", "nanvar", "nanstd", "nanargmax", "nanargmin", "nancumsum", "nancumprod",
    "ptp", "median", "nanmedian", "cumulative_sum", "cumulative_prod",
]
REDUCTION_DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float16", "float32", "float64"]
# Keyword forms; "axis" is left out for the functions that require it or reject tuples.
REDUCTION_FORMS: list[dict[str, Any]] = [
    {}, {"axis": -1}, {"axis": 0, "keepdims": True}, {"axis": (0, -1)},
]
# (name, dtype or "*", input "2d"/"0d"/"empty" or "*") -> reason. Those inputs must fail
# (test_reduction_dtypes then xfails); all others must match. All are colleague-owned code.
REDUCTION_XFAIL: dict[tuple[str, str, str], str] = {}

# Rows swept over the dtypes TF kernels most often lack (test_dtype_sweep): name ->
# arguments built from two (3, 3) arrays ``a``, ``b`` of the dtype (values 0..2).
SWEEP_DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "uint32", "uint64", "float16", "complex64"]
DTYPE_SWEEP: dict[str, Any] = {
    "numpy.dot": lambda a, b: (a, b), "numpy.inner": lambda a, b: (a, b), "numpy.vdot": lambda a, b: (a, b),
    "numpy.outer": lambda a, b: (a[0], b[0]), "numpy.kron": lambda a, b: (a, b),
    "numpy.tensordot": lambda a, b: (a, b, 1), "numpy.einsum": lambda a, b: ("ij,jk->ik", a, b),
    "numpy.matmul": lambda a, b: (a, b), "numpy.vecdot": lambda a, b: (a, b), "numpy.matvec": lambda a, b: (a, b[0]),
    "numpy.cross": lambda a, b: (a, b), "numpy.trace": lambda a, b: (a,), "numpy.diagonal": lambda a, b: (a,),
    "numpy.convolve": lambda a, b: (a[0], b[0]), "numpy.correlate": lambda a, b: (a[0], b[0]),
    "numpy.polyval": lambda a, b: (a[0], b), "numpy.clip": lambda a, b: (a, 1, 2), "numpy.where": lambda a, b: (a > 0, a, b),
    "numpy.select": lambda a, b: ([a > 0], [a]), "numpy.diff": lambda a, b: (a,), "numpy.ediff1d": lambda a, b: (a,),
    "numpy.gradient": lambda a, b: (a[0],), "numpy.trapezoid": lambda a, b: (a,),
    "numpy.round": lambda a, b: (a,), "numpy.around": lambda a, b: (a, 1), "numpy.nan_to_num": lambda a, b: (a,),
    "numpy.sort": lambda a, b: (a,), "numpy.argsort": lambda a, b: (a, 0), "numpy.unique": lambda a, b: (a,),
    "numpy.searchsorted": lambda a, b: (np.sort(a.ravel()), b), "numpy.isin": lambda a, b: (a, b[0]),
    "numpy.tile": lambda a, b: (a, 2), "numpy.repeat": lambda a, b: (a, 2, 0), "numpy.resize": lambda a, b: (a, (2, 5)),
    "numpy.roll": lambda a, b: (a, 1), "numpy.flip": lambda a, b: (a,), "numpy.append": lambda a, b: (a, b),
    "numpy.concatenate": lambda a, b: ([a, b],), "numpy.stack": lambda a, b: ([a, b],), "numpy.pad": lambda a, b: (a, 1),
    "numpy.insert": lambda a, b: (a, 1, b[0], 0), "numpy.delete": lambda a, b: (a, 1, 0),
    "numpy.tril": lambda a, b: (a,), "numpy.triu": lambda a, b: (a, 1), "numpy.diag": lambda a, b: (a,),
    "numpy.diagflat": lambda a, b: (a[0],), "numpy.vander": lambda a, b: (a[0],), "numpy.meshgrid": lambda a, b: (a[0], b[0]),
    "numpy.expand_dims": lambda a, b: (a, (0, -1)), "numpy.average": lambda a, b: (a, (0, 1)),
    "numpy.histogram": lambda a, b: (a, 3), "numpy.bincount": lambda a, b: (a.ravel(),), "numpy.digitize": lambda a, b: (a, b[0]),
    "numpy.percentile": lambda a, b: (a, 30), "numpy.median": lambda a, b: (a,), "numpy.cov": lambda a, b: (a,),
    "numpy.corrcoef": lambda a, b: (a,), "numpy.linalg.multi_dot": lambda a, b: ([a, b, a],),
    "numpy.linalg.matrix_power": lambda a, b: (a, 2), "numpy.linalg.norm": lambda a, b: (a,),
    "numpy.take_along_axis": lambda a, b: (a, np.argsort(b, axis=0), 0), "numpy.compress": lambda a, b: ([True, False, True], a, 1),
    "numpy.rot90": lambda a, b: (a,), "numpy.divmod": lambda a, b: (a, b + 1), "numpy.frexp": lambda a, b: (a,),
    "numpy.modf": lambda a, b: (a,), "numpy.sinc": lambda a, b: (a,), "numpy.real": lambda a, b: (a,),
    "numpy.imag": lambda a, b: (a,), "numpy.iscomplex": lambda a, b: (a,), "numpy.isreal": lambda a, b: (a,),
    "numpy.array_equal": lambda a, b: (a, b), "numpy.array_equiv": lambda a, b: (a, b[0]),
    "numpy.count_nonzero": lambda a, b: (a, 0), "numpy.ptp": lambda a, b: (a, 0),
}
# (name, dtype, "empty" or "0d") -> reason; the sweep must fail there (strict xfail).
# "empty" is the (3, 0) input of test_empty_sweep, "0d" the 0-d input of test_zero_d_sweep.
DTYPE_SWEEP_XFAIL: dict[tuple[str, str], str] = {}

# ndarray methods and attributes: the first argument of each case is the receiver
# (``c(M, axis=-1)`` for "ndarray.sum" is ``M.sum(axis=-1)``). Native rows run the
# tf.Tensor method itself; the others call the row's target with the receiver first.
METHOD_CASES: dict[str, list[Case]] = {
    "ndarray.sum": [c(I8), c(U8, axis=-1), c(B, axis=(0, 1), keepdims=True), c(M, 0, np.float32), c(E, 0), c(S)],
    "ndarray.prod": [c(I8[:, :2]), c(U8, axis=-1), c(B, 0), c(M, axis=(-1,), keepdims=True), c(E)],
    "ndarray.mean": [c(I8), c(M, axis=-1), c(B, (0, 1)), c(M32, 0, keepdims=True), c(np.float16([1, 2.5]))],
    "ndarray.max": [c(I8), c(M, axis=-1), c(U8, (0, 1), keepdims=True), c(B, 0), c(S)],
    "ndarray.min": [c(I8), c(M, axis=-1), c(U8, 0, keepdims=True), c(B, axis=(-1, 0))],
    "ndarray.std": [c(I8), c(M, axis=-1, ddof=1), c(B, 0), c(M32, keepdims=True)],
    "ndarray.var": [c(I8), c(M, axis=-1, ddof=1), c(U8, (0, 1)), c(Z)],
    "ndarray.cumsum": [c(I8), c(U8, axis=-1), c(B, 0), c(M, dtype=np.float32), c(E, 0)],
    "ndarray.cumprod": [c(I8[:, :2]), c(U8, axis=-1), c(B, 0), c(M, 1, np.float32)],
    "ndarray.argmax": [c(M), c(I8, axis=-1), c(B, 0), c(np.array([1.0, np.nan, np.nan])), c(MN, axis=-1, keepdims=True)],
    "ndarray.argmin": [c(M), c(U8, axis=-1), c(B, 0), c(MN, 0)],
    "ndarray.all": [c(M), c(I8, axis=-1), c(B, (0, 1), keepdims=True), c(E, 0)],
    "ndarray.any": [c(M), c(U8, axis=-1), c(B, 0, keepdims=True), c(E)],
    "ndarray.dot": [c(M, M.T), c(I8, U8.T), c(B, B.T), c(M[0], M[1]), c(I8, 2)],
    "ndarray.copy": [c(M), c(S), c(B)],
    "ndarray.item": [c(M, 5), c(M, (1, 2)), c(M, -1), c(np.array([3], np.int8)), c(np.array(True))],
    "ndarray.tolist": [c(M), c(I8), c(S), c(E), c(B)],
    "ndarray.astype": [c(M, np.int32), c(I8, "float16"), c(B, float), c(M, dtype=np.uint8, copy=False)],
    "ndarray.reshape": [c(M, 4, 3), c(M, (2, -1)), c(I8, -1), c(S, 1), c(E, (3, 0))],
    "ndarray.flatten": [c(M), c(S), c(X3)],
    "ndarray.ravel": [c(M), c(S), c(X3), c(I8, "C")],
    "ndarray.transpose": [c(X3), c(X3, 2, 0, 1), c(X3, (1, 0, 2)), c(M), c(S)],
    "ndarray.swapaxes": [c(X3, 0, -1), c(M, 1, 0)],
    "ndarray.squeeze": [c(np.ones((1, 3, 1))), c(np.ones((1, 3, 1)), -1), c(np.ones((1, 3, 1)), axis=(0, 2))],
    "ndarray.repeat": [c(I8, 2), c(M, [1, 2, 0], axis=0), c(U8.astype(np.uint16), 2, -1)],
    "ndarray.clip": [c(M, -0.5, 0.5), c(I8, 0), c(I8, max=2), c(U8, min=1, max=3), c(U8, 0, 300), c(I8, -300, 2), c(M, M[0], 1.0)],
    "ndarray.round": [c(M, 1), c(M), c(I8, -1), c(np.array([0.5, 1.5, 2.5])), c(B)],
    "ndarray.nonzero": [c(I8), c(B), c(np.array([0, 3, 0, 1]))],
    "ndarray.diagonal": [c(M), c(M, 1), c(X3, 0, 1, 2), c(M, offset=-1)],
    "ndarray.trace": [c(M), c(I8, 1), c(B), c(X3, axis1=1, axis2=2)],
    "ndarray.argsort": [c(MN), c(MN, axis=0), c(M), c(M, 0), c(B, axis=None), c(Z[0])],
    "ndarray.sort": [c(MN).inplace(), c(MN, axis=0).inplace(), c(M).inplace(), c(M, 0).inplace(), c(B).inplace(), c(Z, axis=-1).inplace()],
    "ndarray.fill": [c(M, 3).inplace(), c(I8, 2.7).inplace(), c(B, 0).inplace()],
    "ndarray.take": [c(M, [0, -1]), c(M, [2, 0], axis=-1), c(I8, 5), c(M, [[0, 1]], axis=0)],
    "ndarray.conj": [c(Z), c(M), c(I8)],
    "ndarray.conjugate": [c(Z), c(M), c(B)],
    "ndarray.real": [c(Z), c(M), c(B)],
    "ndarray.imag": [c(Z), c(M), c(B), c(I8)],
    "ndarray.T": [c(M), c(X3), c(S)],
    "ndarray.mT": [c(M), c(X3)],
    "ndarray.ndim": [c(M), c(S), c(E)],
    "ndarray.shape": [c(M), c(S), c(E)],
    "ndarray.dtype": [c(M), c(I8), c(B), c(U8)],
    "ndarray.size": [c(M), c(S), c(E)],
    "ndarray.itemsize": [c(M), c(I8), c(B), c(Z)],
    "ndarray.nbytes": [c(M), c(I8), c(E)],
}

# Rows run on float64 input holding NaN, +-inf and signed zeros (test_nan_inf_sweep), with
# the arguments built as in DTYPE_SWEEP; these and every DTYPE_SWEEP row must match NumPy.
NAN_SWEEP: dict[str, Any] = {
    "numpy.maximum": lambda a, b: (a, b), "numpy.minimum": lambda a, b: (a, b), "numpy.fmax": lambda a, b: (a, b),
    "numpy.isclose": lambda a, b: (a, b), "numpy.allclose": lambda a, b: (a, a), "numpy.nanmax": lambda a, b: (a,),
    "numpy.searchsorted": lambda a, b: (np.array([-np.inf, 0.0, 1.0, np.inf, np.nan, np.nan]), b),
    "numpy.percentile": lambda a, b: (a, 30), "numpy.interp": lambda a, b: (a, [0, 1, 2], [1, 2, 3]),
    "numpy.sign": lambda a, b: (a,), "numpy.cumsum": lambda a, b: (a,), "numpy.argwhere": lambda a, b: (a,),
    "numpy.nonzero": lambda a, b: (a,), "numpy.flatnonzero": lambda a, b: (a,), "numpy.intersect1d": lambda a, b: (a, b),
    "numpy.union1d": lambda a, b: (a, b), "numpy.setdiff1d": lambda a, b: (a, b), "numpy.setxor1d": lambda a, b: (a, b),
    "numpy.lexsort": lambda a, b: ((a[0], b[0]),), "numpy.floor": lambda a, b: (a,), "numpy.var": lambda a, b: (a,),
    "numpy.unwrap": lambda a, b: (a,), "numpy.heaviside": lambda a, b: (a, 0.5), "numpy.copysign": lambda a, b: (a, b),
    "numpy.spacing": lambda a, b: (a,), "numpy.nextafter": lambda a, b: (a, b), "numpy.max": lambda a, b: (a,),
    "numpy.argmax": lambda a, b: (a,), "numpy.fix": lambda a, b: (a,), "numpy.log2": lambda a, b: (a,),
    "numpy.remainder": lambda a, b: (a, b), "numpy.fmod": lambda a, b: (a, b), "numpy.floor_divide": lambda a, b: (a, b),
    "numpy.ldexp": lambda a, b: (a, 2), "numpy.float_power": lambda a, b: (a, b), "numpy.power": lambda a, b: (a, b),
    "numpy.logaddexp": lambda a, b: (a, b), "numpy.hypot": lambda a, b: (a, b), "numpy.arctan2": lambda a, b: (a, b),
}

# Rows whose axis forms differ from NumPy (test_axis_forms; strict xfail).
AXIS_FORMS_XFAIL: dict[str, str] = {
}
