"""``n2t.linalg`` against ``numpy.linalg``: values, dtypes and NumPy's conventions."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.tf
tf = pytest.importorskip("tensorflow")
import np2tf.runtime as n2t  # noqa: E402

from tests.runtime._diff import assert_same  # noqa: E402

RNG = np.random.default_rng(0)
X = RNG.standard_normal((4, 4))
SPD = X @ X.T + 4 * np.eye(4)
L = n2t.linalg


@pytest.mark.parametrize("ord_", [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf])
@pytest.mark.parametrize("keepdims", [False, True])
def test_matrix_norms(ord_, keepdims: bool) -> None:  # type: ignore[no-untyped-def]
    assert_same(np.linalg.norm(X, ord_, keepdims=keepdims), L.norm(X, ord_, keepdims=keepdims))
    assert_same(np.linalg.norm(X, ord_, axis=(1, 0), keepdims=keepdims), L.norm(X, ord_, axis=(1, 0), keepdims=keepdims))


@pytest.mark.parametrize("ord_", [None, 0, 1, -1, 2, 3, 0.5, np.inf, -np.inf])
def test_vector_norms(ord_) -> None:  # type: ignore[no-untyped-def]
    assert_same(np.linalg.norm(X, ord_, axis=-1), L.norm(X, ord_, axis=-1))
    assert_same(np.linalg.norm(X[0], ord_), L.norm(X[0], ord_))


@pytest.mark.parametrize("x", [np.arange(3), np.ones(3, np.float32), np.ones((2, 3, 4)), np.array(3.0), np.array([1 + 1j, 2j])])
def test_norm_dtypes_and_shapes(x) -> None:  # type: ignore[no-untyped-def]
    assert_same(np.linalg.norm(x), L.norm(x), rtol=1e-6)


def test_array_api_norms() -> None:
    assert_same(np.linalg.vector_norm(X, ord=3, axis=(0, 1)), L.vector_norm(X, ord=3, axis=(0, 1)))
    assert_same(np.linalg.matrix_norm(X, ord="nuc"), L.matrix_norm(X, ord="nuc"))


@pytest.mark.parametrize("name", ["inv", "det", "pinv", "matrix_rank", "svdvals", "eigvalsh", "cholesky", "cond"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64"])
def test_matrix_functions(name: str, dtype: str) -> None:
    a = SPD.round().astype(dtype) if dtype == "int64" else SPD.astype(dtype)
    tol = 1e-4 if dtype == "float32" else 1e-8
    assert_same(getattr(np.linalg, name)(a), getattr(L, name)(a), rtol=tol, atol=tol)


def test_batched_and_decompositions() -> None:
    batch = np.stack([SPD, 2 * SPD])
    assert_same(np.linalg.det(batch), L.det(batch))
    sign, logdet = L.slogdet(SPD)
    assert_same(np.linalg.slogdet(SPD).logabsdet, logdet)
    w, v = L.eigh(SPD, UPLO="U")
    assert_same(np.linalg.eigh(SPD, UPLO="U").eigenvalues, w)
    u, s, vh = L.svd(X)
    assert_same(X, (u.numpy() * s.numpy()) @ vh.numpy())
    u, s, vh = L.svd(X[:3], full_matrices=False)
    assert u.shape == (3, 3) and vh.shape == (3, 4)
    assert_same(np.linalg.svd(X, compute_uv=False), L.svd(X, compute_uv=False))
    for mode in ("reduced", "complete"):
        q, r = L.qr(X[:, :3], mode=mode)
        assert_same(X[:, :3], q.numpy() @ r.numpy())
        assert q.shape == np.linalg.qr(X[:, :3], mode=mode).Q.shape
    assert L.qr(X, mode="r").shape == (4, 4)
    assert_same(np.abs(np.linalg.cholesky(SPD, upper=True)), np.abs(L.cholesky(SPD, upper=True)))


def test_solvers() -> None:
    b = RNG.standard_normal(4)
    assert_same(np.linalg.solve(SPD, b), L.solve(SPD, b))
    assert_same(np.linalg.solve(SPD, np.eye(4)), L.solve(SPD, np.eye(4)))
    a, y = RNG.standard_normal((6, 3)), RNG.standard_normal(6)
    assert_same(np.linalg.lstsq(a, y), L.lstsq(a, y))
    assert_same(np.linalg.lstsq(a[:2], y[:2])[1], L.lstsq(a[:2], y[:2])[1])  # empty residuals
    assert_same(np.linalg.matrix_power(X, 3), L.matrix_power(X, 3))
    assert_same(np.linalg.matrix_power(SPD, -2), L.matrix_power(SPD, -2))
    assert_same(np.linalg.matrix_power(X, 0), L.matrix_power(X, 0))
    assert_same(np.linalg.multi_dot([b, X, X, b]), L.multi_dot([b, X, X, b]))
    t = RNG.standard_normal((2, 3, 6))
    assert_same(np.linalg.tensorinv(t, ind=2), L.tensorinv(t, ind=2))


def test_eig_is_complex() -> None:
    w = L.eigvals(X)
    assert w.dtype == tf.complex128
    assert_same(np.sort_complex(np.linalg.eigvals(X).astype(complex)), np.sort_complex(w.numpy()))


def test_runs_in_tf_function() -> None:
    f = tf.function(lambda a: (L.norm(a, 2), L.pinv(a), L.lstsq(a, a[:, 0]).x))
    res = f(tf.constant(X))
    assert_same(np.linalg.norm(X, 2), res[0])


def test_unknown_dims_in_tf_function() -> None:
    """Relaxed shapes (reduce_retracing) leave dims None: the shims read them from tf.shape.

    `lstsq(X, y, rcond=None)` computed `eps * max(m, n)` from static dims and failed with a
    TypeError inside a graph (linear_regression under --tf-function auto).
    """
    a = RNG.standard_normal((7, 3))
    y = RNG.standard_normal(7)
    spec = tf.TensorSpec([None, None], tf.float64)
    f = tf.function(lambda a, y: tuple(L.lstsq(a, y, rcond=None)),
                    input_signature=[spec, tf.TensorSpec([None], tf.float64)])
    for got, want in zip(f(a, y), np.linalg.lstsq(a, y, rcond=None)):
        assert_same(want, got)
    for got, want in zip(f(a[:2], y[:2]), np.linalg.lstsq(a[:2], y[:2], rcond=None)):
        assert_same(want, got)  # wide: empty residuals
    g = tf.function(lambda a: (L.matrix_rank(a), L.matrix_power(a, 0), L.norm(a, keepdims=True)),
                    input_signature=[spec])
    sq = a[:3]
    for got, want in zip(g(sq), (np.linalg.matrix_rank(sq), np.linalg.matrix_power(sq, 0), np.linalg.norm(sq, keepdims=True))):
        assert_same(want, got)
    unknown_rank = tf.function(lambda a: L.norm(a, keepdims=True), input_signature=[tf.TensorSpec(None, tf.float64)])
    assert_same(np.linalg.norm(sq, keepdims=True), unknown_rank(sq))
