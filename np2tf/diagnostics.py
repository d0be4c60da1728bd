"""Diagnostics and the catalogue of their codes.

A diagnostic names the *pattern* that was found (``inplace-mutation``), not the fix; the
help line names the fix. Codes are stable and never reused: retire a code by leaving its
entry with ``retired=True``.

Ranges:
    N2T0xx  input files (cannot read, cannot parse, star imports)
    N2T1xx  API calls (no rule, untranslatable, unsupported argument, approximate)
    N2T2xx  mutation and aliasing (subscript writes, in-place methods, out=)
    N2T3xx  array methods and attributes
    N2T4xx  performance transforms (tf.function, compiled loops, vectorized_map, devices)
    N2T9xx  np2tf itself (internal errors)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """One entry of the catalogue."""

    code: str
    name: str
    severity: str  # "error": the file or site is left unconverted and converted code may fail;
    # "warning": left unchanged, converted code still runs; "info": a decision worth knowing.
    summary: str
    explanation: str
    retired: bool = False


CATALOGUE: dict[str, Code] = {
    c.code: c
    for c in [
        Code(
            "N2T001",
            "unreadable-file",
            "error",
            "The file cannot be read or decoded.",
            "np2tf reads files as bytes and decodes them with the encoding the file declares "
            "(PEP 263), defaulting to UTF-8. A file that cannot be read is left untouched.",
        ),
        Code(
            "N2T002",
            "syntax-error",
            "error",
            "The file does not parse as Python 3.",
            "np2tf only rewrites code it can parse. The file is left untouched and the rest of "
            "the run carries on. Fix the syntax error (or exclude the file) and run again.",
        ),
        Code(
            "N2T003",
            "star-import",
            "warning",
            "`from numpy import *` hides which names come from NumPy.",
            "With a star import np2tf cannot tell NumPy's `sum` from Python's, so names "
            "bound by it are not converted. Import NumPy as `import numpy as np` instead.",
        ),
        Code(
            "N2T004",
            "name-conflict",
            "warning",
            "A name np2tf needs for its imports is already used for something else.",
            "Converted code binds `tnp`, `tf` and `n2t`. When the module already uses one of "
            "those names for something else, np2tf picks another alias (`tf_`, ...).",
        ),
        Code(
            "N2T100",
            "no-rule",
            "warning",
            "A NumPy API has no conversion rule yet.",
            "The call is left as NumPy code. It still runs (NumPy converts tensors with "
            "`__array__`), but on the host, outside graphs, XLA and GPUs, and it returns an "
            "ndarray. Rewrite it with TensorFlow ops or open an issue asking for a rule.",
        ),
        Code(
            "N2T101",
            "untranslatable-api",
            "warning",
            "A NumPy API has no TensorFlow equivalent.",
            "Some NumPy features (memory layout, views, object and structured dtypes, host "
            "I/O...) have no counterpart on tensors. The call is left unchanged; the help "
            "line says what to do by hand.",
        ),
        Code(
            "N2T102",
            "unsupported-argument",
            "warning",
            "A call passes an argument the TensorFlow target cannot honour.",
            "np2tf never drops an argument silently: a call passing one (`out=`, `order=`, "
            "`where=`...) is left unchanged. Remove the argument if it is not needed, or "
            "rewrite the call.",
        ),
        Code(
            "N2T103",
            "approximate-api",
            "warning",
            "A conversion exists but does not match NumPy exactly.",
            "The rule's difference note says what changes. It is applied only with "
            "`--allow-approximate`.",
        ),
        Code(
            "N2T104",
            "host-fallback",
            "info",
            "A call is converted to NumPy code that runs on the host.",
            "The conversion goes through `tf.numpy_function`: correct values, but no XLA, no "
            "GPU and no gradients through it.",
        ),
        Code(
            "N2T106",
            "tie-order",
            "warning",
            "An argsort whose order of equal elements NumPy leaves unspecified.",
            "NumPy's default sort (`kind='quicksort'`, SIMD-accelerated on x86) returns equal "
            "elements in no particular order: `np.argsort(-np.array([1., 1., 2.]))` may give "
            "`[2, 1, 0]`. The conversion sorts stably (equal elements in index order), so the "
            "indices of ties can differ. Pass `kind='stable'` (or `stable=True`) when the order "
            "of ties matters: NumPy then agrees with the conversion and the note goes away.",
        ),
        Code(
            "N2T105",
            "random-stream-differs",
            "warning",
            "A random draw whose numbers differ from NumPy's after conversion.",
            "`np.random.seed` / `RandomState` and their samplers (rand, randn, randint, "
            "uniform, normal, choice, permutation, shuffle, exponential, gamma, beta, poisson, "
            "binomial, multinomial, dirichlet, ...) draw NumPy's own MT19937 stream in "
            "TensorFlow ops, so a seeded program gives NumPy's numbers. The few others "
            "(multivariate_normal, noncentral_chisquare, noncentral_f, hypergeometric, ...) and "
            "every `default_rng`/`Generator` draw come from "
            "TensorFlow's generator: the same distributions, shapes and dtypes, other numbers "
            "(and a legacy draw leaves NumPy's stream where it was, so later draws are not "
            "shifted as NumPy's are). Convert with `--random numpy` to draw with NumPy's own "
            "generators on the host (bit-identical, no XLA, no GPU) when you need every number.",
        ),
        Code(
            "N2T200",
            "inplace-mutation",
            "warning",
            "An array is written in place where NumPy's aliasing cannot be reproduced.",
            "Tensors are immutable: np2tf turns `a[i] = v` and `a += v` into a new tensor "
            "bound to `a`. That is only the same program when nothing else refers to the old "
            "array: no alias (`b = a`), no view it came from, no caller that passed it in. "
            "Where np2tf cannot prove that, it leaves the write unchanged.",
        ),
        Code(
            "N2T201",
            "inplace-method",
            "warning",
            "An in-place ndarray method (`sort`, `fill`, `resize`...) on a value np2tf cannot "
            "rebind.",
            "In-place methods become `a = n2t.ndarray.sort(a)`; that needs `a` to be a plain "
            "local name known to hold an array and not aliased, or an array attribute whose "
            "writes can be rebindings (`self.u = n2t.ndarray.fill(self.u, v)`: no other name or "
            "caller holds its array).",
        ),
        Code(
            "N2T202",
            "parameter-mutation",
            "warning",
            "A function writes into an array parameter; it now returns the array and its "
            "callers in this module rebind it.",
            "NumPy functions often update an argument in place (`u[1:-1] = ...`), and the "
            "caller sees the change. Tensors are immutable, so np2tf makes the function "
            "return the new array and rewrites each call in the module into `u = f(u)`. "
            "Callers np2tf cannot see (other modules, other projects) must be changed the "
            "same way.",
        ),
        Code(
            "N2T300",
            "untranslatable-attribute",
            "warning",
            "An ndarray method or attribute has no tensor equivalent.",
            "Memory-layout attributes (`strides`, `flags`, `base`, `ctypes`) and views "
            "(`view`) have no counterpart on tensors.",
        ),
        Code(
            "N2T400",
            "tf-function-applied",
            "info",
            "A function runs as a TensorFlow graph (`@tf.function`).",
            "Analysis found the function graph-safe (no Python side effects, no host values, "
            "no unconverted NumPy, no calls np2tf cannot see) and worth a graph: it holds a "
            "loop or enough array ops to repay the ~200 us a graph call costs. The message "
            "gives the reason; run with `--tf-function off` to keep it eager.",
        ),
        Code(
            "N2T401",
            "tf-function-skipped",
            "info",
            "A function stays eager: graph mode would change what it does, or would not pay.",
            "The message names the construct: `print` or I/O (would run once, at trace time), "
            "`float()`/`.numpy()` of a tensor, writes to globals, attributes or outer lists, "
            "unconverted NumPy calls, generators, recursion, try/except, loops that would be "
            "unrolled at trace time, or too little work for a graph call to pay.",
        ),
        Code(
            "N2T402",
            "loop-compiled",
            "info",
            "A Python loop over arrays becomes one graph loop (`tf.range`, a `tf.while_loop`).",
            "The loop's state (the arrays it rebinds) becomes loop variables, so thousands of "
            "eager ops become one compiled call. Inside a `tf.function` the loop iterates "
            "`tf.range`; otherwise it moves into a module-level `@tf.function` helper.",
        ),
        Code(
            "N2T403",
            "loop-left-eager",
            "info",
            "A loop stays a Python loop: compiling it would change what it does.",
            "The message names the reason: a list it appends to, a value first set inside "
            "the loop and read after it, a shape that changes per iteration, a side effect, "
            "an early `return`.",
        ),
        Code(
            "N2T404",
            "per-example-loop-vectorized",
            "info",
            "A per-example pattern becomes `tf.vectorized_map`.",
            "`tnp.stack([f(x) for x in xs])`, `tnp.array([...])` of such a comprehension and "
            "`n2t.apply_along_axis`-style loops run as one vectorized op inside a compiled "
            "function. Outside one, `vectorized_map` retraces per call and is slower, so it "
            "is only emitted inside compiled code.",
        ),
        Code(
            "N2T405",
            "per-example-loop-kept",
            "info",
            "A per-example pattern stays a Python loop.",
            "The message says why: not inside a compiled function, a function np2tf cannot "
            "see, or an element function with side effects.",
        ),
        Code(
            "N2T406",
            "device-scope",
            "info",
            "Converted code runs under `tf.device(n2t.device(...))`.",
            "The device comes from `--device`; the `NP2TF_DEVICE` environment variable "
            "overrides it when the program runs. Retired before use: device decisions are "
            "N2T410-N2T412.",
            retired=True,
        ),
        Code(
            "N2T407",
            "autograph-skipped",
            "info",
            "Straight-line code of a compiled function is traced without AutoGraph.",
            "AutoGraph re-parses and rewrites every function a `tf.function` traces, ~3-4 ms "
            "per line per process. Runs of statements with no control flow move into "
            "`_n2t_block` functions marked `tf.autograph.experimental.do_not_convert`, and a "
            "function without control flow gets `autograph=False`: the same ops, traced "
            "without the rewrite. When the only control flow left is `for`-over-`tf.range`, "
            "`while` and `if` over such code, np2tf stages it itself (`n2t.for_loop`, "
            "`n2t.while_loop`, `n2t.if_then`: AutoGraph's own operators, without the source "
            "rewrite) and the function gets `autograph=False` too. The message names the functions.",
        ),
        Code(
            "N2T408",
            "method-lifted",
            "info",
            "A method holding a loop runs as a module-level copy np2tf can compile.",
            "A graph cannot read or write `self` attributes (it would capture them once, at "
            "trace time). np2tf writes a module-level copy of the method in which `self.attr` is "
            "a plain name: the attributes it reads are passed in, the ones it sets are returned "
            "and written back, and `self.method(...)` calls become calls of their own copies. The "
            "method first checks that the instance's class is the one the copy was made for "
            "(overrides resolved) and that no method the copy calls is replaced on the instance; "
            "otherwise it runs as written. Methods are lifted only when `self` is used through "
            "plain attribute reads, assignments and method calls, and every attribute read is set "
            "by `__init__`.",
        ),
        Code(
            "N2T409",
            "element-loop-vectorized",
            "info",
            "An element-by-element loop, or a masked write, becomes one vectorized write.",
            "`for i in range(a, b): u[i] = <expression of un[i], un[i - 1], ...>` whose iterations "
            "are independent (each writes only element `i`, and reads its own targets only at `i`) "
            "becomes `u = n2t.elementwise_update(u, a, b, lambda i, ...: <expression>, ...)`: the "
            "expression is evaluated once with `i` the vector `arange(a, b)` when the arrays are "
            "one-dimensional (the same IEEE operations per element, so NumPy's values), and element "
            "by element otherwise. Likewise a masked write whose value is elementwise in the masked "
            "elements (`x[m] = x[m] ** -1.5`, `spins[flip] *= -1`) becomes `x = n2t.mask_update(x, m, "
            "lambda x: x ** -1.5, (x,), ())`: one select `where(m, <expression on whole arrays>, x)` "
            "when `m` is a boolean array shaped like `x` (and like every array read through it) and "
            "the other values scalars, the write as written otherwise.",
        ),
        Code(
            "N2T410",
            "device-scope-function",
            "info",
            "A function runs under `tf.device(n2t.device(...))` (`@n2t.on_device`).",
            "The function runs converted ops and is an entry point (called from module level, "
            "from outside the module, or from functions without a scope). Each call enters "
            "`tf.device(n2t.device(<--device>))`; `NP2TF_DEVICE` overrides the device at run "
            "time. Tensor arguments that live on another device are copied to it once, on "
            "entry, instead of once per op that reads them. The decorator sits outside "
            "`@tf.function`, whose placement is decided by the scope around its call.",
        ),
        Code(
            "N2T411",
            "device-scope-module",
            "info",
            "Module-level code runs under `with tf.device(n2t.device(...))`.",
            "Consecutive module-level statements (not imports or definitions) that run "
            "converted ops are wrapped in one `with` block, so arrays the script creates "
            "live on the device. `NP2TF_DEVICE` overrides the device at run time.",
        ),
        Code(
            "N2T412",
            "device-scope-skipped",
            "info",
            "A function gets no device scope of its own.",
            "Either it runs no converted ops np2tf can see, or it is only called from "
            "functions that already run under the scope, so it runs on their device without "
            "paying for a second scope (about 25 us per call, eagerly).",
        ),
        Code(
            "N2T413",
            "draws-ahead",
            "info",
            "A loop's random draws are drawn before it, in one call, and read by index.",
            "`for t in range(n): z = np.random.standard_normal(I)` draws the numbers of one "
            "`standard_normal((n, I))`, row by row, and leaves NumPy's generator in the same "
            "state (likewise `rand`, `randn`, `normal`, `uniform`, `randint` and `choice` with "
            "replacement), so np2tf draws them before the loop (`n2t.draws_ahead`) and the loop reads "
            "row `k` (`n2t.take_draw`, a counter the loop carries). In a graph loop a draw is a "
            "stateful call of ~400 traced ops; a read is one gather. Only loops that run to the "
            "end and make the same draw unconditionally, calling nothing else that could draw; "
            "at run time the loop draws in place when the trip count or shape is not known in "
            "Python, or the draws would exceed 2**24 values.",
        ),
        Code(
            "N2T414",
            "draws-kept",
            "info",
            "A loop's random draws stay in the loop.",
            "The message says why: the loop can end early, draws conditionally or different "
            "things, its draw arguments change, or it calls a function np2tf cannot see, which "
            "might draw too.",
        ),
        Code(
            "N2T900",
            "internal-error",
            "error",
            "np2tf failed on this file.",
            "This is a bug in np2tf. The file is left untouched. Please report it with the "
            "file (or a reduced version of it).",
        ),
    ]
}


@dataclass(frozen=True)
class Diagnostic:
    """A finding at a place in a file."""

    path: str
    line: int
    col: int  # 1-based, like Ruff and Black
    code: str
    message: str
    help: str = ""

    @property
    def name(self) -> str:
        """The kebab-case name of the code."""
        return CATALOGUE[self.code].name

    @property
    def severity(self) -> str:
        """``error``, ``warning`` or ``info``."""
        return CATALOGUE[self.code].severity

    def format(self) -> str:
        """``path:line:col: CODE message`` and, when there is one, a help line."""
        text = f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"
        if self.help:
            text += f"\n  help: {self.help}"
        return text
