"""``RandomState`` (and so ``np.random.seed`` + the global ``np.random.*``) with NumPy's streams.

The samplers listed in :data:`EXACT` draw NumPy's very numbers from :class:`MT19937`: a
seeded program gives the same values after conversion. Transformations of uniforms and
Gaussians are vectorised; rejection samplers (gamma family, Poisson, binomial,
multinomial, ...) run NumPy's algorithm element by element in one loop
(:mod:`._legacy_sequential`). The rest (``multivariate_normal``, whose SVD signs are
LAPACK's, ``noncentral_*``, ...) keep the TF generator of :class:`_Sampler` (same
distribution, shapes and dtypes, other numbers) and leave NumPy's stream untouched, so the
converter reports them (N2T105).
"""

from __future__ import annotations

import math
from typing import Any

import tensorflow as tf

from np2tf.runtime._dispatch import as_tensor, to_dtype
from np2tf.runtime import _legacy_sequential as seq
from np2tf.runtime._mt19937 import MT19937, _to_doubles as _doubles
from np2tf.runtime._random_core import Size, _f64, _Sampler

# Kept in sync with the converter's list (np2tf/rewrite/references.py STREAM_EXACT) by
# tests/runtime/test_random_stream.py.
EXACT = frozenset({
    "seed", "rand", "randn", "random", "random_sample", "ranf", "sample", "randint",
    "random_integers", "tomaxint", "uniform", "normal", "standard_normal", "choice",
    "permutation", "shuffle", "standard_exponential", "exponential", "lognormal",
    "standard_cauchy", "weibull", "pareto", "power", "rayleigh", "laplace", "gumbel",
    "logistic", "triangular", "standard_gamma", "gamma", "chisquare", "f", "beta", "standard_t",
    "dirichlet", "poisson", "binomial", "geometric", "negative_binomial", "multinomial", "wald",
})

_INT_BITS = {tf.int8: 8, tf.uint8: 8, tf.int16: 16, tf.uint16: 16, tf.int32: 32, tf.uint32: 32,
             tf.int64: 64, tf.uint64: 64, tf.bool: 1}
_LIMITS = {tf.int8: (-2**7, 2**7 - 1), tf.uint8: (0, 2**8 - 1), tf.int16: (-2**15, 2**15 - 1),
           tf.uint16: (0, 2**16 - 1), tf.int32: (-2**31, 2**31 - 1), tf.uint32: (0, 2**32 - 1),
           tf.int64: (-2**63, 2**63 - 1), tf.uint64: (0, 2**64 - 1), tf.bool: (0, 1)}


def _count(shape: Any) -> tuple[Any, Any]:
    """A shape and its size: Python ints when known at trace time (one trace per size), else
    int32 tensors (NumPy's stream position depends on how many values are drawn)."""
    if isinstance(shape, tf.Tensor):
        static = tf.get_static_value(shape)
        if static is None:
            shape = tf.cast(shape, tf.int32)
            return shape, tf.reduce_prod(shape)
        shape = static.tolist()
    shape = [int(s) for s in shape]
    return shape, math.prod(shape)


class LegacyRandomState(_Sampler):
    """NumPy's ``RandomState``: MT19937 state plus the legacy samplers."""

    def __init__(self, seed: Any = None) -> None:
        super().__init__(seed)
        self._mt = MT19937(seed)

    def seed(self, seed: Any = None) -> None:
        """Reseed in place (functions traced earlier keep seeing the state variables)."""
        self._mt.seed(seed)
        self._reseed(seed)

    # -- building blocks ----------------------------------------------------------------
    def _doubles(self, size: Size, *params: tf.Tensor) -> tf.Tensor:
        shape, n = _count(self._shape(size, *params))
        return _reshape(self._mt.doubles(n), shape)

    def _gauss(self, size: Size, *params: tf.Tensor) -> tf.Tensor:
        shape, n = _count(self._shape(size, *params))
        return _reshape(self._mt.gauss(n), shape)

    def _std_exp(self, size: Size, *params: tf.Tensor) -> tf.Tensor:
        return -tf.math.log(1.0 - self._doubles(size, *params))

    # -- uniform ------------------------------------------------------------------------
    def random_sample(self, size: Size = None) -> tf.Tensor:
        """Uniform float64 on [0, 1)."""
        return self._doubles(size)

    def random(self, size: Size = None) -> tf.Tensor:
        """Uniform float64 on [0, 1) (alias of :meth:`random_sample`)."""
        return self._doubles(size)

    ranf = random
    sample = random

    def rand(self, *shape: int) -> tf.Tensor:
        """Uniform float64 on [0, 1) of shape ``shape`` (``rand(3, 4)``)."""
        return self._doubles(_varargs(shape))

    def uniform(self, low: Any = 0.0, high: Any = 1.0, size: Size = None) -> tf.Tensor:
        """``low + (high - low) * random_sample()``, float64."""
        lo, hi = _f64(low), _f64(high)
        span = hi - lo
        return lo + span * self._doubles(size, lo, hi)

    # -- normal and friends -------------------------------------------------------------
    def standard_normal(self, size: Size = None) -> tf.Tensor:
        """Standard normal float64 (legacy polar method)."""
        return self._gauss(size)

    def randn(self, *shape: int) -> tf.Tensor:
        """Standard normal float64 of shape ``shape`` (``randn(3, 4)``)."""
        return self._gauss(_varargs(shape))

    def normal(self, loc: Any = 0.0, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """``loc + scale * standard_normal()``, float64."""
        m, s = _f64(loc), _f64(scale)
        _non_negative(s, "scale")
        return m + s * self._gauss(size, m, s)

    def lognormal(self, mean: Any = 0.0, sigma: Any = 1.0, size: Size = None) -> tf.Tensor:
        """``exp(normal(mean, sigma))``."""
        return tf.exp(self.normal(mean, sigma, size))

    def standard_cauchy(self, size: Size = None) -> tf.Tensor:
        """A ratio of two consecutive Gaussians."""
        shape, n = _count(self._shape(size))
        g = tf.reshape(self._mt.gauss(2 * n), [-1, 2])
        return tf.reshape(g[:, 0] / g[:, 1], shape)

    # -- exponential family by transformation --------------------------------------------
    def standard_exponential(self, size: Size = None) -> tf.Tensor:
        """``-log(1 - random_sample())``."""
        return self._std_exp(size)

    def exponential(self, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """``scale * standard_exponential()``."""
        s = _f64(scale)
        _non_negative(s, "scale")
        return s * self._std_exp(size, s)

    def weibull(self, a: Any, size: Size = None) -> tf.Tensor:
        """``standard_exponential() ** (1 / a)`` (0 where ``a == 0``)."""
        k = _f64(a)
        _non_negative(k, "a")
        e = self._std_exp(size, k)
        return tf.where(tf.equal(k, 0.0), tf.zeros_like(e), tf.pow(e, 1.0 / k))

    def pareto(self, a: Any, size: Size = None) -> tf.Tensor:
        """``exp(standard_exponential() / a) - 1``."""
        k = _f64(a)
        return tf.exp(self._std_exp(size, k) / k) - 1.0

    def power(self, a: Any, size: Size = None) -> tf.Tensor:
        """``(1 - exp(-standard_exponential())) ** (1 / a)``."""
        k = _f64(a)
        return tf.pow(1.0 - tf.exp(-self._std_exp(size, k)), 1.0 / k)

    def rayleigh(self, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """``scale * sqrt(2 * standard_exponential())``."""
        s = _f64(scale)
        _non_negative(s, "scale")
        return s * tf.sqrt(2.0 * self._std_exp(size, s))

    def laplace(self, loc: Any = 0.0, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """Inverse CDF on one ``random_sample`` (NumPy redraws an exact 0: p = 2**-53)."""
        m, s = _f64(loc), _f64(scale)
        u = self._doubles(size, m, s)
        return tf.where(u >= 0.5, m - s * tf.math.log(2.0 - u - u), m + s * tf.math.log(u + u))

    def gumbel(self, loc: Any = 0.0, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """``loc - scale * log(-log(1 - random_sample()))``."""
        m, s = _f64(loc), _f64(scale)
        u = 1.0 - self._doubles(size, m, s)
        return m - s * tf.math.log(-tf.math.log(u))

    def logistic(self, loc: Any = 0.0, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """``loc + scale * log(u / (1 - u))`` on one ``random_sample``."""
        m, s = _f64(loc), _f64(scale)
        u = self._doubles(size, m, s)
        return m + s * tf.math.log(u / (1.0 - u))

    def triangular(self, left: Any, mode: Any, right: Any, size: Size = None) -> tf.Tensor:
        """Inverse CDF on one ``random_sample``, with NumPy's operation order."""
        a, c, b = _f64(left), _f64(mode), _f64(right)
        base = b - a
        leftbase = c - a
        ratio = leftbase / base
        leftprod = leftbase * base
        rightprod = (b - c) * base
        u = self._doubles(size, a, c, b)
        return tf.where(u <= ratio, a + tf.sqrt(u * leftprod), b - tf.sqrt((1.0 - u) * rightprod))

    # -- rejection samplers, one sequential kernel each (_legacy_sequential) ---------------
    def _sequential(self, name: str, per_value: float, size: Size, dtype: tf.DType,
                    *params: Any) -> tf.Tensor:
        ts = [tf.cast(as_tensor(p), tf.int64 if name == "binomial" and i == 0 else tf.float64)
              for i, p in enumerate(params)]
        shape, n = _count(self._shape(size, *ts))
        flat = [tf.reshape(tf.broadcast_to(t, shape), [-1]) for t in ts]
        if isinstance(n, int) and n == 0:
            return tf.zeros(shape, dtype)
        out = self._mt.sequential(seq.KERNELS[name], flat, per_value)
        return tf.reshape(out, shape)

    def standard_gamma(self, shape: Any, size: Size = None) -> tf.Tensor:
        """NumPy's legacy gamma sampler (Marsaglia-Tsang, with the cached Gaussian)."""
        k = _f64(shape)
        _non_negative(k, "shape")
        return self._sequential("gamma", 8.0, size, tf.float64, k)

    def gamma(self, shape: Any, scale: Any = 1.0, size: Size = None) -> tf.Tensor:
        """``scale * standard_gamma(shape)``."""
        k, s = _f64(shape), _f64(scale)
        _non_negative(s, "scale")
        out_shape, _ = _count(self._shape(size, k, s))
        return s * self._sequential("gamma", 8.0, out_shape, tf.float64, tf.broadcast_to(k, out_shape))

    def chisquare(self, df: Any, size: Size = None) -> tf.Tensor:
        """``2 * standard_gamma(df / 2)``."""
        return 2.0 * self._sequential("gamma", 8.0, size, tf.float64, _f64(df) / 2.0)

    def f(self, dfnum: Any, dfden: Any, size: Size = None) -> tf.Tensor:
        """A ratio of two scaled chi-squares, drawn in NumPy's order."""
        return self._sequential("f", 16.0, size, tf.float64, dfnum, dfden)

    def beta(self, a: Any, b: Any, size: Size = None) -> tf.Tensor:
        """Johnk's algorithm for a, b <= 1, else two gammas."""
        return self._sequential("beta", 16.0, size, tf.float64, a, b)

    def standard_t(self, df: Any, size: Size = None) -> tf.Tensor:
        """A Gaussian over the root of a scaled gamma."""
        return self._sequential("standard_t", 10.0, size, tf.float64, df)

    def wald(self, mean: Any, scale: Any, size: Size = None) -> tf.Tensor:
        """Michael, Schucany and Haas's transform of a Gaussian and a uniform."""
        return self._sequential("wald", 4.0, size, tf.float64, mean, scale)

    def poisson(self, lam: Any = 1.0, size: Size = None) -> tf.Tensor:
        """Multiplication below 10, PTRS from 10 (int64)."""
        lam64 = _f64(lam)
        _non_negative(lam64, "lam")
        per = 4.0
        static = tf.get_static_value(lam64)
        if static is not None:
            per = float(max(4.0, 2.0 + min(float(static.max(initial=0.0)), 10.0) * 1.2))
        else:
            per = 16.0
        return self._sequential("poisson", per, size, tf.int64, lam64)

    def binomial(self, n: Any, p: Any, size: Size = None) -> tf.Tensor:
        """Inversion for small ``n * p``, BTPE otherwise (int64)."""
        n_v, p_v = _static_int(n), _static_float(p)
        if n_v is not None and p_v is not None and n_v > 0 and 0.0 < p_v < 1.0:
            pp = p_v if p_v <= 0.5 else 1.0 - p_v
            if pp * n_v <= 30.0:
                fast = self._binomial_inversion(n_v, p_v, pp, size)
                if fast is not None:
                    return fast
        return self._sequential("binomial", 8.0, size, tf.int64, n, p)

    def _binomial_inversion(self, n: int, p: float, pp: float, size: Size) -> tf.Tensor | None:
        """Scalar ``n``, ``p`` in the inversion regime: every value takes exactly one double
        unless its search passes ``bound`` (then NumPy redraws), so all values are found at
        once from consecutive doubles; a redraw anywhere falls back to the element loop."""
        shape, count = _count(self._shape(size))
        if not isinstance(count, int) or count == 0 or not tf.executing_eagerly():
            return None  # (a graph cannot decide on the redraw in Python)
        q = 1.0 - pp
        qn = math.exp(n * math.log(q))
        np_ = n * pp
        bound = int(min(n, np_ + 10.0 * math.sqrt(np_ * q + 1.0)))
        words, commit = self._mt._peek(2 * count)
        u = _doubles(words)
        x = tf.zeros([count], tf.float64)
        px = tf.fill([count], tf.constant(qn, tf.float64))
        for _ in range(bound + 1):  # NumPy: while U > px: X += 1; U -= px; px = ...
            more = u > px
            x_next = x + 1.0
            u = tf.where(more, u - px, u)
            px = tf.where(more, ((n - x_next + 1.0) * pp * px) / (x_next * q), px)
            x = tf.where(more, x_next, x)
        redraw = tf.reduce_any(u > px)
        if bool(redraw):
            return None  # stream untouched: the element loop redoes it exactly
        commit(2 * count)
        out = tf.cast(x, tf.int64)
        if p > 0.5:
            out = n - out
        return tf.reshape(out, shape)

    def geometric(self, p: Any, size: Size = None) -> tf.Tensor:
        """Search for p >= 1/3, inversion below (int64)."""
        return self._sequential("geometric", 1.5, size, tf.int64, p)

    def negative_binomial(self, n: Any, p: Any, size: Size = None) -> tf.Tensor:
        """A Poisson draw with a gamma mean (int64)."""
        return self._sequential("negative_binomial", 40.0, size, tf.int64, n, p)

    def dirichlet(self, alpha: Any, size: Size = None) -> tf.Tensor:
        """Normalised gammas, one per ``alpha`` entry, row after row."""
        a = _f64(alpha)
        k = a.shape[-1]
        batch = [] if size is None else list(_count(self._shape(size))[0])
        g = self._sequential("gamma", 8.0, batch + [k], tf.float64, tf.broadcast_to(a, batch + [k]))
        return g * (1.0 / tf.reduce_sum(g, axis=-1, keepdims=True))

    def multinomial(self, n: int, pvals: Any, size: Size = None) -> tf.Tensor:
        """Counts over ``len(pvals)`` outcomes: one binomial per outcome on what is left."""
        p = _f64(pvals)
        d = p.shape[-1]
        batch = [] if size is None else list(_count(self._shape(size))[0])
        rows = math.prod(batch)
        if rows == 0:
            return tf.zeros(batch + [d], tf.int64)
        kernel = lambda D, has, g, nn, pp, r: (*seq.multinomial_kernel(D, nn[0], pp, r), has, g)  # noqa: E731
        out = self._mt._sequential(kernel, [tf.fill([1], tf.cast(n, tf.int64)), p, tf.constant(rows, tf.int32)],
                                  8.0 * d * rows)
        return tf.reshape(out, batch + [d])

    # -- integers -------------------------------------------------------------------------
    def randint(self, low: Any, high: Any = None, size: Size = None, dtype: Any = int) -> tf.Tensor:
        """Integers in ``[low, high)`` (``[0, low)`` without ``high``), int64 by default."""
        if high is None:
            low, high = 0, low
        return self._bounded(low, high, size, to_dtype(dtype), closed=False)

    def random_integers(self, low: Any, high: Any = None, size: Size = None) -> tf.Tensor:
        """Integers in ``[low, high]`` (``[1, low]`` without ``high``); deprecated in NumPy."""
        if high is None:
            low, high = 1, low
        return self._bounded(low, high, size, tf.int64, closed=True)

    def tomaxint(self, size: Size = None) -> tf.Tensor:
        """Integers in ``[0, 2**63 - 1]``: a 64-bit word shifted right once."""
        shape, n = _count(self._shape(size))
        return tf.reshape(self._mt.positive_ints(n), shape)

    def _bounded(self, low: Any, high: Any, size: Size, dt: tf.DType, closed: bool) -> tf.Tensor:
        if dt not in _INT_BITS:
            raise TypeError(f"Unsupported dtype {dt!r} for randint")
        lo_v, hi_v = _static_int(low), _static_int(high)
        lower, upper = _LIMITS[dt]
        if lo_v is not None and hi_v is not None:
            top = hi_v if closed else hi_v - 1
            if lo_v < lower:
                raise ValueError(f"low is out of bounds for {dt.name}")
            if top > upper:
                raise ValueError(f"high is out of bounds for {dt.name}")
            if lo_v > top:
                raise ValueError(f"low >= high" if not closed else "low > high")
            shape, n = _count(self._shape(size))
            draws = self._mt.bounded(top - lo_v, n, _INT_BITS[dt], lo_v, dt)
            return _reshape(draws, shape)
        # Array bounds: one draw per element with its own mask, in C order.
        lo, hi = as_tensor(low), as_tensor(high)
        shape, n = _count(self._shape(size, lo, hi))
        lo64 = tf.reshape(tf.broadcast_to(tf.cast(lo, tf.int64), shape), [-1])
        hi64 = tf.reshape(tf.broadcast_to(tf.cast(hi, tf.int64), shape), [-1])
        top = hi64 if closed else hi64 - 1
        tf.debugging.assert_less_equal(lo64, top, message="low >= high")
        span = top - lo64
        tf.debugging.assert_less_equal(span, tf.constant(0xFFFFFFFF, tf.int64), message=(
            "np2tf: randint with array bounds wider than 2**32 is not reproduced"))
        if _INT_BITS[dt] < 32:
            raise NotImplementedError("np2tf: randint with array bounds and a dtype narrower than "
                                      "32 bits is not reproduced; use --random tf")
        draws = self._mt.intervals(span)
        return tf.reshape(tf.cast(lo64 + draws, dt), shape)

    # -- permutations and choice ---------------------------------------------------------------
    def permutation(self, x: Any) -> tf.Tensor:
        """A shuffled ``arange(x)`` for an int, else ``x`` shuffled along axis 0 (a copy)."""
        if isinstance(x, int) or (hasattr(x, "__index__") and not hasattr(x, "shape")):
            return self._mt.permutation_indices(int(x))
        t = as_tensor(x)
        if t.shape.rank == 0:
            return self._mt.permutation_indices(_scalar_int(t))
        return tf.gather(t, self._mt.permutation_indices(_len(t)))

    def shuffle(self, x: Any) -> tf.Tensor:
        """``x`` shuffled along axis 0, returned (the converter rebinds ``x``)."""
        t = as_tensor(x)
        return tf.gather(t, self._mt.permutation_indices(_len(t)))

    def choice(self, a: Any, size: Size = None, replace: bool = True, p: Any = None) -> tf.Tensor:
        """NumPy's legacy ``choice``: ``randint`` indices, ``random_sample`` + the CDF with
        ``p``, the head of a ``permutation`` without replacement."""
        pool = None if isinstance(a, int) else as_tensor(a)
        if pool is not None and pool.shape.rank == 0:
            a, pool = _scalar_int(pool), None
        pop = a if pool is None else _len(pool)
        shape, n = ([], 1) if size is None else _count(self._shape(size))
        if replace:
            if p is not None:
                cdf = tf.cumsum(_f64(p))
                cdf = cdf / cdf[-1]
                u = self._mt.doubles(n)
                idx = tf.searchsorted(cdf, u, side="right", out_type=tf.int64)
            else:
                if isinstance(pop, int) and pop <= 0:
                    raise ValueError("a must be greater than 0 unless no samples are taken")
                idx = self._mt.bounded(pop - 1, n, 64, 0, tf.int64)
        else:
            if isinstance(n, int) and isinstance(pop, int) and n > pop:
                raise ValueError("Cannot take a larger sample than population when 'replace=False'")
            if p is not None:
                idx = self._choice_weighted_unique(_f64(p), n)
            else:
                idx = self._mt.permutation_indices(pop)[:n]
        idx = _reshape(idx, shape)
        return idx if pool is None else tf.gather(pool, idx)


    def _choice_weighted_unique(self, p: tf.Tensor, n: Any) -> tf.Tensor:
        """NumPy's loop for ``choice(replace=False, p=p)``: draw ``n - found`` uniforms
        against the CDF of the not-yet-chosen weights, keep first occurrences, repeat."""

        def body(found: tf.Tensor, count: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
            x = self._mt.doubles(n - count)
            chosen = tf.cast(found[:count], tf.int32)[:, None]
            w = tf.tensor_scatter_nd_update(p, chosen, tf.zeros(tf.shape(chosen)[:1], tf.float64))
            cdf = tf.cumsum(w)
            cdf = cdf / cdf[-1]
            new = tf.unique(tf.searchsorted(cdf, x, side="right", out_type=tf.int64)).y
            found = tf.concat([found[:count], new, found[count + tf.size(new):]], axis=0)
            return tf.ensure_shape(found, found_shape), count + tf.size(new)

        found0 = tf.zeros([n], tf.int64)
        found_shape = found0.shape
        found, _ = tf.while_loop(lambda f, c: c < n, body, (found0, tf.constant(0, tf.int32)))
        return found


def _varargs(args: tuple[Any, ...]) -> Size:
    if not args:
        return None
    if len(args) == 1 and not isinstance(args[0], int):
        return args[0]
    return list(args)


def _len(t: tf.Tensor) -> Any:
    n = t.shape[0]
    return int(n) if n is not None else tf.shape(t)[0]


def _scalar_int(t: tf.Tensor) -> Any:
    value = tf.get_static_value(t)
    return int(value) if value is not None else tf.cast(t, tf.int32)


def _static_float(x: Any) -> float | None:
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return float(x)
    if getattr(x, "ndim", None) == 0 or (isinstance(x, tf.Tensor) and x.shape.rank == 0):
        value = tf.get_static_value(x) if isinstance(x, tf.Tensor) else x
        return float(value) if value is not None else None
    return None


def _static_int(x: Any) -> int | None:
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, int):
        return x
    if hasattr(x, "__index__") and not hasattr(x, "shape"):
        return int(x)
    if getattr(x, "ndim", None) == 0 or (isinstance(x, tf.Tensor) and x.shape.rank == 0):
        value = tf.get_static_value(x) if isinstance(x, tf.Tensor) else x
        if value is not None and float(value) == int(value):
            return int(value)
    if isinstance(x, float) and x == int(x):
        return int(x)
    return None


def _reshape(t: tf.Tensor, shape: Any) -> tf.Tensor:
    """``tf.reshape``, skipped (an eager op less) when ``t`` has that static shape already."""
    if isinstance(shape, list) and t.shape.as_list() == shape:
        return t
    return tf.reshape(t, shape)


def _non_negative(x: tf.Tensor, name: str) -> None:
    if tf.executing_eagerly() and bool(tf.reduce_any(x < 0.0)):
        raise ValueError(f"{name} < 0")
