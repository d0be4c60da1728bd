"""``tf.function`` insertion, chosen per function by analysis.

What it does:
    Decides for every top-level function of converted code whether running it as a
    graph is *safe* (same observable behaviour) and whether it *pays*, then adds
    ``@n2t.function(reduce_retracing=True)`` (``tf.function`` that runs the function eagerly,
    with a warning, if tracing fails after all), turns its loops into graph loops
    (:mod:`.compiled_loops`) and its per-example comprehensions into
    ``tf.vectorized_map`` (:mod:`.vectorized_map`). Loops of functions that must stay
    eager move into compiled helpers. Every decision is reported (N2T400-N2T405).

NumPy vs TensorFlow:
    An eager tnp op costs 15-50 us against ~1 us in NumPy, so a literal translation is
    10-30x slower. A graph call costs ~200 us however many ops it holds, and a graph loop
    runs thousands of iterations in one call.

Example:
    ``def step(W, X, Y): ...`` with twenty array ops becomes
    ``@n2t.function(reduce_retracing=True)`` ``def step(W, X, Y): ...``.

Fidelity:
    A function stays eager when a graph would change what it does: prints, I/O, host
    values (``float(t)``, ``.numpy()``), writes to globals, attributes or outer lists,
    unconverted NumPy, random draws, generators, recursion, try/except, calls np2tf
    cannot see, loops over arrays, or a Python loop it would unroll. A function that
    reads static shapes (``x.shape``, ``len``, helpers such as ``n2t.pad``) is compiled without ``reduce_retracing``
    (relaxed shapes would make them ``None``): it retraces per input shape instead.
    Functions only called from compiled functions are traced inline and not decorated.

Options:
    ``tf_function`` ("off" | "auto" | "all"), ``jit`` (adds ``jit_compile=True`` where
    shapes are static), ``explain`` (report decisions even when off).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from np2tf.insert import compiled_loops, inserter, vectorized_map
from np2tf.insert._analysis import (
    DYNAMIC_SHAPE,
    NEEDS_STATIC_SHAPE,
    SAFE_BUILTINS,
    Module,
    analyse_module,
    assigned,
    decorator_names,
    dotted,
    is_range,
    mask_names,
    names_read,
    walk,
)
from np2tf.insert.compiled_loops import LoopVerdict, loop_verdict, needs_wrap
from np2tf.insert.safety import PURE_MODULES, host_print_call, problems
from np2tf.rewrite import RewriteContext

# Array ops per call from which a graph repays its ~200 us call overhead (eager ops cost 15-50 us).
MIN_OPS = 8
# The same, for a function called inside a loop (it is certainly called many times).
MIN_OPS_HOT = 4
HELPER_PREFIX = "_n2t_"
# Converted functions whose result is a Python tuple or list (no n2t.unpack needed).
TUPLE_RESULTS = {
    "svd", "eig", "eigh", "qr", "slogdet", "lstsq", "histogram", "histogram2d", "histogramdd",
    "meshgrid", "nonzero", "divmod", "frexp", "modf", "broadcast_arrays", "split", "array_split",
    "hsplit", "vsplit", "dsplit", "unravel_index", "triu_indices", "tril_indices", "diag_indices", "unpack",
}


@dataclass
class Decision:
    """What np2tf does with one function."""

    func: cst.FunctionDef
    safe_reason: str | None = None  # why graph mode is unsafe (None: safe)
    pays: bool = False
    why: str = ""
    reduce_retracing: bool = True
    jit: bool = False
    jit_note: str = ""
    loops: dict[cst.CSTNode, LoopVerdict] = field(default_factory=dict)
    comps: set[cst.CSTNode] = field(default_factory=set)
    silent: bool = False
    retraces: bool = False  # safe_reason is only that calls with Python values would retrace
    inline: bool = False  # traced inside its (compiled) callers' graphs, not decorated

    @property
    def apply(self) -> bool:
        """Whether the function gets ``@tf.function``."""
        return self.safe_reason is None and self.pays


def _op_count(func: cst.FunctionDef, info: Module) -> int:
    count = 0
    for node in walk(func.body):
        if info.is_tf_call(node) or isinstance(node, (cst.BinaryOperation, cst.AugAssign)):
            count += 1
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in info.functions:
            count += 3  # a call to another converted function: a few ops at least
    return count


def _recursive(info: Module) -> set[str]:
    calls = {name: {n.func.value for n in walk(f.body) if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value in info.functions}
             for name, f in info.functions.items()}
    found = set()
    for start in calls:
        stack, seen = list(calls[start]), set()
        while stack:
            name = stack.pop()
            if name == start:
                found.add(start)
                break
            if name not in seen:
                seen.add(name)
                stack.extend(calls.get(name, ()))
    return found


def _safety(func: cst.FunctionDef, info: Module, verdicts: dict[str, str | None], arrays: set[str], decision: Decision) -> str | None:
    params = {p.name.value for p in func.params.params} | {p.name.value for p in func.params.kwonly_params}
    if func.params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or func.params.star_kwarg is not None:
        return "takes *args/**kwargs"
    owned = assigned(func.body) - params
    found = problems(func.body, info, owned, params, verdicts)
    if found:
        return found[0][1]
    pure = next((n for n in walk(func.body) if isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and isinstance(n.func.value, cst.Name)
                 and n.func.value.value in PURE_MODULES and n.func.value.value in info.foreign_modules), None)
    if pure is not None and any(isinstance(r, cst.Return) and r.value is not None and not info.is_array_expr(r.value, arrays) for r in walk(func.body)):
        # `def bs_call(...): return S0 * N(d1) - K * math.exp(-r * T) * N(d2)`: a Python
        # number computed with math comes back from a graph as a float32 tensor.
        return f"calls `{dotted(pure.func)}` and may return a Python number, which a graph would return as a float32 tensor"
    # Loops: graph loops, cheap unrolls, or a reason to stay eager.
    inside_compiled: set[int] = set()
    for node in walk(func.body):
        if isinstance(node, (cst.ListComp, cst.GeneratorExp, cst.SetComp, cst.DictComp)):
            parent_call = None
            for call in walk(func.body):
                if isinstance(call, cst.Call) and call.args and call.args[0].value is node:
                    parent_call = call
            if parent_call is not None and vectorized_map.match(parent_call, info, arrays) is node:
                decision.comps.add(parent_call)
                continue
            it = node.for_in.iter
            if info.is_array_expr(it, arrays):
                draw = vectorized_map.draw_in(node, info) if isinstance(node, cst.ListComp) else None
                if draw is not None:
                    return (f"has a comprehension over an array whose element draws random numbers (`{draw}`): "
                            "tf.vectorized_map would draw once for all elements, and AutoGraph cannot convert the loop")
                return "has a comprehension over an array, which AutoGraph cannot convert"
        if isinstance(node, cst.For) and not is_range(node.iter, info):
            if not isinstance(node.iter, (cst.List, cst.Tuple)) and (info.is_array_expr(node.iter, arrays) or not _python_iterable(node.iter, info)):
                return f"loops over `{cst.Module([]).code_for_node(node.iter)}`, which may be an array; np2tf does not make such loops graph loops yet"
        if isinstance(node, (cst.For, cst.While)) and (isinstance(node, cst.While) or is_range(node.iter, info)):
            verdict = loop_verdict(node, func, info, verdicts, arrays)
            decision.loops[node] = verdict
            if verdict.ok:
                if isinstance(node, cst.While) or needs_wrap(node):
                    inside_compiled |= {id(n) for n in walk(node.body)}
                continue
            if isinstance(node, cst.While):
                return f"has a while loop that cannot be a graph loop: it {verdict.reason}" if not verdict.reason.startswith("`") else f"has a while loop that cannot be a graph loop: {verdict.reason}"
            if not compiled_loops.trip_is_small(node) and id(node) not in inside_compiled:
                return f"would unroll `for {cst.Module([]).code_for_node(node.target)} in range(...)` at trace time: the loop {verdict.reason}" if not verdict.reason.startswith("`") else f"would unroll its `for` loop at trace time: {verdict.reason}"
    return None


def _python_iterable(expr: cst.BaseExpression, info: Module) -> bool:
    if isinstance(expr, cst.Call) and dotted(expr.func) in ("zip", "enumerate", "reversed", "sorted"):
        return all(isinstance(a.value, (cst.List, cst.Tuple)) or is_range(a.value, info) for a in expr.args)
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value in ("items", "keys", "values"):
        return True
    return False


def _loop_calls(info: Module) -> dict[str, list[tuple[str, cst.For, cst.Call]]]:
    """Calls of module functions by name, in ``for`` loops, with their owner and loop
    (collected once per module: asked for every function, walking the module each time was
    quadratic)."""
    found = info.memo.get("loop_calls")
    if found is None:
        found = {}
        for owner, func in list(info.functions.items()) + [("<module>", info.module)]:  # type: ignore[list-item]
            for loop in walk(func if owner == "<module>" else func.body):  # type: ignore[union-attr]
                if loop.__class__ is not cst.For or not isinstance(loop.target, cst.Name):  # type: ignore[attr-defined]
                    continue
                for call in walk(loop.body):  # type: ignore[attr-defined]
                    if call.__class__ is cst.Call and isinstance(call.func, cst.Name):  # type: ignore[attr-defined]
                        found.setdefault(call.func.value, []).append((owner, loop, call))  # type: ignore[attr-defined,arg-type]
                    elif call.__class__ is cst.Call and isinstance(call.func, cst.Attribute):  # type: ignore[attr-defined]
                        # `model.step(X, i)`: what a method's lifted copy is called with (insert/methods.py)
                        found.setdefault("." + call.func.attr.value, []).append((owner, loop, call))  # type: ignore[attr-defined,arg-type]
        info.memo["loop_calls"] = found
    return found


def _retracing_call(name: str, info: Module, arrays_of: dict[str, set[str]]) -> str | None:
    """An argument of a call to ``name`` that is a Python value changing per loop iteration."""
    calls = list(_loop_calls(info).get(name, ()))
    lifted = info.context.lifted.get(name)
    if lifted is not None:
        calls += _loop_calls(info).get("." + lifted.method.name.value, ())
    for owner, loop, call in calls:
        varying = {loop.target.value} | assigned(loop.body)  # type: ignore[attr-defined]
        arrays = arrays_of.get(owner, set())
        for arg in call.args:
            if names_read(arg.value) & varying and not info.is_array_expr(arg.value, arrays) and not (isinstance(arg.value, cst.Name) and arg.value.value in arrays):
                if is_range(loop.iter, info) and loop.target.value in names_read(arg.value):  # type: ignore[attr-defined]
                    return cst.Module([]).code_for_node(arg.value)
    return None


def _reads_static_shape(func: cst.FunctionDef) -> bool:
    for node in walk(func.body):
        if isinstance(node, cst.Attribute) and node.attr.value in ("shape", "size") and not (dotted(node.value) or "").startswith(compiled_loops.HISTORY_PREFIX):
            return True
        if isinstance(node, cst.Call) and (dotted(node.func) == "len" or (dotted(node.func) or "").rsplit(".", 1)[-1] in NEEDS_STATIC_SHAPE):
            return True
    return False


def _element_loop(loop: cst.CSTNode, info: Module) -> bool:
    """``for i in range(...)`` whose body only reads and writes single elements (``u[i] = ...``).

    As graph ops each element costs ~20 op launches (17 us on burgers1d against NumPy's
    0.9 us); XLA compiles the loop into one: held-out burgers1d at its large size took 8.3 s
    as a graph loop and 1.2 s with XLA (NumPy: 0.45 s).
    """
    if not (isinstance(loop, cst.For) and isinstance(loop.target, cst.Name) and isinstance(loop.body, cst.IndentedBlock)):
        return False
    counter = loop.target.value
    setitem, index = f"{info.n2t}.setitem", f"{info.n2t}.s_"
    wrote = False
    for stmt in loop.body.body:
        if not (isinstance(stmt, cst.SimpleStatementLine) and all(isinstance(s, (cst.Assign, cst.AugAssign)) for s in stmt.body)):
            return False
        for node in walk(stmt):
            if isinstance(node, cst.Call):
                if dotted(node.func) != setitem or len(node.args) != 3:
                    return False
                where = node.args[1].value
                if not (isinstance(where, cst.Subscript) and dotted(where.value) == index and len(where.slice) == 1
                        and isinstance(where.slice[0].slice, cst.Index) and counter in names_read(where.slice[0].slice)):
                    return False
                wrote = True
            elif isinstance(node, cst.Subscript) and dotted(node.value) != index:
                if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
                    return False
    return wrote


# Element-loop iterations (outer trips x inner trips) below which XLA's compile (~0.3-1 s)
# costs more than it saves at ~15 us an iteration: held-out burgers1d at 100 x 100 was
# even (0.92 s graph, 0.86 s XLA), heldout2's 25 x 40 lost 1 s.
MIN_XLA_ELEMENTS = 30_000


def _few_elements(loop: cst.CSTNode, inner: list[cst.CSTNode], statements: list[cst.BaseStatement], info: Module) -> bool:
    """Whether module constants show the element loops run too few iterations for XLA."""
    if loop not in statements:
        return False
    values = _constants(statements[: statements.index(loop)], info)  # type: ignore[arg-type]
    outer = _trip(loop, values, info)
    trips = [_trip(n, values, info) for n in inner]
    if outer is None or any(t is None for t in trips):
        return False  # sizes np2tf cannot see: XLA is the better bet for a nested element loop
    return outer * sum(trips) < MIN_XLA_ELEMENTS  # type: ignore[operator]


def _xla_safe(code: cst.CSTNode, info: Module) -> bool:
    """Nothing XLA cannot compile or that needs the host: prints, random draws, masks."""
    if _jit_blocker(code, info) is not None:
        return False
    return not any(isinstance(n, cst.Call) and (dotted(n.func) or "").startswith(f"{info.n2t}.random") for n in walk(code))


def _jit_blocker(code: cst.CSTNode, info: Module) -> str | None:
    """Why XLA cannot compile ``code`` (a function body or a loop), if it cannot.

    Module functions ``code`` calls are traced into the same XLA cluster, so their
    bodies count too (a boolean mask in a callee aborts the process in XLA's compiler)."""
    own = _own_jit_blocker(code, info)
    if own is not None:
        return own
    memo = info.memo.setdefault("own_jit_blockers", {})
    for name in _cluster_callees(code, info):
        if name not in memo:
            memo[name] = _own_jit_blocker(info.functions[name].body, info)
        if memo[name] is not None:
            return f"it calls `{name}`: {memo[name]}"
    return None


def _cluster_callees(code: cst.CSTNode, info: Module) -> list[str]:
    """The module functions ``code`` calls, transitively, sorted: XLA compiles them into
    the same cluster as ``code``."""
    called = {n.func.value for n in walk(code) if n.__class__ is cst.Call and isinstance(n.func, cst.Name) and n.func.value in info.functions}  # type: ignore[attr-defined]
    return sorted({c for direct in called for c in _callees(direct, info)})


def _own_jit_blocker(code: cst.CSTNode, info: Module) -> str | None:
    nodes = list(walk(code))
    masks = mask_names(code)
    for node in nodes:
        if isinstance(node, cst.Expr) and host_print_call(node.value):
            return "it prints through a host callback (tf.py_function), which XLA cannot compile"
        if isinstance(node, cst.Call) and (dotted(node.func) or "").rsplit(".", 1)[-1] in DYNAMIC_SHAPE and info.is_tf_call(node):
            return f"`{dotted(node.func)}` has a data-dependent shape"
        if isinstance(node, cst.Subscript) and any(isinstance(n, cst.Comparison) for e in node.slice for n in walk(e)):
            return "a boolean-mask index has a data-dependent shape"
        if (isinstance(node, cst.Subscript) and not (dotted(node.value) or "").endswith(".s_")
                and any(isinstance(e.slice, cst.Index) and isinstance(e.slice.value, cst.Name) and e.slice.value.value in masks for e in node.slice)):
            # A mask write (`n2t.setitem(x, n2t.s_[m], v)`) keeps x's shape; a read does not.
            return "a boolean-mask read has a data-dependent shape"
    return None


# XLA for graph loops of array arithmetic (stencil sweeps, time steps, pairwise forces):
# as graph ops every op of every iteration is one kernel launch, ~2-5 us on small arrays
# and a pass over memory on large ones; XLA fuses the body into a few kernels. Held-out
# laplace2d at 81x81 0.74-0.94 -> 0.49-0.59 s, nbody at N=400 1.04-1.12 -> 0.69-0.81 s,
# cavity 0.57-0.66 -> 0.34-0.40 s (warm runs, the compile kept by NP2TF_XLA_CACHE). The
# compile (~0.2-0.5 s, once per machine and shape) does not pay for a loop body of fewer
# array ops than this, or for a loop np2tf can see runs fewer ops in all than the compile
# saves at ~3 us an op.
MIN_XLA_LOOP_OPS = 8
MIN_XLA_LOOP_WORK = 100_000
XLA_LOOP_NOTE = ("; with XLA (jit_compile): its iterations are fixed-shape array ops, which XLA fuses into a few "
                 "kernels per iteration instead of one launch per op (compiled once per shape; NP2TF_XLA_CACHE keeps "
                 "the compiled loop for later runs)")


def _array_loop_xla(code: cst.CSTNode, loops: list[cst.CSTNode], info: Module, values: dict[str, float] | None = None) -> str | None:
    """Why the graph ``loops`` in ``code`` (a loop, or a function body holding them) should
    not be compiled with XLA by default (None: they should).

    ``--jit`` compiles wherever XLA can; by default only code whose shapes cannot change
    between iterations and that cannot reach XLA's abort on a data-dependent shape: no
    random draws (NumPy's stream runs slower inside XLA), no index that may be an array
    (a boolean mask read aborts XLA's compiler), no slice bound that changes inside the
    loop. Module functions it calls count, as XLA compiles them into the same cluster.
    """
    blocker = _jit_blocker(code, info)
    if blocker is not None:
        return blocker
    callees = {c: info.functions[c].body for c in _cluster_callees(code, info)}
    for prefix, body in [("", code), *((f"it calls `{c}`: ", b) for c, b in callees.items())]:
        reason = _unstable_shape(body, info)
        if reason is not None:
            return prefix + reason
    # The functions it calls count whole (a lifted `self.step()` is the loop's real body).
    ops = max(_work(loop.body, values or {}, info) for loop in loops) + sum(_work(b, {}, info) for b in callees.values())  # type: ignore[attr-defined]
    if ops < MIN_XLA_LOOP_OPS:
        return f"its loop body is {int(ops)} array ops, too few to repay an XLA compile"
    known = [_trip(loop, values or {}, info) for loop in loops]
    if all(t is not None for t in known) and sum(t * _work(loop.body, values or {}, info) for t, loop in zip(known, loops)) < MIN_XLA_LOOP_WORK:  # type: ignore[attr-defined, operator]
        return "its loops run too few array ops in all to repay an XLA compile"
    return None


def _call_site_numbers(func: cst.FunctionDef, info: Module) -> dict[str, float]:
    """Parameters of ``func`` that every call in the module passes as a number np2tf can
    evaluate (a literal, a module constant), each with the largest such value: trip counts
    of its loops (``solve(u0, 20)``) where the function alone cannot show them."""
    calls_by_name = info.memo.get("calls_by_name")
    if calls_by_name is None:
        calls_by_name = {}
        for node in walk(info.module):
            if node.__class__ is cst.Call and isinstance(node.func, cst.Name):  # type: ignore[attr-defined]
                calls_by_name.setdefault(node.func.value, []).append(node)  # type: ignore[attr-defined]
        info.memo["calls_by_name"] = calls_by_name
    calls = calls_by_name.get(func.name.value, [])
    if not calls:
        return {}
    constants = info.memo.get("module_constants")
    if constants is None:
        constants = info.memo["module_constants"] = _constants(list(info.module.body), info)
    found: dict[str, float] = {}
    for index, param in enumerate(func.params.params):
        values = []
        for call in calls:
            if any(a.star for a in call.args):
                break
            positional = [a for a in call.args if a.keyword is None]
            arg = next((a for a in call.args if a.keyword is not None and a.keyword.value == param.name.value), None)
            arg = arg or (positional[index] if index < len(positional) else None)
            value = None if arg is None else _evaluate(arg.value, constants)
            if value is None:
                break
            values.append(value)
        else:
            found[param.name.value] = max(values)
    return found


_LITERAL_NAMES = frozenset({"None", "True", "False"})


def _unstable_shape(code: cst.CSTNode, info: Module) -> str | None:
    """What in ``code`` may give XLA a data-dependent or changing shape, if anything."""
    counters = {n.target.value for n in walk(code) if isinstance(n, cst.For) and isinstance(n.target, cst.Name)}
    varying = assigned(code)
    for node in walk(code):
        if isinstance(node, cst.Call):
            name = dotted(node.func) or ""
            if name.startswith(f"{info.n2t}.random.") or name.startswith(f"{info.tf}.random."):
                return f"it draws random numbers (`{name}`), which run slower inside XLA"
            if name == f"{info.n2t}.take_draw":  # draws in the loop when they were not made ahead
                return "it reads random draws made before it (`n2t.take_draw`), which draws in the loop when they could not be, slower inside XLA"
            if name.rsplit(".", 1)[-1] in ("where", "argwhere", "nonzero") and len(node.args) == 1:
                return f"`{name}` of one argument has a data-dependent shape"
        elif isinstance(node, cst.Subscript):
            for element in node.slice:
                part = element.slice
                if isinstance(part, cst.Slice):
                    bounds = [b for b in (part.lower, part.upper, part.step) if b is not None]
                    if any(names_read(b) & (varying | counters) for b in bounds):
                        return "a slice bound changes inside it, so the slice's shape is not static"
                elif (names_read(part.value) - counters - _LITERAL_NAMES
                      and not (dotted(part.value) or "").endswith(".newaxis")):  # `X[:, np.newaxis]`
                    return "an index may be an array (a boolean mask has a data-dependent shape)"
    return None


def plan(info: Module) -> dict[str, Decision]:
    """Decide, for every top-level function, whether and how it is compiled."""
    options = info.context.options
    recursive = _recursive(info)
    verdicts: dict[str, str | None] = {}
    for name, func in info.functions.items():
        decorators = decorator_names(func)
        if decorators:
            verdicts[name] = None if decorators in _compiled_decorators(info) else f"is decorated (`@{decorators[0]}`)"
        else:
            verdicts[name] = "is recursive" if name in recursive else None
    arrays_of = {name: info.local_arrays(func) for name, func in info.functions.items()}
    decisions: dict[str, Decision] = {}
    for _ in range(len(info.functions) + 1):  # unsafety spreads to callers; iterate to a fixpoint
        changed = False
        for name, func in info.functions.items():
            decision = Decision(func)
            helper = name.startswith(HELPER_PREFIX) and name not in info.context.lifted  # lifted methods are the user's code
            if decorator_names(func) or helper or name in recursive:
                decision.safe_reason = verdicts[name] or "is already a tf.function"
                decision.silent = helper or decorator_names(func) in _compiled_decorators(info)
            else:
                decision.safe_reason = _safety(func, info, verdicts, arrays_of[name], decision)
            decisions[name] = decision
            if verdicts.get(name) != decision.safe_reason and not decorator_names(func):
                verdicts[name] = decision.safe_reason
                changed = True
        if not changed:
            break
    for name, decision in decisions.items():
        if decision.safe_reason is not None:
            continue
        func = decision.func
        ops = _op_count(func, info)
        callers = info.callers.get(name, [])
        hot = any(in_loop for _, in_loop in callers)
        graph_loops = [v for v in decision.loops.values() if v.ok and (isinstance(v.loop, cst.While) or needs_wrap(v.loop))]
        once = bool(callers) and all(c == "<module>" and not in_loop for c, in_loop in callers)
        pythonic = not arrays_of[name] and not any(info.is_tf_call(n) or (isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value in info.functions) for n in walk(func.body))
        if pythonic and not graph_loops and (ops >= MIN_OPS or hot):
            # `def energy(m, v): return 0.5 * m * v ** 2 + ...`: arithmetic np2tf cannot tie
            # to an array; on Python numbers a graph would return a float32 tensor.
            decision.pays, decision.why = False, "no array op np2tf can see: on Python numbers a graph would return float32 tensors where Python has floats"
        elif graph_loops:
            decision.pays, decision.why = True, f"its loop becomes one graph loop ({graph_loops[0].reason})"
        elif not hot and _draws(func, info) and options.tf_function == "auto":
            # Tracing NumPy's random stream (MT19937 in TF ops) costs ~0.5 s per draw site:
            # it repays only in a loop (eager draws cost ~1-4 ms each).
            decision.pays, decision.why = False, f"draws random numbers (`{_draws(func, info)}`) outside loops: tracing the random stream costs more than one eager call"
        elif once and options.tf_function == "auto":
            # Script code: `u0 = phi(x, 0.0, nu)` runs a few times; each call with new Python
            # values would trace (60-140 ms), thousands of times the eager ops it saves.
            calls = f"{len(callers)} time{'s' if len(callers) > 1 else ''}"
            decision.pays, decision.why = False, f"called only at module level, outside loops ({calls}): tracing a graph costs more than its {ops} eager array ops"
        elif ops >= MIN_OPS or (hot and ops >= MIN_OPS_HOT):
            decision.pays, decision.why = True, f"{ops} array ops per call{' (called in a loop)' if hot else ''}"
        elif options.tf_function == "all":
            decision.pays, decision.why = True, f"tf_function=all ({ops} array ops per call)"
        else:
            decision.pays, decision.why = False, f"too little work ({ops} array ops) to repay a graph call (~200 us)"
        varying = _retracing_call(name, info, arrays_of)
        if varying is not None:
            decision.safe_reason = f"is called with `{varying}`, a Python value that changes every iteration: each call would retrace"
            decision.retraces = True
        if options.jit:
            blocker = _jit_blocker(func.body, info)
            decision.jit = blocker is None
            decision.jit_note = "" if blocker is None else f"; no XLA: {blocker}"
        elif options.jit is None and any(_element_loop(n, info) for n in walk(func.body)) and _xla_safe(func.body, info) and not _reads_static_shape(func):
            decision.jit = True
            decision.jit_note = ("; with XLA (jit_compile): a loop in it reads and writes single elements, ~20 ops of a few "
                                 "microseconds each per element as graph ops, which XLA fuses into one compiled loop")
        elif options.jit is None and graph_loops and decision.apply and not _reads_static_shape(func):
            blocker = _array_loop_xla(func.body, [v.loop for v in graph_loops], info, _call_site_numbers(func, info))
            decision.jit = blocker is None
            decision.jit_note = XLA_LOOP_NOTE if blocker is None else f"; no XLA: {blocker}"
    # Functions only called from graph code are traced inline there (and so are their own
    # callees): they are not decorated, but their bodies get the graph rewrites (loops,
    # unpacking) since they run nowhere else. Retracing does not matter for them.
    compiled = {n for n, d in decisions.items() if d.apply}
    inline: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, decision in decisions.items():
            if name in inline or (decision.safe_reason is not None and not decision.retraces):
                continue
            if decision.apply and options.tf_function != "auto":
                continue  # `all` keeps every decorator
            callers = info.callers.get(name, [])
            if callers and all(c != "<module>" and c != name and (c in compiled or c in inline) for c, _ in callers):
                inline.add(name)
                changed = True
    for name in inline:
        decision = decisions[name]
        callers = info.callers[name]
        decision.safe_reason, decision.retraces, decision.inline, decision.pays = None, False, True, False
        decision.why = f"only called from compiled functions ({', '.join(sorted({c for c, _ in callers}))}), where it is traced inline"
    # Relaxed shapes (reduce_retracing) reach every function traced in the same graph: a
    # static shape read in a callee (`np.zeros(W.shape)`) counts for its compiled callers.
    static = {n: _reads_static_shape(f) for n, f in info.functions.items()}
    for name, decision in decisions.items():
        decision.reduce_retracing = not any(static[n] for n in _callees(name, info))
    return decisions


def _draws(func: cst.FunctionDef, info: Module) -> str | None:
    """The first random draw in ``func`` (``n2t.random.randn``), if any."""
    for node in walk(func.body):
        name = dotted(node.func) if isinstance(node, cst.Call) else None
        if name and name.startswith(f"{info.n2t}.random.") and name != f"{info.n2t}.random.seed":
            return name
    return None


def _callees(name: str, info: Module) -> set[str]:
    """``name`` and the module functions it calls, transitively."""
    direct = info.memo.setdefault("direct_calls", {})
    seen, stack = set(), [name]
    while stack:
        current = stack.pop()
        if current in seen or current not in info.functions:
            continue
        seen.add(current)
        if current not in direct:
            direct[current] = [n.func.value for n in walk(info.functions[current].body)
                               if n.__class__ is cst.Call and isinstance(n.func, cst.Name) and n.func.value in info.functions]  # type: ignore[attr-defined]
        stack.extend(direct[current])
    return seen


def _decorator(decision: Decision, info: Module) -> cst.Decorator:
    """``@n2t.function(...)``: ``tf.function`` with the runtime's net under the analysis.

    What static analysis misses (a loop variable whose dtype or shape changes, a shape only
    known when the program runs) fails while *tracing*, before anything has run;
    ``n2t.function`` then warns once (``NP2TFGraphFallback``) and runs the function eagerly,
    so the program is slower there but never wrong. Errors of the running graph propagate.
    """
    func = info.context.runtime("function")
    args = []
    if decision.reduce_retracing:
        args.append("reduce_retracing=True")
    if decision.jit:
        args.append("jit_compile=True")
    text = f"{info.n2t}.function" + (f"({', '.join(args)})" if args else "")
    del func  # the import is scheduled; the alias is info.n2t
    return cst.Decorator(decorator=cst.parse_expression(text))


def _compiled_decorators(info: Module) -> list[list[str]]:
    """Decorator lists that mean "already compiled" (np2tf's own output included)."""
    return [[f"{info.tf}.function"], [f"{info.n2t}.function"]]


def _number(expr: cst.BaseExpression) -> bool:
    """A numeric literal, possibly negated."""
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, (cst.Minus, cst.Plus)):
        expr = expr.expression
    return isinstance(expr, (cst.Integer, cst.Float))


class _GraphRewrite(cst.CSTTransformer):
    """Python constructs that cannot take graph tensors, in code that runs as a graph.

    - ``a, b = v`` -> ``a, b = n2t.unpack(v, 2)``. A graph cannot iterate over a tensor
      (``x, y = z`` raised OperatorNotAllowedInGraphError in ode_rk4's right-hand side,
      traced inside the compiled ``main``); ``n2t.unpack`` splits a tensor with
      ``tf.unstack`` and hands anything else back to Python unchanged. Literal tuples and
      lists, ``.shape`` and calls to module functions returning tuples of arrays are left
      alone: they are Python sequences.
    - ``max(a, b)``/``min(a, b)`` -> ``tnp.maximum(a, b)``/``tnp.minimum(a, b)`` when an
      argument may be a tensor (a graph loop's counter or state, an array): AutoGraph does
      not convert these builtins, and Python's comparison of tensors raises
      (``max(0, y - 1)`` in image_convolution's blur, whose loop over ``y`` is a graph loop).
      Arguments known only as Python values keep Python's ``max``, so static sizes stay static.
    """

    def __init__(self, info: Module, tensors: set[str] = frozenset(), local: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        super().__init__()
        self.info = info
        self.tensors = set(tensors)
        self.local = set(local)

    def _truth(self, test: cst.BaseExpression) -> cst.BaseExpression:
        """``t`` -> ``n2t.truth(t)`` when ``t`` may be a non-bool tensor (not a comparison,
        ``not``/``and``/``or``, a literal or a builtin's result): see :func:`n2t.truth`."""
        if isinstance(test, (cst.Comparison, cst.BooleanOperation, cst.UnaryOperation, cst.Integer, cst.Float, cst.SimpleString)):
            return test
        if isinstance(test, cst.Name) and test.value in ("True", "False", "None"):
            return test
        if isinstance(test, cst.Call) and (dotted(test.func) in SAFE_BUILTINS | {"bool", "isinstance", "callable", "hasattr"} or dotted(test.func) == f"{self.info.n2t}.truth"):
            return test
        if not (self.info.is_array_expr(test, self.tensors) or names_read(test) & self.tensors or any(self.info.is_tf_call(n) for n in walk(test))):
            return test
        return cst.Call(func=self.info.context.runtime("truth"), args=[cst.Arg(test)])

    def leave_If(self, original: cst.If, updated: cst.If) -> cst.If:
        return updated.with_changes(test=self._truth(updated.test))

    def leave_IfExp(self, original: cst.IfExp, updated: cst.IfExp) -> cst.BaseExpression:
        test = self._truth(updated.test)
        if test is not updated.test and _number(updated.body) and _number(updated.orelse):
            # `1 if t else -1`: tf.cond would make the literals int32 tensors (NumPy keeps
            # Python ints, int64 next to arrays); tnp.where gives NumPy's default dtypes.
            where = self.info.context.target("tf.experimental.numpy.where")
            comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            return cst.Call(func=where, args=[cst.Arg(test, comma=comma), cst.Arg(updated.body, comma=comma), cst.Arg(updated.orelse)])
        return updated.with_changes(test=test)

    def leave_Expr(self, original: cst.Expr, updated: cst.Expr) -> cst.Expr:
        """``print(...)`` -> ``n2t.host_print(lambda a, b: print(...), a, b)``.

        The arguments are formatted on the host from the values of the local names they
        read (NumPy scalars and arrays, as the NumPy program printed them), once per
        execution: each iteration of a graph loop, only when an ``if`` around it is taken.
        """
        call = updated.value
        if not host_print_call(call):
            return updated
        names = sorted(names_read(call) & self.local - {"print"})
        func = self.info.context.runtime("host_print")
        params = cst.Parameters(params=[cst.Param(cst.Name(n)) for n in names])
        show = cst.Lambda(params=params, body=call, colon=cst.Colon(whitespace_after=cst.SimpleWhitespace(" ")))
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        args = [cst.Arg(show, comma=comma if names else cst.MaybeSentinel.DEFAULT)]
        args += [cst.Arg(cst.Name(n), comma=comma if i < len(names) - 1 else cst.MaybeSentinel.DEFAULT) for i, n in enumerate(names)]
        return updated.with_changes(value=cst.Call(func=func, args=args))

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if not (isinstance(updated.func, cst.Name) and updated.func.value in ("max", "min") and len(updated.args) >= 2):
            return updated
        if any(a.keyword is not None or a.star for a in updated.args):
            return updated
        if not any(names_read(a.value) & self.tensors or self.info.is_array_expr(a.value, self.tensors) for a in original.args):
            return updated
        op = self.info.context.target(f"tf.experimental.numpy.{'maximum' if updated.func.value == 'max' else 'minimum'}")
        out = updated.args[0].value
        for arg in updated.args[1:]:
            out = cst.Call(func=op, args=[cst.Arg(out, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))), cst.Arg(arg.value)])
        return out

    def _python_sequence(self, value: cst.BaseExpression) -> bool:
        if isinstance(value, (cst.Tuple, cst.List, cst.ListComp)):
            return True
        if isinstance(value, cst.Attribute) and value.attr.value == "shape":
            return True
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name):
            name = value.func.value
            return name in SAFE_BUILTINS or self.info.returns_arrays(name) > 1
        if self.info.is_tf_call(value) and not any(a.keyword and a.keyword.value in ("compute_uv", "mode") for a in value.args):  # type: ignore[union-attr]
            # Converted calls that always return tuples or lists (keywords such as
            # compute_uv=False / mode="r" may make them arrays: those are wrapped).
            return (dotted(value.func) or "").rsplit(".", 1)[-1] in TUPLE_RESULTS  # type: ignore[union-attr]
        return False

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        if len(updated.targets) != 1 or not isinstance(updated.targets[0].target, (cst.Tuple, cst.List)):
            return updated
        elements = updated.targets[0].target.elements
        if not elements or any(isinstance(e, cst.StarredElement) for e in elements) or self._python_sequence(updated.value):
            return updated
        func = self.info.context.runtime("unpack")
        call = cst.Call(func=func, args=[cst.Arg(updated.value, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))), cst.Arg(cst.Integer(str(len(elements))))])
        return updated.with_changes(value=call)


def _graph_names(verdicts: list[LoopVerdict]) -> set[str]:
    """Names a graph loop makes tensors: counters of ``tf.range`` loops and carried state."""
    names: set[str] = set()
    for v in verdicts:
        if v.ok and (isinstance(v.loop, cst.While) or needs_wrap(v.loop)):
            names |= set(v.carried)
            if isinstance(v.loop, cst.For) and isinstance(v.loop.target, cst.Name):
                names.add(v.loop.target.value)
    return names


class _Compile(_GraphRewrite):
    """Inside one compiled function: graph loops, vectorized comprehensions, the rewrites above."""

    def __init__(self, decision: Decision, info: Module) -> None:
        func = decision.func
        params = {p.name.value for p in (*func.params.params, *func.params.kwonly_params, *func.params.posonly_params)}
        super().__init__(info, _graph_names(list(decision.loops.values())) | info.local_arrays(func), params | assigned(func.body))
        self.decision = decision

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        updated = super().leave_Call(original, updated)  # type: ignore[assignment]
        if original in self.decision.comps:
            comp = updated.args[0].value
            assert isinstance(comp, cst.ListComp)
            self.info.report(self.decision.func, "N2T404", f"`{self.decision.func.name.value}`: a per-example comprehension (or a loop appending to a list that is then stacked) becomes tf.vectorized_map")
            return vectorized_map.vectorize(comp, self.info)
        return updated

    def _loop(self, original: cst.For | cst.While, updated: cst.For | cst.While) -> cst.CSTNode | cst.FlattenSentinel[cst.BaseStatement]:
        verdict = self.decision.loops.get(original)
        if verdict is None or not verdict.ok or (isinstance(original, cst.For) and not needs_wrap(original)):
            return updated
        self.info.report(original, "N2T402", f"loop becomes a graph loop: {verdict.reason}")
        wraps = compiled_loops.wrap_statements(verdict.wrap, self.info) if verdict.wrap else []
        if verdict.peel and isinstance(updated, cst.For):
            # The wraps come after the first iteration: it may turn an int into a float.
            return cst.FlattenSentinel(compiled_loops.peel(updated, self.info, wraps))
        if verdict.peel and isinstance(updated, cst.While):
            return compiled_loops.peel_while(updated, wraps)
        new = compiled_loops.to_tf_range(updated, self.info) if isinstance(updated, cst.For) else updated
        return cst.FlattenSentinel([*wraps, new]) if wraps else new

    def leave_For(self, original: cst.For, updated: cst.For) -> cst.CSTNode | cst.FlattenSentinel[cst.BaseStatement]:
        return self._loop(original, updated)

    def leave_While(self, original: cst.While, updated: cst.While) -> cst.CSTNode | cst.FlattenSentinel[cst.BaseStatement]:
        return self._loop(original, updated)


def _extract_loops(decision: Decision, info: Module, verdicts: dict[str, str | None]) -> tuple[cst.FunctionDef, list[cst.FunctionDef]]:
    """Move the compilable top-level loops of an eager function into compiled helpers."""
    func = decision.func
    params = [p.name.value for p in func.params.params] + [p.name.value for p in func.params.kwonly_params]
    body, helpers = _extract_from(list(func.body.body), func, func.name.value, f"in `{func.name.value}`", params, info, verdicts)
    return func.with_changes(body=func.body.with_changes(body=body)), helpers


def _extract_from(
    statements: list[cst.BaseStatement],
    scope: cst.FunctionDef,
    owner: str,
    where: str,
    params: list[str],
    info: Module,
    verdicts: dict[str, str | None],
    taken: set[str] = frozenset(),  # type: ignore[assignment]
    callee_globals: dict[str, set[str]] | None = None,
    replaced: dict[int, tuple[cst.FunctionDef, list[cst.BaseStatement]]] | None = None,
) -> tuple[list[cst.BaseStatement], list[cst.FunctionDef]]:
    """``statements`` (the body of ``scope``) with their compilable loops moved into helpers.

    ``scope`` is an eager function, or the module seen as one (:func:`_extract_module_loops`).
    Each ``for ... in range(...)`` or ``while`` loop at the top of ``statements`` whose
    state is arrays becomes ``state = _n2t_<owner>_loopN(inputs)``, a compiled helper
    holding the loop. ``callee_globals`` (module scope only): module function -> the
    globals it reads, so a loop whose callees read what the loop assigns stays eager
    (the helper's copy would be local, the callee would see the stale global).
    ``replaced`` (if given) receives, per compiled loop (by ``id``), its helper and the
    statements that replace it.
    """
    local = set(params) | assigned(scope.body)
    arrays = info.local_arrays(scope)
    helpers: list[cst.FunctionDef] = []
    body: list[cst.BaseStatement] = []
    for stmt in statements:
        loop_kind = isinstance(stmt, cst.While) or (isinstance(stmt, cst.For) and is_range(stmt.iter, info) and needs_wrap(stmt))
        if not loop_kind:
            body.append(stmt)
            continue
        original = stmt
        passed: set[str] = set()
        live_after = None
        if callee_globals is not None:
            # Module scope: earlier globals become the helper's arguments; a value is live
            # after the loop when a later statement reads it before setting it, or when a
            # function (which may run at any later time) reads it.
            passed = {n for s in body for n in assigned(s)}
            rest = statements[statements.index(stmt) + 1 :]
            live_after = compiled_loops.live_in(cst.IndentedBlock(rest or [cst.SimpleStatementLine([cst.Pass()])])) | set().union(*callee_globals.values())
        verdict = loop_verdict(stmt, scope, info, verdicts, arrays, passed, live_after)
        if verdict.ok and callee_globals is not None:
            clash = _callee_reads(stmt, info, callee_globals, assigned(stmt)) or _opaque_method(stmt, info, arrays) or _too_little_work(stmt, statements, info)
            if clash:
                verdict = LoopVerdict(stmt, False, clash)
        history = compiled_loops.history_plan(stmt, scope, info) if not verdict.ok and isinstance(stmt, cst.For) else None
        if isinstance(history, compiled_loops.HistoryPlan):
            trial_func = _replace_statement(scope, stmt, [*history.init, history.loop])
            trial = loop_verdict(history.loop, trial_func, info, verdicts, info.local_arrays(trial_func), passed, live_after)
            if trial.ok:
                stmt, verdict = history.loop, trial
                verdict.carried = [c for c in verdict.carried if c not in history.arrays()]
                verdict.wrap = [c for c in verdict.wrap if c not in history.arrays()]
                state = ", ".join(f"`{c}`" for c in verdict.carried)
                lists = ", ".join(f"`{n}`" for n in history.lists)
                prefix = f"its state ({state}) becomes loop variables; " if verdict.carried else ""
                verdict.reason = f"{prefix}the values appended to {lists} are collected in a tf.TensorArray and appended to the list after the loop, as the same Python values" if not history.values else (
                    f"{prefix}the values appended to {lists} are collected in a tf.TensorArray (typed by the first iteration, which runs before the graph loop) and appended to the list after the loop")
            else:
                history = None
        elif isinstance(history, str):
            verdict.reason += f" (history append left alone: it {history})"
        if not verdict.ok:
            info.report(original, "N2T403", f"loop {where} stays a Python loop: it {verdict.reason}" if not verdict.reason.startswith("`") else f"loop {where} stays a Python loop: {verdict.reason}")
            body.append(original)
            continue
        histories = history.arrays() if isinstance(history, compiled_loops.HistoryPlan) else []
        counter = {stmt.target.value} if isinstance(stmt, cst.For) else set()  # type: ignore[union-attr]
        temps = assigned(stmt.body) - set(verdict.carried)
        defined = set(params) | {n for s in body for n in assigned(s)}
        args = sorted((names_read(stmt) & local & defined) - temps - counter)
        number = len(helpers) + 1
        stem = owner.removeprefix(HELPER_PREFIX)  # a method's copy `_n2t_Cls_m` (insert/methods.py): `_n2t_Cls_m_loop1`
        while f"{HELPER_PREFIX}{stem}_loop{number}" in taken:
            number += 1
        helper_name = f"{HELPER_PREFIX}{stem}_loop{number}"
        out = ", ".join(verdict.carried + histories)
        called = {n.func.value for n in walk(stmt) if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value in info.functions}
        static = _reads_static_shape(cst.FunctionDef(name=cst.Name("x"), params=cst.Parameters(), body=cst.IndentedBlock([stmt])))
        static = static or any(_reads_static_shape(info.functions[n]) for c in called for n in _callees(c, info))
        sub = Decision(scope, reduce_retracing=not static)
        inner = _inner_loops(stmt, scope, info, verdicts, arrays, passed, verdict.carried if live_after is None else live_after)
        if inner:
            # Nested loops become graph loops too: unrolled at trace time, `for i in
            # range(1, nx)` would add nx copies of its body to the graph.
            stmt = stmt.visit(_Compile(Decision(scope, loops=inner), info))  # type: ignore[assignment]
        stmt = stmt.visit(_GraphRewrite(info, _graph_names([verdict, *inner.values()]) | arrays, set(args) | assigned(stmt)))  # type: ignore[assignment]
        element_loops = [n for n in inner if _element_loop(n, info)]
        if info.context.options.jit:
            blocker = _jit_blocker(stmt, info)
            sub.jit = blocker is None
            if blocker is not None:
                verdict.reason += f"; no XLA: {blocker}"
            if histories and sub.jit:
                # XLA drops writes past a TensorArray's initial size (TF logs "ignoring set item").
                sub.jit = False
                verdict.reason += "; no XLA: the TensorArray grows each iteration, which XLA does not support"
        elif (info.context.options.jit is None and element_loops and not histories and _xla_safe(stmt, info)
              and not _few_elements(original, element_loops, statements, info)):
            sub.jit = True
            verdict.reason += ("; with XLA (jit_compile): its inner loop reads and writes single elements, ~20 ops of a few "
                               "microseconds each per element as graph ops, which XLA fuses into one compiled loop")
        elif info.context.options.jit is None and not static and not element_loops:
            # (element loops have their own rule above, with its own trip-count threshold)
            values = _constants(statements[: statements.index(original)], info) if original in statements else {}
            blocker = "the TensorArray of its appends grows each iteration, which XLA does not support" if histories else _array_loop_xla(stmt, [stmt], info, values)
            sub.jit = blocker is None
            verdict.reason += XLA_LOOP_NOTE if blocker is None else f"; no XLA: {blocker}"
        wraps = compiled_loops.wrap_statements(verdict.wrap, info)
        values = history.values if isinstance(history, compiled_loops.HistoryPlan) else []
        peeled = verdict.peel or bool(values)
        if isinstance(stmt, cst.While):
            loops: list[cst.BaseStatement] = [compiled_loops.peel_while(stmt, wraps)] if verdict.peel else [stmt]
        elif values:
            loops = compiled_loops.peel_history(stmt, info, wraps, history)  # type: ignore[arg-type]
        elif verdict.peel:
            loops = compiled_loops.peel(stmt, info, wraps)  # type: ignore[arg-type]
        else:
            loops = [compiled_loops.to_tf_range(stmt, info)]  # type: ignore[arg-type]
        inits = [i for n, i in zip(history.lists, history.init) if n not in values] if isinstance(history, compiled_loops.HistoryPlan) else []
        stacked = [f"{info.n2t}.history_stack({h})" if h.removeprefix(compiled_loops.HISTORY_PREFIX) in values else f"{h}.stack()" for h in histories]
        if values:
            info.context.runtime("history_stack")
        returned = ", ".join(verdict.carried + stacked)
        # Wraps after a peeled first iteration (it may turn an int into a float), else first.
        helper_body = [*([] if peeled else wraps), *inits, *loops, cst.parse_statement(f"return {returned}")]
        helper = cst.FunctionDef(
            name=cst.Name(helper_name),
            params=cst.Parameters(params=[cst.Param(cst.Name(a)) for a in args]),
            body=cst.IndentedBlock(helper_body),
            decorators=[_decorator(sub, info)],
            leading_lines=[cst.EmptyLine(), cst.EmptyLine()],
        )
        helpers.append(helper)
        call = cst.parse_statement(f"{out} = {helper_name}({', '.join(args)})")
        new = [call.with_changes(leading_lines=original.leading_lines) if replaced is not None else call]
        new.extend(history.after if isinstance(history, compiled_loops.HistoryPlan) else [])
        body.extend(new)
        if replaced is not None:
            replaced[id(original)] = (helper, new)
        info.report(original, "N2T402", f"loop {where} runs as the compiled helper `{helper_name}`: {verdict.reason}")
    return body, helpers


# Array ops a module-level loop must run in all (iterations x ops per iteration) before
# compiling it pays: tracing a graph loop costs 60-140 ms, an eager op ~0.1-0.25 ms
# (measured on the CFD scripts of benchmarks/fidelity/heldout2; docs/transforms.md).
MIN_SCRIPT_WORK = 500
# Iterations assumed for a nested loop whose trip count is not a constant.
UNKNOWN_TRIP = 100


def _constants(statements: list[cst.BaseStatement], info: Module) -> dict[str, float]:
    """Module globals bound once to a number computed from literals and other such globals."""
    values: dict[str, float] = {}
    for stmt in statements:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
                name = small.targets[0].target.value
                value = _evaluate(small.value, values)
                if value is not None and name not in info.changing_globals:
                    values[name] = value
    return values


def _evaluate(expr: cst.BaseExpression, values: dict[str, float]) -> float | None:
    if isinstance(expr, (cst.Integer, cst.Float)):
        return float(expr.evaluated_value)
    if isinstance(expr, cst.Name):
        return values.get(expr.value)
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
        inner = _evaluate(expr.expression, values)
        return None if inner is None else -inner
    if isinstance(expr, cst.Call) and dotted(expr.func) == "int" and len(expr.args) == 1:
        inner = _evaluate(expr.args[0].value, values)
        return None if inner is None else float(int(inner))
    if isinstance(expr, cst.BinaryOperation):
        left, right = _evaluate(expr.left, values), _evaluate(expr.right, values)
        if left is None or right is None:
            return None
        op = type(expr.operator)
        try:
            if op is cst.Add:
                return left + right
            if op is cst.Subtract:
                return left - right
            if op is cst.Multiply:
                return left * right
            if op is cst.Divide:
                return left / right
            if op is cst.FloorDivide:
                return float(left // right)
            if op is cst.Power and abs(right) < 64:
                return float(left**right)
        except (ZeroDivisionError, OverflowError):
            return None
    return None


def _trip(loop: cst.CSTNode, values: dict[str, float], info: Module) -> float | None:
    """Iterations of ``for ... in range(...)`` when its bounds are constants, else None."""
    if not (isinstance(loop, cst.For) and is_range(loop.iter, info)):
        return None
    args = [_evaluate(a.value, values) for a in loop.iter.args]  # type: ignore[attr-defined]
    if any(a is None for a in args) or not args:
        return None
    start, stop, step = (0.0, args[0], 1.0) if len(args) == 1 else (args[0], args[1], args[2] if len(args) > 2 else 1.0)
    if not step:
        return None
    return max(0.0, -(-(stop - start) // step))  # type: ignore[operator]


def _work(node: cst.CSTNode, values: dict[str, float], info: Module) -> float:
    """Array ops one execution of ``node`` runs eagerly (nested loops multiplied out)."""
    if isinstance(node, (cst.For, cst.While)):
        trip = _trip(node, values, info)
        return (UNKNOWN_TRIP if trip is None else trip) * sum(_work(c, values, info) for c in node.body.body)
    count = 0.0
    for child in walk(node):
        if isinstance(child, (cst.For, cst.While)) and child is not node:
            count += _work(child, values, info)
            continue
        if info.is_tf_call(child):
            # A functional index write is a gather, a scatter and a few index ops eagerly; a
            # draw from NumPy's stream is a few nested tf.function calls (~1-4 ms eagerly).
            callee = dotted(child.func) or ""  # type: ignore[attr-defined]
            count += 20 if callee.startswith(f"{info.n2t}.random.") else 3 if callee.endswith(".setitem") else 1
        elif isinstance(child, (cst.BinaryOperation, cst.AugAssign)):
            count += 1
        elif isinstance(child, cst.Subscript) and not (dotted(child.value) or "").endswith(".s_"):
            count += 1  # `un[1:-1]`: a strided slice op (an index object such as n2t.s_[...] is none)
        elif isinstance(child, cst.Call) and isinstance(child.func, cst.Name) and child.func.value in info.functions:
            count += 3
    return count


def _too_little_work(loop: cst.For | cst.While, statements: list[cst.BaseStatement], info: Module) -> str | None:
    """Why compiling a module-level loop would cost more than it saves, if it would."""
    values = _constants(statements[: statements.index(loop)], info)
    trip = _trip(loop, values, info)
    if trip is None:
        return None  # a while loop, or a size np2tf cannot see: compiling is the safe bet
    work = trip * sum(_work(c, values, info) for c in loop.body.body)
    if work >= MIN_SCRIPT_WORK:
        return None
    return f"runs about {int(work)} array ops in all ({int(trip)} iterations), too little work to repay tracing a graph loop (~{MIN_SCRIPT_WORK} eager ops)"


def _opaque_method(loop: cst.CSTNode, info: Module, arrays: set[str]) -> str | None:
    """A method call on an object that is not an array (a simulation object's ``step()``)."""
    for node in walk(loop):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            head = node.func.value
            root = dotted(head)
            if root is None or info.is_tf_call(node) or root.split(".")[0] in (info.tnp, info.tf, info.n2t):
                continue
            if root.split(".")[0] in info.foreign_modules | info.numpy_names:
                continue  # a module's function (`math.sqrt`): safety.problems judged it
            if isinstance(head, cst.Name) and head.value in arrays:
                continue
            return f"calls `{root}.{node.func.attr.value}()`, a method of an object np2tf cannot see into (in a graph it would run once, at trace time)"
    return None


def _inner_loops(loop: cst.For | cst.While, scope: cst.FunctionDef, info: Module, verdicts: dict[str, str | None], arrays: set[str], passed: set[str], live_after: list[str] | set[str]) -> dict[cst.CSTNode, LoopVerdict]:
    """Verdicts of the loops nested in ``loop`` that can be graph loops inside its helper.

    What an inner loop changes is live after it when the outer loop reads it anywhere
    (the next iteration included) or it is live after the outer loop.
    """
    found: dict[cst.CSTNode, LoopVerdict] = {}
    for node in walk(loop.body):
        if not (isinstance(node, cst.While) or (isinstance(node, cst.For) and is_range(node.iter, info) and needs_wrap(node))):
            continue
        outer_reads = names_read(compiled_loops.without(loop, node))
        verdict = loop_verdict(node, scope, info, verdicts, arrays, passed, outer_reads | set(live_after))
        if verdict.ok and not verdict.peel:
            found[node] = verdict
    return found


def _free_reads(node: cst.FunctionDef | cst.ClassDef) -> set[str]:
    """Globals a module-level function (or class) may read when it runs."""
    if isinstance(node, cst.ClassDef):
        return names_read(node)
    params = {p.name.value for p in (*node.params.params, *node.params.kwonly_params, *node.params.posonly_params)}
    for star in (node.params.star_arg, node.params.star_kwarg):
        if isinstance(star, cst.Param):
            params.add(star.name.value)
    return names_read(node) - assigned(node.body) - params


def _callee_reads(loop: cst.CSTNode, info: Module, callee_globals: dict[str, set[str]], written: set[str]) -> str | None:
    """Why ``loop`` must stay at module level: a function it calls reads a global it writes."""
    called = {n.func.value for n in walk(loop) if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value in info.functions}
    for name in sorted({c for f in called for c in _callees(f, info)}):
        clash = sorted(callee_globals.get(name, set()) & written)
        if clash:
            return f"calls `{name}`, which reads the global `{clash[0]}` the loop assigns; in a compiled helper the loop's `{clash[0]}` would be a local the function does not see"
    return None


def _main_guard(stmt: cst.CSTNode) -> bool:
    """``if __name__ == "__main__":`` (either order of the comparison, no else)."""
    if not isinstance(stmt, cst.If) or stmt.orelse is not None or not isinstance(stmt.test, cst.Comparison):
        return False
    test = stmt.test
    if len(test.comparisons) != 1 or not isinstance(test.comparisons[0].operator, cst.Equal):
        return False
    sides = {cst.Module([]).code_for_node(test.left), cst.Module([]).code_for_node(test.comparisons[0].comparator)}
    return "__name__" in sides and bool(sides & {'"__main__"', "'__main__'"})


def _extract_module_loops(module: cst.Module, info: Module, verdicts: dict[str, str | None]) -> cst.Module:
    """Script code: the compilable loops at module level (or under the main guard) become compiled helpers.

    The module's statements are treated as the body of one eager function: what a loop
    reads from earlier statements is passed in, what it changes is returned and bound to
    the same globals. Functions and classes count only by the globals they read (a
    function defined before a loop and called after it sees the loop's results).
    Helpers are defined just before the statement that calls them (before the main guard
    for loops inside it).
    """
    guard = next((s for s in module.body if _main_guard(s)), None)
    flat: list[cst.BaseStatement] = []
    for stmt in module.body:
        flat.extend(stmt.body.body if stmt is guard else [stmt])  # type: ignore[union-attr]
    if not any(isinstance(s, (cst.For, cst.While)) for s in flat):
        return module
    stubs: dict[int, cst.BaseStatement] = {}
    callee_globals: dict[str, set[str]] = {}
    pseudo_body: list[cst.BaseStatement] = []
    for stmt in flat:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            reads = sorted(_free_reads(stmt))
            callee_globals[stmt.name.value] = set(reads)
            stub = cst.SimpleStatementLine([cst.Expr(cst.parse_expression(f"({', '.join(reads)},)" if reads else "()"))])
            stubs[id(stub)] = stmt
            pseudo_body.append(stub)
        else:
            pseudo_body.append(stmt)
    scope = cst.FunctionDef(name=cst.Name("_n2t_module"), params=cst.Parameters(), body=cst.IndentedBlock(pseudo_body))
    taken = set(info.functions) | assigned(module)
    replaced: dict[int, tuple[cst.FunctionDef, list[cst.BaseStatement]]] = {}
    _, helpers = _extract_from(pseudo_body, scope, "script", "at module level", [], info, verdicts, taken, callee_globals, replaced)
    if not helpers:
        return module
    # Put everything back where it came from: each compiled loop's statements where the
    # loop was, its helper just before that statement (before the guard for loops in it).
    def place(statements: list[cst.BaseStatement]) -> tuple[list[cst.BaseStatement], list[cst.FunctionDef]]:
        out: list[cst.BaseStatement] = []
        made: list[cst.FunctionDef] = []
        for stmt in statements:
            if id(stmt) not in replaced:
                out.append(stmt)
                continue
            helper, new = replaced[id(stmt)]
            made.append(helper.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()]))
            out.extend(new)
        return out, made

    body: list[cst.BaseStatement] = []
    for stmt in module.body:
        if stmt is guard:
            inner, made = place(list(guard.body.body))  # type: ignore[union-attr]
            new_guard = guard.with_changes(body=guard.body.with_changes(body=inner))  # type: ignore[union-attr]
            if made:
                body.extend(made)
                new_guard = new_guard.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
            body.append(new_guard)
        else:
            new, made = place([stmt])
            for helper in made:
                body.append(helper)
                new[0] = new[0].with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(), *stmt.leading_lines])  # type: ignore[union-attr]
            body.extend(new)
    return module.with_changes(body=body)


def _collapse_append_loops(func: cst.FunctionDef, info: Module) -> cst.FunctionDef | None:
    """``func`` with its top-level loop-append-then-stack patterns as stacked comprehensions."""
    arrays = info.local_arrays(func)
    statements = list(func.body.body)
    out: list[cst.BaseStatement] = []
    changed, i = False, 0
    while i < len(statements):
        new = vectorized_map.match_append_loop(statements, i, info, arrays)
        if new is not None:
            rows = statements[i].body[0].targets[0].target.value  # type: ignore[attr-defined]
            target = statements[i + 1].target.value  # type: ignore[attr-defined]
            others = [s for j, s in enumerate(statements) if j not in (i, i + 1, i + 2)]
            # `rows` is used only by the pattern, and the loop variable (which a comprehension
            # does not leak) is not read after it.
            if not any(rows in names_read(s) or rows in assigned(s) for s in others) and not any(target in names_read(s) for s in statements[i + 2 :]):
                out.append(new)
                changed, i = True, i + 3
                continue
        out.append(statements[i])
        i += 1
    return func.with_changes(body=func.body.with_changes(body=out)) if changed else None


def _with_append_loops(module: cst.Module, info: Module, decisions: dict[str, Decision]) -> tuple[cst.Module, Module, dict[str, Decision]]:
    """Collapse loop-append-then-stack patterns in the functions that then compile.

    A collapsed function that does not end up compiled gets its loop back (and the plan is
    redone), so eager code keeps the user's loop and callers see its true verdict.
    """
    candidates = {name: new for name, func in info.functions.items() if (new := _collapse_append_loops(func, info)) is not None}
    for _ in range(3):
        if not candidates:
            break
        replaced = {id(info.functions[n]): f for n, f in candidates.items()}
        trial_module = module.with_changes(body=[replaced.get(id(s), s) for s in module.body])
        trial = analyse_module(trial_module, info.context)
        trial.originals = dict(info.originals)
        for name, func in candidates.items():
            trial.originals[func] = info.originals.get(info.functions[name], info.context.resolver.module)
        trial.originals.update({p: info.originals[p] for f in candidates.values() for p in f.params.params if p in info.originals})
        trial_decisions = plan(trial)
        losing = {n for n in candidates if not (trial_decisions[n].apply and trial_decisions[n].comps)}
        if not losing:
            return trial_module, trial, trial_decisions
        candidates = {n: f for n, f in candidates.items() if n not in losing}
    return module, info, decisions


def _replace_statement(func: cst.FunctionDef, old: cst.CSTNode, new: list[cst.BaseStatement]) -> cst.FunctionDef:
    """``func`` with top-level statement ``old`` replaced by ``new``."""
    body: list[cst.BaseStatement] = []
    for stmt in func.body.body:
        body.extend(new if stmt is old else [stmt])
    return func.with_changes(body=func.body.with_changes(body=body))


def lifted_entries_worth_it(module: cst.Module, context: RewriteContext, names: set[str]) -> dict[str, str | None]:
    """For each lifted method of ``names`` (insert/methods.py): None when this plan compiles
    it or one of its loops, else why not (the copy is not worth making)."""
    diagnostics, reported = list(context.diagnostics), set(context._reported)
    try:  # a trial: what it would report is reported when the module is planned for real
        info = analyse_module(module, context)
        decisions = plan(info)
        verdicts = {n: d.safe_reason for n, d in decisions.items()}
        keep: dict[str, str | None] = {}
        for name in names:
            decision = decisions.get(name)
            if decision is None:
                continue
            if decision.apply or (decision.safe_reason is not None and _extract_loops(decision, info, verdicts)[1]):
                keep[name] = None
            else:
                keep[name] = f"it {decision.safe_reason}" if decision.safe_reason is not None else decision.why
        return keep
    finally:
        context.diagnostics[:] = diagnostics
        context._reported = reported


def _report_methods(module: cst.Module, info: Module) -> None:
    """Methods that do not run as lifted copies (insert/methods.py, N2T408) are not compiled;
    say so where one holds a loop over arrays or array ops."""
    for cls in module.body:
        if not isinstance(cls, cst.ClassDef):
            continue
        for method in cls.body.body:
            if not isinstance(method, cst.FunctionDef) or decorator_names(method) or method.name.value.startswith("__"):
                continue  # constructors and other special methods run once or per operator
            if any(lifted.owner == cls.name.value and lifted.method.name.value == method.name.value for lifted in info.context.lifted.values() if lifted.note):
                continue
            why_not = info.context.not_lifted.get((cls.name.value, method.name.value))
            loops = any(isinstance(n, (cst.For, cst.While)) for n in walk(method.body))
            ops = _op_count(method, info)
            if loops or ops >= MIN_OPS:
                what = "a loop" if loops else f"{ops} array ops"
                if why_not is not None:
                    # a method np2tf tried to run as a module-level copy (N2T408)
                    info.report(method, "N2T401", f"`{cls.name.value}.{method.name.value}` stays eager: it holds {what}; np2tf runs such methods as "
                                f"compiled module-level copies (N2T408), but not this one: {why_not}",
                                "move the hot loop into a module-level function that takes and returns the arrays")
                else:
                    info.report(method, "N2T401", f"`{cls.name.value}.{method.name.value}` stays eager: it holds {what}, but np2tf compiles "
                                "only methods that hold a loop or are called in one (their state lives in `self` attributes)",
                                "move the hot loop into a module-level function that takes and returns the arrays")


def _report(decision: Decision, info: Module, name: str) -> None:
    if decision.silent:
        return
    off = info.context.options.tf_function == "off"
    if decision.apply and not off:
        rr = "" if decision.reduce_retracing else "; without reduce_retracing: it reads static shapes, so it retraces per input shape"
        info.report(decision.func, "N2T400", f"`{name}` runs as a tf.function: {decision.why}{rr}{decision.jit_note}")
    elif decision.apply:
        info.report(decision.func, "N2T401", f"`{name}` stays eager: tf_function is off (auto would compile it: {decision.why})", "convert with --tf-function auto")
    elif decision.safe_reason is not None:
        info.report(decision.func, "N2T401", f"`{name}` stays eager: it {decision.safe_reason}")
    else:
        info.report(decision.func, "N2T401", f"`{name}` stays eager: {decision.why}", "" if "inline" in decision.why else "use --tf-function all to compile it anyway")


@inserter(order=10)
def insert_tf_function(module: cst.Module, context: RewriteContext) -> cst.Module:
    """Decide and apply ``tf.function``, compiled loops and ``vectorized_map``."""
    options = context.options
    if options.tf_function == "off" and not options.explain:
        return module
    info = analyse_module(module, context)
    decisions = plan(info)
    if options.tf_function != "off":
        module, info, decisions = _with_append_loops(module, info, decisions)
    verdicts = {n: d.safe_reason for n, d in decisions.items()}
    for name, decision in decisions.items():
        _report(decision, info, name)
    _report_methods(module, info)
    if options.tf_function == "off":
        return module
    body: list[cst.CSTNode] = []
    for stmt in module.body:
        decision = decisions.get(stmt.name.value) if isinstance(stmt, cst.FunctionDef) else None
        if decision is None or decision.silent:
            body.append(stmt)
        elif decision.apply:
            new = stmt.visit(_Compile(decision, info))
            assert isinstance(new, cst.FunctionDef)
            body.append(new.with_changes(decorators=[_decorator(decision, info), *new.decorators]))
        elif decision.inline:
            # Traced only inside compiled callers: the same graph rewrites, no decorator. Under
            # --jit its loops stay Python loops, unrolled at trace time: XLA wants static
            # shapes, which `A[k:, k]` in a graph loop does not have (fixtures solver_idioms).
            rewrite = _GraphRewrite(info, info.local_arrays(stmt), _Compile(decision, info).local) if options.jit else _Compile(decision, info)
            body.append(stmt.visit(rewrite))
        elif decision.safe_reason is not None and not decorator_names(stmt):
            new, helpers = _extract_loops(decision, info, verdicts)
            if helpers:
                helpers[0] = helpers[0].with_changes(leading_lines=stmt.leading_lines)
                body.extend(helpers)
                new = new.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
            body.append(new)
        else:
            body.append(stmt)
    # In a graph loop a function that would retrace as an eager caller's callee is fine.
    in_graph = {n: None if d.retraces else d.safe_reason for n, d in decisions.items()}
    return _extract_module_loops(module.with_changes(body=body), info, in_graph)
