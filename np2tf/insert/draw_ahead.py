"""A loop's random draws are drawn before it, in one call, and read by index (N2T413).

What it does:
    Monte Carlo and simulation loops draw the same thing every iteration::

        for t in range(1, M + 1):
            z = n2t.random.standard_normal(I)
            S = n2t.setitem(S, n2t.s_[t], S[t - 1] * n2t.exp(... * z))

    becomes::

        _n2t_draws1 = n2t.draws_ahead((1, M + 1), 1, n2t.random.standard_normal, I)
        _n2t_drawn1 = 0
        for t in range(1, M + 1):
            z = n2t.take_draw(_n2t_draws1, _n2t_drawn1, n2t.random.standard_normal, I)
            _n2t_drawn1 += 1
            S = n2t.setitem(S, n2t.s_[t], S[t - 1] * n2t.exp(... * z))

    The counter is loop state like any other, so a compiled loop carries it. Draws inside
    a loop over a literal tuple or list (``for sub in (black, white):``, unrolled where the
    loop is compiled) count once per element.

NumPy vs TensorFlow:
    In a graph loop each draw is a stateful call of the MT19937 look-ahead: ~400 ops to
    trace (~100 ms per process), ~50 us a call, and a loop body that is not pure. Read by
    index, the draws are one gather an iteration; the draw itself is one big call.

Fidelity:
    NumPy's legacy stream gives ``k`` successive draws of ``rand(L, L)`` as the rows of
    one ``rand(k, L, L)`` and leaves the generator in the same state (uniforms take two
    words each; the Gaussian's cached second value carries between calls as within one),
    so the numbers are the ones the loop would draw, in the same order, and the draws
    after the loop continue the same stream. Only loops that certainly make every draw:
    ``for <name> in range(...)`` without ``else``, ``break``, ``continue``, ``return`` or
    ``yield``; draws of one sampler (:data:`SAMPLERS`) with one argument list the loop
    does not change, each a statement's only draw, made unconditionally (not under
    ``if``, in a conditional expression, a comprehension or a lambda); and no other call
    that could draw: anything but ``tnp``/``tf``/``n2t`` functions, ``math``, builtins,
    common value methods, and module functions that themselves qualify keeps the loop as
    it is. At run time (``np2tf/runtime/_draw_ahead.py``) the loop draws in place when the
    trip count or shape is not known in Python or the draws would exceed 2**24 values.

Options:
    Off with ``--tf-function off`` (the literal conversion keeps every draw where it is).
"""

from __future__ import annotations

import libcst as cst

from np2tf.insert import inserter
from np2tf.insert._analysis import SAFE_BUILTINS, Module, analyse_module, assigned, dotted, names_read, walk
from np2tf.insert.safety import PURE_MODULES
from np2tf.rewrite import RewriteContext
from np2tf.scope import children

# Samplers whose k successive draws are one draw of k rows (np2tf/runtime/_draw_ahead.py).
SAMPLERS = frozenset({"rand", "randn", "random_sample", "random", "ranf", "sample", "standard_normal", "normal", "uniform",
                      "randint", "choice"})
# Builtins that draw nothing.
_BUILTINS = SAFE_BUILTINS | {
    "print", "float", "int", "bool", "complex", "round", "str", "repr", "format", "divmod", "pow", "sorted",
    "type", "hasattr", "callable", "set", "frozenset", "ord", "chr", "hash",
}
# Methods of lists, strings, tensors and TensorArrays that draw nothing.
_METHODS = {
    "append", "extend", "insert", "pop", "clear", "remove", "index", "count", "format", "join", "split", "strip",
    "write", "read", "size", "stack", "numpy", "item", "tolist", "mean", "sum", "max", "min", "std", "var",
    "reshape", "astype", "transpose", "copy", "dot", "ravel", "flatten", "any", "all", "argmax", "argmin",
    "cumsum", "prod", "clip", "squeeze", "get_shape", "keys", "values", "items", "get",
}
# Expressions an argument (or a range bound) may hold: no calls, nothing the loop could change.
_PLAIN = (cst.Name, cst.Integer, cst.Float, cst.Tuple, cst.List, cst.Element, cst.BinaryOperation, cst.UnaryOperation,
          cst.Attribute, cst.Subscript, cst.SubscriptElement, cst.Index, cst.Arg, cst.Comma, cst.LeftParen, cst.RightParen,
          cst.BaseBinaryOp, cst.BaseUnaryOp)
# (and `assert`, which `python -O` leaves out)
_CONDITIONAL = (cst.IfExp, cst.BooleanOperation, cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Assert)


class _No(Exception):
    """The loop keeps its draws: the message says why."""


class _Plan:
    """What one loop draws: the sampler call (its text is the key), and the draws an iteration makes."""

    def __init__(self) -> None:
        self.key: str | None = None
        self.call: cst.Call | None = None
        self.per = 0
        self.sites: set[int] = set()  # ids of the draw calls
        self.statements: set[int] = set()  # ids of the statements holding one


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


class _Checker:
    """Whether code draws only through planned sites (and calls nothing that could draw)."""

    def __init__(self, info: Module) -> None:
        self.info = info
        self.random = f"{info.n2t}.random."
        self.ours = (f"{info.tnp}.", f"{info.tf}.", f"{info.n2t}.")
        self.drawing = {f"{info.n2t}.draws_ahead", f"{info.n2t}.take_draw", f"{info.n2t}.random_numpy"}
        self.pure_functions: dict[str, bool] = {}

    def pure_module(self, name: str) -> bool:
        """``math.sqrt``-style: a function of an imported module of pure functions (as
        :mod:`.safety` counts them)."""
        head = name.split(".")[0]
        return "." in name and head in PURE_MODULES and head in self.info.foreign_modules

    def function_is_pure(self, name: str) -> bool:
        """A module function whose calls draw nothing (memoised; recursion counts as drawing)."""
        if name not in self.pure_functions:
            self.pure_functions[name] = False
            try:
                self.calls(self.info.functions[name].body, None)
                self.pure_functions[name] = True
            except _No:
                pass
        return self.pure_functions[name]

    def calls(self, root: cst.CSTNode, plan: _Plan | None) -> None:
        """Raise :class:`_No` at a call under ``root`` that could draw, other than ``plan``'s sites."""
        for node in walk(root):
            if node.__class__ is not cst.Call:
                continue
            if plan is not None and id(node) in plan.sites:
                continue
            func = node.func  # type: ignore[attr-defined]
            name = dotted(func)
            if name is not None:
                if name.startswith(self.random) or name.startswith(tuple(self.drawing)) or ".random." in f"{name}.":
                    raise _No(f"it also calls `{name}`, another draw")
                if name in self.info.functions:  # (before the builtins: a module function may shadow one)
                    if self.function_is_pure(name):
                        continue
                elif name.startswith(self.ours) or name in _BUILTINS or self.pure_module(name):
                    continue
            if isinstance(func, cst.Attribute) and func.attr.value in _METHODS and not (name and name.split(".")[0] in self.info.foreign_modules):
                continue
            raise _No(f"it calls `{name or _code(func)}`, which np2tf cannot see (it might draw random numbers)")


def _plain(expr: cst.CSTNode, changing: set[str]) -> bool:
    """An expression without calls (but ``len``) that reads nothing the loop changes."""
    return all(isinstance(n, _PLAIN) or (n.__class__ is cst.Call and dotted(n.func) == "len")  # type: ignore[attr-defined]
               for n in walk(expr)) and not (names_read(expr) & changing)


def _site_of(stmt: cst.SimpleStatementLine, checker: _Checker) -> list[cst.Call]:
    """The draw calls in a simple statement (those of planned samplers), checking their positions."""
    found: list[cst.Call] = []
    stack: list[tuple[cst.CSTNode, bool]] = [(stmt, False)]
    while stack:
        node, conditional = stack.pop()
        if node.__class__ is cst.Call:
            name = dotted(node.func) or ""  # type: ignore[attr-defined]
            if name.startswith(checker.random) and name[len(checker.random):] in SAMPLERS:
                if conditional:
                    raise _No(f"`{name}` is drawn conditionally (in a conditional expression, comprehension, lambda or assert)")
                found.append(node)  # type: ignore[arg-type]
        inner = conditional or isinstance(node, _CONDITIONAL)
        stack.extend((c, inner) for c in children(node))
    return found


def _plan(loop: cst.For, checker: _Checker) -> _Plan:
    """The draws ``loop`` makes, or :class:`_No`."""
    if loop.orelse is not None or loop.asynchronous is not None:
        raise _No("the loop has an `else` clause")
    if not isinstance(loop.target, cst.Name):
        raise _No("the loop variable is not a plain name")
    changing = assigned(loop.body) | {loop.target.value}
    if not all(_plain(a.value, changing) and a.keyword is None and a.star == "" for a in loop.iter.args):  # type: ignore[attr-defined]
        raise _No("the `range` bounds are not plain expressions")
    plan = _Plan()

    def block(body: cst.BaseSuite, times: int) -> None:
        for stmt in body.body:  # type: ignore[attr-defined]
            if isinstance(stmt, cst.SimpleStatementLine):
                if any(isinstance(s, (cst.Return, cst.Break, cst.Continue)) for s in stmt.body):
                    raise _No("the loop can end early (`break`, `continue` or `return`)")
                sites = _site_of(stmt, checker)
                if len(sites) > 1:
                    raise _No("one statement makes two draws")
                for site in sites:
                    key = _code(site)
                    if plan.key is not None and key != plan.key:
                        raise _No(f"it makes different draws (`{plan.key}` and `{key}`)")
                    if not all(_plain(a.value, changing) for a in site.args):
                        raise _No(f"the arguments of `{key}` change in the loop or are not plain expressions")
                    plan.key, plan.call = key, site
                    plan.per += times
                    plan.sites.add(id(site))
                    plan.statements.add(id(stmt))
                continue
            if isinstance(stmt, cst.For) and isinstance(stmt.iter, (cst.Tuple, cst.List)) and stmt.orelse is None \
                    and not any(isinstance(e, cst.StarredElement) for e in stmt.iter.elements):
                block(stmt.body, times * len(stmt.iter.elements))
                continue
            # Other compound statements: allowed when they draw nothing.
            for node in walk(stmt):
                if node.__class__ is cst.Call:
                    name = dotted(node.func) or ""  # type: ignore[attr-defined]
                    if name.startswith(checker.random):
                        raise _No(f"`{name}` is drawn under `if`, `while`, `try` or an inner loop")
                if isinstance(node, cst.Return) or (isinstance(node, (cst.Break, cst.Continue)) and not isinstance(stmt, (cst.For, cst.While))):
                    raise _No("the loop can end early (`break`, `continue` or `return`)")

    block(loop.body, 1)
    if plan.call is None:
        raise _No("")
    if any(isinstance(n, (cst.Yield, cst.Await)) for n in walk(loop.body)):
        raise _No("the loop yields")
    checker.calls(loop.body, plan)
    return plan


class _DrawAhead(cst.CSTTransformer):
    def __init__(self, info: Module) -> None:
        self.info = info
        self.checker = _Checker(info)
        self.count = 0
        self.depth = 0  # function nesting: module-level draws are deleted after their loop

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.depth += 1

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
        self.depth -= 1
        return updated

    def leave_For(self, original: cst.For, updated: cst.For) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        if not (isinstance(updated.iter, cst.Call) and dotted(updated.iter.func) == "range" and 1 <= len(updated.iter.args) <= 3):
            return updated
        if not any(node.__class__ is cst.Call and (dotted(node.func) or "").startswith(self.checker.random)  # type: ignore[attr-defined]
                   for node in walk(updated.body)):
            return updated
        try:
            plan = _plan(updated, self.checker)
        except _No as why:
            if str(why):
                self.info.report(original, "N2T414", f"the loop's random draws stay in it: {why}")
            return updated
        self.count += 1
        n2t = self.info.n2t
        draws, drawn = f"_n2t_draws{self.count}", f"_n2t_drawn{self.count}"
        call = plan.call
        assert call is not None
        sampler = call.func
        bounds = cst.Tuple([cst.Element(a.value) for a in updated.iter.args])  # type: ignore[attr-defined]
        ahead = cst.parse_statement(f"{draws} = {n2t}.draws_ahead(BOUNDS, {plan.per}, SAMPLER)")
        ahead_call = ahead.body[0].value  # type: ignore[attr-defined]
        ahead_call = ahead_call.with_changes(args=[ahead_call.args[0].with_changes(value=bounds), ahead_call.args[1],
                                                   cst.Arg(sampler), *(a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in call.args)])
        ahead = ahead.with_changes(body=[ahead.body[0].with_changes(value=ahead_call)])  # type: ignore[attr-defined]
        start = cst.parse_statement(f"{drawn} = 0")
        step = cst.parse_statement(f"{drawn} += 1")
        take = cst.parse_expression(f"{n2t}.take_draw({draws}, {drawn})")
        take = take.with_changes(args=[*take.args, cst.Arg(sampler), *(a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in call.args)])  # type: ignore[attr-defined]

        class Replace(cst.CSTTransformer):
            def leave_Call(self, old: cst.Call, new: cst.Call) -> cst.BaseExpression:
                return take if id(old) in plan.sites else new

            def leave_IndentedBlock(self, old: cst.IndentedBlock, new: cst.IndentedBlock) -> cst.IndentedBlock:
                body: list[cst.BaseStatement] = []
                for before, after in zip(old.body, new.body):
                    body.append(after)
                    if id(before) in plan.statements:
                        body.append(step)
                return new.with_changes(body=body)

        loop = updated.visit(Replace())
        sampler_text = _code(call)
        self.info.report(original, "N2T413",
                         f"the loop's draws of `{sampler_text}` ({plan.per} an iteration) are drawn before it in one call "
                         "and read by index: the same numbers in the same order, and a loop body without stateful draws")
        stmts: list[cst.BaseStatement] = [ahead, start, loop]  # type: ignore[list-item]
        if self.depth == 0:
            stmts.append(cst.parse_statement(f"del {draws}, {drawn}"))
        return cst.FlattenSentinel(stmts)


def _candidate(module: cst.Module, random: str) -> bool:
    return any(node.__class__ is cst.For and any(n.__class__ is cst.Call and (dotted(n.func) or "").startswith(random)  # type: ignore[attr-defined]
                                                   for n in walk(node)) for node in walk(module))


@inserter(order=7)
def insert_draw_ahead(module: cst.Module, context: RewriteContext) -> cst.Module:
    """Draw the random numbers of simple loops before them (N2T413)."""
    if context.options.tf_function == "off":
        return module
    n2t = context.aliases.get("np2tf.runtime", "n2t")
    if not _candidate(module, f"{n2t}.random."):
        return module
    info = analyse_module(module, context)
    return module.visit(_DrawAhead(info))
