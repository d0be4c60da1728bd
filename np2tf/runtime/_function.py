"""``n2t.function``: ``tf.function`` that falls back to eager execution when tracing fails.

The converter compiles functions it judges graph-safe (``--tf-function auto``). Static
analysis cannot see everything: a helper reached through a variable, a Python branch on a
tensor inside a library call, a shape that is only known at run time. ``tf.function`` then
fails *while tracing*, before any op of the call has run. ``n2t.function`` catches exactly
those failures, warns once (``NP2TFGraphFallback``, naming the function and the reason)
and runs that function eagerly from then on, so converted code is slower there, never
wrong and never dead.

Its first calls (``EAGER_CALLS``; ``EAGER_CALLS_XLA`` under XLA) run eagerly when np2tf
staged the function's control flow itself (``autograph=False``): each
``n2t.for_loop``/``n2t.while_loop`` then compiles the rest of its loop once the loop proves
long (more than ``EAGER_ITERATIONS`` iterations, or ``EAGER_ITERATIONS_XLA`` in a function
XLA compiles), and a loop that ends sooner is never traced (see "tiered first calls" below;
``NP2TF_TIERED=0`` turns it off). Later calls, and all calls after one whose loop compiled,
run the traced graph.

Errors raised while the graph *executes* (``tf.errors.OpError``: bad data, out-of-range
indices) are the program's own and propagate unchanged, as they would eagerly. An XLA
compilation failure (``--jit``) happens before execution too: the function is retried
as a plain ``tf.function``, then eagerly.
"""

from __future__ import annotations

import functools
import os
import warnings
from typing import Any, Callable

import tensorflow as tf


TIERED_ENV = "NP2TF_TIERED"  # "0": every call of a compiled function runs its graph
PURE_ENV = "NP2TF_PURE_GRAPHS"  # "0": every trace orders stateful ops (see "pure graphs")


class NP2TFGraphFallback(RuntimeWarning):
    """A converted function could not run as a graph and runs eagerly instead."""


_NUMPY_DTYPES = {bool: tf.bool, int: tf.int64, float: tf.float64, complex: tf.complex128}


# -- pure graphs: traced without automatic control dependencies --------------------------
# tf.function orders a graph's stateful ops (prints, variable reads and writes, asserts)
# with "automatic control dependencies": a pass over every op at the end of each trace and
# of each loop body or branch traced inside it. Converted functions are mostly pure array
# code, where the pass adds nothing and costs 10-18% of tracing (held-out programs,
# trace alone: cavity 95 -> 80 ms, nbody 72 -> 60 ms). np2tf traces the functions whose
# control flow it staged itself (``autograph=False``: AutoGraph would rewrite the wrapper
# below) and the compiled rests of their loops without it first. The first stateful op
# np2tf's runtime is about to build there (an ``n2t.random`` draw, a host print, a host
# fallback) ends that trace early, and a trace that ends with any stateful op in its graph
# (a user's ``tf.print``, an assert) is discarded: the function is traced again with the
# pass, and keeps it. So a graph without the pass holds no stateful op, where the pass has
# nothing to order, and nothing is silently dropped.
_PURE_ATTRIBUTES = {"_disable_acd": True}  # tf.function's switch for the pass (attributes.DISABLE_ACD)


class _Stateful(BaseException):
    """A function traced without automatic control dependencies needs them.

    A BaseException, so that an ``except Exception`` in converted code cannot swallow it
    mid-trace. ``graph`` is the pure graph it ends; ``owner`` what traced that graph.
    """

    def __init__(self, graph: Any) -> None:
        super().__init__("stateful op in a graph traced without automatic control dependencies")
        self.graph = graph
        self.owner: Any = None


def stateful_here() -> None:
    """Called by np2tf's runtime before it builds stateful ops: in a graph np2tf is
    tracing without automatic control dependencies, end that trace now (it is traced again
    with them), not after tracing the rest of it for nothing."""
    if tf.executing_eagerly():
        return
    from tensorflow.python.framework import ops
    from tensorflow.python.framework.func_graph import FuncGraph

    graph = ops.get_default_graph()
    # Loop bodies and branches are graphs of their own, inside the function's.
    while isinstance(graph, FuncGraph) and not graph._add_control_dependencies:  # noqa: SLF001
        if getattr(graph, "_np2tf_pure", False):
            graph._np2tf_stateful = True  # noqa: SLF001 - even if converted code catches the exception
            raise _Stateful(graph)
        graph = graph.outer_graph


# Names whose presence in a function's code (or in the code of the module functions and
# inner functions it uses) says it likely builds stateful ops: it is then traced with
# control dependencies from the start, not after a pure trace was ended for it (which
# cost ~9 ms in held-out montecarlo, 24 ms in mlp_spiral whose print comes after the
# whole training step). Only a shortcut: the checks above keep every trace right.
_STATEFUL_NAMES = frozenset({"host_print", "print", "random", "assign", "assign_add", "assign_sub", "Variable", "debugging"})
_LIKELY_STATEFUL: dict[Any, bool] = {}


def _likely_stateful(python_function: Callable[..., Any]) -> bool:
    """Whether ``python_function`` mentions a stateful name, through the functions of its
    module it names and the functions defined inside it (cached per code object)."""
    code = getattr(python_function, "__code__", None)
    if code is None:
        return False
    found = _LIKELY_STATEFUL.get(code)
    if found is None:
        names = getattr(python_function, "__globals__", {})
        module = getattr(python_function, "__module__", None)
        seen, stack, found = set(), [code], False
        while stack and not found:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            found = not _STATEFUL_NAMES.isdisjoint(current.co_names)
            stack.extend(c for c in current.co_consts if hasattr(c, "co_names"))
            for name in current.co_names:
                used = names.get(name)
                while hasattr(used, "__wrapped__"):  # do_not_convert, n2t.function
                    used = used.__wrapped__
                if getattr(used, "__module__", None) == module and hasattr(used, "__code__"):
                    stack.append(used.__code__)
        _LIKELY_STATEFUL[code] = found
    return found


def _traced_pure(python_function: Callable[..., Any], owner: Any) -> Callable[..., Any]:
    """``python_function`` for tracing without automatic control dependencies: it marks
    its graph, and raises :class:`_Stateful` (owned by ``owner``) if the graph needs them."""
    from tensorflow.python.framework import ops
    from tensorflow.python.util import tf_decorator

    def traced_pure(*args: Any, **kwargs: Any) -> Any:
        graph = ops.get_default_graph()
        graph._np2tf_pure = True  # noqa: SLF001
        try:
            result = traced_pure.__wrapped__(*args, **kwargs)  # type: ignore[attr-defined]
            if getattr(graph, "_np2tf_stateful", False) or any(op._is_stateful for op in graph.get_operations()):  # noqa: SLF001
                raise _Stateful(graph)
            return result
        except _Stateful as exc:
            if exc.graph is graph:
                exc.owner = owner
            raise

    return tf_decorator.make_decorator(python_function, traced_pure)


def _tf_function(python_function: Callable[..., Any], options: dict[str, Any], owner: Any) -> Any:
    """``tf.function(python_function, **options)``, traced without automatic control
    dependencies when ``owner`` is given (see "pure graphs")."""
    if owner is None:
        return tf.function(python_function, **options)
    attributes = {**options.get("experimental_attributes", {}), **_PURE_ATTRIBUTES}
    return tf.function(_traced_pure(python_function, owner), **{**options, "experimental_attributes": attributes})


def _numpy_results(python_function: Callable[..., Any]) -> Callable[..., Any]:
    """``python_function`` whose Python-number results leave a graph with NumPy's dtypes.

    ``tf.function`` turns a Python number a traced function returns (``return -1.0``, an
    ``n += 1`` counter it never made a tensor) into a float32 or int32 tensor; NumPy code
    would have handed on a Python float or int, which every NumPy operation treats as
    float64 or int64. Here such results become float64/int64/complex128/bool tensors
    instead, exactly. The wrapper is a TF decorator that calls its ``__wrapped__``, so
    ``tf.function`` still converts (AutoGraph) the function inside it, not this wrapper.
    """
    from tensorflow.python.util import tf_decorator  # no public API for decorators AutoGraph sees through

    def numpy_results(*args: Any, **kwargs: Any) -> Any:
        return _numpy_dtypes(numpy_results.__wrapped__(*args, **kwargs))  # type: ignore[attr-defined]

    return tf_decorator.make_decorator(python_function, numpy_results)


def _numpy_dtypes(result: Any) -> Any:
    """``result`` with its Python numbers as tensors of NumPy's dtypes (float64, int64, ...)."""
    return tf.nest.map_structure(lambda v: tf.constant(v, _NUMPY_DTYPES[type(v)]) if type(v) in _NUMPY_DTYPES else v, result)


def _xla_compile_error(exc: BaseException) -> bool:
    text = str(exc)
    return isinstance(exc, tf.errors.OpError) and ("XLA" in text or "compil" in text.lower())


def _lowering_error(exc: BaseException) -> bool:
    """An error TF raises while turning the traced graph into nodes, before running it."""
    return isinstance(exc, tf.errors.InvalidArgumentError) and "while building NodeDef" in str(exc)


def _warn_eager(subject: str, what: str, exc: BaseException, stacklevel: int) -> None:
    """Warn (``NP2TFGraphFallback``) that ``subject`` could not be ``what`` and runs eagerly."""
    # AutoGraph wraps the cause: its last line says what failed ("in user code:" first).
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    first = lines[-1] if lines else type(exc).__name__
    warnings.warn(
        f"np2tf: {subject} could not be {what} ({type(exc).__name__}: {first}); "
        "running it eagerly (same results, slower)",
        NP2TFGraphFallback, stacklevel=stacklevel,
    )


class Function:
    """A ``tf.function`` with an eager fallback for failures at trace or compile time."""

    def __init__(self, python_function: Callable[..., Any], **options: Any) -> None:
        staged = options.get("autograph") is False  # np2tf staged the control flow itself
        tiered = options.pop("tiered", None)
        # tiered: the first calls run eagerly, their loops compiling themselves mid-run
        tiered = (staged if tiered is None else bool(tiered)) and os.environ.get(TIERED_ENV, "1") != "0"
        self._eager_calls = (EAGER_CALLS_XLA if options.get("jit_compile") else EAGER_CALLS) if tiered else 0
        self._python = python_function
        self._options = options
        # traced without control dependencies (see "pure graphs")
        self._pure = staged and os.environ.get(PURE_ENV, "1") != "0" and not _likely_stateful(python_function)
        self._stateful = False  # its graph turned out to need them
        self._compiled: Any = self._build()
        self._eager = False
        functools.update_wrapper(self, python_function)

    def _build(self) -> Any:
        return _tf_function(_numpy_results(self._python), self._options, self if self._pure else None)

    @property
    def python_function(self) -> Callable[..., Any]:
        """The undecorated function (as ``tf.function`` exposes it)."""
        return self._python

    @property
    def runs_eagerly(self) -> bool:
        """Whether tracing failed and calls now run eagerly."""
        return self._eager

    def _fall_back(self, exc: BaseException, what: str) -> None:
        self._eager = True
        name = getattr(self._python, "__qualname__", repr(self._python))
        _warn_eager(f"`{name}`", what, exc, stacklevel=4)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._stateful:
            stateful_here()  # a pure graph calling this one would hold a stateful call
            return self._call(*args, **kwargs)
        try:
            return self._call(*args, **kwargs)
        except _Stateful as exc:
            if exc.owner is not self:
                raise  # a pure graph this call runs in, not one it traced
            # Traced again with automatic control dependencies, and from now on.
            self._pure, self._stateful = False, True
            self._compiled = self._build()
        stateful_here()
        return self._call(*args, **kwargs)

    def _call(self, *args: Any, **kwargs: Any) -> Any:
        if self._eager_calls and not self._eager and not tf.inside_function():
            self._eager_calls -= 1
            result, compiled = _run_tiered(self._python, self._options, args, kwargs, self._pure)
            if compiled:
                self._eager_calls = 0  # a loop compiled its rest: from now on the whole graph
            return result
        if self._eager or tf.inside_function():
            # Inside another graph the caller's trace decides; a failure surfaces there.
            return self._python(*args, **kwargs) if self._eager else self._compiled(*args, **kwargs)
        try:
            return self._compiled(*args, **kwargs)
        except tf.errors.OpError as exc:
            if _lowering_error(exc):
                # The graph failed to build its nodes (a tf.cond predicate of the wrong dtype)
                # before any op ran: a trace-time failure in all but name.
                self._fall_back(exc, "built as a graph")
                return self._python(*args, **kwargs)
            if not (self._options.get("jit_compile") and _xla_compile_error(exc)):
                raise  # the graph ran and the data is bad: the program's own error
            self._options = {k: v for k, v in self._options.items() if k != "jit_compile"}
            self._compiled = self._build()
            try:
                return self._compiled(*args, **kwargs)
            except tf.errors.OpError:
                raise
            except Exception as inner:  # noqa: BLE001 - any tracing failure
                self._fall_back(inner, "traced as a graph")
                return self._python(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - tracing raised before anything ran
            self._fall_back(exc, "traced as a graph")
            return self._python(*args, **kwargs)

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        return functools.partial(self.__call__, instance)


# -- tiered first calls ------------------------------------------------------------------
# A compiled function's first call pays for tracing (~0.5 ms an op) and instantiating its
# graph before anything runs. When np2tf stages the function's control flow itself
# (``autograph=False``), that first call runs eagerly instead, and each ``n2t.for_loop`` /
# ``n2t.while_loop`` in it decides as it goes whether compiling the rest of the loop pays
# (on-stack replacement, as JIT compilers call it): a loop that ends after a few iterations
# is never traced, a long one runs its remaining iterations as one compiled call. The next
# calls run eagerly too, up to EAGER_CALLS, unless a loop compiled; later calls of the
# function run its traced graph.
# The tiered first calls running now, and their loops running eagerly (innermost last; a
# converted program runs its compiled functions from one thread).
_TIER: list[dict[str, Any]] = []
_LOOPS: list[dict[str, bool]] = []
# A loop of at most this many iterations runs eagerly; a longer one is compiled. A count, not
# a clock, so that the plan (and so the last bits of the results) is the same in every run.
# Two counts. A loop whose graph XLA compiles (jit_compile) gains much per iteration (its
# ops fuse): 4. Measured on the held-out programs: with 10, pagerank, kmeans and ising at
# their large sizes ran 7-10% slower (eager iterations over big arrays); with 4 they ran
# as before, while pagerank's published loop (3 iterations) is still never traced. A plain
# graph loop saves only dispatch (~5-10 us an op eagerly against ~3 us in the executor,
# since eager ops run as plain kernels), against ~0.3 ms an op to trace: 16. Measured side
# by side (session 12): kmeans' published loop (10 iterations) 94 -> 69-72 ms, pagerank
# large (a while loop) 334 -> 301 ms, the others unchanged (32: kmeans large 5% slower).
EAGER_ITERATIONS = 16
EAGER_ITERATIONS_XLA = 4
# Calls of a compiled function that run tiered (eagerly) before it runs its traced graph,
# unless a loop compiled its rest in one of them (tracing the rest again at every call would
# cost more). Straight-line code: an eager call costs ~5-10 us an op more than a graph
# call, tracing ~0.3 ms an op and instantiating the graph ~5-10 ms, so the trace pays back
# after some 30-40 calls; under XLA (fused kernels) it pays back sooner.
EAGER_CALLS = 16
EAGER_CALLS_XLA = 1


def _eager_iterations() -> int:
    """The count for the innermost tiered call's loops (its function's XLA option)."""
    return EAGER_ITERATIONS_XLA if _TIER[-1]["options"].get("jit_compile") else EAGER_ITERATIONS


def _tiers() -> bool:
    """Whether a loop runs eagerly in a tiered first call (and may compile its rest)."""
    return bool(_TIER) and tf.executing_eagerly()


def _run_tiered(python_function: Callable[..., Any], options: dict[str, Any], args: Any, kwargs: Any,
                pure: bool) -> tuple[Any, bool]:
    """``python_function(*args, **kwargs)`` as a tiered call, and whether a loop in it
    compiled its rest."""
    name = getattr(python_function, "__qualname__", repr(python_function))
    tier = {"options": options, "name": name, "pure": pure, "compiled": False}
    _TIER.append(tier)
    try:
        result = python_function(*args, **kwargs)
    finally:
        _TIER.pop()
    return _numpy_dtypes(result), tier["compiled"]  # as the graph would return them


def _encode(state: tuple[Any, ...]) -> tuple[list[Any], list[Any]] | None:
    """The loop state as the tensors a ``tf.function`` takes, and how to rebuild it; None
    when a value cannot cross (an eager TensorArray cannot enter a graph: its stack does)."""
    tensors, kinds = [], []
    for v in state:
        if type(v) in _NUMPY_DTYPES:
            tensors.append(tf.constant(v, _NUMPY_DTYPES[type(v)]))  # the graph loop carries it so
            kinds.append(None)
        elif isinstance(v, tf.Tensor):
            tensors.append(v)
            kinds.append(None)
        elif isinstance(v, tf.TensorArray) and v.dynamic_size:  # np2tf's history lists
            tensors.append(v.stack())
            kinds.append((v.dtype, v.element_shape))
        else:
            return None
    return tensors, kinds


def _decode(tensors: Any, kinds: list[Any]) -> tuple[Any, ...]:
    return tuple(t if k is None else tf.TensorArray(k[0], size=0, dynamic_size=True, element_shape=k[1]).unstack(t)
                 for t, k in zip(tensors, kinds))


def _compile_rest(loop: Callable[..., tuple[Any, ...]], state: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """``loop(*state)`` (the rest of a loop, staged) as one compiled call, with the options
    of the function it is in (XLA included); None when it cannot be compiled."""
    encoded = _encode(state)
    if encoded is None:
        return None
    tensors, kinds = encoded

    def rest(*flat: Any) -> tuple[Any, ...]:
        out = loop(*_decode(flat, kinds))
        return tuple(v.stack() if isinstance(v, tf.TensorArray) else v for v in out)

    options = {k: v for k, v in _TIER[-1]["options"].items() if k == "jit_compile"}
    owner: Any = object() if _TIER[-1]["pure"] else None  # while traced without control dependencies
    attempts = [options, {}] if options else [{}]
    while attempts:
        attempt = attempts[0]
        compiled = _tf_function(rest, {"autograph": False, **attempt}, owner)
        # Each compiled rest is a new tf.function of the same code: not a retracing storm.
        compiled._omit_frequent_tracing_warning = True  # noqa: SLF001 - TF's own switch (Keras sets it)
        try:
            out = _decode(compiled(*tensors), kinds)
        except _Stateful as exc:
            if owner is None or exc.owner is not owner:
                raise
            owner = None  # traced again with automatic control dependencies
            continue
        except tf.errors.OpError as exc:
            if attempt and _xla_compile_error(exc):
                attempts.pop(0)
                continue  # as n2t.function does: without XLA
            raise  # the graph ran and the data is bad: the program's own error
        except Exception as exc:  # noqa: BLE001 - tracing failed before anything ran: stay eager
            _warn_eager(f"a loop in `{_TIER[-1]['name']}`", "traced as a graph", exc, stacklevel=5)
            return None
        for loop_state in _LOOPS:
            loop_state["compiled"] = True  # the enclosing loops compile their rest next
        _TIER[-1]["compiled"] = True
        return out
    return None


def _rest_of(iterable: Any, done: int) -> Callable[[], Any]:
    """What a compiled rest of the loop iterates over: the ``tf.range`` the iterable is,
    from item ``done`` (built in the graph, as the loop would have been), else a slice."""
    values = iterable[done:]
    count = values.shape[0]
    if values.dtype.is_integer and count:
        start = int(values[0])
        step = int(values[1] - values[0]) if count > 1 else 1
        if step and bool(tf.reduce_all(values == tf.range(start, start + count * step, step, dtype=values.dtype))):
            return lambda: tf.range(start, start + count * step, step, dtype=values.dtype)
    return lambda: values


def _tiered_for(iterable: Any, body: Callable[..., tuple[Any, ...]], state: tuple[Any, ...], names: tuple[str, ...]) -> tuple[Any, ...]:
    """A ``for`` loop of a tiered call: eager when it is short, else compiled whole
    (or, once a loop inside it was compiled, its rest)."""
    total = iterable.shape[0] if iterable.shape.rank == 1 else None
    record = {"compiled": False}
    _LOOPS.append(record)
    try:
        tier, done = True, 0
        for i in iterable:
            if tier and (record["compiled"] or total is None or total > _eager_iterations()):
                rest = _rest_of(iterable, done)
                out = _compile_rest(lambda *s: for_loop(rest(), body, s, names), state)
                if out is not None:
                    return out
                tier = False  # it cannot be compiled: it runs eagerly
            state = tuple(body(i, *state))
            done += 1
        return state
    finally:
        _LOOPS.pop()


def _tiered_while(test: Callable[..., Any], body: Callable[..., tuple[Any, ...]], state: tuple[Any, ...], names: tuple[str, ...]) -> tuple[Any, ...]:
    """A ``while`` loop of a tiered call: its trip count is unknown, so it runs eagerly for
    ``EAGER_ITERATIONS`` iterations (``EAGER_ITERATIONS_XLA`` under XLA; ski rental), then
    compiles the rest."""
    record = {"compiled": False}
    _LOOPS.append(record)
    try:
        tier, done = True, 0
        while True:
            # before the test: the compiled rest evaluates it (a test may draw random numbers)
            if tier and (record["compiled"] or done >= _eager_iterations()):
                out = _compile_rest(lambda *s: while_loop(test, body, s, names), state)
                if out is not None:
                    return out
                tier = False
            if not test(*state):
                return state
            state = tuple(body(*state))
            done += 1
    finally:
        _LOOPS.pop()


def function(func: Callable[..., Any] | None = None, **options: Any) -> Any:
    """``@n2t.function(reduce_retracing=True)``: like ``@tf.function``, with the fallback.

    ``tiered`` (default: whether ``autograph=False``): run the first calls eagerly, their
    loops compiling their rest once they prove long (see "tiered first calls")."""
    if func is None:
        return lambda f: Function(f, **options)
    return Function(func, **options)


@tf.autograph.experimental.do_not_convert
def host_print(show: Callable[..., Any], *values: Any) -> None:
    """Run ``show(*values)`` (a ``print``) on the host, once per execution, graph or not.

    The converter turns ``print("loss %f" % (i, loss))`` in code it compiles into
    ``n2t.host_print(lambda i, loss: print("loss %f" % (i, loss)), i, loss)``. Eagerly
    this is the print itself. In a graph, ``show`` runs through ``tf.py_function`` each
    time the op executes (each iteration of a graph loop, inside ``if`` branches only
    when taken), with the tensors' values as NumPy scalars and arrays: the text is what
    the NumPy program printed, in the same order. The values are copied to the host for
    this (from a GPU too); other ops do not wait for the print beyond graph order.
    """
    if tf.executing_eagerly():
        show(*values)
        return
    stateful_here()
    positions = [i for i, v in enumerate(values) if tf.is_tensor(v)]

    def run(*tensors: Any) -> int:
        args = list(values)
        for i, t in zip(positions, tensors):
            args[i] = t.numpy()
        show(*args)
        return 0

    tf.py_function(run, [values[i] for i in positions], Tout=tf.int32)


# -- graph loops without AutoGraph's source rewrite (np2tf/insert/autograph_blocks.py) ----
# AutoGraph turns `for i in tf.range(...)`, `while test:` and `if cond:` into calls of its
# for_stmt/while_stmt/if_stmt operators after re-parsing and rewriting the function's
# source, ~0.1 s a function per process. Around straight-line code np2tf emits the calls
# itself, so what is staged is AutoGraph's own: the same while_loop and cond, loop-variable
# checks, iteration hints and errors.
from tensorflow.python.autograph.operators import control_flow as _control_flow  # noqa: E402
from tensorflow.python.autograph.operators import logical as _logical  # noqa: E402


def _state_box(state: tuple[Any, ...]) -> tuple[list[Any], Callable[[], tuple[Any, ...]], Callable[[Any], None]]:
    box = [tuple(state)]

    def get_state() -> tuple[Any, ...]:
        return box[0]

    def set_state(values: Any) -> None:
        box[0] = tuple(values)

    return box, get_state, set_state


@tf.autograph.experimental.do_not_convert
def for_loop(iterable: Any, body: Callable[..., tuple[Any, ...]], state: tuple[Any, ...], names: tuple[str, ...]) -> tuple[Any, ...]:
    """``for i in iterable: state = body(i, *state)``, staged as AutoGraph stages it.

    ``iterable`` is a ``tf.range``: inside ``tf.function`` a graph loop; eagerly (a function
    ``n2t.function`` runs eagerly after its tracing failed) the plain Python loop over the
    tensor, as the code ran before np2tf staged it. ``names`` are the state's variable
    names, for AutoGraph's messages.
    """
    if _tiers():
        return _tiered_for(iterable, body, state, names)
    if tf.executing_eagerly():  # eager (n2t.function's fallback): the Python loop itself
        for i in iterable:
            state = tuple(body(i, *state))
        return tuple(state)
    box, get_state, set_state = _state_box(state)

    def loop_body(i: Any) -> None:
        box[0] = tuple(body(i, *box[0]))

    _control_flow.for_stmt(iterable, None, loop_body, get_state, set_state, tuple(names), {"iterate_names": "<iterate>"})
    return box[0]


@tf.autograph.experimental.do_not_convert
def while_loop(test: Callable[..., Any], body: Callable[..., tuple[Any, ...]], state: tuple[Any, ...], names: tuple[str, ...]) -> tuple[Any, ...]:
    """``while test(*state): state = body(*state)``, staged as AutoGraph stages it."""
    if _tiers():
        return _tiered_while(test, body, state, names)
    if tf.executing_eagerly():
        while test(*state):
            state = tuple(body(*state))
        return tuple(state)
    box, get_state, set_state = _state_box(state)

    def loop_test() -> Any:
        return test(*box[0])

    def loop_body() -> None:
        box[0] = tuple(body(*box[0]))

    _control_flow.while_stmt(loop_test, loop_body, get_state, set_state, tuple(names), {})
    return box[0]


@tf.autograph.experimental.do_not_convert
def if_then(cond: Any, body: Callable[..., tuple[Any, ...]], orelse: Callable[..., tuple[Any, ...]] | None, state: tuple[Any, ...],
            names: tuple[str, ...]) -> tuple[Any, ...]:
    """``if cond: state = body(*state) else: state = orelse(*state)``, staged as AutoGraph
    stages it: ``tf.cond`` for a tensor condition in a graph, Python's ``if`` otherwise."""
    if tf.executing_eagerly() or not tf.is_tensor(cond):
        branch = body if cond else orelse
        return tuple(branch(*state)) if branch is not None else tuple(state)
    box, get_state, set_state = _state_box(state)

    def run(branch: Callable[..., tuple[Any, ...]] | None) -> Callable[[], None]:
        def staged() -> None:
            if branch is not None:
                box[0] = tuple(branch(*box[0]))
        return staged

    _control_flow.if_stmt(cond, run(body), run(orelse), get_state, set_state, tuple(names), len(names))
    return box[0]


def and_(left: Callable[[], Any], right: Callable[[], Any]) -> Any:
    """``left() and right()`` as AutoGraph stages it: lazy ``tf.cond`` on a tensor in a
    graph, Python's ``and`` otherwise (np2tf's staged ``if``/``while`` tests)."""
    return _logical.and_(left, right)


def or_(left: Callable[[], Any], right: Callable[[], Any]) -> Any:
    """``left() or right()``, as :func:`and_`."""
    return _logical.or_(left, right)


def not_(value: Any) -> Any:
    """``not value``: ``tf.logical_not`` of a tensor, Python's ``not`` otherwise."""
    return _logical.not_(value)


# -- history lists of compiled loops (np2tf/insert/compiled_loops.py, peel_history) ------
def history_start(value: Any) -> Any:
    """A TensorArray holding ``value``, typed by it: the first ``H.append(value)`` of a loop
    whose later appends become TensorArray writes in a graph loop."""
    import tensorflow.experimental.numpy as tnp

    first = tnp.asarray(value)  # a Python float is float64 here, as NumPy keeps it
    return tf.TensorArray(first.dtype, size=0, dynamic_size=True, element_shape=first.shape).write(0, first)


def history_stack(array: Any) -> Any:
    """The values a loop appended (``None`` when it ran no iteration)."""
    return None if array is None else array.stack()


def history_values(stacked: Any) -> list[Any]:
    """The appended values as the list items the loop would have appended (tensors)."""
    return [] if stacked is None else list(tf.unstack(stacked))


def truth(value: Any) -> Any:
    """``if value:`` in graph code: a non-bool tensor's truth as NumPy's (nonzero).

    AutoGraph turns ``if t:`` / ``x if t else y`` on a tensor into ``tf.cond``, whose
    predicate must be a scalar bool: ``1 if np.random.randint(0, 2) else -1`` failed as
    an int64 predicate. Python values are returned unchanged (a Python ``if`` stays one).
    A tensor of more than one element fails, as NumPy's truth of such an array does.
    """
    if tf.is_tensor(value) and value.dtype != tf.bool:
        return tf.reshape(tf.not_equal(value, tf.zeros([], value.dtype)), [])
    return value
