"""Samplers shared by :mod:`np2tf.runtime.random`'s ``RandomState`` and ``Generator``.

Everything draws from one ``tf.random.Generator`` (a variable holding Philox state), so
sampling runs in ``tf.function`` and XLA, and a seeded program gives the same numbers on
every run. The streams are not NumPy's. Shapes, dtypes (float64, int64) and argument
conventions are NumPy's: ``size=None`` gives the broadcast shape of the parameters (a 0-d
tensor for scalar parameters).
"""

from __future__ import annotations

import math
import os
from typing import Any, Sequence

import tensorflow as tf

from np2tf.runtime._dispatch import as_tensor, to_dtype

Size = int | Sequence[int] | tf.Tensor | None


def _f64(x: Any) -> tf.Tensor:
    return tf.cast(as_tensor(x), tf.float64)


def _new_tf_generator(seed: Any) -> tf.random.Generator:
    if seed is None:
        return tf.random.Generator.from_non_deterministic_state()
    return tf.random.Generator.from_seed(_seed_int(seed))


def _seed_int(seed: Any) -> int:
    if seed is None:
        return int.from_bytes(os.urandom(8), "little") >> 1
    if isinstance(seed, (list, tuple)) or getattr(seed, "ndim", 0):
        # NumPy accepts a sequence of ints as entropy; fold it into one integer.
        acc = 0
        for s in as_tensor(seed).numpy().ravel().tolist():
            acc = (acc * 1_000_003 + int(s)) % (1 << 63)
        return acc
    return int(seed)


class _Sampler:
    """Distributions on a ``tf.random.Generator``; subclasses name them like NumPy."""

    def __init__(self, seed: Any = None) -> None:
        self._g = _new_tf_generator(seed)

    def _reseed(self, seed: Any = None) -> None:
        # Reset in place: tf.functions that captured the generator variable see the reset.
        self._g.reset_from_seed(_seed_int(seed))

    # -- shapes -------------------------------------------------------------------
    @staticmethod
    def _shape(size: Size, *params: tf.Tensor) -> Any:
        if size is None:
            shape = tf.constant([], tf.int32)
            for p in params:
                shape = tf.broadcast_dynamic_shape(shape, tf.shape(p))
            static = [p.shape for p in params]
            if all(s.is_fully_defined() for s in static):
                out = tf.TensorShape([])
                for s in static:
                    out = tf.broadcast_static_shape(out, s)
                return out.as_list()
            return shape
        if isinstance(size, tf.Tensor):
            static = tf.get_static_value(size)
            if static is None:  # a size computed in a traced function
                return tf.reshape(tf.cast(size, tf.int32), [-1])
            size = static.tolist()
        if isinstance(size, int) or getattr(size, "ndim", None) == 0:
            return [int(size)]
        if any(isinstance(s, tf.Tensor) and tf.get_static_value(s) is None for s in size):
            return tf.stack([tf.cast(s, tf.int32) for s in size])
        return [int(s) for s in size]

    def _seed(self) -> tf.Tensor:
        return self._g.make_seeds(1)[:, 0]

    # -- basic draws --------------------------------------------------------------
    def _uniform01(self, shape: Any, dtype: tf.DType = tf.float64) -> tf.Tensor:
        return self._g.uniform(shape, dtype=dtype)

    def _open01(self, shape: Any) -> tf.Tensor:
        # (0, 1): for logs and ratios that must not see 0.
        u = self._g.uniform(shape, dtype=tf.float64)
        return tf.maximum(u, tf.constant(2.0 ** -53, tf.float64))

    def _std_normal(self, shape: Any, dtype: tf.DType = tf.float64) -> tf.Tensor:
        return self._g.normal(shape, dtype=dtype)

    def _std_gamma(self, shape_param: Any, size: Size) -> tf.Tensor:
        k = _f64(shape_param)
        shape = self._shape(size, k)
        return tf.random.stateless_gamma(shape, self._seed(), alpha=tf.broadcast_to(k, shape),
                                         dtype=tf.float64)

    def _integers(self, low: Any, high: Any, size: Size, dtype: Any) -> tf.Tensor:
        dt = to_dtype(dtype)
        if high is None:
            low, high = 0, low
        lo, hi = as_tensor(low), as_tensor(high)
        shape = self._shape(size, lo, hi)
        if lo.shape.rank == 0 and hi.shape.rank == 0 and dt in (tf.int32, tf.int64):
            return self._g.uniform(shape, minval=tf.cast(lo, dt), maxval=tf.cast(hi, dt), dtype=dt)
        # Array bounds or small dtypes: scale a float64 draw (bias below 2**-53 per value).
        lo64, hi64 = _f64(lo), _f64(hi)
        u = self._uniform01(shape)
        return tf.cast(tf.floor(lo64 + u * (hi64 - lo64)), dt)

    # -- distributions ------------------------------------------------------------
    def uniform(self, low: Any = 0.0, high: Any = 1.0, size: Size = None) -> tf.Tensor:
        """Uniform on ``[low, high)``, float64."""
        lo, hi = _f64(low), _f64(high)
        return lo + (hi - lo) * self._uniform01(self._shape(size, lo, hi))

    def normal(self, loc: Any = 0.0, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """Normal with mean ``loc`` and standard deviation ``scale``, float64."""
        m, s = _f64(loc), _f64(scale)
        return m + s * self._std_normal(self._shape(size, m, s))

    def standard_normal(self, size: Size = None, dtype: Any = tf.float64) -> tf.Tensor:
        """Standard normal draws (float64 unless ``dtype`` says float32)."""
        return self._std_normal(self._shape(size), to_dtype(dtype))

    def standard_exponential(self, size: Size = None) -> tf.Tensor:
        """Exponential with scale 1."""
        return -tf.math.log(self._open01(self._shape(size)))

    def exponential(self, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """Exponential with the given ``scale`` (= 1 / rate)."""
        s = _f64(scale)
        return -s * tf.math.log(self._open01(self._shape(size, s)))

    def standard_gamma(self, shape: Any, size: Size = None) -> tf.Tensor:
        """Gamma with scale 1."""
        return self._std_gamma(shape, size)

    def gamma(self, shape: Any, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """Gamma with shape ``k`` and ``scale`` theta."""
        k, s = _f64(shape), _f64(scale)
        out = self._shape(size, k, s)
        return self._std_gamma(tf.broadcast_to(k, out), None) * s

    def beta(self, a: Any, b: Any, size: Size = None) -> tf.Tensor:
        """Beta via two gammas: ``X / (X + Y)``."""
        a64, b64 = _f64(a), _f64(b)
        shape = self._shape(size, a64, b64)
        x = self._std_gamma(tf.broadcast_to(a64, shape), None)
        y = self._std_gamma(tf.broadcast_to(b64, shape), None)
        return x / (x + y)

    def chisquare(self, df: Any, size: Size = None) -> tf.Tensor:
        """Chi-square with ``df`` degrees of freedom (``2 * Gamma(df / 2)``)."""
        return 2.0 * self._std_gamma(_f64(df) / 2.0, size)

    def standard_t(self, df: Any, size: Size = None) -> tf.Tensor:
        """Student's t: ``Z / sqrt(chi2(df) / df)``."""
        d = _f64(df)
        shape = self._shape(size, d)
        z = self._std_normal(shape)
        return z / tf.sqrt(self.chisquare(tf.broadcast_to(d, shape)) / d)

    def f(self, dfnum: Any, dfden: Any, size: Size = None) -> tf.Tensor:
        """F distribution: ratio of two scaled chi-squares."""
        n, d = _f64(dfnum), _f64(dfden)
        shape = self._shape(size, n, d)
        return (self.chisquare(tf.broadcast_to(n, shape)) / n) / (
            self.chisquare(tf.broadcast_to(d, shape)) / d)

    def standard_cauchy(self, size: Size = None) -> tf.Tensor:
        """Standard Cauchy: ``tan(pi * (U - 1/2))``."""
        return tf.tan(math.pi * (self._open01(self._shape(size)) - 0.5))

    def laplace(self, loc: Any = 0.0, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """Laplace (double exponential) by inverting its CDF."""
        m, s = _f64(loc), _f64(scale)
        u = self._open01(self._shape(size, m, s)) - 0.5
        return m - s * tf.sign(u) * tf.math.log1p(-2.0 * tf.abs(u))

    def logistic(self, loc: Any = 0.0, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """Logistic by inverting its CDF: ``loc + scale * log(U / (1 - U))``."""
        m, s = _f64(loc), _f64(scale)
        u = self._open01(self._shape(size, m, s))
        return m + s * (tf.math.log(u) - tf.math.log1p(-u))

    def gumbel(self, loc: Any = 0.0, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """Gumbel: ``loc - scale * log(-log U)``."""
        m, s = _f64(loc), _f64(scale)
        u = self._open01(self._shape(size, m, s))
        return m - s * tf.math.log(-tf.math.log(u))

    def lognormal(self, mean: Any = 0.0, sigma: Any = 1.0, size: Size = None) -> tf.Tensor:
        """Log-normal: ``exp(normal(mean, sigma))``."""
        return tf.exp(self.normal(mean, sigma, size))

    def rayleigh(self, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """Rayleigh: ``scale * sqrt(-2 log U)``."""
        s = _f64(scale)
        return s * tf.sqrt(-2.0 * tf.math.log(self._open01(self._shape(size, s))))

    def weibull(self, a: Any, size: Size = None) -> tf.Tensor:
        """Weibull with shape ``a`` (scale 1)."""
        k = _f64(a)
        return tf.pow(-tf.math.log(self._open01(self._shape(size, k))), 1.0 / k)

    def pareto(self, a: Any, size: Size = None) -> tf.Tensor:
        """Pareto II (Lomax) with shape ``a``, as NumPy's ``pareto``."""
        k = _f64(a)
        return tf.pow(self._open01(self._shape(size, k)), -1.0 / k) - 1.0

    def power(self, a: Any, size: Size = None) -> tf.Tensor:
        """Power distribution on [0, 1] with exponent ``a - 1``."""
        k = _f64(a)
        return tf.pow(self._open01(self._shape(size, k)), 1.0 / k)

    def triangular(self, left: Any, mode: Any, right: Any, size: Size = None) -> tf.Tensor:
        """Triangular on ``[left, right]`` peaking at ``mode``, by inverting the CDF."""
        a, c, b = _f64(left), _f64(mode), _f64(right)
        u = self._uniform01(self._shape(size, a, c, b))
        fc = (c - a) / (b - a)
        lower = a + tf.sqrt(u * (b - a) * (c - a))
        upper = b - tf.sqrt((1.0 - u) * (b - a) * (b - c))
        return tf.where(u < fc, lower, upper)

    def poisson(self, lam: Any = 1.0, size: Size = None) -> tf.Tensor:
        """Poisson counts, int64."""
        lam64 = _f64(lam)
        shape = self._shape(size, lam64)
        return tf.random.stateless_poisson(shape, self._seed(), lam=tf.broadcast_to(lam64, shape),
                                           dtype=tf.int64)

    def binomial(self, n: Any, p: Any, size: Size = None) -> tf.Tensor:
        """Binomial counts, int64."""
        n64, p64 = _f64(n), _f64(p)
        shape = self._shape(size, n64, p64)
        return self._g.binomial(shape, counts=tf.broadcast_to(n64, shape),
                                probs=tf.broadcast_to(p64, shape), dtype=tf.int64)

    def negative_binomial(self, n: Any, p: Any, size: Size = None) -> tf.Tensor:
        """Negative binomial as a gamma-Poisson mixture, int64."""
        n64, p64 = _f64(n), _f64(p)
        shape = self._shape(size, n64, p64)
        lam = self._std_gamma(tf.broadcast_to(n64, shape), None) * (1.0 - p64) / p64
        return self.poisson(lam)

    def geometric(self, p: Any, size: Size = None) -> tf.Tensor:
        """Trials up to the first success (support 1, 2, ...), int64."""
        p64 = _f64(p)
        u = self._open01(self._shape(size, p64))
        k = tf.math.ceil(tf.math.log(u) / tf.math.log1p(-p64))
        return tf.cast(tf.maximum(k, 1.0), tf.int64)

    def dirichlet(self, alpha: Any, size: Size = None) -> tf.Tensor:
        """Dirichlet vectors: normalised gammas; the last axis has ``len(alpha)``."""
        a = _f64(alpha)
        batch = [] if size is None else self._shape(size)
        g = self._std_gamma(tf.broadcast_to(a, list(batch) + [a.shape[-1]]), None)
        return g / tf.reduce_sum(g, axis=-1, keepdims=True)

    def multinomial(self, n: int, pvals: Any, size: Size = None) -> tf.Tensor:
        """Counts of ``n`` draws over ``len(pvals)`` outcomes, int64, last axis outcomes."""
        p = _f64(pvals)
        k = p.shape[-1]
        batch = [] if size is None else list(self._shape(size))
        rows = int(math.prod(batch))
        logits = tf.broadcast_to(tf.math.log(p)[None, :], [rows, k])
        draws = tf.random.stateless_categorical(logits, int(n), self._seed(), dtype=tf.int64)
        counts = tf.reduce_sum(tf.one_hot(draws, k, dtype=tf.int64), axis=1)
        return tf.reshape(counts, batch + [k])

    def multivariate_normal(self, mean: Any, cov: Any, size: Size = None,
                            check_valid: str = "warn", tol: float = 1e-8) -> tf.Tensor:
        """Multivariate normal; the last axis has ``len(mean)``.

        Uses an eigendecomposition like NumPy's SVD, so singular (PSD) covariances work.
        """
        m, c = _f64(mean), _f64(cov)
        batch = [] if size is None else list(self._shape(size))
        w, v = tf.linalg.eigh(c)
        factor = v * tf.sqrt(tf.maximum(w, 0.0))[None, :]
        z = self._std_normal(batch + [m.shape[-1]])
        return m + tf.linalg.matvec(factor, z)

    # -- permutations and choice --------------------------------------------------
    def _perm_indices(self, n: Any) -> tf.Tensor:
        # argsort of uniforms: a uniform permutation drawn from this generator (unlike
        # tf.random.shuffle, which uses the global op seed).
        return tf.argsort(self._uniform01([n]), stable=True)

    def permutation(self, x: Any) -> tf.Tensor:
        """A permuted ``arange(x)`` for an int, else ``x`` shuffled along axis 0."""
        if isinstance(x, int):
            return tf.cast(self._perm_indices(x), tf.int64)
        t = as_tensor(x)
        return tf.gather(t, self._perm_indices(tf.shape(t)[0]))

    def shuffle(self, x: Any) -> tf.Tensor:
        """``x`` shuffled along axis 0, returned (the converter rebinds ``x``)."""
        t = as_tensor(x)
        return tf.gather(t, self._perm_indices(tf.shape(t)[0]))

    def choice(self, a: Any, size: Size = None, replace: bool = True, p: Any = None) -> tf.Tensor:
        """Samples from ``arange(a)`` (int ``a``) or from the 1-D array ``a``.

        Without replacement uses the Gumbel top-k trick, which draws exactly like
        sequential weighted sampling without replacement.
        """
        pool = None if isinstance(a, int) else as_tensor(a)
        n = a if pool is None else tf.shape(pool)[0]
        shape = [] if size is None else list(self._shape(size))
        total = int(math.prod(shape))
        if replace:
            if p is None:
                idx = self._g.uniform([total], minval=0, maxval=tf.cast(n, tf.int64),
                                      dtype=tf.int64)
            else:
                logits = tf.math.log(_f64(p))[None, :]
                idx = tf.random.stateless_categorical(logits, total, self._seed(),
                                                      dtype=tf.int64)[0]
        else:
            keys = -tf.math.log(-tf.math.log(self._open01([n])))
            if p is not None:
                keys += tf.math.log(_f64(p))
            idx = tf.cast(tf.math.top_k(keys, k=total).indices, tf.int64)
        idx = tf.reshape(idx, shape)
        return idx if pool is None else tf.gather(pool, idx)
