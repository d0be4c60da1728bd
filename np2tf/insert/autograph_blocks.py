"""Keep AutoGraph's work small: straight-line code in compiled functions is not re-converted.

What it does:
    ``tf.function`` runs AutoGraph over the function it traces and over every plain module
    function that one calls. AutoGraph re-parses their source and rewrites it, so that
    ``for``/``while``/``if`` over tensors become graph control flow, once per process:
    ~3-4 ms per source line on TF 2.21 (a 50-line compiled loop: 0.15-0.3 s). On the
    held-out programs (``benchmarks/heldout_perf``) it was 0.1-0.7 s of each converted run,
    more than NumPy's whole run at their published sizes.

    np2tf knows which statements need it. In the functions it compiles (``@n2t.function``)
    and the module functions they call, each run of consecutive straight-line statements
    moves into a module-level function marked ``tf.autograph.experimental.do_not_convert``
    (``_n2t_block1``), called with the function's names it reads and returning those read
    after it; AutoGraph converts only the control flow left around the calls. A compiled
    function that is straight-line throughout gets ``autograph=False`` instead, and a
    straight-line function only compiled functions call gets ``do_not_convert`` (N2T407).
    Identical runs (the first iteration np2tf peels off a loop and the loop body) share
    one function.

    When the only control flow left is ``for ... in tf.range(...)``, ``while``, ``if`` and
    loops over a literal tuple, around straight-line code (the common time-stepping and
    "print every 100 steps" shapes), np2tf stages it itself: each loop becomes a call of
    ``n2t.for_loop``/``n2t.while_loop`` and each ``if`` of ``n2t.if_then`` (AutoGraph's own
    ``for_stmt``/``while_stmt``/``if_stmt`` operators, so the same ``tf.while_loop``,
    ``tf.cond``, loop-variable checks and errors) with its bodies as nested functions, and
    the function is traced with ``autograph=False`` (or gets ``do_not_convert``). That
    saves AutoGraph's source rewrite, ~0.1-0.2 s a function per process. The state is the
    names a body assigns that it reads before assigning them, that a ``while`` test reads or
    that are read after it, as AutoGraph computes it; when one is not bound before the
    construct the function keeps AutoGraph.

Straight-line:
    Assignments, augmented assignments and expression statements whose calls go to
    ``tf``/``tnp``/``n2t``/``math``, to functions np2tf compiles (they convert their own
    body), to array methods or to a few builtins AutoGraph leaves alone (``min``, ``max``,
    ``tuple`` ...), comprehensions over ``range`` (AutoGraph leaves comprehensions as
    Python loops). Not straight: control flow, ``and``/``or``/``not`` (except in the test of
    an ``if`` or ``while`` np2tf stages, where they become ``n2t.and_(lambda: a, lambda: b)``,
    ``n2t.or_``, ``n2t.not_``: AutoGraph's lazy operators), ``x if c else y``,
    chained comparisons (AutoGraph rewrites these for tensors), builtins it converts
    (``range``, ``len``, ``int``, ``float``, ``print`` ...), calls to or references of other
    module functions and classes (AutoGraph would convert those callees), lambdas that read
    the function's own names, generator expressions, ``global``/``nonlocal`` functions,
    private ``__names`` (mangled in classes).

Fidelity:
    For straight-line code AutoGraph's rewrite only routes each call through
    ``converted_call``, which calls library functions unconverted: tracing builds the same
    ops in the same order, with or without it. Whatever AutoGraph would have done
    differently fails loudly while tracing (a tensor used as a Python ``bool``), and
    ``n2t.function`` then runs the function eagerly (``NP2TFGraphFallback``).

Options:
    Part of ``--tf-function auto|all``; nothing happens with ``off``.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

import libcst as cst

from np2tf.insert import inserter
from np2tf.insert._analysis import Module, analyse_module, assigned, dotted, is_docstring, names_read, walk
from np2tf.insert.safety import PURE_MODULES
from np2tf.rewrite import RewriteContext
from np2tf.scope import analyze

PREFIX = "_n2t_block"
# Builtins AutoGraph does not rewrite: calling them unconverted is what it does too.
PLAIN_BUILTINS = {"min", "max", "round", "pow", "divmod", "tuple", "list", "dict", "set", "slice", "str", "complex", "bool"}
# Methods of tensors, TensorArrays and Python lists that converted code calls.
ARRAY_METHODS = {"reshape", "astype", "transpose", "ravel", "flatten", "squeeze", "swapaxes", "clip", "conj", "max", "min",
                 "mean", "sum", "prod", "var", "std", "any", "all", "cumsum", "cumprod",
                 "write", "read", "size", "stack", "append", "extend"}
STATEMENTS = (cst.Assign, cst.AugAssign, cst.AnnAssign, cst.Expr, cst.Pass)
# Smallest run worth a function of its own, in names, calls, operators and subscripts:
# AutoGraph's cost grows with them, a call of the block costs little.
MIN_NODES = 12
EXPRESSIONS = (cst.Name, cst.Call, cst.BinaryOperation, cst.Subscript, cst.Attribute, cst.Comparison, cst.UnaryOperation)


@dataclass
class _Facts:
    libraries: set[str]  # names bound to tf, tnp, n2t, math, cmath
    compiled: set[str]  # module functions np2tf compiles, or marks do_not_convert (AutoGraph leaves calls to them alone)
    module_names: set[str]  # other module-level functions and classes
    scopes: dict = field(default_factory=dict)  # node -> np2tf.scope Scope
    accesses: dict = field(default_factory=dict)  # Name node -> np2tf.scope Access


def _decorated(func: cst.FunctionDef, n2t: str) -> cst.Decorator | None:
    for decorator in func.decorators:
        target = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
        if dotted(target) == f"{n2t}.function":
            return decorator
    return None


def _autograph_off(decorator: cst.Decorator) -> bool:
    call = decorator.decorator
    return isinstance(call, cst.Call) and any(
        a.keyword is not None and a.keyword.value == "autograph" and isinstance(a.value, cst.Name) and a.value.value == "False"
        for a in call.args)


def _function_scope(func: cst.FunctionDef, facts: _Facts) -> object | None:
    return facts.scopes.get(func.body.body[0]) if func.body.body else None


def _straight_expr(node: cst.CSTNode, facts: _Facts, scope: object) -> bool:
    nodes = list(walk(node))
    attrs = {id(n.attr) for n in nodes if isinstance(n, cst.Attribute)}
    # `n2t.host_print(lambda i, loss: print(...), i, loss)`: the lambda runs on the host
    # (tf.py_function) with NumPy values, where AutoGraph's print and Python's are one.
    host_print = {f"{lib}.host_print" for lib in facts.libraries}
    hosted = {id(m) for n in nodes if isinstance(n, cst.Call) and n.args and isinstance(n.args[0].value, cst.Lambda)
              and dotted(n.func) in host_print for m in walk(n.args[0].value)}
    # `[X[labels == j].mean(axis=0) for j in range(k)]`: AutoGraph leaves comprehensions as
    # Python loops; its `range` of a tensor would make a tf.range the comprehension cannot
    # iterate in a graph either, so Python's `range` does the same wherever either works.
    comp_ranges = {id(n.iter) for n in nodes if isinstance(n, cst.CompFor) and isinstance(n.iter, cst.Call) and dotted(n.iter.func) == "range"}
    for n in nodes:
        if id(n) in hosted:
            continue
        if isinstance(n, (cst.BooleanOperation, cst.IfExp, cst.GeneratorExp, cst.Yield, cst.Await, cst.NamedExpr)):
            return False
        if isinstance(n, cst.UnaryOperation) and isinstance(n.operator, cst.Not):
            return False
        if isinstance(n, cst.Comparison) and len(n.comparisons) > 1:
            return False
        if isinstance(n, cst.Name):
            if n.value.startswith("__") and not n.value.endswith("__") or n.value in ("super", "locals", "vars", "globals", "eval", "exec"):
                return False
            if n.value in facts.module_names and id(n) not in attrs:
                access = facts.accesses.get(n)
                if access is not None and not any(getattr(r, "scope", None) is scope for r in access.referents):
                    return False  # another module function or class: AutoGraph would convert it
        if isinstance(n, cst.Lambda) and _lambda_reads_locals(n, facts, scope):
            return False
        if isinstance(n, cst.Call) and not _plain_call(n, facts) and id(n) not in comp_ranges:
            return False
    return True


def _lambda_reads_locals(node: cst.Lambda, facts: _Facts, scope: object) -> bool:
    """A lambda that closes over the function's names would see the block's copies."""
    for n in walk(node.body):
        access = facts.accesses.get(n) if isinstance(n, cst.Name) else None
        if access is not None and any(getattr(r, "scope", None) is scope for r in access.referents):
            return True
    return False


def _plain_call(call: cst.Call, facts: _Facts) -> bool:
    if isinstance(call.func, cst.Attribute) and call.func.attr.value in ARRAY_METHODS:
        return True  # `n2t.abs(x).max()`: the object's own expression is checked on its own
    name = dotted(call.func)
    if name is None:
        return False
    if "." in name:
        return name.split(".")[0] in facts.libraries
    return name in facts.compiled or name in PLAIN_BUILTINS


def _retype(stmt: cst.CSTNode, facts: _Facts) -> bool:
    """``x = tnp.asarray(x)``: what np2tf appends to a loop's peeled first iteration.

    Kept out of runs, so the peeled statements and the loop body are the same run and
    share one block function.
    """
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign)):
        return False
    assign = stmt.body[0]
    value = assign.value
    return (len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name) and isinstance(value, cst.Call)
            and dotted(value.func) in {f"{lib}.asarray" for lib in facts.libraries} and len(value.args) == 1
            and isinstance(value.args[0].value, cst.Name) and value.args[0].value.value == assign.targets[0].target.value)


def _straight(stmt: cst.CSTNode, facts: _Facts, scope: object, returns: bool = False) -> bool:
    """A statement AutoGraph would leave as it is (``returns``: a ``return`` counts too)."""
    if not isinstance(stmt, cst.SimpleStatementLine) or not returns and _retype(stmt, facts):
        return False
    kinds = (*STATEMENTS, cst.Return) if returns else STATEMENTS
    for small in stmt.body:
        if not isinstance(small, kinds) or isinstance(small, cst.AnnAssign) and small.value is None:
            return False
    return _straight_expr(stmt, facts, scope)


def _size(stmts: list[cst.BaseStatement]) -> int:
    return sum(1 for s in stmts for n in walk(s) if isinstance(n, EXPRESSIONS))


class _Blocks:
    """The straight-line runs of one module and the functions they become."""

    def __init__(self, module: cst.Module, facts: _Facts, decorator: cst.BaseExpression) -> None:
        self.facts = facts
        self.decorator = decorator
        self.taken = {n.value for n in walk(module) if isinstance(n, cst.Name)}
        self.helpers: dict[str, tuple[str, cst.FunctionDef]] = {}  # code -> (name, def)
        self.order: list[str] = []  # codes, in the order the helpers were made
        self.count = 0

    def _name(self, prefix: str = PREFIX) -> str:
        """A new module-level name: ``_n2t_block3``, ``_n2t_body4`` (numbered together)."""
        while True:
            self.count += 1
            name = f"{prefix}{self.count}"
            if name not in self.taken:
                self.taken.add(name)
                return name

    def hoist(self, func: cst.FunctionDef, scope: object) -> cst.FunctionDef:
        """``func`` with its straight-line runs replaced by calls."""
        reads = _reads(func, scope, self.facts)
        shadowed = _shadowed(func, reads, self.facts, scope)

        def block(stmts: list[cst.BaseStatement], outer: bool = False) -> list[cst.BaseStatement]:
            out: list[cst.BaseStatement] = []
            run: list[cst.BaseStatement] = []
            start = 1 if outer and stmts and is_docstring(stmts[0]) else 0
            out.extend(stmts[:start])

            def flush() -> None:
                if _size(run) >= MIN_NODES:
                    out.append(self._call(run, reads, shadowed))
                else:
                    out.extend(run)
                run.clear()

            for stmt in stmts[start:]:
                if _straight(stmt, self.facts, scope):
                    run.append(stmt)
                    continue
                peeled = _peeled_tail(run, stmt, self.facts, scope)
                if peeled:  # the loop's first iteration: its own run, so it shares the body's function
                    tail = run[-peeled:]
                    del run[-peeled:]
                    flush()
                    run.extend(tail)
                flush()
                if isinstance(stmt, cst.BaseCompoundStatement) and not isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
                    stmt = stmt.visit(_Bodies(block))  # type: ignore[assignment]
                out.append(stmt)
            flush()
            return out

        return func.with_changes(body=func.body.with_changes(body=block(list(func.body.body), outer=True)))

    def _call(self, run: list[cst.BaseStatement], reads: list[tuple[cst.Name, str]], shadowed: set[int]) -> cst.BaseStatement:
        """One call to the (new or shared) function holding ``run``.

        It takes the names ``run`` reads before assigning them and returns the names it
        assigns that are read elsewhere, except by reads that follow an assignment in their
        own straight-line run (the same statements peeled off a loop read their own copy),
        and those it takes and assigns (an enclosing loop reads them in its next iteration).
        """
        in_run = {id(n) for s in run for n in walk(s)}
        params: list[str] = []
        for node, name in reads:
            if id(node) in in_run and id(node) not in shadowed and name not in params:
                params.append(name)
        assigned = set().union(*(_targets(s) for s in run))
        # A name read before the run assigns it is read again by the next iteration of an
        # enclosing loop (`b -= lr * db` with b read nowhere else): returned too.
        returns = sorted(assigned & ({name for node, name in reads if id(node) not in in_run and id(node) not in shadowed} | set(params)))
        body = [run[0].with_changes(leading_lines=[line for line in run[0].leading_lines if line.comment is not None]), *run[1:]]
        if returns:
            body.append(cst.SimpleStatementLine([cst.Return(_names(returns))]))
        parameters = cst.Parameters([cst.Param(cst.Name(p)) for p in params])
        code = cst.Module([]).code_for_node(cst.FunctionDef(cst.Name("_"), parameters, cst.IndentedBlock(body)))
        if code not in self.helpers:
            name = self._name()
            helper = cst.FunctionDef(cst.Name(name), parameters, cst.IndentedBlock(body), decorators=[cst.Decorator(self.decorator.deep_clone())],
                                     leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
            self.helpers[code] = (name, helper)
            self.order.append(code)
        call = cst.Call(cst.Name(self.helpers[code][0]), [cst.Arg(cst.Name(p)) for p in params])
        small: cst.BaseSmallStatement = cst.Assign([cst.AssignTarget(_names(returns))], call) if returns else cst.Expr(call)
        return cst.SimpleStatementLine([small], leading_lines=[line for line in run[0].leading_lines if line.comment is None])


def _runs(stmts: list[cst.BaseStatement], facts: _Facts, scope: object) -> list[list[cst.BaseStatement]]:
    """The maximal runs of straight-line statements in ``stmts`` and the blocks nested in it."""
    runs: list[list[cst.BaseStatement]] = [[]]
    for stmt in stmts:
        if _straight(stmt, facts, scope):
            runs[-1].append(stmt)
            continue
        peeled = _peeled_tail(runs[-1], stmt, facts, scope)
        if peeled:  # split as Blocks.hoist splits it
            runs.append(runs[-1][-peeled:])
            del runs[-2][-peeled:]
        runs.append([])
        if isinstance(stmt, cst.BaseCompoundStatement) and not isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            for block in _blocks_of(stmt):
                runs.extend(_runs(list(block.body), facts, scope))
            runs.append([])
    return [r for r in runs if r]


def _peeled_tail(run: list[cst.BaseStatement], stmt: cst.CSTNode, facts: _Facts, scope: object) -> int:
    """How many statements at the end of ``run`` repeat the body of the ``for`` loop ``stmt``
    that follows it (the first iteration np2tf peels off a loop), when ``run`` holds more than
    those; else 0. Split off, they make the same block as the body and share its function."""
    if not isinstance(stmt, cst.For) or not isinstance(stmt.body, cst.IndentedBlock):
        return 0
    body = list(stmt.body.body)
    if not body or len(run) <= len(body) or not all(_straight(s, facts, scope) for s in body):
        return 0

    def code(s: cst.BaseStatement) -> str:
        return cst.Module([]).code_for_node(s.with_changes(leading_lines=[]))

    return len(body) if [code(s) for s in run[-len(body):]] == [code(s) for s in body] else 0


def _blocks_of(stmt: cst.CSTNode) -> list[cst.IndentedBlock]:
    """The statement blocks of a compound statement (``else``/``elif`` ones too), not deeper."""
    found, stack = [], list(stmt.children)
    while stack:
        node = stack.pop()
        if isinstance(node, cst.IndentedBlock):
            found.append(node)
        else:
            stack.extend(node.children)
    return found


def _shadowed(func: cst.FunctionDef, reads: list[tuple[cst.Name, str]], facts: _Facts, scope: object) -> set[int]:
    """Reads that follow an assignment of their name earlier in their own straight-line run."""
    where = {id(node): name for node, name in reads}
    found: set[int] = set()
    for run in _runs(list(func.body.body), facts, scope):
        assigned: set[str] = set()
        for small in (small for stmt in run for small in stmt.body):  # type: ignore[attr-defined]
            found |= {id(n) for n in walk(small) if where.get(id(n)) in assigned}
            assigned |= _targets(small)
    return found


def _names(names: list[str]) -> cst.BaseExpression:
    if len(names) == 1:
        return cst.Name(names[0])
    return cst.Tuple([cst.Element(cst.Name(n)) for n in names], lpar=[], rpar=[])


def _reads(func: cst.FunctionDef, scope: object, facts: _Facts) -> list[tuple[cst.Name, str]]:
    """Every read of one of ``func``'s own names, in nested scopes too (``x += 1`` reads x)."""
    found = []
    for n in walk(func.body):
        if isinstance(n, cst.AugAssign) and isinstance(n.target, cst.Name):
            found.append((n.target, n.target.value))
        elif isinstance(n, cst.Name):
            access = facts.accesses.get(n)
            if access is not None and any(getattr(r, "scope", None) is scope for r in access.referents):
                found.append((n, n.value))
    return found


class _Bodies(cst.CSTTransformer):
    """Apply ``block`` to the statement lists of one compound statement (not nested defs)."""

    def __init__(self, block) -> None:  # type: ignore[no-untyped-def]
        self.block = block

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> bool:
        return False  # ``block`` recurses into nested statements itself

    def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock) -> cst.IndentedBlock:
        return updated.with_changes(body=self.block(list(updated.body)))


def _targets(stmt: cst.CSTNode) -> set[str]:
    names: set[str] = set()

    def add(target: cst.CSTNode) -> None:
        if isinstance(target, cst.Name):
            names.add(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                add(element.value)
        elif isinstance(target, cst.StarredElement):
            add(target.value)

    for small in getattr(stmt, "body", [stmt]):
        if isinstance(small, cst.Assign):
            for t in small.targets:
                add(t.target)
        elif isinstance(small, (cst.AugAssign, cst.AnnAssign)):
            add(small.target)
    return names


def _graph_functions(module: cst.Module, n2t: str) -> tuple[set[str], set[str]]:
    """Module functions np2tf compiles, and those only traced inside them (plain callees)."""
    functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    compiled = {name for name, f in functions.items() if _decorated(f, n2t) is not None}
    traced = set(compiled)
    stack = list(compiled)
    while stack:
        for n in walk(functions[stack.pop()].body):
            if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value in functions and n.func.value not in traced:
                if not functions[n.func.value].decorators:
                    traced.add(n.func.value)
                    stack.append(n.func.value)
    return compiled, traced - compiled


@inserter(order=15)
def insert_autograph_blocks(module: cst.Module, context: RewriteContext) -> cst.Module:
    """Move straight-line code of compiled functions out of AutoGraph's way."""
    if context.options.tf_function == "off":
        return module
    info = analyse_module(module, context)
    compiled, inline = _graph_functions(module, info.n2t)
    if not compiled:
        return module
    # Rewrites share nodes between copies of code (a peeled first iteration and its loop):
    # a copy gives every place its own node, so positions, scopes and accesses stay apart.
    given = module
    module = module.deep_clone()
    module = _range_indices(module, compiled | inline, info)
    # Reports go to the user's function: by node where the rewrite kept it, else by name
    # (np2tf's own decorators and helpers made new nodes).
    where = {id(new): info.originals.get(old) or info.user_def(getattr(old, "name", cst.Name("_")).value) or context.resolver.module
             for new, old in zip(module.body, given.body)}
    analysis = analyze(module)  # libcst's ScopeProvider answers, at parse speed (np2tf/scope.py)
    scopes = analysis.scopes
    accesses = {access.node: access for scope in analysis.all_scopes for access in scope.accesses}
    libraries = {info.tf, info.tnp, info.n2t} | (PURE_MODULES & info.foreign_modules)
    module_names = {s.name.value for s in module.body if isinstance(s, (cst.FunctionDef, cst.ClassDef))}
    facts = _Facts(libraries, compiled, module_names - compiled, dict(scopes), accesses)
    # Spelled with the tf alias; the import is scheduled when a decorator is written.
    do_not_convert = cst.parse_expression(f"{context.alias('tensorflow')}.autograph.experimental.do_not_convert")
    blocks = _Blocks(module, facts, do_not_convert)
    body: list[cst.CSTNode] = []
    for stmt in module.body:
        scope = _function_scope(stmt, facts) if isinstance(stmt, cst.FunctionDef) and stmt.name.value in compiled | inline else None
        decorator = _decorated(stmt, info.n2t) if scope is not None else None
        if scope is None or (decorator is not None and _autograph_off(decorator)) or any(isinstance(n, (cst.Global, cst.Nonlocal)) for n in walk(stmt)):
            body.append(stmt)
            continue
        statements = [s for s in stmt.body.body if not is_docstring(s)]
        if statements and all(_straight(s, facts, scope, returns=True) for s in statements):
            body.append(_whole(stmt, where[id(stmt)], decorator, do_not_convert, info))
            _unconverted(stmt, facts)
            continue
        made = len(blocks.order)
        new = blocks.hoist(stmt, scope)
        staged = _stage_loops(new, blocks, info) if all(_loops_only(s, facts, scope, top=True) for s in statements) else None
        helpers = [blocks.helpers[code] for code in blocks.order[made:]]
        if helpers:
            context.target("tf.autograph.experimental.do_not_convert")
        body.extend(helper for _, helper in helpers)
        if staged is not None:
            body.append(_whole(staged, where[id(stmt)], decorator, do_not_convert, info, loops=True))
            _unconverted(stmt, facts)
            continue
        shared = sorted({name for name, _ in helpers} | {n.value for n in walk(new) if isinstance(n, cst.Name) and n.value.startswith(PREFIX)})
        if shared:
            names = ", ".join(f"`{n}`" for n in shared)
            context.report(where[id(stmt)], "N2T407", f"{_spelled(stmt.name.value)}: its straight-line code runs in {names}, which AutoGraph does not convert; it converts only the control flow around them")
        body.append(new)
    return module.with_changes(body=body)


class _RangeIndex(cst.CSTTransformer):
    """``x[range(n), y]`` -> ``x[tnp.arange(n), y]``.

    NumPy reads a ``range`` index as the integer array ``arange(n)``; so does TensorFlow's
    getitem. But Python's ``range`` needs a Python int, and in a traced function ``n`` may be
    a tensor, so AutoGraph has to convert the statement (its ``range`` makes a ``tf.range``)
    and np2tf cannot stage it (held-out ``mlp_spiral``: ``probs[range(num_examples), y]``).
    ``tnp.arange`` takes both and indexes the same, eagerly and in graphs.
    """

    def __init__(self, tnp: str) -> None:
        super().__init__()
        self.arange = cst.parse_expression(f"{tnp}.arange")
        self.changed = False

    def leave_Index(self, original: cst.Index, updated: cst.Index) -> cst.Index:
        value = updated.value
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "range" \
                and 1 <= len(value.args) <= 3 and not any(a.keyword or a.star for a in value.args):
            self.changed = True
            return updated.with_changes(value=value.with_changes(func=self.arange))
        return updated


def _range_indices(module: cst.Module, functions: set[str], info: Module) -> cst.Module:
    """:class:`_RangeIndex` in the functions np2tf compiles or traces inline."""
    def indexes_by_range(stmt: cst.CSTNode) -> bool:
        return any(n.__class__ is cst.Index and n.value.__class__ is cst.Call and dotted(n.value.func) == "range" for n in walk(stmt))  # type: ignore[attr-defined]

    targets = {id(s) for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value in functions and indexes_by_range(s)}
    if not targets or _rebinds_range(module):
        return module  # nothing to do, or `range` is not the builtin
    body = []
    rewrite = _RangeIndex(info.tnp)
    for stmt in module.body:
        body.append(stmt.visit(rewrite) if id(stmt) in targets else stmt)
    if not rewrite.changed:
        return module
    info.context.target("tf.experimental.numpy.arange")
    return module.with_changes(body=body)


def _rebinds_range(module: cst.Module) -> bool:
    if "range" in assigned(module):
        return True
    for node in walk(module):
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Param)) and node.name.value == "range":
            return True
        if isinstance(node, cst.FunctionDef) and "range" in assigned(node.body):
            return True
        if isinstance(node, cst.ImportAlias) and (dotted(node.asname.name) if node.asname else dotted(node.name)) == "range":
            return True
    return False


def _spelled(name: str) -> str:
    """How a note names a function: np2tf's loop helpers say what they are."""
    if re.fullmatch(r"_n2t_\w+_loop\d+", name):
        return f"`{name}` (np2tf's compiled helper for a loop)"
    return f"`{name}` (np2tf's copy of a method)" if name.startswith("_n2t_") else f"`{name}`"


def _whole(func: cst.FunctionDef, given: cst.CSTNode, decorator: cst.Decorator | None, do_not_convert: cst.BaseExpression, info: Module,
           loops: bool = False) -> cst.FunctionDef:
    """A function that is straight-line throughout (``loops``: but for loops np2tf stages
    itself): no AutoGraph at all."""
    name = func.name.value
    if loops:
        staged = [f"{info.n2t}.{h}" for h in ("for_loop", "while_loop", "if_then")
                  if any(isinstance(n, cst.Call) and dotted(n.func) == f"{info.n2t}.{h}" for n in walk(func))]
        kinds = " and ".join(k for k, hs in (("loops", ("for_loop", "while_loop")), ("branches", ("if_then",))) if any(s.endswith(hs) for s in staged))
        what = f"{_spelled(name)}: its {kinds} run through {'/'.join(f'`{s}`' for s in staged)} (graph control flow, without AutoGraph's source rewrite)"
    else:
        what = f"`{name}` is straight-line code"
    if decorator is None:
        info.context.target("tf.autograph.experimental.do_not_convert")
        info.context.report(given, "N2T407", f"{what}: AutoGraph does not convert it (`do_not_convert`) where compiled callers trace it")
        return func.with_changes(decorators=[cst.Decorator(do_not_convert.deep_clone()), *func.decorators])
    info.context.report(given, "N2T407", f"{what}: it is traced with `autograph=False`")
    call = decorator.decorator
    off = cst.Arg(cst.Name("False"), keyword=cst.Name("autograph"),
                  equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))
    if isinstance(call, cst.Call):
        args = [*call.args[:-1], call.args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))] if call.args else []
        new_call = call.with_changes(args=[*args, off])
    else:
        new_call = cst.Call(call, [off])
    return func.with_changes(decorators=[decorator.with_changes(decorator=new_call) if d is decorator else d for d in func.decorators])


# -- loops np2tf stages itself ------------------------------------------------------------


def _unconverted(func: cst.FunctionDef, facts: _Facts) -> None:
    """Calls of ``func`` (now AutoGraph-free) are straight-line code for later functions."""
    facts.compiled.add(func.name.value)
    facts.module_names.discard(func.name.value)


def _loop_straight(stmt: cst.CSTNode, facts: _Facts, scope: object) -> bool:
    return _straight(stmt, facts, scope) or _retype(stmt, facts)


def _loops_only(stmt: cst.CSTNode, facts: _Facts, scope: object, top: bool = False) -> bool:
    """Straight-line code, or a ``for``-over-``tf.range``/``while`` loop of such code.

    ``top``: a statement of the function body itself, where ``return`` may stand (inside a
    loop it is control flow).
    """
    if _straight(stmt, facts, scope, returns=True) if top else _loop_straight(stmt, facts, scope):
        return True
    if isinstance(stmt, cst.For):
        header = (stmt.orelse is None and stmt.asynchronous is None and isinstance(stmt.target, cst.Name)
                  and (_tf_range(stmt, facts) or _literal_loop(stmt)) and _straight_expr(stmt.iter, facts, scope))
    elif isinstance(stmt, cst.While):
        header = stmt.orelse is None and _straight_test(stmt.test, facts, scope)
    elif isinstance(stmt, cst.If):
        orelse = stmt.orelse
        header = _straight_test(stmt.test, facts, scope) and (
            orelse is None or isinstance(orelse, cst.If) and _loops_only(orelse, facts, scope)
            or isinstance(orelse, cst.Else) and isinstance(orelse.body, cst.IndentedBlock) and all(_loops_only(s, facts, scope) for s in orelse.body.body))
    else:
        return False
    return header and isinstance(stmt.body, cst.IndentedBlock) and all(_loops_only(s, facts, scope) for s in stmt.body.body)


def _straight_test(test: cst.BaseExpression, facts: _Facts, scope: object) -> bool:
    """An ``if``/``while`` test of straight-line operands joined by ``and``, ``or`` and ``not``
    (:func:`_logical` stages those as AutoGraph does)."""
    if isinstance(test, cst.BooleanOperation) and not test.lpar:
        return _straight_test(test.left, facts, scope) and _straight_test(test.right, facts, scope)
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return _straight_test(test.expression, facts, scope)
    return _straight_expr(test, facts, scope)


def _logical(test: cst.BaseExpression, info: Module) -> cst.BaseExpression:
    """``a and b`` -> ``n2t.and_(lambda: a, lambda: b)``, ``a or b`` -> ``n2t.or_(...)``,
    ``not a`` -> ``n2t.not_(a)``: AutoGraph's lazy operators (a ``tf.cond`` when the left
    operand is a tensor in a graph, Python's ``and``/``or`` otherwise), which the staged
    ``if``/``while`` would otherwise need AutoGraph's rewrite for (``if verbose and it % 100 == 0:``)."""
    def thunk(expr: cst.BaseExpression) -> cst.Arg:
        return cst.Arg(cst.Lambda(cst.Parameters(), _logical(expr, info)))

    if isinstance(test, cst.BooleanOperation):
        helper = "and_" if isinstance(test.operator, cst.And) else "or_"
        return cst.Call(cst.parse_expression(f"{info.n2t}.{helper}"), [thunk(test.left), thunk(test.right)])
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return cst.Call(cst.parse_expression(f"{info.n2t}.not_"), [cst.Arg(_logical(test.expression, info).with_changes(lpar=[], rpar=[]))])
    return test


def _tf_range(loop: cst.For, facts: _Facts) -> bool:
    """``for i in tf.range(...)`` (the loops np2tf compiles)."""
    name = dotted(loop.iter.func) if isinstance(loop.iter, cst.Call) else None
    return name is not None and name.endswith(".range") and name.split(".")[0] in facts.libraries


def _literal_loop(loop: cst.For) -> bool:
    """``for sub in (black, white)``: a Python loop at trace time, with AutoGraph or without."""
    return isinstance(loop.iter, (cst.Tuple, cst.List)) and bool(loop.iter.elements) and not any(isinstance(e, cst.StarredElement) for e in loop.iter.elements)


def _branches(stmt: cst.If) -> tuple[list[cst.BaseStatement], list[cst.BaseStatement] | None]:
    """The statements of an ``if`` and of its ``else`` (an ``elif`` is an ``if`` there)."""
    orelse = stmt.orelse
    if orelse is None:
        return list(stmt.body.body), None  # type: ignore[attr-defined]
    return list(stmt.body.body), [orelse] if isinstance(orelse, cst.If) else list(orelse.body.body)  # type: ignore[attr-defined,list-item]


def _exposed(stmts: list[cst.BaseStatement]) -> set[str]:
    """Names ``stmts`` read before assigning them (a nested loop may not run: its
    assignments do not count)."""
    exposed: set[str] = set()
    bound: set[str] = set()
    for stmt in stmts:
        if isinstance(stmt, cst.For):
            exposed |= (names_read(stmt.iter) | (_exposed(list(stmt.body.body)) - {stmt.target.value})) - bound  # type: ignore[attr-defined]
        elif isinstance(stmt, cst.While):
            exposed |= (names_read(stmt.test) | _exposed(list(stmt.body.body))) - bound  # type: ignore[attr-defined]
        elif isinstance(stmt, cst.If):
            body, orelse = _branches(stmt)
            exposed |= (names_read(stmt.test) | _exposed(body) | _exposed(orelse or [])) - bound
        else:
            for small in stmt.body:  # type: ignore[attr-defined]
                exposed |= names_read(small) - bound
                bound |= assigned(small)
    return exposed


def _stage_loops(func: cst.FunctionDef, blocks: _Blocks, info: Module) -> cst.FunctionDef | None:
    """``func`` (hoisted, :func:`_loops_only`) with each loop a ``for_loop``/``while_loop``
    call and each ``if`` an ``if_then`` call, or ``None`` when the state of one is not bound
    before it (AutoGraph's undefined-variable handling is left to AutoGraph)."""
    params = func.params
    defined = {p.name.value for p in (*params.params, *params.posonly_params, *params.kwonly_params)}

    def name(kind: str) -> str:
        return blocks._name(f"_n2t_{kind}")

    def stage(stmts: list[cst.BaseStatement], after: set[str], bound: set[str]) -> list[cst.BaseStatement] | None:
        out: list[cst.BaseStatement] = []
        bound = set(bound)
        for i, stmt in enumerate(stmts):
            if not isinstance(stmt, (cst.For, cst.While, cst.If)):
                out.append(stmt)
                bound |= assigned(stmt)
                continue
            later = set().union(*(names_read(s) for s in stmts[i + 1:])) | after
            if isinstance(stmt, cst.If):
                branches = _branches(stmt)
                changed = assigned(stmt.body) | (assigned(stmt.orelse) if stmt.orelse is not None else set())
                # Read later, or in a branch before that branch assigns it (its value comes in).
                state = sorted(changed & (later | _exposed(branches[0]) | _exposed(branches[1] or [])))
                staged_branches = [stage(b, later, bound) if b is not None else None for b in branches]
                if not set(state) <= bound or any(b is None for b, given in zip(staged_branches, branches) if given is not None):
                    return None
                out.extend(_if_call(stmt, staged_branches, state, name, info))  # type: ignore[arg-type]
                bound |= set(state)
                continue
            if isinstance(stmt, cst.For) and _literal_loop(stmt):
                # A Python loop while tracing, as AutoGraph leaves it: only its body is staged.
                staged = stage(list(stmt.body.body), later | _exposed(list(stmt.body.body)), bound | {stmt.target.value})  # type: ignore[attr-defined]
                if staged is None:
                    return None
                out.append(stmt.with_changes(body=stmt.body.with_changes(body=staged)))
                bound |= assigned(stmt)  # it runs at least once (a non-empty literal)
                continue
            inner = list(stmt.body.body)  # type: ignore[attr-defined]
            target = stmt.target.value if isinstance(stmt, cst.For) else None  # type: ignore[union-attr]
            test = names_read(stmt.test) if isinstance(stmt, cst.While) else set()  # read before every iteration
            # Read by the next iteration (its exposed reads, the while test) or after the loop.
            again = _exposed(inner) | test
            state = sorted(assigned(stmt.body) & (again | later) - {target})
            if target is not None and (target in later or target in assigned(stmt.body)) or not set(state) <= bound:
                return None
            # Inside, a name is needed after an inner construct when the rest of this body,
            # the next iteration or the code after reads it.
            staged = stage(inner, later | again, bound | ({target} if target else set()))
            if staged is None:
                return None
            out.extend(_loop_call(stmt, staged, state, name, info))
            bound |= set(state)
        return out

    body = stage(list(func.body.body), set(), defined)
    if body is None:
        return None
    return func.with_changes(body=func.body.with_changes(body=body))


def _tuple_of(names: list[str]) -> cst.Tuple:
    return cst.Tuple([cst.Element(cst.Name(n)) for n in names])


def _define(name: str, params: list[str], stmts: list[cst.BaseStatement]) -> cst.FunctionDef:
    return cst.FunctionDef(cst.Name(name), cst.Parameters([cst.Param(cst.Name(p)) for p in params]), cst.IndentedBlock(stmts))


def _staged(construct: cst.For | cst.While | cst.If, defs: list[cst.FunctionDef], helper: str, args: list[cst.BaseExpression],
            state: list[str], info: Module) -> list[cst.BaseStatement]:
    """``defs`` (the first taking the construct's comments) and ``state = n2t.<helper>(*args,
    state, names)``."""
    comments = [line for line in construct.leading_lines if line.comment is not None]
    header = getattr(construct.body, "header", None)
    if header is not None and header.comment is not None:  # `for n in range(nt):  # time steps`
        comments.append(cst.EmptyLine(comment=header.comment))
    names = cst.Tuple([cst.Element(cst.SimpleString(repr(n))) for n in state])
    call = cst.Call(cst.parse_expression(f"{info.n2t}.{helper}"), [*(cst.Arg(a) for a in args), cst.Arg(_tuple_of(state)), cst.Arg(names)])
    run = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(_tuple_of(state))], call) if state else cst.Expr(call)])
    return [defs[0].with_changes(leading_lines=comments), *defs[1:], run]


def _loop_call(loop: cst.For | cst.While, body: list[cst.BaseStatement], state: list[str], name, info: Module) -> list[cst.BaseStatement]:  # type: ignore[no-untyped-def]
    """``def`` of the loop's body (and test) and the call that runs the loop."""
    ret = cst.SimpleStatementLine([cst.Return(_tuple_of(state))])
    body_name = name("body")
    if isinstance(loop, cst.For):
        defs = [_define(body_name, [loop.target.value, *state], [*body, ret])]  # type: ignore[union-attr]
        return _staged(loop, defs, "for_loop", [loop.iter, cst.Name(body_name)], state, info)
    test_name = name("test")
    defs = [_define(test_name, state, [cst.SimpleStatementLine([cst.Return(_logical(loop.test, info))])]), _define(body_name, state, [*body, ret])]
    return _staged(loop, defs, "while_loop", [cst.Name(test_name), cst.Name(body_name)], state, info)


def _if_call(stmt: cst.If, branches: list[list[cst.BaseStatement] | None], state: list[str], name, info: Module) -> list[cst.BaseStatement]:  # type: ignore[no-untyped-def]
    """``def`` of the branches and the ``n2t.if_then`` call that picks one."""
    ret = cst.SimpleStatementLine([cst.Return(_tuple_of(state))])
    defs: list[cst.FunctionDef] = []
    args: list[cst.BaseExpression] = [_logical(stmt.test, info)]
    for branch in branches:
        if branch is None:
            args.append(cst.Name("None"))
            continue
        fname = name("then" if not defs else "else")
        defs.append(_define(fname, state, [*branch, ret]))
        args.append(cst.Name(fname))
    return _staged(stmt, defs, "if_then", args, state, info)
