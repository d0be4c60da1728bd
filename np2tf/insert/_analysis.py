"""What the performance inserters need to know about converted code: graph safety, cost, loops.

The inserters work on the *rewritten* module (NumPy calls already ``tnp``/``n2t``), so
this module reads converted spellings: calls through the aliases in
:attr:`RewriteContext.aliases` are TensorFlow ops; any name still bound to a NumPy import
is host code. Positions for diagnostics come from the original module, paired node for
node (rewrites never add or drop functions or loops).

The rules follow AutoGraph's documented limitations
(``tensorflow/python/autograph/g3doc/reference/limitations.md``): Python side effects run
once, at trace time; tensors cannot become Python values inside a graph; loop variables
of a graph loop must be defined before it and keep their dtype and shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from np2tf.resolve import MASK_PREDICATES
from np2tf.rewrite import RewriteContext
from np2tf.scope import children

# Builtins a graph function may call: AutoGraph converts them or they act on Python values.
SAFE_BUILTINS = {
    "range", "len", "enumerate", "zip", "abs", "isinstance", "tuple", "list", "dict",
    "reversed", "sum", "min", "max", "slice", "all", "any", "map", "filter",
}
# Builtins whose effect is on the host: in a graph they run once, at trace time, or fail.
HOST_BUILTINS = {
    "print": "calls print(), which would run once at trace time, not per call",
    "input": "reads input()",
    "open": "does file I/O (open)",
    "exec": "calls exec()",
    "eval": "calls eval()",
    "breakpoint": "calls breakpoint()",
    "float": "calls float() on a value that may be a tensor (a host value inside a graph)",
    "int": "calls int() on a value that may be a tensor (a host value inside a graph)",
    "bool": "calls bool() on a value that may be a tensor (a host value inside a graph)",
    "complex": "calls complex() on a value that may be a tensor",
    "round": "calls round() on a value that may be a tensor",
    "iter": "calls iter()",
    "next": "calls next()",
    "id": "calls id()",
    "setattr": "calls setattr()",
    "getattr": "calls getattr()",
    "globals": "calls globals()",
    "locals": "calls locals()",
    "vars": "calls vars()",
}
HOST_METHODS = {
    "numpy": "calls .numpy(), a host value inside a graph",
    "item": "calls .item(), a host value inside a graph",
    "tolist": "calls .tolist(), a host value inside a graph",
    "tobytes": "calls .tobytes(), a host value inside a graph",
}
MUTATING_METHODS = {"append", "extend", "insert", "pop", "update", "add", "clear", "remove", "setdefault", "discard", "popitem", "sort", "reverse"}
# Calls that grow or shrink an array: such a value cannot be a graph loop variable.
SHAPE_CHANGING = {"concatenate", "append", "hstack", "vstack", "stack", "column_stack", "insert", "delete", "resize", "pad", "repeat", "tile", "unique", "r_", "c_", "concat", "boolean_mask", "extract", "compress", "nonzero", "argwhere", "flatnonzero", "trim_zeros"}
# Calls whose result shape depends on the data: XLA cannot compile them.
DYNAMIC_SHAPE = {"unique", "nonzero", "argwhere", "flatnonzero", "extract", "compress", "boolean_mask", "trim_zeros", "histogram", "setdiff1d", "intersect1d", "union1d", "in1d", "isin"}
# Runtime helpers that read static dimensions: under reduce_retracing's relaxed shapes they
# fail (n2t.pad(x, 1, mode="edge") computes `x.shape[axis] - 1`), so callers retrace per shape.
NEEDS_STATIC_SHAPE = {"pad"}
# A loop bound at most this large is unrolled at trace time without much cost.
SMALL_TRIP_COUNT = 16


def dotted(node: cst.CSTNode) -> str | None:
    """``a.b.c`` for a chain of names, else ``None``."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return None if head is None else f"{head}.{node.attr.value}"
    return None


def walk(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every node under ``root`` (itself included), in source order, without whitespace,
    comments and punctuation.

    Children come from :func:`np2tf.scope.children` (per-type field tables): libcst's
    ``node.children`` collects them through a visitor, and was 2/3 of the whole
    conversion time on SciPy files (127,533 walks, 3.4 of 5.1 s on one 346-line file).
    """
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(list(children(node))))


def is_docstring(stmt: cst.CSTNode) -> bool:
    """A statement that is only a string literal (a docstring where it comes first)."""
    return (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)
            and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString)))


def element_lambda(node: cst.CSTNode, n2t: str) -> cst.Lambda | None:
    """The element expression of an ``n2t.elementwise_update(u, a, b, lambda i, ...: ..., ...)``
    or ``n2t.mask_update(u, m, lambda ...: ..., ...)`` call np2tf wrote
    (insert/element_loops.py): a lambda called at once, not kept."""
    if node.__class__ is not cst.Call:
        return None
    at = {6: 3, 5: 2}.get(len(node.args))  # type: ignore[attr-defined]
    if at is not None and node.args[at].value.__class__ is cst.Lambda \
            and dotted(node.func) == f"{n2t}.{'elementwise_update' if at == 3 else 'mask_update'}":  # type: ignore[attr-defined]
        return node.args[at].value  # type: ignore[attr-defined,return-value]
    return None


def is_mask(expr: cst.CSTNode, names: frozenset[str] | set[str] = frozenset()) -> bool:
    """Whether ``expr`` is a boolean array by its form: a comparison, ``~``/``&``/``|``/``^``
    of one, an elementwise predicate (``isnan``), or one of ``names`` (see :func:`mask_names`).
    Evidence, not proof (``(x > 0) & 3`` is an int array): runtime helpers check the dtype."""
    if isinstance(expr, cst.Comparison):
        return True
    if isinstance(expr, cst.Name):
        return expr.value in names
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.BitInvert):
        return is_mask(expr.expression, names)
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.BitAnd, cst.BitOr, cst.BitXor)):
        return is_mask(expr.left, names) or is_mask(expr.right, names)
    if isinstance(expr, cst.Call):
        return (dotted(expr.func) or "").rsplit(".", 1)[-1] in MASK_PREDICATES
    return False


def mask_names(scope: cst.CSTNode) -> set[str]:
    """Names every assignment in ``scope`` binds to a mask (``flip = sub & accept`` with
    ``accept = (dE <= 0) | ...``), to a fixpoint."""
    values: dict[str, list[cst.BaseExpression]] = {}
    for node in walk(scope):
        if isinstance(node, cst.Assign):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    values.setdefault(target.target.value, []).append(node.value if len(node.targets) == 1 else cst.Name("_"))
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign)) and isinstance(node.target, cst.Name):
            values.setdefault(node.target.value, []).append(node.value if isinstance(node, cst.AnnAssign) and node.value is not None else cst.Name("_"))
        elif isinstance(node, (cst.For, cst.CompFor)):
            for target in walk(node.target):
                if isinstance(target, cst.Name):
                    values.setdefault(target.value, []).append(cst.Name("_"))
    masks: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, exprs in values.items():
            if name not in masks and all(is_mask(e, masks) for e in exprs):
                masks.add(name)
                changed = True
    return masks


def names_read(root: cst.CSTNode) -> set[str]:
    """Plain names loaded anywhere under ``root`` (attribute heads included, attributes not).

    Positions decide, not node identity: rewrites may reuse one ``Name`` node as both the
    target and an argument (``acc = n2t.setitem(acc, ...)``), and that name is read.
    """
    reads: set[str] = set()
    stack: list[tuple[cst.CSTNode, bool]] = [(root, False)]  # (node, in a binding position)
    while stack:
        node, store = stack.pop()
        if isinstance(node, cst.Name):
            if not store:
                reads.add(node.value)
            continue
        if store:
            if isinstance(node, (cst.Tuple, cst.List)):
                stack.extend((e.value, True) for e in node.elements)
            elif isinstance(node, cst.StarredElement):
                stack.append((node.value, True))
            else:  # `a[i] = v`, `a.b = v`: a and i are read
                stack.append((node, False))
            continue
        if isinstance(node, cst.Attribute):
            stack.append((node.value, False))
        elif isinstance(node, cst.Arg):
            stack.append((node.value, False))
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Param)):
            stack.extend((c, False) for c in node.children if c is not node.name)
        elif isinstance(node, cst.Assign):
            stack.extend((t.target, True) for t in node.targets)
            stack.append((node.value, False))
        elif isinstance(node, cst.AugAssign):  # `x += 1` reads x too
            stack.extend([(node.target, False), (node.value, False)])
        elif isinstance(node, cst.AnnAssign):
            stack.append((node.target, True))
            stack.extend((c, False) for c in (node.annotation, node.value) if c is not None)
        elif isinstance(node, (cst.For, cst.CompFor, cst.NamedExpr)):
            stack.append((node.target, True))
            stack.extend((c, False) for c in node.children if c is not node.target)
        elif isinstance(node, cst.WithItem):
            stack.append((node.item, False))
            if node.asname is not None:
                stack.append((node.asname.name, True))
        else:
            stack.extend((c, False) for c in node.children)
    return reads


# Nodes that bind names (exact classes: libcst's node classes are leaves, and isinstance
# through their ABC metaclass was a tenth of the insert stage).
_BINDERS = {cst.Assign, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.WithItem, cst.NamedExpr}


def _targets(node: cst.CSTNode) -> list[cst.CSTNode]:
    kind = node.__class__
    if kind not in _BINDERS:
        return []
    if kind is cst.Assign:
        return [t.target for t in node.targets]  # type: ignore[attr-defined]
    if kind is cst.WithItem:
        return [node.asname.name] if node.asname is not None else []  # type: ignore[attr-defined]
    return [node.target]  # type: ignore[attr-defined]


def target_names(target: cst.CSTNode) -> set[str]:
    """Names bound by an assignment target (not the ones read inside ``a[i] = ...``)."""
    kind = target.__class__
    if kind is cst.Name:
        return {target.value}  # type: ignore[attr-defined]
    if kind is cst.Tuple or kind is cst.List:
        return set().union(*(target_names(e.value) for e in target.elements)) if target.elements else set()  # type: ignore[attr-defined]
    if kind is cst.StarredElement:
        return target_names(target.value)  # type: ignore[attr-defined]
    return set()


def assigned(root: cst.CSTNode) -> set[str]:
    """Names bound anywhere under ``root`` (nested functions excluded)."""
    found: set[str] = set()
    binders = _BINDERS
    for node in walk(root):
        if node.__class__ in binders:
            for target in _targets(node):
                found |= target_names(target)
    return found


def is_range(call: cst.BaseExpression, ctx: Module) -> bool:
    """``range(...)`` (Python's) or ``tf.range(...)``."""
    return isinstance(call, cst.Call) and dotted(call.func) in ("range", f"{ctx.tf}.range")


@dataclass
class Module:
    """Facts about one rewritten module that every inserter asks for."""

    context: RewriteContext
    module: cst.Module
    tnp: str
    tf: str
    n2t: str
    numpy_names: set[str]
    foreign_modules: set[str]  # names bound to imports of non-TF, non-NumPy modules
    functions: dict[str, cst.FunctionDef]
    changing_globals: set[str]
    originals: dict[cst.CSTNode, cst.CSTNode] = field(default_factory=dict)
    # function name -> the names of the functions (or "<module>") that call it, with "loop" when in a loop
    callers: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    # Memos of local_arrays / returns_arrays. They call each other through tuple
    # assignments from calls, so unmemoised a chain of k functions costs O(2^k) walks (80%
    # of conversion time on SciPy), and recursion never ended (RecursionError, N2T900).
    _arrays_memo: dict[cst.FunctionDef, set[str]] = field(default_factory=dict, repr=False)
    _returns_memo: dict[str, int] = field(default_factory=dict, repr=False)
    _in_progress: set[str] = field(default_factory=set, repr=False)
    _cycles: int = field(default=0, repr=False)
    # Other per-module answers inserters compute once (tf_function's loop calls, call graph).
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def array_prefixes(self) -> tuple[str, ...]:
        """Spellings of calls that produce tensors."""
        return (f"{self.tnp}.", f"{self.n2t}.", f"{self.tf}.")

    def is_tf_call(self, node: cst.CSTNode) -> bool:
        """A call through ``tnp``, ``n2t`` or ``tf``."""
        return isinstance(node, cst.Call) and (dotted(node.func) or "").startswith(self.array_prefixes)

    def report(self, node: cst.CSTNode, code: str, message: str, help: str = "") -> None:
        """Report at the original node paired with rewritten ``node``; a function np2tf
        rewrote (so pairing by position failed) at the user's ``def`` of that name; else at
        the module."""
        original = self.originals.get(node)
        if original is None and isinstance(node, cst.FunctionDef):
            original = self.user_def(node.name.value)
        self.context.report(original or self.context.resolver.module, code, message, help)

    def original_write(self, name: str, index: cst.BaseExpression) -> cst.CSTNode | None:
        """The user's item write ``name[index] = ...`` or ``name[index] op= ...`` that a
        rewritten ``name = n2t.setitem(name, n2t.s_[index], ...)`` came from: the one with
        the same index text, else the only write to ``name[...]``; ``None`` if ambiguous."""
        writes = self.memo.get("item_writes")
        if writes is None:
            writes = self.memo["item_writes"] = {}
            for node in self.context.resolver.nodes:
                targets = [t.target for t in node.targets] if node.__class__ is cst.Assign else [node.target] if node.__class__ is cst.AugAssign else []  # type: ignore[attr-defined]
                for target in targets:
                    if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name) and len(target.slice) == 1 \
                            and isinstance(target.slice[0].slice, cst.Index):
                        writes.setdefault(target.value.value, []).append((_code(target.slice[0].slice.value), node))
        found = writes.get(name, [])
        same = [node for text, node in found if text == _code(index)]
        if len(same) == 1:
            return same[0]
        return found[0][1] if len(found) == 1 else None

    def user_def(self, name: str) -> cst.FunctionDef | None:
        """The user's top-level ``def`` of ``name`` (for np2tf's ``_n2t_<owner>_loopN``
        helpers, ``owner``'s)."""
        owner = re.fullmatch(r"_n2t_(\w+)_loop\d+", name)  # a loop np2tf took out of `owner`
        defs = self.memo.get("user_defs")
        if defs is None:
            defs = self.memo["user_defs"] = {s.name.value: s for s in self.context.resolver.module.body if isinstance(s, cst.FunctionDef)}
        name = owner.group(1) if owner else name
        lifted = self.context.lifted.get(name) or self.context.lifted.get(f"_n2t_{name}")
        if lifted is not None:
            return lifted.nodes.get(lifted.func)
        return defs.get(name)

    def is_array_expr(self, expr: cst.BaseExpression | None, local_arrays: set[str]) -> bool:
        """Whether a rewritten expression certainly evaluates to a tensor."""
        if expr is None:
            return False
        if self.is_tf_call(expr):
            name = dotted(expr.func) or ""  # type: ignore[attr-defined]
            return not name.startswith((f"{self.n2t}.random.seed", f"{self.tf}.print"))
        if isinstance(expr, cst.Name):
            return expr.value in local_arrays
        if isinstance(expr, cst.BinaryOperation):
            return self.is_array_expr(expr.left, local_arrays) or self.is_array_expr(expr.right, local_arrays)
        if isinstance(expr, cst.UnaryOperation):
            return self.is_array_expr(expr.expression, local_arrays)
        if isinstance(expr, cst.Comparison):
            return self.is_array_expr(expr.left, local_arrays) or any(self.is_array_expr(c.comparator, local_arrays) for c in expr.comparisons)
        if isinstance(expr, cst.Subscript):
            return self.is_array_expr(expr.value, local_arrays)
        if isinstance(expr, cst.Attribute) and expr.attr.value in ("T", "mT", "real", "imag"):
            return self.is_array_expr(expr.value, local_arrays)
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
            # array methods (x.reshape(...), x.sum()) keep arrays arrays
            return expr.func.attr.value not in HOST_METHODS and self.is_array_expr(expr.func.value, local_arrays)
        return False

    def returns_arrays(self, name: str) -> int:
        """How many arrays a module function returns as a tuple (0 when unknown).

        A function that is asked about again while its own answer is being worked out
        (recursion) counts as unknown; answers that depended on such a guess are not memoised.
        """
        if name in self._returns_memo:
            return self._returns_memo[name]
        if name in self._in_progress:
            self._cycles += 1
            return 0
        cycles = self._cycles
        self._in_progress.add(name)
        try:
            found = self._returns_arrays(name)
        finally:
            self._in_progress.discard(name)
        if self._cycles == cycles:
            self._returns_memo[name] = found
        return found

    def _returns_arrays(self, name: str) -> int:
        func = self.functions.get(name)
        if func is None:
            return 0
        counts = set()
        arrays = self.local_arrays(func)
        for node in walk(func.body):
            if isinstance(node, cst.Return) and node.value is not None:
                value = node.value
                if isinstance(value, cst.Tuple) and all(self.is_array_expr(e.value, arrays) for e in value.elements):
                    counts.add(len(value.elements))
                elif self.is_array_expr(value, arrays):
                    counts.add(1)
                else:
                    return 0
        return counts.pop() if len(counts) == 1 else 0

    def local_arrays(self, func: cst.FunctionDef) -> set[str]:
        """Locals of ``func`` every assignment of which is an array (to a fixpoint).

        Memoised per function node (nodes are immutable; a rewritten function is a new node).
        Callers get a copy they may change.
        """
        memo = self._arrays_memo.get(func)
        if memo is not None:
            return set(memo)
        cycles = self._cycles
        arrays = self._local_arrays(func)
        if self._cycles == cycles:
            self._arrays_memo[func] = set(arrays)
        return arrays

    def _local_arrays(self, func: cst.FunctionDef) -> set[str]:
        bindings: dict[str, list[cst.BaseExpression | None]] = {}
        for node in walk(func.body):
            if isinstance(node, cst.Assign):
                for t in node.targets:
                    if isinstance(t.target, cst.Name):
                        bindings.setdefault(t.target.value, []).append(node.value)
                    elif isinstance(t.target, cst.Tuple):
                        n = self.returns_arrays(dotted(node.value.func) or "") if isinstance(node.value, cst.Call) else 0
                        for e in t.target.elements:
                            if isinstance(e.value, cst.Name):
                                bindings.setdefault(e.value.value, []).append(_ARRAY if n == len(t.target.elements) else None)
            elif isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name):
                bindings.setdefault(node.target.value, []).append(cst.BinaryOperation(node.target, cst.Add(), node.value))
            else:
                for target in _targets(node):
                    for name in target_names(target):
                        bindings.setdefault(name, []).append(None)
        arrays = {p.name.value for p in func.params.params if self._param_is_array(p)}
        changed = True
        while changed:
            changed = False
            for name, values in bindings.items():
                if name in arrays:
                    continue
                trial = arrays | {name}
                if all(v is _ARRAY or self.is_array_expr(v, trial) for v in values):
                    # optimistic on self-reference (`u = u + 1`), like resolve.Kind on cycles
                    if all(v is _ARRAY or self.is_array_expr(v, arrays) or _mentions(v, name) for v in values):
                        arrays.add(name)
                        changed = True
        return arrays

    def _param_is_array(self, param: cst.Param) -> bool:
        original = self.originals.get(param)
        if original is None:
            return False
        from np2tf.resolve import Kind

        return self.context.resolver.kind(original) is Kind.ARRAY


_ARRAY = cst.Name("__array__")


def _mentions(expr: cst.CSTNode | None, name: str) -> bool:
    return expr is not None and any(isinstance(n, cst.Name) and n.value == name for n in walk(expr))


# The nodes reports point at, paired between the original and the rewritten module.
_PAIRED = {cst.FunctionDef, cst.For, cst.While, cst.ListComp, cst.ClassDef, cst.Param}


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def _pair(original: list[cst.CSTNode], new: list[cst.CSTNode]) -> dict[cst.CSTNode, cst.CSTNode]:
    """Rewritten node -> original node (``original``: the resolver's index of the original
    module; ``new``: the rewritten module's nodes of those kinds, in :func:`walk` order)."""
    old = [n for n in original if n.__class__ in _PAIRED]
    if len(old) != len(new) or any(type(a) is not type(b) for a, b in zip(old, new)):
        return {}
    return dict(zip(new, old))


def analyse_module(module: cst.Module, context: RewriteContext) -> Module:
    """Collect the module-level facts the inserters share."""
    numpy_names: set[str] = set()
    foreign: set[str] = set()
    ours = {"tensorflow", "np2tf"}
    globals_declared: set[str] = set()
    paired: list[cst.CSTNode] = []
    lifted = context.lifted  # methods' module-level copies (insert/methods.py): not in the original
    nodes = walk(module) if not lifted else (n for s in module.body if not (isinstance(s, cst.FunctionDef) and s.name.value in lifted) for n in walk(s))
    n2t = context.aliases.get("np2tf.runtime", "n2t")
    skip: set[int] = set()  # parameters of lambdas np2tf wrote (insert/element_loops.py)
    for node in nodes:
        kind = node.__class__
        made = element_lambda(node, n2t) if kind is cst.Call else None
        if made is not None:
            skip |= {id(p) for p in made.params.params}
        if kind in _PAIRED and id(node) not in skip:
            paired.append(node)
        if kind is cst.Global:
            globals_declared |= {n.name.value for n in node.names}  # type: ignore[attr-defined]
        elif kind is cst.Import:
            for alias in node.names:
                full = dotted(alias.name) or ""
                bound = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else full.split(".")[0]
                root = full.split(".")[0]
                (numpy_names if root == "numpy" else foreign if root not in ours else set()).add(bound)
        elif kind is cst.ImportFrom and not isinstance(node.names, cst.ImportStar):  # type: ignore[attr-defined]
            root = (dotted(node.module) or "").split(".")[0] if node.module else ""
            for alias in node.names:
                bound = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else (dotted(alias.name) or "")
                (numpy_names if root == "numpy" else foreign if root not in ours else set()).add(bound)
    functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    counts: dict[str, int] = {}
    for stmt in module.body:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            counts[stmt.name.value] = counts.get(stmt.name.value, 0) + 1
        else:
            for name in assigned(stmt):
                counts[name] = counts.get(name, 0) + 1
    changing = {n for n, c in counts.items() if c > 1} | globals_declared
    info = Module(
        context=context,
        module=module,
        tnp=context.aliases.get("tensorflow.experimental.numpy", "tnp"),
        tf=context.aliases.get("tensorflow", "tf"),
        n2t=context.aliases.get("np2tf.runtime", "n2t"),
        numpy_names=numpy_names,
        foreign_modules=foreign,
        functions=functions,
        changing_globals=changing,
        originals=_pair([n for n in context.resolver.nodes if n not in context.unpaired] if context.unpaired else context.resolver.nodes, paired),
    )
    for copy in lifted.values():  # their nodes -> the user's method's (insert/methods.py)
        info.originals.update(copy.nodes)
    info.callers = _callers(info)
    return info


def _callers(info: Module) -> dict[str, list[tuple[str, bool]]]:
    found: dict[str, list[tuple[str, bool]]] = {}

    mapped = f"{info.n2t}.elementwise_map"
    # A comprehension calls its element once per item: `[ufunc(t, x0) for x0 in x]` is a loop.
    loops = {cst.For, cst.While, cst.CompFor, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp}

    def visit(node: cst.CSTNode, owner: str, in_loop: bool) -> None:
        kind = node.__class__  # exact classes: isinstance on libcst's ABCs is slow
        if kind is cst.Call and node.func.__class__ is cst.Name and node.func.value in info.functions:  # type: ignore[attr-defined]
            found.setdefault(node.func.value, []).append((owner, in_loop))  # type: ignore[attr-defined]
        elif kind is cst.Call and node.func.__class__ is cst.Attribute and node.func.attr.value == "elementwise_map" \
                and node.args and node.args[0].value.__class__ is cst.Name and dotted(node.func) == mapped \
                and node.args[0].value.value in info.functions:  # type: ignore[attr-defined]
            # `n2t.elementwise_map(f, ...)` (insert/element_loops.py) calls f once on the array
            found.setdefault(node.args[0].value.value, []).append((owner, in_loop))  # type: ignore[attr-defined]
        if kind is cst.FunctionDef:
            owner = node.name.value if owner == "<module>" else owner  # type: ignore[attr-defined]
        in_loop = in_loop or kind in loops
        for child in children(node):
            visit(child, owner, in_loop)

    visit(info.module, "<module>", False)
    return found


def decorator_names(func: cst.FunctionDef) -> list[str]:
    """Dotted names of ``func``'s decorators (calls by their callee), np2tf's ``on_device`` left out."""
    out = []
    for d in func.decorators:
        expr = d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator
        name = dotted(expr) or "?"
        # np2tf's own device decorator (insert/device.py) wraps calls; it changes nothing in the body.
        if not name.endswith(".on_device"):
            out.append(name)
    return out
