"""Compiled loops: a time-stepping or epoch loop over arrays becomes one graph loop.

What it does:
    Finds ``for i in range(n):`` loops whose state is arrays and makes them iterate
    ``tf.range(n)``, which AutoGraph turns into a single ``tf.while_loop`` carrying the
    arrays as loop variables. Inside a function np2tf compiles (:mod:`.tf_function`) the
    loop is rewritten in place; in a function that must stay eager, a loop at the
    function's top level moves into a module-level ``@tf.function`` helper. There,
    history appends (``losses.append(float(loss))``) become ``tf.TensorArray`` writes and
    the list is extended with the same Python values after the helper returns
    (:func:`history_plan`).

NumPy vs TensorFlow:
    Eagerly, each iteration dispatches every op (15-50 us each); a Python ``range`` loop
    inside a ``tf.function`` is unrolled at trace time, so the graph grows with ``n``.
    A graph loop costs one call and runs its body in C++.

Example:
    ``for n in range(nt): u = n2t.setitem(u, n2t.s_[1:-1], ...)`` becomes
    ``u = _n2t_solve_loop1(u, nt, alpha)`` with the loop in the helper iterating
    ``tf.range(nt)``.

Fidelity:
    The loop variables must be defined before the loop and keep their dtype and shape
    (AutoGraph's rule). Scalars that are not known to be arrays are converted with
    ``tnp.asarray`` first, so a Python float stays float64 rather than becoming float32.
    Loops that append to lists (other than one unconditional host-scalar append per
    list, in an eager function), print, return early, grow arrays, or set a value first
    inside the loop that is read after it stay Python loops (N2T403).

Options:
    Applied with ``tf_function="auto"`` or ``"all"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from np2tf.insert._analysis import (
    SHAPE_CHANGING,
    SMALL_TRIP_COUNT,
    Module,
    assigned,
    dotted,
    element_lambda,
    is_range,
    names_read,
    target_names,
    walk,
)
from np2tf.insert.safety import problems


@dataclass
class LoopVerdict:
    """Whether one loop can become a graph loop, and what it carries."""

    loop: cst.For | cst.While
    ok: bool
    reason: str
    carried: list[str] = field(default_factory=list)
    wrap: list[str] = field(default_factory=list)  # carried names to pass through tnp.asarray first
    peel: bool = False  # run the first iteration before the graph loop (defines what it carries)


def trip_is_small(loop: cst.For | cst.While) -> bool:
    """``range(<literal> ...)`` with a small literal bound: unrolling it is cheap."""
    if not isinstance(loop, cst.For) or not isinstance(loop.iter, cst.Call):
        return False
    args = [a.value for a in loop.iter.args]
    return bool(args) and all(isinstance(a, cst.Integer) for a in args) and int(args[min(1, len(args) - 1)].value, 0) <= SMALL_TRIP_COUNT


def _statements_before(func: cst.FunctionDef, loop: cst.CSTNode) -> list[cst.CSTNode]:
    """Statements of ``func`` that come before ``loop`` in source order (not containing it)."""
    before: list[cst.CSTNode] = []
    for node in walk(func.body):
        if node is loop:
            break
        if isinstance(node, cst.SimpleStatementLine):
            before.append(node)
    return before


def live_in(body: cst.BaseSuite) -> set[str]:
    """Names a loop body may read before it writes them (their value comes from the last iteration)."""
    live: set[str] = set()

    def visit(stmts: list[cst.CSTNode], definite: set[str]) -> None:
        for stmt in stmts:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.Assign):
                        reads = names_read(small.value)
                        for t in small.targets:
                            reads |= names_read(t.target) - target_names(t.target)
                    else:
                        reads = names_read(small)
                    live.update(reads - definite)
                    definite |= assigned(small)
            elif isinstance(stmt, cst.If):
                live.update(names_read(stmt.test) - definite)
                visit(list(stmt.body.body), set(definite))
                if isinstance(stmt.orelse, cst.If):
                    visit([stmt.orelse], set(definite))
                elif stmt.orelse is not None:
                    visit(list(stmt.orelse.body.body), set(definite))
            elif isinstance(stmt, (cst.For, cst.While)):
                live.update(names_read(stmt.iter if isinstance(stmt, cst.For) else stmt.test) - definite)
                inner = set(definite) | (target_names(stmt.target) if isinstance(stmt, cst.For) else set())
                visit(list(stmt.body.body), inner)
            else:
                live.update(names_read(stmt) - definite)

    visit(list(body.body), set())
    return live


def loop_verdict(loop: cst.For | cst.While, func: cst.FunctionDef, info: Module, verdicts: dict[str, str | None], arrays: set[str], passed: set[str] = frozenset(), live_after: set[str] | None = None) -> LoopVerdict:  # type: ignore[assignment]
    """Decide whether ``loop`` (in ``func``) can run as one graph loop.

    ``passed``: names the loop's graph receives as arguments although ``func`` does not
    (a module-level loop's globals), so reading them is no frozen global. ``live_after``:
    the names whose value after the loop may be read (default: every name ``func`` reads
    outside the loop).
    """
    if isinstance(loop, cst.For):
        if not is_range(loop.iter, info) or any(a.keyword for a in loop.iter.args):  # type: ignore[attr-defined]
            return LoopVerdict(loop, False, "iterates over something other than range(...)")
        if not isinstance(loop.target, cst.Name):
            return LoopVerdict(loop, False, "unpacks its loop variable")
    if loop.orelse is not None:
        return LoopVerdict(loop, False, "has an else: clause")
    # the element expression of n2t.elementwise_update (insert/element_loops.py) is called at once
    evaluated = {id(lam) for n in walk(loop.body) if (lam := element_lambda(n, info.n2t)) is not None}
    for node in walk(loop.body):
        if isinstance(node, cst.Return):
            return LoopVerdict(loop, False, "returns from inside the loop")
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)) and id(node) not in evaluated:
            return LoopVerdict(loop, False, "defines a function inside the loop")
    params = {p.name.value for p in func.params.params}
    inner = assigned(loop.body)
    found = problems(loop.body if isinstance(loop, cst.For) else loop, info, inner, params | passed, verdicts)
    if found:
        return LoopVerdict(loop, False, found[0][1])
    after = names_read(_function_without(func, loop)) if live_after is None else live_after
    target = loop.target.value if isinstance(loop, cst.For) else None  # type: ignore[union-attr]
    if target is not None and target in after and (live_after is not None or target in {n for s in _statements_after(func, loop) for n in names_read(s)}):
        return LoopVerdict(loop, False, f"reads the loop variable `{target}` after the loop")
    # A while loop's test reads the state too (`while err > tol:`): it must be carried (and
    # be a tensor before the loop, or AutoGraph would run a Python loop on a Python bool).
    tested = names_read(loop.test) if isinstance(loop, cst.While) else set()
    carried = sorted((inner - {target}) & (live_in(loop.body) | after | tested))
    defined_before = params | {n for s in _statements_before(func, loop) for n in assigned(s)}
    wrap: list[str] = []
    declared = {p.name.value for p in func.params.params if info._param_is_array(p)}
    peel = retype = False
    for name in carried:
        if name not in defined_before:
            if not _peelable(loop):
                return LoopVerdict(loop, False, f"`{name}` is first set inside the loop and read after it; a graph loop needs it defined before")
            peel = True
            continue
        kind = _last_binding(func, loop, name)
        if isinstance(kind, (cst.List, cst.Dict, cst.Set, cst.Tuple, cst.ListComp, cst.DictComp, cst.SetComp, cst.SimpleString)):
            return LoopVerdict(loop, False, f"`{name}` is a Python container; a graph loop can only carry arrays")
        if isinstance(kind, cst.Name) and kind.value == "None":
            # `best = None; ... if best is None or v > best: best = v`: None is no tensor
            # (tnp.asarray(None) fails) and the value changes type in the loop.
            return LoopVerdict(loop, False, f"`{name}` starts as None; a graph loop can only carry arrays")
        if _int_literal(kind):
            # `total = 0; total += x[i]`: NumPy's value becomes a float, a graph loop variable
            # keeps the int64 it entered with (AutoGraph raises a TypeError while tracing).
            counter = {loop.target.value} if isinstance(loop, cst.For) and isinstance(loop.target, cst.Name) else set()
            floats = [v for v in _updates(loop.body, name) if not _integer_expr(v, {name} | counter)]
            if floats:
                if not (_peelable(loop) or _peelable_while(loop, arrays)):
                    return LoopVerdict(loop, False, f"`{name}` starts as an integer and may become a float (`{cst.Module([]).code_for_node(floats[0])}`); a graph loop variable keeps its dtype")
                # `l1norm = 1; while l1norm > target:` / `t = 0; ... t += dt`: the first
                # iteration runs with the Python int, as in NumPy; the graph loop then
                # carries the float it made.
                peel = retype = True
        for node in walk(loop.body):
            if isinstance(node, cst.Assign) and any(name in target_names(t.target) for t in node.targets) and isinstance(node.value, cst.Call):
                callee = (dotted(node.value.func) or "").rsplit(".", 1)[-1]
                if callee in SHAPE_CHANGING:
                    return LoopVerdict(loop, False, f"`{name}` changes shape each iteration (`{callee}`)")
        if name not in arrays or (name in params and name not in declared):
            # a parameter np2tf only guessed to be an array (`count += 1`) may be a Python
            # number: as a loop variable AutoGraph would make it int32/float32
            wrap.append(name)
    if not carried:
        return LoopVerdict(loop, False, "carries no array state")
    note = ""
    if peel:
        note = "; the first iteration runs before the graph loop, " + ("with the Python int the state starts from (the graph loop carries the float it makes)" if retype else "to define what only the loop sets")
    return LoopVerdict(loop, True, f"its state ({', '.join(f'`{c}`' for c in carried)}) becomes loop variables{note}", carried, wrap, peel)


def _int_literal(node: cst.CSTNode | None) -> bool:
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        node = node.expression
    return isinstance(node, cst.Integer)


def _updates(body: cst.CSTNode, name: str) -> list[cst.BaseExpression]:
    """What ``name`` is set to in ``body`` (``x += v`` as ``x + v``)."""
    out: list[cst.BaseExpression] = []
    for node in walk(body):
        if isinstance(node, cst.Assign) and any(name in target_names(t.target) for t in node.targets):
            out.append(node.value)
        elif isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name) and node.target.value == name:
            op = node.operator
            if isinstance(op, cst.DivideAssign):
                out.append(cst.BinaryOperation(node.target, cst.Divide(), node.value))
            else:
                out.append(cst.BinaryOperation(node.target, cst.Add(), node.value) if not isinstance(op, (cst.FloorDivideAssign, cst.ModuloAssign)) else node.target)
    return out


def _integer_expr(expr: cst.BaseExpression, ints: set[str]) -> bool:
    """Whether ``expr`` certainly stays an integer: int literals, ``ints``, + - * // %."""
    if isinstance(expr, cst.Integer) or (isinstance(expr, cst.Name) and expr.value in ints):
        return True
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, (cst.Minus, cst.Plus)):
        return _integer_expr(expr.expression, ints)
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Add, cst.Subtract, cst.Multiply, cst.FloorDivide, cst.Modulo)):
        return _integer_expr(expr.left, ints) and _integer_expr(expr.right, ints)
    if isinstance(expr, cst.Call) and dotted(expr.func) in ("len", "int") :
        return True
    return False


def _peelable(loop: cst.For | cst.While) -> bool:
    # range(stop) or range(start, stop): the peeled iteration needs a known first value and step 1.
    if not isinstance(loop, cst.For) or not isinstance(loop.iter, cst.Call) or len(loop.iter.args) > 2:
        return False
    return not any(isinstance(n, (cst.Break, cst.Continue)) for n in walk(loop.body))


def _peelable_while(loop: cst.For | cst.While, arrays: set[str]) -> bool:
    """A while loop whose first test is on Python values (so ``if test:`` stays a Python
    ``if`` while tracing) and whose body has no break/continue."""
    if not isinstance(loop, cst.While) or names_read(loop.test) & arrays:
        return False
    return not any(isinstance(n, (cst.Break, cst.Continue)) for n in walk(loop.body))


def peel_while(loop: cst.While, between: list[cst.BaseStatement]) -> cst.If:
    """``if test: <body>; <between>; while test: <body>``: one iteration before the graph loop."""
    inner = [*loop.body.body, *between, loop.with_changes(leading_lines=[])]
    return cst.If(test=loop.test, body=cst.IndentedBlock(inner), leading_lines=loop.leading_lines)  # type: ignore[arg-type]


def peel(loop: cst.For, info: Module, between: list[cst.BaseStatement] = ()) -> list[cst.BaseStatement]:  # type: ignore[assignment]
    """The first iteration as plain statements, then the rest of the loop over ``tf.range``.

    Python would leave a name first set in the loop undefined after zero iterations, so the
    program reads it only when the loop runs; peeling one iteration is then the same program.
    """
    call = loop.iter
    assert isinstance(call, cst.Call) and isinstance(loop.target, cst.Name)
    args = [a.value for a in call.args]
    start = args[0] if len(args) == 2 else cst.Integer("0")
    stop = args[-1]
    code = cst.Module([]).code_for_node
    first = [cst.parse_statement(f"{loop.target.value} = {code(start)}")] if loop.target.value in names_read(loop.body) else []
    after = str(int(start.value, 0) + 1) if isinstance(start, cst.Integer) else f"{code(start)} + 1"
    info.context.target("tf.range")
    rest = loop.with_changes(iter=cst.parse_expression(f"{info.tf}.range({after}, {code(stop)}, dtype={info.tf}.int64)"))
    return [*first, *loop.body.body, *between, rest]  # type: ignore[list-item]


def _last_binding(func: cst.FunctionDef, loop: cst.CSTNode, name: str) -> cst.CSTNode | None:
    value = None
    for stmt in _statements_before(func, loop):
        for small in stmt.body:  # type: ignore[attr-defined]
            if isinstance(small, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets):
                value = small.value
    return value


def _statements_after(func: cst.FunctionDef, loop: cst.CSTNode) -> list[cst.CSTNode]:
    seen, after = False, []
    for node in walk(func.body):
        if node is loop:
            seen = True
            continue
        if seen and isinstance(node, cst.SimpleStatementLine) and not any(n is node for n in walk(loop)):
            after.append(node)
    return after


def _function_without(func: cst.FunctionDef, loop: cst.CSTNode) -> cst.CSTNode:
    return without(func.body, loop)


def without(root: cst.CSTNode, node: cst.CSTNode) -> cst.CSTNode:
    """``root`` with the statement ``node`` removed (a ``pass`` where it leaves a block empty)."""

    class Drop(cst.CSTTransformer):
        def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | cst.RemovalSentinel:  # type: ignore[override]
            return cst.RemoveFromParent() if original is node else updated

    return root.visit(Drop())


def to_tf_range(loop: cst.For, info: Module) -> cst.For:
    """``for i in range(...)`` -> ``for i in tf.range(..., dtype=tf.int64)``.

    int64 like NumPy's default integer: ``tf.range`` of Python ints would make ``i`` int32,
    and ``A[[i, p]]`` with ``p = np.argmax(...)`` (int64) then fails to build its index.
    """
    call = loop.iter
    assert isinstance(call, cst.Call)
    info.context.target("tf.range")
    dtype = cst.Arg(keyword=cst.Name("dtype"), value=cst.parse_expression(f"{info.tf}.int64"), equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))
    args = [*call.args[:-1], call.args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))), dtype]
    return loop.with_changes(iter=call.with_changes(func=cst.parse_expression(f"{info.tf}.range"), args=args))


def wrap_statements(names: list[str], info: Module) -> list[cst.SimpleStatementLine]:
    """``x = tnp.asarray(x)`` for each name, so scalars enter the loop as float64/int64 arrays."""
    info.context.target("tf.experimental.numpy.asarray")
    return [cst.parse_statement(f"{n} = {info.tnp}.asarray({n})") for n in names]  # type: ignore[misc]


def needs_wrap(loop: cst.For | cst.While) -> bool:
    """Whether rewriting ``loop`` to a graph loop is worth it (not a small literal range)."""
    return not trip_is_small(loop)


# Host conversions a history append may wrap, with the TensorFlow dtype whose `.tolist()`
# gives the same Python values (float64 holds every float32 exactly).
HISTORY_CASTS = {"float": "float64", "int": "int64", "bool": "bool"}
HISTORY_PREFIX = "_n2t_hist_"


@dataclass
class HistoryPlan:
    """Appends of host scalars to lists, moved into ``tf.TensorArray``s.

    ``losses.append(float(loss))`` becomes a write to ``_n2t_hist_losses`` in the loop; the
    helper returns the stacked array and the eager caller extends ``losses`` with its
    ``.tolist()``, so the list holds the same Python floats after the loop.
    """

    loop: cst.For
    lists: list[str]
    init: list[cst.SimpleStatementLine]
    after: list[cst.SimpleStatementLine]
    values: list[str] = field(default_factory=list)  # lists of appended arrays: typed by the first iteration

    def arrays(self) -> list[str]:
        """The TensorArray names, in the order of ``lists``."""
        return [HISTORY_PREFIX + name for name in self.lists]


def _history_append(stmt: cst.CSTNode) -> tuple[str, str, cst.BaseExpression] | None:
    """``H.append(float(x))`` as a statement -> ``("H", "float", x)``."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)):
        return None
    call = stmt.body[0].value
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name) and call.func.attr.value == "append"):
        return None
    if len(call.args) != 1 or call.args[0].keyword is not None or call.args[0].star:
        return None
    inner = call.args[0].value
    if not (isinstance(inner, cst.Call) and isinstance(inner.func, cst.Name) and inner.func.value in HISTORY_CASTS and len(inner.args) == 1 and not inner.args[0].keyword and not inner.args[0].star):
        return None
    return call.func.value.value, inner.func.value, inner.args[0].value


def _value_append(stmt: cst.CSTNode) -> tuple[str, cst.BaseExpression] | None:
    """``H.append(x)`` as a statement (``x`` not a host cast) -> ``("H", x)``."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)):
        return None
    call = stmt.body[0].value
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name) and call.func.attr.value == "append"):
        return None
    if len(call.args) != 1 or call.args[0].keyword is not None or call.args[0].star or _history_append(stmt) is not None:
        return None
    if isinstance(call.args[0].value, (cst.List, cst.Tuple, cst.Dict, cst.Set, cst.SimpleString, cst.FormattedString, cst.ListComp)):
        return None  # Python containers and text stay Python values
    return call.func.value.value, call.args[0].value


def history_plan(loop: cst.For, func: cst.FunctionDef, info: Module) -> HistoryPlan | str | None:
    """Plan the TensorArrays for ``loop``'s history appends.

    Returns ``None`` when the loop appends no host scalars at its top level, a reason (str)
    when it does but np2tf is unsure the rewrite keeps what the program observes.
    """
    found: dict[str, tuple[str, cst.BaseExpression]] = {}
    for stmt in loop.body.body:
        match = _history_append(stmt)
        plain = _value_append(stmt) if match is None else None
        if plain is not None:
            match = (plain[0], "", plain[1])  # no cast: the TensorArray takes the value's dtype
        if match is not None:
            name, cast, value = match
            if name in found:
                return f"appends to `{name}` more than once per iteration"
            found[name] = (cast, value)
    if not found:
        return None
    values = [n for n, (cast, _) in found.items() if not cast]
    if values and not _peelable(loop):
        return f"appends arrays to `{values[0]}` and its first iteration, which gives their dtype, cannot run before the graph loop (a range step, break or continue)"
    statements = [s for s in loop.body.body if _history_append(s) is None and _value_append(s) is None]
    rest = cst.IndentedBlock(statements) if statements else cst.IndentedBlock([cst.SimpleStatementLine([cst.Pass()])])
    for name in found:
        if not isinstance(_last_binding(func, loop, name), (cst.List, cst.ListComp)):
            return f"appends to `{name}`, which is not a list made before the loop"
        if name in names_read(rest) or name in assigned(loop.body):
            return f"uses `{name}` inside the loop other than by one unconditional append"
    tf = info.tf
    info.context.target("tf.TensorArray")

    class Swap(cst.CSTTransformer):
        def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
            match = _history_append(original)
            plain = _value_append(original) if match is None else None
            if (match is None and plain is None) or not any(original is s for s in loop.body.body):
                return updated
            if plain is not None:
                ta, code = HISTORY_PREFIX + plain[0], cst.Module([]).code_for_node(plain[1])
                return cst.parse_statement(f"{ta} = {ta}.write({ta}.size(), {code})").with_changes(leading_lines=original.leading_lines)  # type: ignore[return-value]
            name, cast, value = match  # type: ignore[misc]
            ta, code = HISTORY_PREFIX + name, cst.Module([]).code_for_node(value)
            return cst.parse_statement(f"{ta} = {ta}.write({ta}.size(), {tf}.reshape({tf}.cast({code}, {tf}.{HISTORY_CASTS[cast]}), []))").with_changes(leading_lines=original.leading_lines)  # type: ignore[return-value]

    new_loop = loop.visit(Swap())
    assert isinstance(new_loop, cst.For)
    lists = list(found)
    n2t = info.n2t
    # Lists of arrays start from their first iteration's value (n2t.history_start, see
    # peel_history); the placeholder below only stands for them while the loop is judged.
    init = [cst.parse_statement(f"{HISTORY_PREFIX}{n} = {tf}.TensorArray({tf}.{HISTORY_CASTS[found[n][0]] if found[n][0] else 'float64'}, size=0, dynamic_size=True{', element_shape=()' if found[n][0] else ''})") for n in lists]
    after = [cst.parse_statement(f"{n}.extend({n2t}.history_values({HISTORY_PREFIX}{n}))" if n in values else f"{n}.extend({HISTORY_PREFIX}{n}.numpy().tolist())") for n in lists]
    if values:
        info.context.runtime("history_values")
    return HistoryPlan(new_loop, lists, init, after, values)  # type: ignore[arg-type]


def peel_history(loop: cst.For, info: Module, between: list[cst.BaseStatement], plan: HistoryPlan) -> list[cst.BaseStatement]:
    """The loop with its first iteration run before the graph loop, for appended arrays.

    ``H.append(x)`` gives ``H`` the dtype and shape of ``x``, known only once ``x`` exists:
    the first iteration starts each TensorArray (``n2t.history_start(x)``), the graph loop
    writes the rest. Guarded by ``if stop > start:`` so that a loop that does not run
    appends nothing, as in NumPy.
    """
    call = loop.iter
    assert isinstance(call, cst.Call)
    args = [a.value for a in call.args]
    code = cst.Module([]).code_for_node
    start = code(args[0]) if len(args) == 2 else "0"
    stop = code(args[-1])
    starts = {f"{HISTORY_PREFIX}{n}" for n in plan.values}
    info.context.runtime("history_start")  # schedules the runtime import; the alias is info.n2t

    class Start(cst.CSTTransformer):
        def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
            small = updated.body[0] if len(updated.body) == 1 else None
            if isinstance(small, cst.Assign) and isinstance(small.targets[0].target, cst.Name) and small.targets[0].target.value in starts:
                value = small.value
                assert isinstance(value, cst.Call)
                return updated.with_changes(body=[small.with_changes(value=cst.parse_expression(f"{info.n2t}.history_start({code(value.args[1].value)})"))])
            return updated

    first = [cst.parse_statement(f"{loop.target.value} = {start}")] if loop.target.value in names_read(loop.body) else []  # type: ignore[union-attr]
    body = [s.visit(Start()) for s in loop.body.body]
    after = str(int(start, 0) + 1) if start.isdigit() else f"{start} + 1"
    info.context.target("tf.range")
    rest = loop.with_changes(iter=cst.parse_expression(f"{info.tf}.range({after}, {stop}, dtype={info.tf}.int64)"), leading_lines=[])
    guarded = cst.If(test=cst.parse_expression(f"{stop} > {start}"), body=cst.IndentedBlock([*first, *body, *between, rest]))  # type: ignore[list-item]
    nones = [cst.parse_statement(f"{name} = None") for name in sorted(starts)]
    return [*nones, guarded]
