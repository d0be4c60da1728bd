"""Lift hot methods out of their class, so the function pipeline can compile them (N2T408).

What it does:
    np2tf compiles module-level functions; a method's state lives in ``self`` attributes,
    which a graph cannot read (it would capture them once, at trace time) or write. For a
    method that holds a loop, or is called inside a loop somewhere in the module, this
    inserter writes a module-level copy of it in which every ``self.attr`` is a plain name
    ``self_attr``: the attributes it reads come in as parameters, the ones it sets go out
    with its result, and calls of other methods on ``self`` are calls of their own lifted
    copies. The method itself starts with a dispatch:

        def run(self, nsteps):
            if type(self) is WaveSolver2D and not {'step'} & vars(self).keys():
                _n2t_result, self.steps, self.t, self.u, self.u_prev = _n2t_WaveSolver2D_run(
                    self.C2, self.dt, self.steps, self.t, self.u, self.u_prev, nsteps)
                return _n2t_result
            ...  # the method as written

    and :mod:`.tf_function` then decides about ``_n2t_WaveSolver2D_run`` as about any
    function (its loop becomes a graph loop; N2T400/N2T402 say so).

Fidelity:
    Which method ``self.step()`` runs depends on the instance's class, so a copy is made
    per concrete class (a subclass that inherits the method gets its own, with its own
    overrides resolved: ``Softmax`` inheriting ``LinearClassifier.train`` that calls the
    ``loss`` ``Softmax`` defines), and the dispatch checks that class exactly and that no
    method the copy inlines is replaced on the instance. Everything else runs the method as
    written. A method is lifted only when ``self`` appears nowhere but as ``self.attr``
    reads, ``self.attr = ...``/``self.attr += ...`` writes and ``self.method(...)`` calls,
    every attribute it reads is set by ``__init__`` (so reading them all on entry cannot
    raise where the method would not), no attribute is written through (``self.u[0] = ...``,
    ``self.log.append(...)``), and the class has single inheritance within the module, no
    metaclass, decorators or ``__slots__``. Attributes are written back when the copy
    returns, all together: an exception inside leaves them as they were on entry.

Options:
    Off with ``--tf-function off``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import libcst as cst

from np2tf.insert import inserter
from np2tf.insert._analysis import dotted, is_docstring, walk
from np2tf.insert.tf_function import HELPER_PREFIX, lifted_entries_worth_it
from np2tf.rewrite import RewriteContext
from np2tf.scope import children

RESULT = "_n2t_result"
_LOCATED = {cst.For, cst.While, cst.ListComp}  # nodes whose diagnostics point at the method's


@dataclass
class _Class:
    node: cst.ClassDef
    base: str | None  # a module class, or None for `object`
    methods: dict[str, cst.FunctionDef]
    other_names: set[str]  # class-level names that are not plain methods (properties, attributes)


@dataclass
class Lifted:
    """One method's module-level copy for one concrete class."""

    cls: str  # the concrete class
    owner: str  # the class whose body defines the method
    method: cst.FunctionDef
    name: str  # the copy's name
    func: cst.FunctionDef | None = None
    reads: set[str] = field(default_factory=set)  # attributes, written ones included
    writes: set[str] = field(default_factory=set)
    returns_value: bool = False
    calls: set[str] = field(default_factory=set)  # method names the copy calls on self, transitively
    nodes: dict[cst.CSTNode, cst.CSTNode] = field(default_factory=dict)  # copy's node -> method's node
    note: str = ""  # the N2T408 message, for entries

    @property
    def params(self) -> list[str]:
        return sorted(self.reads | self.writes)

    @property
    def outputs(self) -> list[str]:
        return sorted(self.writes)


class _Fail(Exception):
    """The method cannot be lifted (the message says why, for debugging)."""


def _classes(module: cst.Module) -> dict[str, _Class]:
    found: dict[str, _Class] = {}
    for stmt in module.body:
        if not isinstance(stmt, cst.ClassDef):
            continue
        name = stmt.name.value
        if stmt.decorators or stmt.keywords or name in found:
            found[name] = _Class(stmt, "?", {}, set())  # not liftable
            continue
        bases = [dotted(a.value) for a in stmt.bases]
        base: str | None = None
        if len(bases) > 1 or any(b is None for b in bases):
            base = "?"
        elif bases and bases[0] != "object":
            base = bases[0] if bases[0] in found else "?"
        methods: dict[str, cst.FunctionDef] = {}
        other: set[str] = set()
        body = stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else []
        for item in body:
            if isinstance(item, cst.FunctionDef):
                if item.decorators or item.asynchronous:
                    other.add(item.name.value)
                else:
                    methods[item.name.value] = item
            elif isinstance(item, cst.SimpleStatementLine):
                for small in item.body:
                    if isinstance(small, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
                        targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
                        for t in targets:
                            other.add(dotted(t) or "?")
            else:
                other.add("?")
        if "__slots__" in other or "?" in other:
            base = "?"
        found[name] = _Class(stmt, base, methods, other)
    return found


class _Lifter:
    """Lifts the methods of one module."""

    def __init__(self, module: cst.Module) -> None:
        self.classes = _classes(module)
        self.done: dict[tuple[str, str], Lifted | None] = {}
        self.why_not: dict[tuple[str, str], str] = {}  # (class, method) -> why it has no copy
        self.in_progress: set[tuple[str, str]] = set()
        self.module = module
        self._taken: set[str] | None = None
        self._init_attrs: dict[str, set[str]] = {}  # asked once per method lifted

    @property
    def taken(self) -> set[str]:
        """Every name the module spells (a copy's `self_<attr>` must not be one)."""
        if self._taken is None:
            self._taken = {n.value for n in walk(self.module) if isinstance(n, cst.Name)}
        return self._taken

    def mro(self, cls: str) -> list[str] | None:
        chain: list[str] = []
        while cls is not None:
            info = self.classes.get(cls)
            if info is None or info.base == "?" or cls in chain:
                return None
            chain.append(cls)
            cls = info.base  # type: ignore[assignment]
        return chain

    def resolve(self, cls: str, name: str) -> tuple[str, cst.FunctionDef] | None | str:
        """(owner, method) for a plain method; "attr" for other class-level names; None if unknown."""
        for owner in self.mro(cls) or []:
            info = self.classes[owner]
            if name in info.methods:
                return owner, info.methods[name]
            if name in info.other_names:
                return "attr"
        return None

    def init_attrs(self, cls: str) -> set[str]:
        """Attributes every instance of ``cls`` has once ``__init__`` returns (set at its top level)."""
        if cls not in self._init_attrs:
            self._init_attrs[cls] = self._find_init_attrs(cls)
        return self._init_attrs[cls]

    def _find_init_attrs(self, cls: str) -> set[str]:
        found = self.resolve(cls, "__init__")
        if not isinstance(found, tuple):
            return set()
        owner, init = found
        params = init.params.params
        if not params:
            return set()
        me = params[0].name.value
        attrs: set[str] = set()
        body = init.body.body if isinstance(init.body, cst.IndentedBlock) else []
        for stmt in body:
            if any(isinstance(n, (cst.Return, cst.Raise)) for n in walk(stmt)):
                break  # what follows may not run
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                targets: list[cst.BaseExpression] = []
                if isinstance(small, cst.Assign):
                    targets = [t.target for t in small.targets]
                elif isinstance(small, cst.AnnAssign) and small.value is not None:
                    targets = [small.target]
                elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                    func = small.value.func
                    if isinstance(func, cst.Attribute) and func.attr.value == "__init__" and isinstance(func.value, cst.Call) \
                            and dotted(func.value.func) == "super" and not func.value.args:
                        base = self.classes[owner].base
                        if base is not None:
                            attrs |= self.init_attrs(base)
                for target in targets:
                    for node in walk(target):
                        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == me:
                            attrs.add(node.attr.value)
        return attrs

    def lift(self, cls: str, method_name: str) -> Lifted | None:
        key = (cls, method_name)
        if key in self.done:
            return self.done[key]
        if key in self.in_progress:
            return None  # recursion through self
        found = self.resolve(cls, method_name)
        if not isinstance(found, tuple):
            return None
        self.in_progress.add(key)
        owner, method = found
        lifted = Lifted(cls, owner, method, f"{HELPER_PREFIX}{cls}_{method_name}")
        try:
            _Rewrite.lift(self, lifted)
        except _Fail as failure:
            self.why_not[key] = str(failure)
            result = None
        else:
            result = lifted
        self.in_progress.discard(key)
        self.done[key] = result
        return result


def _abstract(method: cst.FunctionDef) -> bool:
    """The body only raises (``raise NotImplementedError``), perhaps after a docstring."""
    body = [s for s in method.body.body if not is_docstring(s)] if isinstance(method.body, cst.IndentedBlock) else []
    return len(body) == 1 and isinstance(body[0], cst.SimpleStatementLine) and isinstance(body[0].body[0], cst.Raise)


class _Rewrite(cst.CSTTransformer):
    """``self.attr`` -> ``self_attr``, ``self.m(...)`` -> the lifted copy of ``m`` (one method body)."""

    def __init__(self, lifter: _Lifter, lifted: Lifted, me: str, attrs: set[str]) -> None:
        super().__init__()
        self.lifter = lifter
        self.lifted = lifted
        self.me = me
        self.attrs = attrs
        self.self_heads: set[int] = set()  # ids of `self` Names that head an allowed `self.x`
        self.stores: set[int] = set()  # ids of `self.x` Attributes in assignment targets
        self.aug: set[int] = set()
        self.call_funcs: set[int] = set()
        self.pending: dict[int, Lifted] = {}  # ids of rewritten calls of a writing method -> callee

    @classmethod
    def lift(cls, lifter: _Lifter, lifted: Lifted) -> None:
        method = lifted.method
        params = method.params
        if isinstance(params.star_arg, cst.Param) or params.star_kwarg is not None or params.posonly_params:
            raise _Fail("it takes *args or **kwargs")
        if not params.params or params.params[0].default is not None:
            raise _Fail("it has no `self` parameter")
        if _abstract(method):
            raise _Fail("it only raises")
        me = params.params[0].name.value
        attrs = lifter.init_attrs(lifted.cls)
        rewrite = cls(lifter, lifted, me, attrs)
        body = method.body.visit(rewrite)
        if rewrite.pending:
            raise _Fail("it uses the result of a method that sets attributes inside an expression")
        assert isinstance(body, cst.IndentedBlock)
        for name in lifted.params:
            if f"self_{name}" in lifter.taken:
                raise _Fail("a name `self_<attribute>` is taken")
        if lifted.writes:
            body = body.visit(_Returns(lifted))
            last = body.body[-1] if body.body else None
            if not (isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[-1], cst.Return)):
                body = body.with_changes(body=[*body.body, cst.SimpleStatementLine([cst.Return(_returned(lifted, None))])])
        new_params = [cst.Param(cst.Name(f"self_{a}")) for a in lifted.params]
        lifted.func = method.with_changes(
            name=cst.Name(lifted.name),
            params=params.with_changes(params=[*new_params, *params.params[1:]]),
            body=body,
            leading_lines=[cst.EmptyLine(), cst.EmptyLine()],
        )
        lifted.nodes[lifted.func] = method
        # loops and comprehensions, in order (the copy has the method's, and only those)
        mine = [n for n in walk(body) if n.__class__ in _LOCATED]
        theirs = [n for n in walk(method.body) if n.__class__ in _LOCATED]
        if len(mine) == len(theirs):
            lifted.nodes.update(zip(mine, theirs))

    # -- where `self` may appear ------------------------------------------------------
    # Constructs a copy cannot have, and the binding targets `self` must not appear in.
    _REFUSED = {cst.FunctionDef: "it defines a function inside", cst.ClassDef: "it defines a class inside",
                cst.Global: "it declares a global", cst.Nonlocal: "it declares a nonlocal",
                cst.Yield: "it is a generator", cst.Await: "it awaits"}
    _TARGETS = {cst.For: "target", cst.CompFor: "target", cst.NamedExpr: "target", cst.Del: "target", cst.WithItem: "asname"}

    def _mentions_self(self, node: cst.CSTNode) -> bool:
        return any(isinstance(n, cst.Name) and n.value == self.me for n in walk(node))

    def _no_self_target(self, target: cst.CSTNode) -> None:
        if self._mentions_self(target):
            raise _Fail("it binds `self` or writes through an attribute (`self.u[0] = ...`, `for self.i in ...`)")

    def on_visit(self, node: cst.CSTNode) -> bool:
        refused = self._REFUSED.get(type(node))
        if refused is not None:
            raise _Fail(refused)
        if isinstance(node, cst.Lambda):
            if self._mentions_self(node):
                raise _Fail("a lambda in it reads `self`")
            return False  # nothing of `self` inside to rewrite
        field = self._TARGETS.get(type(node))
        target = getattr(node, field) if field is not None else None
        if target is not None:
            self._no_self_target(target)
        return super().on_visit(node)

    def _store(self, target: cst.CSTNode, aug: bool = False) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._store(element.value)
        elif isinstance(target, cst.StarredElement):
            self._store(target.value)
        elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == self.me:
            self.stores.add(id(target))
            if aug:
                self.aug.add(id(target))
        elif not isinstance(target, cst.Name):
            # a write through something: `self.u[0] = ...`, `self.a.b = ...`
            self._no_self_target(target)

    def visit_Assign(self, node: cst.Assign) -> bool:
        for t in node.targets:
            self._store(t.target)
        return True

    def visit_AugAssign(self, node: cst.AugAssign) -> bool:
        self._store(node.target, aug=True)
        return True

    def visit_AnnAssign(self, node: cst.AnnAssign) -> bool:
        self._store(node.target)
        return True

    def visit_Call(self, node: cst.Call) -> bool:
        func = node.func
        self.call_funcs.add(id(func))
        # `self.log.append(x)`, `self.u.fill(0)`: a call of an attribute's method may write into it
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Attribute) and isinstance(func.value.value, cst.Name) \
                and func.value.value.value == self.me:
            raise _Fail("it calls a method of an attribute (`self.log.append(...)`), which may change it in place")
        if dotted(func) == "super":
            raise _Fail("it calls `super()`")
        return True

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if isinstance(node.value, cst.Name) and node.value.value == self.me:
            self.self_heads.add(id(node.value))
        return True

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        if original.value == self.me and id(original) not in self.self_heads:
            raise _Fail("it hands `self` itself to other code")
        return updated

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        if not (isinstance(original.value, cst.Name) and original.value.value == self.me):
            return updated
        attr = original.attr.value
        found = self.lifter.resolve(self.lifted.cls, attr)
        if isinstance(found, tuple):
            if id(original) not in self.call_funcs:
                raise _Fail("it uses a bound method as a value")
            return updated  # leave_Call replaces the call
        if found is not None:
            raise _Fail("it reads a class attribute or property through `self`")
        if attr not in self.attrs:
            raise _Fail(f"it reads `self.{attr}`, which `__init__` does not always set")
        if id(original) in self.stores:
            self.lifted.writes.add(attr)
            if id(original) in self.aug:
                self.lifted.reads.add(attr)
        else:
            self.lifted.reads.add(attr)
        return cst.Name(f"self_{attr}")

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = original.func
        if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == self.me):
            return updated
        callee = self.lifter.lift(self.lifted.cls, func.attr.value)
        if callee is None:
            raise _Fail(f"it calls `self.{func.attr.value}()`, which cannot have a copy either")
        if any(a.star for a in original.args):
            raise _Fail("it passes *args to a method")
        self.lifted.calls |= {func.attr.value} | callee.calls
        self.lifted.reads |= set(callee.params)
        self.lifted.writes |= callee.writes
        args = [cst.Arg(cst.Name(f"self_{a}")) for a in callee.params]
        call = updated.with_changes(func=cst.Name(callee.name), args=[*args, *updated.args])
        if callee.writes:
            self.pending[id(call)] = callee
        return call

    # -- statements that call a writing method -----------------------------------------
    def leave_Expr(self, original: cst.Expr, updated: cst.Expr) -> cst.BaseSmallStatement:
        callee = self.pending.pop(id(updated.value), None)
        if callee is None:
            return updated
        targets = [cst.Name(RESULT)] if callee.returns_value else []
        targets += [cst.Name(f"self_{a}") for a in callee.outputs]
        return cst.Assign([cst.AssignTarget(_tuple(targets))], updated.value)

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.BaseSmallStatement:
        callee = self.pending.pop(id(updated.value), None)
        if callee is None:
            return updated
        if not callee.returns_value or len(updated.targets) != 1 or not isinstance(updated.targets[0].target, cst.Name):
            raise _Fail("it unpacks the result of a method that sets attributes")
        targets = [updated.targets[0].target, *(cst.Name(f"self_{a}") for a in callee.outputs)]
        return updated.with_changes(targets=[cst.AssignTarget(_tuple(targets))])

    def leave_Return(self, original: cst.Return, updated: cst.Return) -> cst.Return:
        if original.value is not None:
            self.lifted.returns_value = True
        return updated



def _tuple(names: list[cst.BaseExpression]) -> cst.BaseExpression:
    if len(names) == 1:
        return names[0]
    return cst.Tuple([cst.Element(n) for n in names], lpar=[], rpar=[])


def _returned(lifted: Lifted, value: cst.BaseExpression | None) -> cst.BaseExpression:
    items: list[cst.BaseExpression] = [value or cst.Name("None")] if lifted.returns_value else []
    items += [cst.Name(f"self_{a}") for a in lifted.outputs]
    return _tuple(items)


class _Returns(cst.CSTTransformer):
    """Every ``return`` of a writing copy also returns the attributes it sets."""

    def __init__(self, lifted: Lifted) -> None:
        super().__init__()
        self.lifted = lifted

    def leave_Return(self, original: cst.Return, updated: cst.Return) -> cst.Return:
        return updated.with_changes(value=_returned(self.lifted, updated.value))


def _dispatch(lifted: Lifted, me: str) -> cst.If:
    """``if type(self) is Cls ...: <call the copy, write back, return>``."""
    method = lifted.method
    args = [cst.Arg(cst.parse_expression(f"{me}.{a}")) for a in lifted.params]
    for p in method.params.params[1:]:
        args.append(cst.Arg(cst.Name(p.name.value)))
    for p in method.params.kwonly_params:
        args.append(cst.Arg(cst.Name(p.name.value), keyword=cst.Name(p.name.value)))
    call = cst.Call(cst.Name(lifted.name), args)
    body: list[cst.BaseStatement] = []
    if lifted.writes:
        targets = ([cst.Name(RESULT)] if lifted.returns_value else []) + [cst.parse_expression(f"{me}.{a}") for a in lifted.outputs]
        body.append(cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(_tuple(targets))], call)]))
        body.append(cst.SimpleStatementLine([cst.Return(cst.Name(RESULT) if lifted.returns_value else None)]))
    else:
        body.append(cst.SimpleStatementLine([cst.Return(call)]))
    test = f"type({me}) is {lifted.cls}"
    if lifted.cls != lifted.owner:  # the subclass is defined after this class: look it up only when the name matches
        test = f"type({me}).__name__ == {lifted.cls!r} and {test}"
    if lifted.calls:
        names = ", ".join(repr(n) for n in sorted(lifted.calls))
        test += f" and not {{{names}}} & vars({me}).keys()"
    return cst.If(cst.parse_expression(test), cst.IndentedBlock(body))


def _called_in_loops(module: cst.Module) -> set[str]:
    """Names called as methods (``obj.step()``) inside a loop anywhere in the module: a
    method without a loop of its own is worth a compiled copy only when called many times."""
    found: set[str] = set()
    stack: list[tuple[cst.CSTNode, bool]] = [(module, False)]  # one pass (nested loops walked once)
    while stack:
        node, in_loop = stack.pop()
        kind = node.__class__
        if in_loop and kind is cst.Call and isinstance(node.func, cst.Attribute) \
                and not (isinstance(node.func.value, cst.Name) and node.func.value.value == "self"):  # type: ignore[attr-defined]
            found.add(node.func.attr.value)  # type: ignore[attr-defined]  (`self.step()` runs inside its caller's copy)
        inner = in_loop or kind is cst.For or kind is cst.While
        stack.extend((child, inner) for child in children(node))
    return found


def lift_methods(module: cst.Module, originals: Callable[[], dict[cst.CSTNode, cst.CSTNode]], not_lifted: dict[tuple[str, str], str],
                 keep: set[str] | None = None) -> tuple[cst.Module, dict[str, Lifted], dict[str, Lifted]]:
    """The module with hot methods lifted (all of them, or the entries named in ``keep``),
    the entries (copies the methods dispatch to) and every copy written (callees too);
    ``not_lifted`` gets why the other hot methods have no copy, by (defining class, name)."""
    lifter = _Lifter(module)
    hot = _called_in_loops(module)
    entries: dict[str, Lifted] = {}
    for cls in lifter.classes:
        if lifter.mro(cls) is None:
            continue
        names = {n for c in lifter.mro(cls) or [] for n in lifter.classes[c].methods}
        for name in sorted(names):
            if name.startswith("__"):
                continue
            found = lifter.resolve(cls, name)
            if not isinstance(found, tuple) or not (any(isinstance(n, (cst.For, cst.While)) for n in walk(found[1].body)) or name in hot):
                continue
            lifted = lifter.lift(cls, name)
            if lifted is not None and (keep is None or lifted.name in keep):
                entries[lifted.name] = lifted
            elif lifted is None and (cls, name) in lifter.why_not:
                not_lifted[(found[0], name)] = lifter.why_not[(cls, name)]
    if not entries:
        return module, {}, {}
    # every copy the entries need, callees included
    needed: dict[str, Lifted] = {}
    for (cls, name), lifted in lifter.done.items():
        if lifted is not None and any(e.cls == cls and (name in e.calls or e.name == lifted.name) for e in entries.values()):
            needed[lifted.name] = lifted
    for lifted in needed.values():  # point diagnostics in the copies at the user's method
        lifted.nodes = {copy: originals()[node] for copy, node in lifted.nodes.items() if node in originals()}
    dispatches: dict[cst.FunctionDef, list[cst.If]] = {}
    for lifted in entries.values():
        me = lifted.method.params.params[0].name.value
        dispatches.setdefault(lifted.method, []).append(_dispatch(lifted, me))
    after: dict[str, list[cst.FunctionDef]] = {}
    for lifted in needed.values():
        assert lifted.func is not None
        after.setdefault(lifted.cls, []).append(lifted.func)

    class _AddDispatch(cst.CSTTransformer):
        def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
            ifs = dispatches.get(original)
            if not ifs:
                return updated
            body = list(updated.body.body)
            at = 1 if body and is_docstring(body[0]) else 0  # after a docstring
            return updated.with_changes(body=updated.body.with_changes(body=[*body[:at], *ifs, *body[at:]]))

    body: list[cst.BaseStatement] = []
    for stmt in module.body:
        if isinstance(stmt, cst.ClassDef):
            body.append(stmt.visit(_AddDispatch()))  # type: ignore[arg-type]
            body.extend(after.get(stmt.name.value, []))
        else:
            body.append(stmt)
    return module.with_changes(body=body), entries, needed


@inserter(order=5)
def insert_lifted_methods(module: cst.Module, context: RewriteContext) -> cst.Module:
    """Lift methods holding loops to module functions where tf_function then compiles them."""
    if context.options.tf_function == "off" or not any(isinstance(s, cst.ClassDef) for s in module.body):
        return module
    found: list[dict[cst.CSTNode, cst.CSTNode]] = []

    def originals() -> dict[cst.CSTNode, cst.CSTNode]:  # analysed only for modules with copies to make
        if not found:
            found.append(_originals(module, context))
        return found[0]

    trial, entries, needed = lift_methods(module, originals, context.not_lifted)
    if not entries:
        return module
    context.lifted = dict(needed)
    verdicts = lifted_entries_worth_it(trial, context, set(entries))
    keep = {name for name, why in verdicts.items() if why is None}
    for name, why in verdicts.items():
        if why is not None:
            lifted = entries[name]
            context.not_lifted.setdefault((lifted.owner, lifted.method.name.value), f"the copy would stay eager: {why}")
    if keep != set(entries):
        trial, entries, needed = lift_methods(module, originals, {}, keep) if keep else (module, {}, {})
        context.lifted = dict(needed)
    if not entries:
        return module
    for lifted in entries.values():
        where = "" if lifted.cls == lifted.owner else f", for `{lifted.cls}` instances,"
        attrs = ", ".join(f"`{a}`" for a in lifted.params) or "none"
        sets = ", ".join(f"`{a}`" for a in lifted.outputs)
        context.lifted[lifted.name].note = (
            f"`{lifted.owner}.{lifted.method.name.value}` runs{where} as the module-level function `{lifted.name}`, which np2tf "
            f"can compile: the `self` attributes it uses ({attrs}) are passed in"
            + (f" and the ones it sets ({sets}) written back when it returns" if sets else "")
            + "; instances of other classes, or with a method it calls replaced on the instance, run the method as written"
        )
        context.report(originals().get(lifted.method, context.resolver.module), "N2T408", context.lifted[lifted.name].note)
    return trial


def _originals(module: cst.Module, context: RewriteContext) -> dict[cst.CSTNode, cst.CSTNode]:
    """Rewritten node -> the user's node, for ``module`` before any method is lifted."""
    from np2tf.insert._analysis import analyse_module

    lifted, context.lifted = context.lifted, {}
    try:
        return analyse_module(module, context).originals
    finally:
        context.lifted = lifted
