"""NumPy's random API (legacy global functions, ``RandomState``, ``default_rng``) on TF.

``np.random.randn(3, 4)`` becomes ``n2t.random.randn(3, 4)``: same shapes, dtypes
(float64, int64), ranges and argument conventions as NumPy. The global functions and
``RandomState`` draw NumPy's own MT19937 stream (:mod:`np2tf.runtime._mt19937`), so after
``seed(s)`` the common samplers (``_legacy.EXACT``: rand, randn, randint, uniform, normal,
choice, permutation, shuffle, exponential, ...) give NumPy's very numbers; the rest, and
every ``Generator`` (``default_rng``) method, draw from a ``tf.random.Generator``: same
distributions, other numbers. Everything is TF ops, so sampling works in ``tf.function``.

Not provided (``rules/random.toml`` says what to do instead): ``get_state``/``set_state``,
the bit generators, ``bytes``, ``hypergeometric``, ``logseries``, ``vonmises``, ``zipf``.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from np2tf.runtime._dispatch import as_tensor
from np2tf.runtime._legacy import LegacyRandomState
from np2tf.runtime._random_core import Size, _f64, _Sampler

__all__ = [
    "Generator", "RandomState", "beta", "binomial", "chisquare", "choice", "default_rng",
    "dirichlet", "exponential", "f", "gamma", "geometric", "gumbel", "laplace", "logistic",
    "lognormal", "multinomial", "multivariate_normal", "negative_binomial",
    "noncentral_chisquare", "noncentral_f", "normal", "pareto", "permutation", "poisson",
    "power", "rand", "randint", "randn", "random", "random_integers", "random_sample", "ranf",
    "rayleigh", "sample", "seed", "shuffle", "standard_cauchy", "standard_exponential",
    "standard_gamma", "standard_normal", "standard_t", "triangular", "uniform", "wald",
    "weibull",
]


class _Common(_Sampler):
    """Distributions both APIs name the same way, beyond those in ``_Sampler``."""

    def wald(self, mean: Any, scale: Any, size: Size = None) -> tf.Tensor:
        """Wald (inverse Gaussian), by Michael, Schucany and Haas's transform."""
        mu, lam = _f64(mean), _f64(scale)
        shape = self._shape(size, mu, lam)
        y = tf.square(self._std_normal(shape))
        x = mu + mu * mu * y / (2.0 * lam) - mu / (2.0 * lam) * tf.sqrt(
            4.0 * mu * lam * y + tf.square(mu * y))
        u = self._uniform01(shape)
        return tf.where(u <= mu / (mu + x), x, mu * mu / x)

    def noncentral_chisquare(self, df: Any, nonc: Any, size: Size = None) -> tf.Tensor:
        """Non-central chi-square as a Poisson mixture of central chi-squares."""
        d, nc = _f64(df), _f64(nonc)
        shape = self._shape(size, d, nc)
        k = tf.cast(self.poisson(tf.broadcast_to(nc / 2.0, shape)), tf.float64)
        return self.chisquare(d + 2.0 * k)

    def noncentral_f(self, dfnum: Any, dfden: Any, nonc: Any, size: Size = None) -> tf.Tensor:
        """Non-central F: a non-central over a central chi-square, each over its df."""
        n, d, nc = _f64(dfnum), _f64(dfden), _f64(nonc)
        shape = self._shape(size, n, d, nc)
        num = self.noncentral_chisquare(tf.broadcast_to(n, shape), nc)
        return (num / n) / (self.chisquare(tf.broadcast_to(d, shape)) / d)


class RandomState(LegacyRandomState, _Common):
    """NumPy's legacy ``RandomState(seed)`` (the methods of the global ``np.random.*``):
    NumPy's MT19937 stream for the samplers in ``_legacy.EXACT``."""


class Generator(_Common):
    """NumPy's ``Generator`` (from ``default_rng``) with NumPy's method names."""

    def random(self, size: Size = None, dtype: Any = tf.float64, out: Any = None) -> tf.Tensor:
        """Uniform on [0, 1), float64 (or float32 with ``dtype``)."""
        if out is not None:
            raise NotImplementedError("out= is not supported: TensorFlow tensors are immutable")
        from np2tf.runtime._dispatch import to_dtype

        return self._uniform01(self._shape(size), to_dtype(dtype))

    def integers(self, low: Any, high: Any = None, size: Size = None, dtype: Any = "int64",
                 endpoint: bool = False) -> tf.Tensor:
        """Integers in ``[low, high)``, or ``[low, high]`` with ``endpoint=True``."""
        if high is None:
            low, high = 0, low
        if endpoint:
            high = as_tensor(high) + 1
        return self._integers(low, high, size, dtype)

    def permutation(self, x: Any, axis: int = 0) -> tf.Tensor:
        """A permuted ``arange(x)`` for an int, else ``x`` shuffled along ``axis``."""
        if axis == 0 or isinstance(x, int):
            return super().permutation(x)
        t = as_tensor(x)
        return tf.gather(t, self._perm_indices(tf.shape(t)[axis]), axis=axis)

    def shuffle(self, x: Any, axis: int = 0) -> tf.Tensor:
        """``x`` shuffled along ``axis``, returned (the converter rebinds ``x``)."""
        t = as_tensor(x)
        return tf.gather(t, self._perm_indices(tf.shape(t)[axis]), axis=axis)

    def permuted(self, x: Any, axis: int | None = None, out: Any = None) -> tf.Tensor:
        """Each slice along ``axis`` shuffled independently (``None``: the flat array)."""
        t = as_tensor(x)
        if axis is None:
            flat = tf.reshape(t, [-1])
            return tf.reshape(tf.gather(flat, self._perm_indices(tf.size(flat))), tf.shape(t))
        keys = self._uniform01(tf.shape(t))
        order = tf.argsort(keys, axis=axis, stable=True)
        return tf.gather(t, order, axis=axis, batch_dims=0) if t.shape.rank == 1 else \
            tf.experimental.numpy.take_along_axis(t, tf.cast(order, tf.int64), axis)

    def choice(self, a: Any, size: Size = None, replace: bool = True, p: Any = None,
               axis: int = 0, shuffle: bool = True) -> tf.Tensor:
        """Like ``RandomState.choice``; ``axis`` must be 0."""
        if axis != 0:
            raise NotImplementedError("Generator.choice(axis != 0) is not supported")
        return super().choice(a, size, replace, p)

    def spawn(self, n_children: int) -> list["Generator"]:
        """``n_children`` independent generators split off this one."""
        children = []
        for g in self._g.split(n_children):
            child = Generator.__new__(Generator)
            child._g = g
            children.append(child)
        return children


def default_rng(seed: Any = None) -> Generator:
    """NumPy's ``default_rng(seed)``: a new :class:`Generator` (or ``seed`` if it is one)."""
    if isinstance(seed, Generator):
        return seed
    return Generator(seed)


# The global state of np.random.*: one RandomState, reseeded in place by seed() so that
# functions traced earlier (which captured its variable) see the new seed too.
_global = RandomState()

seed = _global.seed
rand = _global.rand
randn = _global.randn
random = _global.random
random_sample = _global.random_sample
ranf = _global.ranf
sample = _global.sample
randint = _global.randint
random_integers = _global.random_integers
uniform = _global.uniform
normal = _global.normal
standard_normal = _global.standard_normal
standard_exponential = _global.standard_exponential
standard_gamma = _global.standard_gamma
standard_cauchy = _global.standard_cauchy
standard_t = _global.standard_t
exponential = _global.exponential
gamma = _global.gamma
beta = _global.beta
chisquare = _global.chisquare
f = _global.f
noncentral_chisquare = _global.noncentral_chisquare
noncentral_f = _global.noncentral_f
laplace = _global.laplace
logistic = _global.logistic
gumbel = _global.gumbel
lognormal = _global.lognormal
rayleigh = _global.rayleigh
weibull = _global.weibull
pareto = _global.pareto
power = _global.power
triangular = _global.triangular
wald = _global.wald
poisson = _global.poisson
binomial = _global.binomial
negative_binomial = _global.negative_binomial
geometric = _global.geometric
dirichlet = _global.dirichlet
multinomial = _global.multinomial
multivariate_normal = _global.multivariate_normal
permutation = _global.permutation
shuffle = _global.shuffle
choice = _global.choice
