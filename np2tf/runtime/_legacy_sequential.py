"""RandomState's rejection samplers (gamma family, Poisson, binomial, geometric) in TF ops.

Each of these draws a data-dependent number of doubles per value (loops that reject, a
cached Gaussian), so it runs as one sequential XLA kernel per sampler: a loop over the
output elements, each running NumPy's algorithm (``legacy-distributions.c`` /
``distributions.c``) on scalars and consuming doubles from a look-ahead buffer. The
stream then advances by exactly the words NumPy consumed, and the Gaussian cache
(``has_gauss``) is carried through and written back, so later draws stay in step.

Values agree with NumPy's bit for bit for integer samplers as long as TF's ``log``,
``exp``, ``sqrt`` and ``pow`` round the same way in the accept/reject tests (they agree to
an ulp or so); the float samplers agree to a few ulps.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import tensorflow as tf

F64 = tf.float64
I64 = tf.int64

# Each kernel reads doubles through a cursor ``k``; every step returns the new cursor.
Step = Callable[..., tuple]


def _d(D: tf.Tensor, k: tf.Tensor) -> tf.Tensor:
    # tf.gather, not D[k]: a strided slice on a loop variable made XLA recompile per call.
    return tf.gather(D, tf.minimum(k, tf.size(D) - 1))


def _gauss(D: tf.Tensor, k: tf.Tensor, has: tf.Tensor, g: tf.Tensor) -> tuple:
    """NumPy's ``legacy_gauss``: the cached value, else a polar pair (caching the other)."""

    def cached() -> tuple:
        return g, k, tf.constant(False), tf.constant(0.0, F64)

    def polar() -> tuple:
        def cond(k, x1, x2, r2):
            return tf.logical_or(r2 >= 1.0, tf.equal(r2, 0.0))

        def body(k, x1, x2, r2):
            x1 = 2.0 * _d(D, k) - 1.0
            x2 = 2.0 * _d(D, k + 1) - 1.0
            return k + 2, x1, x2, x1 * x1 + x2 * x2

        zero = tf.constant(0.0, F64)
        k2, x1, x2, r2 = tf.while_loop(cond, body, (k, zero, zero, tf.constant(2.0, F64)))
        f = tf.sqrt(-2.0 * tf.math.log(r2) / r2)
        return f * x2, k2, tf.constant(True), f * x1

    return tf.cond(has, cached, polar)


def _std_exp(D: tf.Tensor, k: tf.Tensor) -> tuple:
    return -tf.math.log(1.0 - _d(D, k)), k + 1


def _std_gamma(D: tf.Tensor, k: tf.Tensor, has: tf.Tensor, g: tf.Tensor, shape: tf.Tensor) -> tuple:
    """NumPy's ``legacy_standard_gamma`` (Marsaglia-Tsang above 1, Johnk-like below)."""

    def exp1() -> tuple:
        v, k2 = _std_exp(D, k)
        return v, k2, has, g

    def zero() -> tuple:
        return tf.constant(0.0, F64), k, has, g

    def small() -> tuple:
        def cond(k, x, done):
            return tf.logical_not(done)

        def body(k, x, done):
            u = _d(D, k)
            v, k2 = _std_exp(D, k + 1)
            low = u <= 1.0 - shape
            x_low = tf.pow(u, 1.0 / shape)
            y = -tf.math.log((1.0 - u) / shape)
            x_high = tf.pow(1.0 - shape + shape * y, 1.0 / shape)
            x = tf.where(low, x_low, x_high)
            ok = tf.where(low, x_low <= v, x_high <= v + y)
            return k2, x, ok

        k2, x, _ = tf.while_loop(cond, body, (k, tf.constant(0.0, F64), tf.constant(False)))
        return x, k2, has, g

    def large() -> tuple:
        b = shape - 1.0 / 3.0
        c = 1.0 / tf.sqrt(9.0 * b)

        def cond(k, has, g, out, done):
            return tf.logical_not(done)

        def body(k, has, g, out, done):
            def inner_cond(k, has, g, x, v):
                return v <= 0.0

            def inner_body(k, has, g, x, v):
                x, k, has, g = _gauss(D, k, has, g)
                return k, has, g, x, 1.0 + c * x

            k, has, g, x, v = tf.while_loop(inner_cond, inner_body,
                                            (k, has, g, tf.constant(0.0, F64), tf.constant(-1.0, F64)))
            v = v * v * v
            u = _d(D, k)
            ok = tf.logical_or(u < 1.0 - 0.0331 * (x * x) * (x * x),
                               tf.math.log(u) < 0.5 * x * x + b * (1.0 - v + tf.math.log(v)))
            return k + 1, has, g, b * v, ok

        k2, has2, g2, out, _ = tf.while_loop(cond, body, (k, has, g, tf.constant(0.0, F64), tf.constant(False)))
        return out, k2, has2, g2

    return tf.case([(tf.equal(shape, 1.0), exp1), (tf.equal(shape, 0.0), zero), (shape < 1.0, small)],
                   default=large, exclusive=False)


_LOGGAM_A = [8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04,
             -5.952380952380952e-04, 8.417508417508418e-04, -1.917526917526918e-03,
             6.410256410256410e-03, -2.955065359477124e-02, 1.796443723688307e-01,
             -1.39243221690590e+00]


def _loggam(x: tf.Tensor) -> tf.Tensor:
    """NumPy's ``random_loggam`` (SPECFUN's series, shifted up to x0 >= 7)."""
    n = tf.where(x <= 7.0, tf.floor(7.0 - x), 0.0)
    x0 = x + n
    x2 = 1.0 / (x0 * x0)
    gl0 = tf.constant(_LOGGAM_A[9], F64)
    for a in reversed(_LOGGAM_A[:9]):
        gl0 = gl0 * x2 + a
    gl = gl0 / x0 + 0.5 * math.log(2 * math.pi) + (x0 - 0.5) * tf.math.log(x0) - x0

    def cond(j, gl, x0):
        return j < n

    def body(j, gl, x0):
        return j + 1.0, gl - tf.math.log(x0 - 1.0), x0 - 1.0

    _, gl, _ = tf.while_loop(cond, body, (tf.constant(0.0, F64), gl, x0))
    return tf.where(tf.logical_or(tf.equal(x, 1.0), tf.equal(x, 2.0)), tf.constant(0.0, F64), gl)


def _poisson(D: tf.Tensor, k: tf.Tensor, lam: tf.Tensor) -> tuple:
    """NumPy's ``random_poisson``: multiplication below 10, PTRS from 10."""

    def mult() -> tuple:
        enlam = tf.exp(-lam)

        def cond(k, x, prod, done):
            return tf.logical_not(done)

        def body(k, x, prod, done):
            prod = prod * _d(D, k)
            more = prod > enlam
            return k + 1, tf.where(more, x + 1, x), prod, tf.logical_not(more)

        k2, x, _, _ = tf.while_loop(cond, body, (k, tf.constant(0, I64), tf.constant(1.0, F64), tf.constant(False)))
        return x, k2

    def ptrs() -> tuple:
        slam = tf.sqrt(lam)
        loglam = tf.math.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2.0)

        def cond(k, out, done):
            return tf.logical_not(done)

        def body(k, out, done):
            u = _d(D, k) - 0.5
            v = _d(D, k + 1)
            us = 0.5 - tf.abs(u)
            kk = tf.floor((2.0 * a / us + b) * u + lam + 0.43)
            quick = tf.logical_and(us >= 0.07, v <= vr)
            reject = tf.logical_or(kk < 0.0, tf.logical_and(us < 0.013, v > us))
            slow = (tf.math.log(v) + tf.math.log(invalpha) - tf.math.log(a / (us * us) + b)
                    <= -lam + kk * loglam - _loggam(tf.maximum(kk, 0.0) + 1.0))
            ok = tf.logical_or(quick, tf.logical_and(tf.logical_not(reject), slow))
            return k + 2, tf.cast(kk, I64), ok

        k2, out, _ = tf.while_loop(cond, body, (k, tf.constant(0, I64), tf.constant(False)))
        return out, k2

    def zero() -> tuple:
        return tf.constant(0, I64), k

    return tf.case([(lam >= 10.0, ptrs), (tf.equal(lam, 0.0), zero)], default=mult, exclusive=False)


def _binomial_inversion(D: tf.Tensor, k: tf.Tensor, n: tf.Tensor, p: tf.Tensor) -> tuple:
    nf = tf.cast(n, F64)
    q = 1.0 - p
    qn = tf.exp(nf * tf.math.log(q))
    np_ = nf * p
    bound = tf.minimum(nf, tf.floor(np_ + 10.0 * tf.sqrt(np_ * q + 1.0)))

    def cond(k, x, px, u):
        return u > px

    def body(k, x, px, u):
        x = x + 1.0
        over = x > bound
        u_new = _d(D, k)
        return (tf.where(over, k + 1, k), tf.where(over, tf.zeros_like(x), x), tf.where(over, qn, ((nf - x + 1.0) * p * px) / (x * q)),
                tf.where(over, u_new, u - px))

    u0 = _d(D, k)
    k2, x, _, _ = tf.while_loop(cond, body, (k + 1, tf.constant(0.0, F64), qn, u0))
    return tf.cast(x, I64), k2


def _binomial_btpe(D: tf.Tensor, k: tf.Tensor, n: tf.Tensor, p: tf.Tensor) -> tuple:
    nf = tf.cast(n, F64)
    r = tf.minimum(p, 1.0 - p)
    q = 1.0 - r
    fm = nf * r + r
    m = tf.floor(fm)
    p1 = tf.floor(2.195 * tf.sqrt(nf * r * q) - 4.6 * q) + 0.5
    xm = m + 0.5
    xl = xm - p1
    xr = xm + p1
    c = 0.134 + 20.5 / (15.3 + m)
    a = (fm - xl) / (fm - xl * r)
    laml = a * (1.0 + a / 2.0)
    a = (xr - fm) / (xr * q)
    lamr = a * (1.0 + a / 2.0)
    p2 = p1 * (1.0 + 2.0 * c)
    p3 = p2 + c / laml
    p4 = p3 + c / lamr
    nrq = nf * r * q

    def attempt(k: tf.Tensor) -> tuple:
        u = _d(D, k) * p4
        v = _d(D, k + 1)
        # Step 10 / 20 / 30 / 40: a candidate y, an updated v, and whether to go on testing.
        y10 = tf.floor(xm - p1 * v + u)
        x20 = xl + (u - p1) / c
        v20 = v * c + 1.0 - tf.abs(m - x20 + 0.5) / p1
        y30 = tf.floor(xl + tf.math.log(v) / laml)
        v30 = v * (u - p2) * laml
        y40 = tf.floor(xr - tf.math.log(v) / lamr)
        v40 = v * (u - p3) * lamr
        region = tf.where(u <= p1, 1, tf.where(u <= p2, 2, tf.where(u <= p3, 3, 4)))
        y = tf.gather(tf.stack([y10, y10, tf.floor(x20), y30, y40]), region)
        vv = tf.gather(tf.stack([v, v, v20, v30, v40]), region)
        rejected = tf.gather(tf.stack([False, False, v20 > 1.0,
                                       tf.logical_or(y30 < 0.0, tf.equal(v, 0.0)),
                                       tf.logical_or(y40 > nf, tf.equal(v, 0.0))]), region)
        accept_now = tf.equal(region, 1)
        # Step 50: the explicit ratio for small |y - m|, else Step 52's squeeze.
        kk = tf.abs(y - m)
        s = r / q
        aa = s * (nf + 1.0)

        def ratio() -> tf.Tensor:
            lo, hi = tf.minimum(m, y), tf.maximum(m, y)
            up = m < y  # F *= (a / i - s) for i in (m, y]; F /= ... for i in (y, m]

            def cond(i, f):
                return i <= hi

            def body(i, f):
                term = aa / i - s
                return i + 1.0, tf.where(up, f * term, f / term)

            _, f = tf.while_loop(cond, body, (lo + 1.0, tf.constant(1.0, F64)))
            return vv <= f

        def squeeze() -> tf.Tensor:
            rho = (kk / nrq) * ((kk * (kk / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5)
            t = -kk * kk / (2.0 * nrq)
            A = tf.math.log(vv)
            x1 = y + 1.0
            f1 = m + 1.0
            z = nf + 1.0 - m
            w = nf - y + 1.0
            x2, f2, z2, w2 = x1 * x1, f1 * f1, z * z, w * w

            def corr(v2: tf.Tensor, v1: tf.Tensor) -> tf.Tensor:
                return (13680. - (462. - (132. - (99. - 140. / v2) / v2) / v2) / v2) / v1 / 166320.

            bound = (xm * tf.math.log(f1 / x1) + (nf - m + 0.5) * tf.math.log(z / w)
                     + (y - m) * tf.math.log(w * r / (x1 * q)) + corr(f2, f1) + corr(z2, z)
                     + corr(x2, x1) + corr(w2, w))
            return tf.where(A < t - rho, True, tf.where(A > t + rho, False, tf.logical_not(A > bound)))

        use_squeeze = tf.logical_and(kk > 20.0, kk < nrq / 2.0 - 1.0)
        tested = tf.cond(tf.logical_or(accept_now, rejected), lambda: tf.constant(False),
                         lambda: tf.cond(use_squeeze, squeeze, ratio))
        ok = tf.logical_or(accept_now, tf.logical_and(tf.logical_not(rejected), tested))
        return y, ok

    def cond(k, y, done):
        return tf.logical_not(done)

    def body(k, y, done):
        y, ok = attempt(k)
        return k + 2, y, ok

    k2, y, _ = tf.while_loop(cond, body, (k, tf.constant(0.0, F64), tf.constant(False)))
    y = tf.where(p > 0.5, nf - y, y)
    return tf.cast(y, I64), k2


def _binomial(D: tf.Tensor, k: tf.Tensor, n: tf.Tensor, p: tf.Tensor, early_zero: bool) -> tuple:
    """``random_binomial`` (``early_zero``: n == 0 or p == 0 draws nothing) or RandomState's
    ``legacy_random_binomial`` (always draws)."""
    nf = tf.cast(n, F64)
    low = p <= 0.5
    pp = tf.where(low, p, 1.0 - p)

    def inversion() -> tuple:
        x, k2 = _binomial_inversion(D, k, n, pp)
        return tf.where(low, x, n - x), k2

    def btpe() -> tuple:
        # BTPE flips by p itself (Step 60), so it takes the original p.
        return _binomial_btpe(D, k, n, p)

    def nothing() -> tuple:
        return tf.constant(0, I64), k

    pred = tf.logical_or(tf.equal(n, 0), tf.equal(p, 0.0)) if early_zero else tf.constant(False)
    return tf.case([(pred, nothing), (pp * nf <= 30.0, inversion)], default=btpe, exclusive=False)


def _geometric(D: tf.Tensor, k: tf.Tensor, p: tf.Tensor) -> tuple:
    def search() -> tuple:
        u = _d(D, k)
        q = 1.0 - p

        def cond(x, s, prod):
            return u > s

        def body(x, s, prod):
            prod = prod * q
            return x + 1, s + prod, prod

        x, _, _ = tf.while_loop(cond, body, (tf.constant(1, I64), p, p))
        return x, k + 1

    def inversion() -> tuple:
        return tf.cast(tf.math.ceil(tf.math.log(1.0 - _d(D, k)) / tf.math.log(1.0 - p)), I64), k + 1

    return tf.cond(p >= 0.333333333333333333333333, search, inversion)


# -- per-element kernels --------------------------------------------------------------------
def _kernel(step: Step, out_dtype: tf.DType) -> "Kernel":
    """A loop over elements: ``step(D, k, has, g, *params_i) -> (value, k, has, g)``."""

    def run(D: tf.Tensor, has: tf.Tensor, g: tf.Tensor, n: tf.Tensor, *params: tf.Tensor) -> tuple:
        # params may be padded past n (XLA buckets): only the first n values are drawn.
        size = tf.shape(params[0])[0]

        def body(i, k, has, g, out):
            value, k, has, g = step(D, k, has, g, *[tf.gather(p, i) for p in params])
            return i + 1, k, has, g, tf.tensor_scatter_nd_update(out, [[i]], tf.cast(value, out_dtype)[None])

        _, k, has, g, out = tf.while_loop(lambda i, *_: i < n, body,
                                          (tf.constant(0), tf.constant(0), has, g, tf.zeros([size], out_dtype)))
        return out, k, has, g

    return Kernel(run)


class Kernel:
    """A sampler loop as a graph function, and as an XLA kernel for large draws.

    Tracing the nested loops costs 1-2 s once per process (shapes are relaxed, so one
    trace serves every size). XLA runs the loop ~20x faster than the graph (~5 us against
    ~0.1-0.5 ms a value) but compiles for seconds per shape, so draws of ``XLA_FROM``
    values or more pad their parameters to a power of two: one compilation per bucket."""

    XLA_FROM = 4096

    def __init__(self, run: Callable[..., tuple]) -> None:
        self._run = run
        self._graphs: dict[tuple, Any] = {}
        self.xla = tf.function(run, autograph=False, jit_compile=True)

    def graph(self, *args: tf.Tensor) -> tuple:
        """The graph loop, traced once per argument dtypes with every length left open."""
        key = tuple(a.dtype for a in args)
        if key not in self._graphs:
            specs = [tf.TensorSpec([None] * a.shape.rank, a.dtype) for a in args]
            self._graphs[key] = tf.function(self._run, autograph=False).get_concrete_function(*specs)
        return self._graphs[key](*args)

    @staticmethod
    def bucket(n: int) -> int:
        """The padded length a draw of ``n`` values runs with."""
        return n if n < Kernel.XLA_FROM else 1 << (n - 1).bit_length()

    def __call__(self, D: tf.Tensor, has: tf.Tensor, g: tf.Tensor, *params: tf.Tensor) -> tuple:
        n = params[0].shape[0]
        if n is None or n < self.XLA_FROM:
            count = tf.shape(params[0])[0]
            return self.graph(D, has, g, count, *params)
        padded = [tf.concat([p, tf.repeat(p[-1:], self.bucket(n) - n, axis=0)], axis=0) for p in params]
        out, k, has, g = self.xla(D, has, g, tf.constant(n), *padded)
        return out[:n], k, has, g


def _gamma_step(D, k, has, g, shape):
    return _std_gamma(D, k, has, g, shape)


def _poisson_step(D, k, has, g, lam):
    x, k = _poisson(D, k, lam)
    return x, k, has, g


def _binomial_step(D, k, has, g, n, p):
    x, k = _binomial(D, k, n, p, early_zero=False)
    return x, k, has, g


def _geometric_step(D, k, has, g, p):
    x, k = _geometric(D, k, p)
    return x, k, has, g


def _t_step(D, k, has, g, df):
    num, k, has, g = _gauss(D, k, has, g)
    den, k, has, g = _std_gamma(D, k, has, g, df / 2.0)
    return tf.sqrt(df / 2.0) * num / tf.sqrt(den), k, has, g


def _beta_step(D, k, has, g, a, b):
    def johnk():
        def cond(k, out, done):
            return tf.logical_not(done)

        def body(k, out, done):
            u, v = _d(D, k), _d(D, k + 1)
            x, y = tf.pow(u, 1.0 / a), tf.pow(v, 1.0 / b)
            ok = x + y <= 1.0
            log_x, log_y = tf.math.log(u) / a, tf.math.log(v) / b
            log_m = tf.maximum(log_x, log_y)
            lx, ly = log_x - log_m, log_y - log_m
            tiny = tf.exp(lx - tf.math.log(tf.exp(lx) + tf.exp(ly)))
            return k + 2, tf.where(x + y > 0.0, x / (x + y), tiny), ok

        k2, out, _ = tf.while_loop(cond, body, (k, tf.constant(0.0, F64), tf.constant(False)))
        return out, k2, has, g

    def gammas():
        ga, k2, has2, g2 = _std_gamma(D, k, has, g, a)
        gb, k2, has2, g2 = _std_gamma(D, k2, has2, g2, b)
        return ga / (ga + gb), k2, has2, g2

    return tf.cond(tf.logical_and(a <= 1.0, b <= 1.0), johnk, gammas)


def _multinomial_step(D, k, has, g, n, pvals):
    """One row: binomial draws for each category on what is left (``random_multinomial``)."""
    d = tf.shape(pvals)[0]

    def cond(j, k, dn, remaining, out, stop):
        return tf.logical_and(j < d - 1, tf.logical_not(stop))

    def body(j, k, dn, remaining, out, stop):
        pj = tf.gather(pvals, j)
        x, k = _binomial(D, k, dn, pj / remaining, early_zero=True)
        out = tf.tensor_scatter_nd_update(out, [[j]], x[None])
        dn = dn - x
        return j + 1, k, dn, remaining - pj, out, dn <= 0

    _, k, dn, _, out, _ = tf.while_loop(cond, body, (tf.constant(0), k, n, tf.constant(1.0, F64),
                                                     tf.zeros([d], I64), tf.constant(False)))
    out = tf.tensor_scatter_nd_update(out, [[d - 1]], tf.where(dn > 0, dn, tf.gather(out, d - 1))[None])
    return out, k, has, g


def _f_step(D, k, has, g, dfnum, dfden):
    a, k, has, g = _std_gamma(D, k, has, g, dfnum / 2.0)
    b, k, has, g = _std_gamma(D, k, has, g, dfden / 2.0)
    return ((2.0 * a) * dfden) / ((2.0 * b) * dfnum), k, has, g


def _negative_binomial_step(D, k, has, g, n, p):
    y, k, has, g = _std_gamma(D, k, has, g, n)
    x, k = _poisson(D, k, y * ((1.0 - p) / p))
    return x, k, has, g


def _wald_step(D, k, has, g, mean, scale):
    y, k, has, g = _gauss(D, k, has, g)
    mu_2l = mean / (2.0 * scale)
    y = mean * y * y
    x = mean + mu_2l * (y - tf.sqrt(4.0 * scale * y + y * y))
    u = _d(D, k)
    return tf.where(u <= mean / (mean + x), x, mean * mean / x), k + 1, has, g


KERNELS = {
    "f": _kernel(_f_step, F64),
    "negative_binomial": _kernel(_negative_binomial_step, I64),
    "wald": _kernel(_wald_step, F64),
    "gamma": _kernel(_gamma_step, F64),
    "poisson": _kernel(_poisson_step, I64),
    "binomial": _kernel(_binomial_step, I64),
    "geometric": _kernel(_geometric_step, I64),
    "standard_t": _kernel(_t_step, F64),
    "beta": _kernel(_beta_step, F64),
}


def multinomial_kernel(D: tf.Tensor, n: tf.Tensor, pvals: tf.Tensor, rows: tf.Tensor) -> tuple:
    """``rows`` draws of ``multinomial(n, pvals)``; XLA from ``Kernel.XLA_FROM`` values."""
    big = int(rows) * int(pvals.shape[0]) >= Kernel.XLA_FROM
    return (_multinomial_xla if big else _multinomial_graph)(D, n, pvals, rows)


def _multinomial_run(D: tf.Tensor, n: tf.Tensor, pvals: tf.Tensor, rows: tf.Tensor) -> tuple:
    """``rows`` draws of ``multinomial(n, pvals)``: int64 ``[rows, len(pvals)]``."""
    d = tf.shape(pvals)[0]

    def body(i, k, out):
        row, k, _, _ = _multinomial_step(D, k, tf.constant(False), tf.constant(0.0, F64), n, pvals)
        return i + 1, k, tf.tensor_scatter_nd_update(out, [[i]], row[None])

    _, k, out = tf.while_loop(lambda i, *_: i < rows, body, (tf.constant(0), tf.constant(0), tf.zeros([rows, d], I64)))
    return out, k


_multinomial_xla = tf.function(_multinomial_run, autograph=False, jit_compile=True)
_multinomial_graph = tf.function(_multinomial_run, autograph=False, input_signature=[
    tf.TensorSpec([None], F64), tf.TensorSpec([], I64), tf.TensorSpec([None], F64), tf.TensorSpec([], tf.int32)])
