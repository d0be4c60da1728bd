"""``numpy.linalg`` with NumPy's conventions, built from ``tf.linalg`` ops.

TF's linalg ops differ from NumPy's in output order (``tf.linalg.svd`` returns
``(s, u, v)``, NumPy ``(u, s, vh)``), in what ``ord`` means (``tf.norm(m, 2)`` is a
vector norm of the flattened matrix, NumPy's is the spectral norm) and in dtypes (NumPy
promotes integer input to float64). Each function here takes NumPy's arguments and
returns NumPy's results; converted code calls them as ``n2t.linalg.<name>``.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Sequence

import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

__all__ = [
    "cholesky", "cond", "cross", "det", "diagonal", "eig", "eigh", "eigvals", "eigvalsh",
    "inv", "lstsq", "matrix_norm", "matrix_power", "matrix_rank", "multi_dot", "norm",
    "pinv", "qr", "slogdet", "solve", "svd", "svdvals", "tensorinv", "tensorsolve",
    "trace", "vector_norm",
]


class SlogdetResult(NamedTuple):
    sign: tf.Tensor
    logabsdet: tf.Tensor


class EighResult(NamedTuple):
    eigenvalues: tf.Tensor
    eigenvectors: tf.Tensor


class EigResult(NamedTuple):
    eigenvalues: tf.Tensor
    eigenvectors: tf.Tensor


class SVDResult(NamedTuple):
    U: tf.Tensor
    S: tf.Tensor
    Vh: tf.Tensor


class QRResult(NamedTuple):
    Q: tf.Tensor
    R: tf.Tensor


class LstsqResult(NamedTuple):
    x: tf.Tensor
    residuals: tf.Tensor
    rank: tf.Tensor
    s: tf.Tensor


def _float(a: Any) -> tf.Tensor:
    """NumPy's linalg computes integer and bool input in float64."""
    a = tnp.asarray(a)
    if not (a.dtype.is_floating or a.dtype.is_complex):
        a = tf.cast(a, tf.float64)
    return a


def _real_dtype(dtype: tf.DType) -> tf.DType:
    return dtype.real_dtype if dtype.is_complex else dtype


def _adjoint(a: tf.Tensor) -> tf.Tensor:
    return tf.linalg.adjoint(a)


def inv(a: Any) -> tf.Tensor:
    """Matrix inverse over the last two axes (``numpy.linalg.inv``)."""
    return tf.linalg.inv(_float(a))


def det(a: Any) -> tf.Tensor:
    """Determinant over the last two axes (``numpy.linalg.det``)."""
    return tf.linalg.det(_float(a))


def slogdet(a: Any) -> SlogdetResult:
    """Sign and log-abs-determinant, as NumPy's ``(sign, logabsdet)`` namedtuple."""
    sign, logabs = tf.linalg.slogdet(_float(a))
    return SlogdetResult(sign, logabs)


def solve(a: Any, b: Any) -> tf.Tensor:
    """Solve ``a @ x = b``; like NumPy 2, ``b`` is a vector only when it is 1-D."""
    a = _float(a)
    b = tf.cast(tnp.asarray(b), a.dtype) if not tnp.asarray(b).dtype.is_complex else tnp.asarray(b)
    if b.shape.rank == 1:
        return tf.linalg.solve(a, b[:, None])[..., 0]
    return tf.linalg.solve(a, b)


def _hermitian_part(a: tf.Tensor, uplo: str) -> tf.Tensor:
    """NumPy reads only one triangle; rebuild the full Hermitian matrix from it."""
    if uplo.upper() == "L":
        low = tf.linalg.band_part(a, -1, 0)
    else:
        low = _adjoint(tf.linalg.band_part(a, 0, -1))
    diag = tf.linalg.diag_part(low)
    if a.dtype.is_complex:
        diag = tf.cast(tf.math.real(diag), a.dtype)
    strict = tf.linalg.set_diag(low, tf.zeros_like(diag))
    return strict + _adjoint(strict) + tf.linalg.diag(diag)


def eigh(a: Any, UPLO: str = "L") -> EighResult:  # noqa: N803 (NumPy's name)
    """Eigen-decomposition of a Hermitian matrix, eigenvalues ascending."""
    w, v = tf.linalg.eigh(_hermitian_part(_float(a), UPLO))
    return EighResult(w, v)


def eigvalsh(a: Any, UPLO: str = "L") -> tf.Tensor:  # noqa: N803
    """Eigenvalues of a Hermitian matrix, ascending."""
    return tf.linalg.eigvalsh(_hermitian_part(_float(a), UPLO))


def eig(a: Any) -> EigResult:
    """General eigen-decomposition; always complex (NumPy is real when it can be)."""
    w, v = tf.linalg.eig(_float(a))
    return EigResult(w, v)


def eigvals(a: Any) -> tf.Tensor:
    """Eigenvalues of a general matrix; always complex."""
    return tf.linalg.eigvals(_float(a))


def svd(a: Any, full_matrices: bool = True, compute_uv: bool = True, hermitian: bool = False) -> Any:
    """Singular value decomposition in NumPy's order ``(U, S, Vh)``.

    ``hermitian`` only lets NumPy pick a faster algorithm; the values are the same.
    """
    a = _float(a)
    if not compute_uv:
        return tf.linalg.svd(a, compute_uv=False)
    s, u, v = tf.linalg.svd(a, full_matrices=full_matrices, compute_uv=True)
    return SVDResult(u, s, _adjoint(v))


def svdvals(x: Any) -> tf.Tensor:
    """Singular values, descending."""
    return tf.linalg.svd(_float(x), compute_uv=False)


def cholesky(a: Any, *, upper: bool = False) -> tf.Tensor:
    """Cholesky factor (lower by default, like NumPy)."""
    low = tf.linalg.cholesky(_float(a))
    return _adjoint(low) if upper else low


def qr(a: Any, mode: str = "reduced") -> Any:
    """QR decomposition with NumPy's modes ``reduced``, ``complete`` and ``r``."""
    a = _float(a)
    if mode not in ("reduced", "complete", "r"):
        raise ValueError(f"qr mode {mode!r} is not supported by np2tf (only reduced, complete, r)")
    q, r = tf.linalg.qr(a, full_matrices=(mode == "complete"))
    return r if mode == "r" else QRResult(q, r)


def _cutoff_default(a: tf.Tensor) -> tf.Tensor:
    """NumPy's default cutoff ``eps * max(M, N)``, from ``tf.shape`` when a graph lacks the dims."""
    real = _real_dtype(a.dtype)
    eps = np.finfo(real.as_numpy_dtype).eps
    dims = a.shape[-2:] if a.shape.rank is not None else tf.TensorShape([None, None])
    if dims.is_fully_defined():
        return tf.constant(eps * max(dims.as_list()), real)
    return tf.constant(eps, real) * tf.cast(tf.reduce_max(tf.shape(a)[-2:]), real)


def _dim(a: tf.Tensor, axis: int) -> Any:
    """``a.shape[axis]`` as a Python int when static, else the dynamic size (int32 tensor)."""
    n = a.shape[axis] if a.shape.rank is not None else None
    return n if n is not None else tf.shape(a)[axis]


def pinv(a: Any, rcond: Any = None, hermitian: bool = False, *, rtol: Any = None) -> tf.Tensor:
    """Moore-Penrose pseudo-inverse with NumPy's cutoff (``rcond`` default 1e-15)."""
    a = _float(a)
    if rcond is None:
        rcond = rtol if rtol is not None else 1e-15
    s, u, v = tf.linalg.svd(a, full_matrices=False)
    cutoff = tf.cast(rcond, s.dtype)[..., None] * tf.reduce_max(s, axis=-1, keepdims=True)
    s_inv = tf.where(s > cutoff, 1 / tf.where(s > cutoff, s, tf.ones_like(s)), tf.zeros_like(s))
    return tf.matmul(v * tf.cast(s_inv, a.dtype)[..., None, :], u, adjoint_b=True)


def matrix_rank(A: Any, tol: Any = None, hermitian: bool = False, *, rtol: Any = None) -> tf.Tensor:  # noqa: N803
    """Number of singular values above the tolerance (NumPy's default tolerance)."""
    a = _float(A)
    if a.shape.rank < 2:
        return tf.cast(tf.reduce_any(a != 0), tf.int64)
    s = tf.linalg.svd(a, compute_uv=False)
    smax = tf.reduce_max(s, axis=-1, keepdims=True)
    if tol is None:
        rel = _cutoff_default(a) if rtol is None else tf.cast(rtol, s.dtype)
        thresh = smax * rel
    else:
        thresh = tf.cast(tol, s.dtype)[..., None]
    return tf.reduce_sum(tf.cast(s > thresh, tf.int64), axis=-1)


def lstsq(a: Any, b: Any, rcond: Any = None) -> LstsqResult:
    """Least squares ``(x, residuals, rank, s)`` like ``numpy.linalg.lstsq``.

    ``residuals`` is empty unless ``a`` is tall with full column rank, as in NumPy.
    """
    a = _float(a)
    b = tf.cast(tnp.asarray(b), a.dtype)
    vector = b.shape.rank == 1
    b2 = b[:, None] if vector else b
    # Static dims when known; inside a graph that lacks them (relaxed shapes) the sizes come
    # from tf.shape, and no Python branch looks at a tensor.
    m, n = _dim(a, -2), _dim(a, -1)
    rc = _cutoff_default(a) if rcond is None else rcond
    x = tf.matmul(pinv(a, rcond=rc), b2)
    s = tf.linalg.svd(a, compute_uv=False)
    rank = tf.reduce_sum(tf.cast(s > rc * tf.reduce_max(s), tf.int32))
    resid = tf.reduce_sum(tf.abs(tf.matmul(a, x) - b2) ** 2, axis=0)
    keep = tf.cast(tf.logical_and(rank == n, m > n), tf.int32) * tf.shape(resid)[0]
    resid = resid[:keep]
    return LstsqResult(x[:, 0] if vector else x, resid, rank, s)


def matrix_power(a: Any, n: int) -> tf.Tensor:
    """``a`` to the integer power ``n`` by repeated squaring (negative: of the inverse)."""
    a = tnp.asarray(a)
    if n == 0:
        if a.shape.rank is not None and a.shape.is_fully_defined():
            return tf.eye(a.shape[-1], batch_shape=a.shape[:-2], dtype=a.dtype)
        shape = tf.shape(a)
        return tf.broadcast_to(tf.eye(shape[-1], dtype=a.dtype), shape)
    if n < 0:
        a, n = inv(a), -n
    result = None
    base = a
    while n:
        if n & 1:
            result = base if result is None else _matmul(result, base)
        n >>= 1
        if n:
            base = _matmul(base, base)
    return result


def _matmul(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    # MatMul has no bool/int8/int16/unsigned kernels: the dtype-exact product shim computes
    # in a wider kernel and casts back, as NumPy's result dtype says.
    from np2tf.runtime._numeric import _product

    return _product(tnp.matmul, a, b)


def multi_dot(arrays: Sequence[Any], *, out: Any = None) -> tf.Tensor:
    """Chain of dot products; 1-D first/last arguments act as row/column vectors."""
    if out is not None:
        raise TypeError("multi_dot(out=) is not supported: tensors are immutable")
    arrs = [tnp.asarray(x) for x in arrays]
    first_vec, last_vec = arrs[0].shape.rank == 1, arrs[-1].shape.rank == 1
    if first_vec:
        arrs[0] = arrs[0][None, :]
    if last_vec:
        arrs[-1] = arrs[-1][:, None]
    result = arrs[0]
    for x in arrs[1:]:
        result = _matmul(result, x)
    if first_vec:
        result = result[0]
    if last_vec:
        result = result[..., 0]
    return result


def _vector_norm(x: tf.Tensor, ord: Any, axis: Any, keepdims: bool) -> tf.Tensor:  # noqa: A002
    ax = tf.abs(x)
    if ord is None or ord == 2:
        return tf.sqrt(tf.reduce_sum(ax * ax, axis=axis, keepdims=keepdims))
    if ord == np.inf:
        return tf.reduce_max(ax, axis=axis, keepdims=keepdims)
    if ord == -np.inf:
        return tf.reduce_min(ax, axis=axis, keepdims=keepdims)
    if ord == 0:
        return tf.reduce_sum(tf.cast(ax != 0, ax.dtype), axis=axis, keepdims=keepdims)
    if ord == 1:
        return tf.reduce_sum(ax, axis=axis, keepdims=keepdims)
    if isinstance(ord, str):
        raise ValueError(f"Invalid norm order {ord!r} for vectors")
    p = tf.cast(ord, ax.dtype)
    return tf.reduce_sum(ax**p, axis=axis, keepdims=keepdims) ** (1 / p)


def _matrix_norm(x: tf.Tensor, ord: Any, axes: tuple[int, int], keepdims: bool) -> tf.Tensor:  # noqa: A002
    nd = x.shape.rank
    r, c = axes[0] % nd, axes[1] % nd
    if r == c:
        raise ValueError("Duplicate axes given.")
    ax = tf.abs(x)
    if ord in (None, "fro", "f"):
        res = tf.sqrt(tf.reduce_sum(ax * ax, axis=(r, c)))
    elif ord in (2, -2, "nuc"):
        # Singular values need the two axes last.
        perm = [i for i in range(nd) if i not in (r, c)] + [r, c]
        s = tf.linalg.svd(tf.transpose(x, perm), compute_uv=False)
        res = {2: tf.reduce_max, -2: tf.reduce_min, "nuc": tf.reduce_sum}[ord](s, axis=-1)
    elif ord in (1, -1):
        sums = tf.reduce_sum(ax, axis=r)
        res = (tf.reduce_max if ord == 1 else tf.reduce_min)(sums, axis=c - 1 if c > r else c)
    elif ord in (np.inf, -np.inf):
        sums = tf.reduce_sum(ax, axis=c)
        res = (tf.reduce_max if ord == np.inf else tf.reduce_min)(sums, axis=r - 1 if r > c else r)
    else:
        raise ValueError(f"Invalid norm order {ord!r} for matrices.")
    if keepdims:
        for a in sorted((r, c)):
            res = tf.expand_dims(res, a)
    return res


def _ones_shape(x: tf.Tensor) -> Any:
    """A shape of 1s, one per axis of ``x`` (from the dynamic rank when it is unknown)."""
    return [1] * x.shape.rank if x.shape.rank is not None else tf.ones_like(tf.shape(x))


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> tf.Tensor:  # noqa: A002
    """Vector or matrix norm with NumPy's meaning of ``ord`` and ``axis``.

    ``ord=2``, ``-2`` and ``'nuc'`` on a matrix are singular-value norms, and ``ord=1``/
    ``inf`` are the max column/row sums, as in NumPy.
    """
    x = _float(x)
    nd = x.shape.rank
    if axis is None:
        if ord is None:
            # (x * x is |x| * |x| exactly for real x: one op fewer than abs then square)
            res = tf.sqrt(tf.reduce_sum(tf.square(x) if not x.dtype.is_complex else tf.abs(x) ** 2))
            return tf.reshape(res, _ones_shape(x)) if keepdims else res
        if nd == 1:
            return _vector_norm(x, ord, 0, keepdims)
        if nd == 2:
            return _matrix_norm(x, ord, (0, 1), keepdims)
        raise ValueError("Improper number of dimensions to norm.")
    if isinstance(axis, int) or (isinstance(axis, (tuple, list)) and len(axis) == 1):
        ax = axis if isinstance(axis, int) else axis[0]
        return _vector_norm(x, ord, ax, keepdims)
    if len(axis) == 2:
        return _matrix_norm(x, ord, tuple(axis), keepdims)
    raise ValueError("Improper number of dimensions to norm.")


def vector_norm(x: Any, *, axis: Any = None, keepdims: bool = False, ord: Any = 2) -> tf.Tensor:  # noqa: A002
    """Array-API vector norm: ``axis=None`` flattens, a tuple reduces several axes."""
    x = _float(x)
    if axis is None:
        res = _vector_norm(tf.reshape(x, [-1]), ord, 0, False)
        return tf.reshape(res, _ones_shape(x)) if keepdims else res
    return _vector_norm(x, ord, tuple(axis) if isinstance(axis, (list, tuple)) else axis, keepdims)


def matrix_norm(x: Any, *, keepdims: bool = False, ord: Any = "fro") -> tf.Tensor:  # noqa: A002
    """Array-API matrix norm over the last two axes."""
    return _matrix_norm(_float(x), ord, (-2, -1), keepdims)


def cond(x: Any, p: Any = None) -> tf.Tensor:
    """Condition number; ``p=None`` is the 2-norm ratio of singular values."""
    x = _float(x)
    if p is None or p in (2, -2):
        s = tf.linalg.svd(x, compute_uv=False)
        hi, lo = tf.reduce_max(s, axis=-1), tf.reduce_min(s, axis=-1)
        return lo / hi if p == -2 else hi / lo
    return _matrix_norm(x, p, (-2, -1), False) * _matrix_norm(inv(x), p, (-2, -1), False)


def tensorinv(a: Any, ind: int = 2) -> tf.Tensor:
    """Inverse of an N-d tensor for ``tensordot(a, x, ind)``."""
    a = _float(a)
    out_shape = a.shape[ind:] + a.shape[:ind]
    rows = int(np.prod(a.shape[:ind]))
    return tf.reshape(tf.linalg.inv(tf.reshape(a, [rows, -1])), out_shape)


def tensorsolve(a: Any, b: Any, axes: Any = None) -> tf.Tensor:
    """Solve ``tensordot(a, x, b.ndim) = b`` for ``x``."""
    a = _float(a)
    b = tf.cast(tnp.asarray(b), a.dtype)
    if axes is not None:
        nd = a.shape.rank
        rest = [i for i in range(nd) if i not in [ax % nd for ax in axes]]
        a = tf.transpose(a, rest + [ax % nd for ax in axes])
    x_shape = a.shape[b.shape.rank :]
    n = int(np.prod(x_shape))
    sol = tf.linalg.solve(tf.reshape(a, [-1, n]), tf.reshape(b, [-1, 1]))
    return tf.reshape(sol, x_shape)


def trace(x: Any, *, offset: int = 0, dtype: Any = None) -> tf.Tensor:
    """Array-API trace over the last two axes."""
    from np2tf.runtime._numeric import trace as _trace

    return _trace(x, offset=offset, axis1=-2, axis2=-1, dtype=dtype)


def diagonal(x: Any, *, offset: int = 0) -> tf.Tensor:
    """Array-API diagonal over the last two axes."""
    return tnp.diagonal(x, offset=offset, axis1=-2, axis2=-1)


def cross(x1: Any, x2: Any, *, axis: int = -1) -> tf.Tensor:
    """Array-API cross product of 3-vectors (complex too)."""
    from np2tf.runtime._numeric import cross as _cross

    return _cross(x1, x2, axis=axis)
