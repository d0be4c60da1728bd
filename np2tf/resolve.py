"""Resolve names: which expressions are NumPy APIs, and which values are arrays.

NumPy names are found by qualified name (libcst's scope semantics, computed by
:mod:`np2tf.scope`), so every import form (``import numpy as np``, ``from numpy import
zeros as z``, ``import numpy.linalg as la``) resolves to the same qualified name, and a
local or parameter that happens to be called ``np`` does not.

Array inference is a small flow-insensitive dataflow over those scopes: a name is an
array when every assignment to it in its scope is an array expression (a NumPy call,
arithmetic on an array, a subscript or method of one, a parameter annotated as one).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Iterator, Mapping

import libcst as cst

from np2tf import scope as _scope
from np2tf.classes import ClassIndex, Store, index_classes, is_none as _is_none, method_receiver as _receiver
from np2tf.ruleset import RuleSet
from np2tf.scope import Assignment, QualifiedNameSource, Scope

NUMPY = "numpy"
# Modules whose calls return arrays in code np2tf already converted (keeps a second
# conversion a no-op).
ARRAY_MODULES = ("numpy.", "tensorflow.experimental.numpy.", "np2tf.runtime.")
# Annotations that mark a parameter as an array.
ARRAY_ANNOTATIONS = {"numpy.ndarray", "numpy.typing.NDArray", "numpy.typing.ArrayLike"}
# Builtins and constructors whose results are certainly not arrays.
NOT_ARRAY_CALLS = {
    "builtins.list",
    "builtins.dict",
    "builtins.set",
    "builtins.tuple",
    "builtins.str",
    "builtins.sorted",
    "builtins.range",
    "builtins.zip",
    "builtins.enumerate",
    "builtins.len",
    "builtins.int",
    "builtins.float",
    "builtins.bool",
    "builtins.open",
    "builtins.repr",
    "builtins.frozenset",
    "builtins.bytes",
}
# NumPy functions whose result shares memory with an argument: writing through the result
# writes the argument too, so results of these are never "fresh".
VIEW_FUNCTIONS = {
    f"numpy.{n}"
    for n in (
        "asarray asanyarray ascontiguousarray asfortranarray reshape ravel transpose squeeze "
        "expand_dims swapaxes moveaxis rollaxis atleast_1d atleast_2d atleast_3d broadcast_to "
        "diagonal real imag flip fliplr flipud rot90 split array_split hsplit vsplit dsplit "
        "broadcast_arrays matrix_transpose permute_dims"
    ).split()
}
VIEW_METHODS = {"reshape", "ravel", "transpose", "T", "squeeze", "swapaxes", "view", "diagonal", "real", "imag", "flat", "mT"}
# Methods whose results are new arrays (so `b = a.copy()` is fresh).
ARRAY_METHODS = {
    "sum", "mean", "std", "var", "min", "max", "argmin", "argmax", "prod", "cumsum", "cumprod",
    "all", "any", "dot", "copy", "astype", "reshape", "flatten", "ravel", "transpose", "T",
    "swapaxes", "squeeze", "repeat", "clip", "round", "conj", "conjugate", "diagonal", "trace",
    "argsort", "take", "compress", "nonzero", "ptp", "real", "imag", "mT", "cumulative_sum",
}  # fmt: skip
FRESH_METHODS = ARRAY_METHODS - VIEW_METHODS
# NumPy APIs whose result is a tuple (or list) of arrays, so unpacked names are arrays.
TUPLE_RESULTS = {
    f"numpy.{n}"
    for n in (
        "meshgrid linalg.svd linalg.eigh linalg.eig linalg.qr linalg.slogdet histogram histogram2d "
        "gradient nonzero where broadcast_arrays split array_split hsplit vsplit dsplit divmod modf "
        "frexp indices ogrid mgrid unique atleast_1d atleast_2d atleast_3d"
    ).split()
}
# Constructors of random generators and the methods that draw arrays from them.
GENERATORS = {"default_rng", "RandomState", "Generator"}
RANDOM_DRAWS = {
    "normal", "uniform", "random", "integers", "rand", "randn", "randint", "choice", "permutation",
    "permuted", "standard_normal", "binomial", "poisson", "exponential", "gamma", "beta",
    "multivariate_normal", "random_sample", "lognormal", "laplace", "logistic", "geometric",
    "dirichlet", "multinomial", "chisquare", "standard_t", "gumbel", "weibull", "pareto",
    "rayleigh", "triangular", "standard_exponential", "standard_gamma", "sample", "ranf",
}  # fmt: skip


class Kind(Enum):
    """What array inference knows about an expression."""

    ARRAY = "array"
    OTHER = "other"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Reference:
    """A maximal expression naming a NumPy API (``np.linalg.norm``, not ``np.linalg``)."""

    node: cst.Name | cst.Attribute
    qualified_name: str


class Resolver:
    """Answers name and type questions about one module's original nodes."""

    def __init__(self, module: cst.Module | Any, rules: RuleSet, text: str | None = None) -> None:
        """Analyse ``module`` (a libcst ``MetadataWrapper`` is accepted for its module).

        ``text`` is the module's source, when the caller has it: positions are then
        found without generating the module's code.
        """
        self.module: cst.Module = module if isinstance(module, cst.Module) else module.module
        self.rules = rules
        # One walk for nodes, parents and extents and one for scopes (np2tf/scope.py
        # explains why not libcst's metadata providers); positions only on demand.
        index = _scope.index(self.module)
        self.nodes: list[cst.CSTNode] = index.nodes
        self.parents: dict[cst.CSTNode, cst.CSTNode] = index.parents
        self._extent: dict[cst.CSTNode, tuple[int, int]] = index.extent
        analysis = _scope.analyze(self.module)
        self.scopes: Mapping[cst.CSTNode, Scope | None] = analysis.scopes
        # Every scope of the module (the distinct values of ``scopes``).
        self.all_scopes: list[Scope] = analysis.all_scopes
        self._positions = _scope.Positions(self.module, text, index)
        # Every import statement of the module, in source order.
        imports = (cst.Import, cst.ImportFrom)
        self.import_statements: list[cst.Import | cst.ImportFrom] = [n for n in self.nodes if n.__class__ in imports]  # type: ignore[misc]
        self._import_names = _names_bound_by_imports(self.import_statements)  # type: ignore[arg-type]
        self.imports_numpy = _imports_package(self.import_statements, NUMPY)  # type: ignore[arg-type]
        # pandas Series take boolean masks too (`s[s > 0] = 0`, `s[np.isnan(s)]`): in a
        # module that imports pandas a mask index is no evidence of an array.
        self._imports_pandas = _imports_package(self.import_statements, "pandas")  # type: ignore[arg-type]
        self._qualified_cache: dict[cst.CSTNode, str | None] = {}
        # (scope, name) pairs subscripted like an N-d array (`u[1:-1, 1:-1]`, `u[..., 0]`):
        # lists and dicts cannot take such an index, so it is evidence of an array.
        self._indexed_like_array: set[tuple[int, str]] = set()
        self._referents: dict[cst.CSTNode, tuple[object, ...]] = {}
        self._values: dict[cst.CSTNode, cst.CSTNode | None] = {}
        self._kind_cache: dict[cst.CSTNode, Kind] = {}
        # _name_kind per (name, the assignments it may see): every read of a name libcst
        # resolves to the same assignments gets the same answer. A 4,700-line function that
        # rebinds one name 1,500 times (SciPy's _lebedev.py) otherwise costs reads x assignments.
        self._name_kinds: dict[tuple[str, tuple[object, ...]], Kind] = {}
        self._assignment_kinds: dict[object, Kind] = {}  # the kind of the value each assignment binds
        self._in_progress: set[cst.CSTNode] = set()
        self._fresh_in_progress: set[cst.CSTNode] = set()
        self._classes: ClassIndex | None = None  # built on the first attribute question
        self._attribute_kinds: dict[tuple[cst.ClassDef, str], Kind] = {}
        self._method_kinds: dict[tuple[cst.ClassDef, str], Kind] = {}
        self._index_scopes()

    # -- names ---------------------------------------------------------------------------

    def qualified_name(self, node: cst.CSTNode) -> str | None:
        """The single qualified name of an imported dotted name, or ``None``.

        libcst also names ``np.arange(6).reshape`` as ``numpy.arange.reshape``; only
        plain dotted chains (``np.linalg.norm``) count here.
        """
        cache = self._qualified_cache
        if node in cache:
            return cache[node]
        result = None
        root = node
        while root.__class__ is cst.Attribute:  # exact classes: isinstance on libcst's ABCs is slow
            root = root.value  # type: ignore[attr-defined]
        scope = self.scopes.get(node)
        if root.__class__ is cst.Name and root.value in self._import_names and scope is not None:  # type: ignore[attr-defined]
            names = scope.get_qualified_names_for(node)
            # Bound differently on different paths (`try: import cupy as np`): not ours to guess.
            if len(names) == 1:
                (name,) = names
                if name.source is QualifiedNameSource.IMPORT:
                    result = name.name
        cache[node] = result
        return result

    def numpy_name(self, node: cst.CSTNode) -> str | None:
        """The qualified NumPy name ``node`` refers to, if it refers to NumPy."""
        name = self.qualified_name(node)
        if name is not None and (name == NUMPY or name.startswith(NUMPY + ".")):
            return name
        return None

    def references(self) -> Iterator[Reference]:
        """Every maximal NumPy reference in the module, in source order."""
        names = (cst.Name, cst.Attribute)
        for node in self.nodes:
            if node.__class__ not in names:  # isinstance on libcst's ABCs is slow
                continue
            name = self.numpy_name(node)
            if name is None:
                continue
            parent = self.parents.get(node)
            if parent.__class__ is cst.Attribute and parent.value is node and self.numpy_name(parent):  # type: ignore[union-attr]
                continue  # part of a longer NumPy chain
            yield Reference(node, name)

    def position(self, node: cst.CSTNode) -> tuple[int, int]:
        """1-based line and column of ``node``."""
        line, column = self._positions.start(node)
        return line, column + 1

    def is_load(self, node: cst.CSTNode) -> bool:
        """Whether ``node`` is read (not assigned or deleted)."""
        child, parent = node, self.parents.get(node)
        while isinstance(parent, (cst.Tuple, cst.List, cst.Element, cst.StarredElement)):
            child, parent = parent, self.parents.get(parent)
        if isinstance(parent, (cst.AssignTarget, cst.AsName, cst.Del)):
            return False
        if isinstance(parent, (cst.AugAssign, cst.AnnAssign)) and parent.target is child:
            return False
        if isinstance(parent, (cst.For, cst.CompFor)) and parent.target is child:
            return False
        return True

    def descendants(self, node: cst.CSTNode) -> list[cst.CSTNode]:
        """``node`` and everything below it, in source order."""
        start, end = self._extent[node]
        return self.nodes[start:end]

    def order(self, node: cst.CSTNode) -> tuple[int, int]:
        """Where ``node`` and its last descendant are in :attr:`nodes` (source order)."""
        return self._extent[node]

    # -- instance attributes -------------------------------------------------------------

    def attribute_key(self, node: cst.CSTNode) -> tuple[cst.ClassDef, str] | None:
        """``(class, name)`` when ``node`` is ``self.name`` with ``self`` the receiver of a
        method; ``class`` stands for the class's in-module hierarchy (:class:`ClassIndex`).

        libcst's scopes say which binding ``self`` reads, so a closure inside a method
        counts, and a nested function's own first parameter or a rebound ``self`` do not.
        """
        if node.__class__ is not cst.Attribute or node.value.__class__ is not cst.Name:  # type: ignore[attr-defined]
            return None
        receivers = self.classes().receivers
        if not receivers:
            return None
        referents = self.referents(node.value)  # type: ignore[attr-defined]
        if len(referents) != 1:
            return None
        family = receivers.get(getattr(referents[0], "node", None))  # type: ignore[arg-type]
        return (family, node.attr.value) if family is not None else None  # type: ignore[attr-defined]

    def classes(self) -> ClassIndex:
        """The module's classes and their instance attributes (:mod:`np2tf.classes`),
        indexed on the first attribute question."""
        if self._classes is None:
            self._classes = ClassIndex()
            index_classes(self, self._classes)
        return self._classes

    def attribute_stores(self, key: tuple[cst.ClassDef, str]) -> list[Store]:
        """Every store to the attribute ``key``: in its classes' methods, in their bodies,
        and ``obj.<name> = v`` anywhere else (``obj`` may be an instance)."""
        index = self.classes()
        return [*index.stores.get(key, ()), *index.outside_stores.get(key[1], ())]

    def attribute_kind(self, key: tuple[cst.ClassDef, str]) -> Kind:
        """An array when every store to the attribute binds one (cycles through other
        attributes and locals, `self.u = new` with `new = 2.0 * self.u`, are optimistic,
        as for names: the other stores decide)."""
        known = self._attribute_kinds.get(key)
        if known is not None:
            return known
        stores = self.attribute_stores(key) if self.classes().stores.get(key) else []
        final = True
        # `self.u = None` until `setup()` binds an array: None takes no writes and no
        # array operations in NumPy either, so it does not stop the attribute being one.
        stores = [(v, t) for v, t in stores if not _is_none(v)]
        result = Kind.ARRAY if stores else Kind.UNKNOWN
        for value, _ in stores:
            if value is None or self.kind(value) is not Kind.ARRAY:
                result = Kind.UNKNOWN
                break
            final = final and value in self._kind_cache  # not a guess made inside a cycle
        if final:
            self._attribute_kinds[key] = result
        return result

    def _method_kind(self, key: tuple[cst.ClassDef, str]) -> Kind:
        """``self.f(...)``: an array when every method ``f`` of the class's hierarchy ends in
        a ``return`` and returns arrays only (and no instance attribute shadows it)."""
        known = self._method_kinds.get(key)
        if known is not None:
            return known
        index = self.classes()
        methods = index.methods.get(key, [])
        result = Kind.ARRAY if methods and not index.stores.get(key) else Kind.UNKNOWN
        final = True
        for method in methods if result is Kind.ARRAY else ():
            returns = self._own_returns(method) if _ends_in_return(method) else []
            if not returns or any(r.value is None or self.kind(r.value) is not Kind.ARRAY for r in returns):
                result = Kind.UNKNOWN
                break
            final = final and all(r.value in self._kind_cache for r in returns)
        if final:
            self._method_kinds[key] = result
        return result

    # -- dataflow ------------------------------------------------------------------------

    def _index_scopes(self) -> None:
        # Exact classes (none of these has subclasses): isinstance on libcst's ABCs is slow.
        wanted = {cst.Subscript, cst.Assign, cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor}
        masked: list[cst.Subscript] = []  # judged once every binding's value is recorded
        for node in self.nodes:
            kind = node.__class__
            if kind not in wanted:
                continue
            if kind is cst.Subscript:
                if isinstance(node.value, cst.Name):  # type: ignore[attr-defined]
                    if _array_index(node):  # type: ignore[arg-type]
                        self._indexed_like_array.add((id(self.scopes.get(node.value)), node.value.value))  # type: ignore[attr-defined]
                    else:
                        masked.append(node)  # type: ignore[arg-type]
            elif kind is cst.Assign:
                for target in node.targets:  # type: ignore[attr-defined]
                    self._record(target.target, node.value)  # type: ignore[attr-defined]
            elif kind is cst.AnnAssign:
                self._record(node.target, node.value if node.value is not None else node.annotation)  # type: ignore[attr-defined]
            elif kind is cst.AugAssign:
                self._record(node.target, cst.BinaryOperation(node.target, cst.Add(), node.value))  # type: ignore[attr-defined]
            else:
                self._record(node.target, cst.Subscript(node.iter, [cst.SubscriptElement(cst.Index(cst.Integer("0")))]))  # type: ignore[attr-defined]
        for node in masked:
            if self._mask_index(node):
                self._indexed_like_array.add((id(self.scopes.get(node.value)), node.value.value))  # type: ignore[attr-defined]

    def _mask_index(self, subscript: cst.Subscript) -> bool:
        """``x[<boolean array>]``, which lists and tuples cannot take (not even NumPy's bool
        scalar): ``x[np.isnan(x)]``, ``x[x > 0]`` (``x`` compared: not a list; indexed: not
        a number), ``~``/``&``/``|`` of those, or a name bound only to ``np.isnan(...)``-style
        predicates (``inf_a = np.isinf(a)`` then ``c[inf_a]``). Not in modules importing
        pandas, whose Series take the same masks."""
        if self._imports_pandas or len(subscript.slice) != 1 or not isinstance(subscript.slice[0].slice, cst.Index):
            return False
        owner = subscript.value.value  # type: ignore[attr-defined]
        return self._mask_form(subscript.slice[0].slice.value, owner, depth=0)

    def _mask_form(self, expr: cst.BaseExpression, owner: str, depth: int) -> bool:
        if isinstance(expr, cst.Comparison):
            sides = [expr.left, *(c.comparator for c in expr.comparisons)]
            return any(isinstance(x, cst.Name) and x.value == owner for x in sides)
        if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.BitInvert):
            return self._mask_form(expr.expression, owner, depth)
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.BitAnd, cst.BitOr, cst.BitXor)):
            return self._mask_form(expr.left, owner, depth) or self._mask_form(expr.right, owner, depth)
        if isinstance(expr, cst.Call) and isinstance(expr.func, (cst.Name, cst.Attribute)):
            return (self.qualified_name(expr.func) or "") in _NUMPY_MASK_PREDICATES
        if isinstance(expr, cst.Name) and depth < 3:
            assignments = getattr(self.scopes.get(expr), "assignments", None)
            values = [self.assigned_value(a) for a in assignments[expr.value]] if assignments is not None else []
            return bool(values) and all(v is not None and self._mask_form(v, owner, depth + 1) for _, v in values)  # type: ignore[arg-type]
        return False

    def _record(self, target: cst.CSTNode, value: cst.CSTNode | None) -> None:
        if isinstance(target, cst.Name):
            self._values[target] = value
        elif isinstance(target, (cst.Tuple, cst.List)):
            arrays = value is not None and self.returns_arrays(value)
            for i, element in enumerate(target.elements):
                if arrays and isinstance(element.value, cst.Name):
                    # `u, s, vh = np.linalg.svd(a)`: every element is an array.
                    self._values[element.value] = cst.Subscript(value, [cst.SubscriptElement(cst.Index(cst.Integer(str(i))))])  # type: ignore[arg-type]
                else:
                    self._record(element.value, None)  # unpacking: unknown

    def returns_arrays(self, value: cst.CSTNode) -> bool:
        """Whether ``value`` is a NumPy call (or grid) whose result is a tuple of arrays."""
        if isinstance(value, cst.Call) and isinstance(value.func, (cst.Name, cst.Attribute)):
            name = self.qualified_name(value.func)
        elif isinstance(value, cst.Subscript) and isinstance(value.value, (cst.Name, cst.Attribute)):
            name = self.qualified_name(value.value)
        else:
            return False
        return name is not None and _as_numpy_name(name) in TUPLE_RESULTS

    def referents(self, name: cst.Name) -> tuple[object, ...]:
        """The assignments a read of ``name`` may see (libcst scope analysis).

        libcst records no access for the target of ``x += 1``, which reads ``x`` too; for
        such names every assignment in the scope counts, as for any other read.
        """
        found = self._referents.get(name)
        if found is not None:
            return found
        scope = self.scopes.get(name)
        accesses = scope._accesses_by_node.get(name) if scope is not None else None
        if accesses:
            found = tuple(accesses[-1].referents)
        elif scope is None or not isinstance(name, cst.Name) or name.value not in scope:
            return ()
        else:
            found = tuple(scope[name.value])
        self._referents[name] = found
        return found

    def assigned_value(self, assignment: object) -> tuple[bool, cst.CSTNode | None]:
        """``(known, value)`` for one assignment: the expression it binds, when known."""
        if not isinstance(assignment, Assignment):
            return True, None  # builtins
        node = assignment.node
        if isinstance(node, cst.Name) and node in self._values:
            return True, self._values[node]
        if isinstance(node, cst.Param):
            return True, node  # the parameter itself
        return False, None

    def kind(self, expr: cst.CSTNode) -> Kind:
        """Whether ``expr`` (an original node) is certainly an array, certainly not, or unknown."""
        cached = self._kind_cache.get(expr)
        if cached is not None:
            return cached
        if expr in self._in_progress:
            return Kind.ARRAY  # optimistic on cycles (`x = x + 1`); other assignments decide
        self._in_progress.add(expr)
        try:
            result = self._kind(expr)
        finally:
            self._in_progress.discard(expr)
        self._kind_cache[expr] = result
        return result

    def _kind(self, expr: cst.CSTNode) -> Kind:
        if isinstance(expr, (cst.List, cst.Dict, cst.Set, cst.Tuple, cst.ListComp, cst.DictComp, cst.SetComp)):
            return Kind.OTHER
        if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, cst.Lambda)):
            return Kind.OTHER
        if isinstance(expr, (cst.Integer, cst.Float, cst.Imaginary)):
            return Kind.OTHER
        if isinstance(expr, cst.Param):
            annotated = self._annotation_kind(expr.annotation)
            return annotated if annotated is not Kind.UNKNOWN else self._argument_kind(expr)
        if isinstance(expr, cst.Annotation):
            return self._annotation_kind(expr)
        if isinstance(expr, cst.Name):
            return self._name_kind(expr)
        if isinstance(expr, cst.Call):
            return self._call_kind(expr)
        if isinstance(expr, cst.Attribute):
            if self.qualified_name(expr) is not None:
                # A NumPy constant or dtype (`np.False_`), or its converted spelling
                # (`n2t.False_`, `tnp.float32`): not an array, before and after conversion.
                return Kind.OTHER
            if expr.attr.value in ("T", "mT", "real", "imag") and self.kind(expr.value) is Kind.ARRAY:
                return Kind.ARRAY
            key = self.attribute_key(expr)
            return self.attribute_kind(key) if key is not None else Kind.UNKNOWN
        if isinstance(expr, cst.BinaryOperation):
            left, right = self.kind(expr.left), self.kind(expr.right)
            return Kind.ARRAY if Kind.ARRAY in (left, right) else Kind.UNKNOWN
        if isinstance(expr, cst.UnaryOperation):
            return Kind.ARRAY if self.kind(expr.expression) is Kind.ARRAY else Kind.UNKNOWN
        if isinstance(expr, cst.Comparison):
            kinds = [self.kind(expr.left)] + [self.kind(c.comparator) for c in expr.comparisons]
            ops = [type(c.operator) for c in expr.comparisons]
            if any(op in (cst.In, cst.NotIn, cst.Is, cst.IsNot) for op in ops):
                return Kind.UNKNOWN
            return Kind.ARRAY if Kind.ARRAY in kinds else Kind.UNKNOWN
        if isinstance(expr, cst.Subscript):
            if self.returns_arrays(expr.value):
                return Kind.ARRAY
            elements = self._returned_elements(expr)
            if elements:  # `f(x)[0]` (and `a, b = f(x)` into attributes) for `return w, b`
                return Kind.ARRAY if all(self.kind(e) is Kind.ARRAY for e in elements) else Kind.UNKNOWN
            return Kind.ARRAY if self.kind(expr.value) is Kind.ARRAY else Kind.UNKNOWN
        if isinstance(expr, cst.IfExp):
            a, b = self.kind(expr.body), self.kind(expr.orelse)
            return a if a == b else Kind.UNKNOWN
        return Kind.UNKNOWN

    def _argument_kind(self, param: cst.Param) -> Kind:
        """A parameter's kind from the arguments at every call of its function in this module.

        Only for module-level functions whose name is used solely in direct calls, so every
        value the parameter can take is visible here.
        """
        arguments = self._call_arguments(param)
        if arguments is None:
            return Kind.UNKNOWN
        kinds = {self.kind(value) if value is not None else (self.kind(param.default) if param.default is not None else Kind.UNKNOWN)
                 for value in arguments}
        return kinds.pop() if len(kinds) == 1 else Kind.UNKNOWN

    def _annotation_kind(self, annotation: cst.Annotation | None) -> Kind:
        if annotation is None:
            return Kind.UNKNOWN
        node = annotation.annotation
        if isinstance(node, cst.Subscript):
            node = node.value
        name = self.qualified_name(node) if isinstance(node, (cst.Name, cst.Attribute)) else None
        return Kind.ARRAY if name in ARRAY_ANNOTATIONS else Kind.UNKNOWN

    def _name_kind(self, name: cst.Name) -> Kind:
        referents = self.referents(name)
        if not referents:
            return Kind.UNKNOWN
        key = (name.value, referents)
        known = self._name_kinds.get(key)
        if known is None:
            known = self._name_kinds[key] = self._referents_kind(name, referents)
        return known

    def _referents_kind(self, name: cst.Name, referents: tuple[object, ...]) -> Kind:
        kinds = set()
        memo = self._assignment_kinds
        last = None
        for assignment in referents:
            kind = memo.get(assignment)
            if kind is not None and kind is last:
                continue
            if kind is None:
                known, value = self.assigned_value(assignment)
                if not known:
                    kind = Kind.OTHER if isinstance(getattr(assignment, "node", None), (cst.FunctionDef, cst.ClassDef, cst.ImportAlias)) else Kind.UNKNOWN
                elif value is None:
                    kind = Kind.UNKNOWN if isinstance(assignment, Assignment) else Kind.OTHER
                else:
                    kind = self.kind(value)
                    if value not in self._kind_cache:  # a guess made inside a cycle: not final
                        kinds.add(kind)
                        continue
                memo[assignment] = kind
            kinds.add(kind)
            last = kind
        # Indexed like an array (`u[1:-1, 0]`, `x[np.isnan(x)]`) and bound to nothing known
        # to be another kind: an array, also where a parameter (unknown) is rebound to one
        # (`x = x.copy()`: libcst's scopes let the later read see both bindings).
        if Kind.UNKNOWN in kinds and Kind.OTHER not in kinds and any(
            (id(getattr(a, "scope", None)), name.value) in self._indexed_like_array for a in referents
        ):
            return Kind.ARRAY
        return kinds.pop() if len(kinds) == 1 else Kind.UNKNOWN

    def _call_kind(self, call: cst.Call) -> Kind:
        func = call.func
        name = self.qualified_name(func) if isinstance(func, (cst.Name, cst.Attribute)) else None
        if name in NOT_ARRAY_CALLS:
            return Kind.OTHER
        if name is not None and name.startswith("np2tf.runtime.ndarray."):
            # Converted method call: the same answer as for the method it came from, so a
            # second conversion sees what the first one saw.
            method = name.rsplit(".", 1)[1]
            receiver = call.args[0].value if call.args else None
            if method in ARRAY_METHODS and receiver is not None and self.kind(receiver) is Kind.ARRAY:
                return Kind.ARRAY
            return Kind.UNKNOWN
        if name is not None and name.startswith(ARRAY_MODULES):
            name = _as_numpy_name(name)
            rule = self.rules.lookup(name)
            if rule is not None and (rule.returns != "array" or rule.kind not in ("function", "dtype")) and rule.kind != "dtype":
                return Kind.OTHER if rule.kind != "function" else Kind.UNKNOWN
            if rule is not None and rule.kind == "dtype":
                # np.float64(x): an array (or a NumPy scalar) in NumPy, and converted to
                # tnp.asarray(x, dtype=...), an array: the same answer on both passes.
                return Kind.ARRAY
            if name.startswith("numpy.random.") and name.rsplit(".", 1)[1] in ("seed", "default_rng", "RandomState", "get_state", "set_state"):
                return Kind.OTHER
            return Kind.ARRAY
        if isinstance(func, cst.Attribute) and func.attr.value in ARRAY_METHODS:
            if self.kind(func.value) is Kind.ARRAY:
                return Kind.ARRAY
        if isinstance(func, cst.Attribute) and func.attr.value in RANDOM_DRAWS and self._is_generator(func.value):
            return Kind.ARRAY  # rng.normal(...), np.random.RandomState(1).normal(...)
        if isinstance(func, cst.Name):
            return self._user_function_kind(func)
        key = self.attribute_key(func)
        if key is not None:
            return self._method_kind(key)  # self.f(...)
        return Kind.UNKNOWN

    def _user_function_kind(self, func: cst.Name) -> Kind:
        """``f(...)`` for a module-level ``def f`` every ``return`` of which returns an array
        (and which cannot fall off its end): an array. ``img2 = blur(img); img2[m] = 0``
        must be planned as an array write (found by held-out programs: left unconverted)."""
        function = self._module_function(func)
        returns = self._own_returns(function) if function is not None else []
        kinds = {self.kind(r.value) if r.value is not None else Kind.OTHER for r in returns}
        # All arrays: an array. All known non-arrays (a dict of parameters): not an array.
        return kinds.pop() if len(kinds) == 1 else Kind.UNKNOWN

    def _is_generator(self, expr: cst.CSTNode) -> bool:
        """Whether ``expr`` is a NumPy ``Generator``/``RandomState`` (or its conversion)."""
        return self.generator_kind(expr) is not None

    def generator_kind(self, expr: cst.CSTNode, depth: int = 0) -> str | None:
        """``"RandomState"``, ``"default_rng"`` or ``"Generator"`` when ``expr`` certainly is
        a random generator made by that constructor (a call of it, a name bound only to such
        calls, or a parameter every call site passes one for), ``"mixed"`` when it certainly
        is a generator of several makes; else ``None``."""
        if depth > 8:
            return None
        if isinstance(expr, cst.Call):
            name = self.qualified_name(expr.func) if isinstance(expr.func, (cst.Name, cst.Attribute)) else None
            short = name.rsplit(".", 1)[-1] if name is not None else None
            return short if short in GENERATORS and _as_numpy_name(name).startswith("numpy.random") else None
        if not isinstance(expr, cst.Name):
            return None
        referents = self.referents(expr)
        param = getattr(next(iter(referents)), "node", None) if len(referents) == 1 else None
        if isinstance(param, cst.Param):
            # simulate(rng) with rng = np.random.RandomState(0) at every call site
            values = self._call_arguments(param) or []
        else:
            assigned = [self.assigned_value(a) for a in referents]
            values = [value if known else None for known, value in assigned]
        kinds = {self.generator_kind(v, depth + 1) if v is not None else None for v in values}
        if not kinds or None in kinds:
            return None
        return kinds.pop() if len(kinds) == 1 else "mixed"  # a generator, of several makes

    def direct_calls(self, function: cst.FunctionDef | cst.ClassDef) -> list[cst.Call] | None:
        """Every use of ``function``'s (or a class's) name, when it has that one binding and
        each use is a direct call ``f(...)`` (so every call is visible here); else ``None``."""
        scope = self.scopes.get(function)
        assignments = list(scope.assignments[function.name.value]) if scope is not None else []
        if len(assignments) != 1 or getattr(assignments[0], "node", None) is not function:
            return None
        calls = []
        for access in assignments[0].references:
            call = self.parents.get(access.node)
            if not (isinstance(call, cst.Call) and call.func is access.node):
                return None
            calls.append(call)
        return calls

    def _call_arguments(self, param: cst.Param) -> list[cst.CSTNode | None] | None:
        """The argument passed for ``param`` at every call of its module-level function,
        or of the class whose ``__init__`` it belongs to (``None`` where a call leaves it
        to the default), when every use of the function or class is a direct call without
        ``*``/``**``; else ``None``."""
        params = self.parents.get(param)
        function = self.parents.get(params) if isinstance(params, cst.Parameters) else None
        if not isinstance(function, cst.FunctionDef) or param not in params.params:  # type: ignore[union-attr]
            return None
        position = list(params.params).index(param)  # type: ignore[union-attr]
        owner: cst.CSTNode | None = self.parents.get(function)
        if isinstance(owner, cst.IndentedBlock) and function.name.value == "__init__" and not function.decorators:
            # `Wave(u0)` passes `u0` to `__init__(self, u)`; a class used as a base or a
            # value (not only called) returns None below.
            owner = self.parents.get(owner)
            position -= 1
            if not isinstance(owner, cst.ClassDef) or position < 0:
                return None
            calls = self.direct_calls(owner)
        elif isinstance(owner, cst.IndentedBlock) and _receiver(function) is not None and not function.decorators:
            # `self.update(self.w)` passes `self.w` to `update(self, arr)`
            position -= 1
            calls = self._method_calls(function) if position >= 0 else None
        elif isinstance(owner, cst.Module):
            calls = self.direct_calls(function)
        else:
            return None
        if calls is None:
            return None
        values: list[cst.CSTNode | None] = []
        for call in calls:
            value = None
            for i, arg in enumerate(call.args):
                if arg.star:
                    return None
                if (arg.keyword is not None and arg.keyword.value == param.name.value) or (arg.keyword is None and i == position):
                    value = arg.value
            values.append(value)
        return values

    def _method_calls(self, method: cst.FunctionDef) -> list[cst.Call] | None:
        """Every ``self.<method>(...)`` in the class hierarchy and ``obj.<method>(...)``
        elsewhere, when each use of the name is such a direct call; else ``None``."""
        receiver = _receiver(method)
        family = self.classes().receivers.get(receiver) if receiver is not None else None
        if family is None:
            return None
        name = method.name.value
        index = self.classes()
        calls = []
        for use in [*index.reads.get((family, name), ()), *index.outside_reads.get(name, ())]:
            call = self.parents.get(use)
            if not (isinstance(call, cst.Call) and call.func is use):
                return None
            calls.append(call)
        return calls

    def is_fresh(self, expr: cst.CSTNode | None) -> bool:
        """Whether ``expr`` certainly makes a new array that nothing else refers to."""
        if isinstance(expr, cst.Call) and _is_copy(self, expr):
            return True  # a copy is fresh whatever it copies
        if isinstance(expr, (cst.BinaryOperation, cst.UnaryOperation, cst.Comparison)):
            # Arithmetic makes a new object whatever its operands are (`2.0 * self.u - ...`
            # with attributes of unknown kind); a non-array result takes no index writes.
            return True
        if expr is None or self.kind(expr) is not Kind.ARRAY:
            return False
        if isinstance(expr, cst.Call):
            func = expr.func
            name = self.qualified_name(func) if isinstance(func, (cst.Name, cst.Attribute)) else None
            if name is not None and name.startswith("np2tf.runtime.ndarray."):
                # A converted method call: fresh exactly when the method was (`p.ravel()` is a view).
                return name.rsplit(".", 1)[1] in FRESH_METHODS
            if name is not None and _as_numpy_name(name) in VIEW_FUNCTIONS and expr.args and isinstance(
                    expr.args[0].value, (cst.List, cst.Tuple, cst.ListComp, cst.GeneratorExp)) and not expr.args[0].keyword:
                return True  # `np.asarray([f(x) for x in xs])` builds an array from a list
            if name is not None:
                return _as_numpy_name(name) not in VIEW_FUNCTIONS
            if isinstance(func, cst.Name) or self.attribute_key(func) is not None:
                return self._user_function_fresh(func)  # type: ignore[arg-type]
            return isinstance(func, cst.Attribute) and (func.attr.value in FRESH_METHODS or func.attr.value in RANDOM_DRAWS)
        if isinstance(expr, cst.Subscript):
            elements = self._returned_elements(expr)  # `w, b = init(d)`, each a new array
            return bool(elements) and all(self.is_fresh(e) for e in elements)
        return False

    def _user_function_fresh(self, func: cst.Name | cst.Attribute) -> bool:
        """``f(...)`` for a module-level ``def f`` (or ``self.f(...)`` for methods) whose
        every ``return`` makes a new array (``return np.array(rows)``): nothing else refers
        to its result."""
        functions = self.callees(func)
        if not functions or any(f in self._fresh_in_progress for f in functions):
            return False
        self._fresh_in_progress.update(functions)
        try:
            returns = [r for f in functions for r in self._own_returns(f)]
            return bool(returns) and all(r.value is not None and self.is_fresh(r.value) for r in returns)
        finally:
            self._fresh_in_progress.difference_update(functions)

    def callees(self, func: cst.CSTNode) -> list[cst.FunctionDef]:
        """The functions ``func(...)`` may run, when all are visible and end in ``return``:
        a module-level ``def``, or every method of that name in ``self``'s class hierarchy
        (none when an instance attribute of the name shadows them)."""
        if isinstance(func, cst.Name):
            function = self._module_function(func)
            return [function] if function is not None else []
        key = self.attribute_key(func)
        index = self.classes()
        if key is None or index.stores.get(key):
            return []
        methods = index.methods.get(key, [])
        return methods if all(_ends_in_return(m) for m in methods) else []

    def _returned_elements(self, subscript: cst.Subscript) -> list[cst.BaseExpression]:
        """Element ``i`` of every ``return a, b`` of the function ``f`` in ``f(...)[i]``;
        empty when some ``return`` is not a tuple display that long."""
        call, elements = subscript.value, subscript.slice
        if not (isinstance(call, cst.Call) and len(elements) == 1 and isinstance(elements[0].slice, cst.Index)
                and isinstance(elements[0].slice.value, cst.Integer)):
            return []
        position = int(elements[0].slice.value.value)
        values: list[cst.BaseExpression] = []
        for function in self.callees(call.func):
            for r in self._own_returns(function):
                shown = r.value
                if not isinstance(shown, (cst.Tuple, cst.List)) or len(shown.elements) <= position \
                        or any(isinstance(e, cst.StarredElement) for e in shown.elements):
                    return []
                values.append(shown.elements[position].value)
        return values

    def _module_function(self, func: cst.Name) -> cst.FunctionDef | None:
        """The module-level ``def`` a name is bound to, when that is its only binding and the
        function cannot fall off its end (its last statement is a ``return``)."""
        referents = self.referents(func)
        if len(referents) != 1:
            return None
        function = getattr(next(iter(referents)), "node", None)
        if not isinstance(function, cst.FunctionDef) or not isinstance(self.parents.get(function), cst.Module):
            return None
        body = function.body.body if isinstance(function.body, cst.IndentedBlock) else ()
        last = body[-1] if body else None
        if not (isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[-1], cst.Return)):
            return None
        return function

    def _own_returns(self, function: cst.FunctionDef) -> list[cst.Return]:
        """``return`` statements of ``function`` itself; none when it yields or awaits."""
        nodes = self.descendants(function)[1:]
        nested = {id(d) for n in nodes if isinstance(n, (cst.FunctionDef, cst.Lambda, cst.ClassDef)) for d in self.descendants(n)}
        own = [n for n in nodes if id(n) not in nested]
        if any(isinstance(n, (cst.Yield, cst.Await)) for n in own):
            return []
        return [n for n in own if isinstance(n, cst.Return)]


def _ends_in_return(function: cst.FunctionDef) -> bool:
    body = function.body.body if isinstance(function.body, cst.IndentedBlock) else ()
    last = body[-1] if body else None
    return isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[-1], cst.Return)


# NumPy predicates whose result is a boolean array (or NumPy's bool scalar, which lists and
# tuples reject as an index); insert/_analysis.py reads them under their tnp/n2t names too.
MASK_PREDICATES = frozenset({"isnan", "isinf", "isfinite", "isclose", "signbit", "logical_and", "logical_or",
                             "logical_not", "logical_xor", "isneginf", "isposinf", "isreal", "iscomplex"})
_NUMPY_MASK_PREDICATES = {f"numpy.{n}" for n in MASK_PREDICATES}


def _array_index(subscript: cst.Subscript) -> bool:
    """An index only N-d arrays take: a tuple with a slice, or an ``...``."""
    elements = subscript.slice
    if any(isinstance(e.slice, cst.Index) and isinstance(e.slice.value, cst.Ellipsis) for e in elements):
        return True
    return len(elements) >= 2 and any(isinstance(e.slice, cst.Slice) for e in elements)


def _is_copy(resolver: "Resolver", call: cst.Call) -> bool:
    func = call.func
    name = resolver.qualified_name(func) if isinstance(func, (cst.Name, cst.Attribute)) else None
    if name in ("numpy.copy", "numpy.array", "tensorflow.experimental.numpy.copy", "np2tf.runtime.ndarray.copy"):
        return not (name == "numpy.array" and any(a.keyword and a.keyword.value == "copy" for a in call.args))
    return name is None and isinstance(func, cst.Attribute) and func.attr.value == "copy" and not call.args


def _is_dotted(node: cst.CSTNode) -> bool:
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name)


def _as_numpy_name(name: str) -> str:
    """``tensorflow.experimental.numpy.sum``/``np2tf.runtime.linalg.norm`` -> the NumPy name."""
    for prefix in ("tensorflow.experimental.numpy.", "np2tf.runtime."):
        if name.startswith(prefix):
            return "numpy." + name[len(prefix) :]
    return name


def _imports_package(nodes: list[cst.CSTNode], package: str) -> bool:
    for node in nodes:
        if isinstance(node, cst.Import) and any(a.evaluated_name.split(".")[0] == package for a in node.names):
            return True
        if isinstance(node, cst.ImportFrom) and not node.relative and node.module is not None:
            if (cst.helpers.get_full_name_for_node(node.module) or "").split(".")[0] == package:
                return True
    return False


def _names_bound_by_imports(nodes: list[cst.CSTNode]) -> set[str]:
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, (cst.Import, cst.ImportFrom)) and not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                names.add((alias.evaluated_alias or alias.evaluated_name).split(".", 1)[0])
    return names
