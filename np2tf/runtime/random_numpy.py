"""NumPy's random API drawn by NumPy itself on the host, returned as tensors.

The opt-in counterpart of :mod:`np2tf.runtime.random` for verifying a conversion: same
names and arguments (legacy functions, ``RandomState``, ``default_rng``/``Generator``),
but every draw is made by NumPy's own generator, so a seeded program's streams are
bit-identical to the original's. The legacy functions use NumPy's global state
(``np.random.seed`` here and in any code left unconverted feed the same stream), exactly
as the original program did.

Fidelity ``host``: in eager mode a draw is a NumPy call plus one host-to-tensor copy.
Inside ``tf.function`` each call becomes a ``tf.numpy_function`` (stateful, so it runs
once per execution, in program order through automatic control dependencies). That
op holds the Python interpreter: it cannot be compiled by XLA (``jit_compile=True``
fails), cannot run on a GPU or TPU (the result is copied back to the device), and it
does not survive ``SavedModel`` export. Use :mod:`np2tf.runtime.random` for anything but
checking a conversion against NumPy.

Differences from NumPy: calls return tensors (0-d for a single draw), never Python
floats; ``shuffle`` returns the shuffled array instead of shuffling in place (the
converter rebinds the name, as for :mod:`np2tf.runtime.random`); ``out=`` is rejected.
Inside ``tf.function`` results have unknown static shape unless ``size`` is given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

from np2tf.runtime._dispatch import to_dtype
from np2tf.runtime._function import stateful_here

__all__ = [
    "Generator", "RandomState", "beta", "binomial", "chisquare", "choice", "default_rng",
    "dirichlet", "exponential", "f", "gamma", "geometric", "get_state", "gumbel",
    "hypergeometric", "laplace", "logistic", "lognormal", "logseries", "multinomial",
    "multivariate_normal", "negative_binomial", "noncentral_chisquare", "noncentral_f",
    "normal", "pareto", "permutation", "poisson", "power", "rand", "randint", "randn",
    "random", "random_integers", "random_sample", "ranf", "rayleigh", "sample", "seed",
    "set_state", "shuffle", "standard_cauchy", "standard_exponential", "standard_gamma",
    "standard_normal", "standard_t", "triangular", "uniform", "vonmises", "wald", "weibull",
    "zipf",
]

FIDELITY = "host"

# Methods whose draws are integers (int64 unless a dtype argument says otherwise), and
# the position of that dtype argument when it can be passed positionally.
_INTEGER = {"randint": 3, "integers": 3, "random_integers": None, "tomaxint": None,
            "poisson": None, "binomial": None, "negative_binomial": None, "geometric": None,
            "hypergeometric": None, "logseries": None, "zipf": None, "multinomial": None,
            "multivariate_hypergeometric": None}
# Methods that return elements of their input (their dtype is the input's).
_ELEMENTS = {"choice", "permutation", "shuffle", "permuted"}
# Float methods with a dtype argument (Generator only), by its keyword.
_FLOAT_DTYPE_ARG = {"random": 1, "standard_normal": 1, "standard_exponential": 1,
                    "standard_gamma": 2}
# Draws with extra trailing axes beyond ``size``.
_VECTOR_VALUED = {"multinomial", "dirichlet", "multivariate_normal",
                  "multivariate_hypergeometric"}
_NO_RESULT = {"seed", "set_state"}


def _to_host(x: Any) -> Any:
    if isinstance(x, (tf.Tensor, tf.Variable)):
        return x.numpy()
    if isinstance(x, (list, tuple)):
        return type(x)(_to_host(i) for i in x)
    return x


def _result_dtype(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tf.DType:
    """The dtype NumPy's ``name(*args, **kwargs)`` returns, without drawing."""
    if name in _INTEGER:
        pos = _INTEGER[name]
        dt = kwargs.get("dtype", args[pos] if pos is not None and len(args) > pos else int)
        return to_dtype(dt)
    if name in _ELEMENTS:
        a = args[0] if args else kwargs.get("a", kwargs.get("x"))
        if isinstance(a, (tf.Tensor, tf.Variable)):
            return a.dtype
        return tf.as_dtype(np.asarray(a).dtype) if not isinstance(a, int) else tf.int64
    if name in _FLOAT_DTYPE_ARG:
        pos = _FLOAT_DTYPE_ARG[name]
        return to_dtype(kwargs.get("dtype", args[pos] if len(args) > pos else np.float64))
    return tf.float64


def _static_shape(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    size = kwargs.get("size")
    if name in _VECTOR_VALUED or size is None:
        return None
    if isinstance(size, (int, np.integer)):
        return [int(size)]
    if isinstance(size, (tuple, list)) and all(isinstance(s, (int, np.integer)) for s in size):
        return [int(s) for s in size]
    return None


def _call(owner: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
          draw: Callable[..., Any]) -> Any:
    """Run ``draw(*args, **kwargs)`` on the host and hand back a tensor.

    Eagerly, tensor arguments are read to NumPy first. In a graph, tensor arguments
    become inputs of one ``tf.numpy_function`` and the rest stay Python values.
    """
    if kwargs.get("out") is not None:
        raise NotImplementedError("out= is not supported: TensorFlow tensors are immutable")
    if tf.executing_eagerly():
        result = draw(*_to_host(args), **{k: _to_host(v) for k, v in kwargs.items()})
        return None if name in _NO_RESULT else tf.convert_to_tensor(np.asarray(result))
    flat = tf.nest.flatten((args, kwargs))
    slots = [i for i, v in enumerate(flat) if isinstance(v, (tf.Tensor, tf.Variable))]

    def host(*values: np.ndarray) -> Any:
        filled = list(flat)
        for i, v in zip(slots, values):
            filled[i] = v
        a, kw = tf.nest.pack_sequence_as((args, kwargs), filled)
        result = draw(*a, **kw)
        return [] if name in _NO_RESULT else np.asarray(result)

    inputs = [flat[i] for i in slots]
    stateful_here()
    if name in _NO_RESULT:
        tf.numpy_function(host, inputs, [], stateful=True, name=f"numpy_random_{name}")
        return None
    out = tf.numpy_function(host, inputs, _result_dtype(name, args, kwargs), stateful=True,
                            name=f"numpy_random_{name}")
    shape = _static_shape(name, args, kwargs)
    if shape is not None:
        out.set_shape(shape)
    return out


def _shuffled(shuffle: Callable[..., None]) -> Callable[..., Any]:
    # NumPy shuffles in place and returns None; converted code rebinds x = shuffle(x).
    def draw(x: Any, *args: Any, **kwargs: Any) -> np.ndarray:
        copy = np.array(x)
        shuffle(copy, *args, **kwargs)
        return copy

    return draw


class _HostRandom:
    """Forwards NumPy random methods to ``self._np``, drawing on the host."""

    _np: Any

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        target = getattr(self._np, name)
        if not callable(target):
            return target
        draw = _shuffled(target) if name == "shuffle" else target

        def method(*args: Any, **kwargs: Any) -> Any:
            return _call(self, name, args, kwargs, draw)

        method.__name__ = name
        method.__doc__ = f"NumPy's ``{type(self._np).__name__}.{name}``, drawn on the host."
        return method


class RandomState(_HostRandom):
    """NumPy's legacy ``RandomState(seed)``, drawing with NumPy's Mersenne Twister.

    Every method of ``np.random.RandomState`` is available; draws come back as tensors.
    """

    def __init__(self, seed: Any = None) -> None:
        self._np = np.random.RandomState(_to_host(seed))

    def seed(self, seed: Any = None) -> None:
        """Reseed in place (inside ``tf.function``: each time the function runs)."""
        _call(self, "seed", (seed,), {}, self._np.seed)

    def ranf(self, size: Any = None) -> Any:
        """Alias of ``random_sample`` (NumPy has it on the module, not the class)."""
        return self.random_sample(size)

    sample = ranf


class Generator(_HostRandom):
    """NumPy's ``Generator`` (from :func:`default_rng`), drawing with NumPy's PCG64.

    Every method of ``np.random.Generator`` is available; draws come back as tensors.
    """

    def __init__(self, seed: Any = None) -> None:
        if isinstance(seed, np.random.Generator):
            self._np = seed
        else:
            self._np = np.random.default_rng(_to_host(seed))

    def spawn(self, n_children: int) -> list[Generator]:
        """``n_children`` independent generators, as NumPy's ``Generator.spawn``."""
        return [Generator(g) for g in self._np.spawn(n_children)]


def default_rng(seed: Any = None) -> Generator:
    """NumPy's ``default_rng(seed)``: a new :class:`Generator` (or ``seed`` if it is one)."""
    if isinstance(seed, Generator):
        return seed
    return Generator(seed)


def _legacy(name: str) -> Callable[..., Any]:
    """``np.random.<name>`` on NumPy's global state, returning tensors."""

    def draw(*args: Any, **kwargs: Any) -> Any:
        # Looked up per call: code that swaps np.random's global state is followed.
        target = getattr(np.random, name)
        return (_shuffled(target) if name == "shuffle" else target)(*args, **kwargs)

    def function(*args: Any, **kwargs: Any) -> Any:
        return _call(None, name, args, kwargs, draw)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"NumPy's ``np.random.{name}`` on its global state, drawn on the host."
    return function


def get_state(legacy: bool = True) -> Any:
    """NumPy's global state (``np.random.get_state``), a host value, not a tensor."""
    return np.random.get_state(legacy=legacy)


def set_state(state: Any) -> None:
    """Restore NumPy's global state (``np.random.set_state``)."""
    np.random.set_state(state)


# The legacy module-level functions, on NumPy's global state.
beta = _legacy("beta")
binomial = _legacy("binomial")
chisquare = _legacy("chisquare")
choice = _legacy("choice")
dirichlet = _legacy("dirichlet")
exponential = _legacy("exponential")
f = _legacy("f")
gamma = _legacy("gamma")
geometric = _legacy("geometric")
gumbel = _legacy("gumbel")
hypergeometric = _legacy("hypergeometric")
laplace = _legacy("laplace")
logistic = _legacy("logistic")
lognormal = _legacy("lognormal")
logseries = _legacy("logseries")
multinomial = _legacy("multinomial")
multivariate_normal = _legacy("multivariate_normal")
negative_binomial = _legacy("negative_binomial")
noncentral_chisquare = _legacy("noncentral_chisquare")
noncentral_f = _legacy("noncentral_f")
normal = _legacy("normal")
pareto = _legacy("pareto")
permutation = _legacy("permutation")
poisson = _legacy("poisson")
power = _legacy("power")
rand = _legacy("rand")
randint = _legacy("randint")
randn = _legacy("randn")
random = _legacy("random")
random_integers = _legacy("random_integers")
random_sample = _legacy("random_sample")
ranf = _legacy("ranf")
rayleigh = _legacy("rayleigh")
sample = _legacy("sample")
seed = _legacy("seed")
shuffle = _legacy("shuffle")
standard_cauchy = _legacy("standard_cauchy")
standard_exponential = _legacy("standard_exponential")
standard_gamma = _legacy("standard_gamma")
standard_normal = _legacy("standard_normal")
standard_t = _legacy("standard_t")
triangular = _legacy("triangular")
uniform = _legacy("uniform")
vonmises = _legacy("vonmises")
wald = _legacy("wald")
weibull = _legacy("weibull")
zipf = _legacy("zipf")
