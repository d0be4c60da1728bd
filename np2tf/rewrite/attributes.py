"""Arrays held in instance attributes (``self.w``) and whether writes to them can rebind.

A training loop written as a class keeps its state in attributes: ``self.w =
np.zeros(d)`` in ``__init__``, then ``self.w -= lr * g`` or ``self.w[i] = v`` in a
method. Rebinding the attribute to a new tensor gives NumPy's result as long as nothing
else holds the old array: no ``w = self.w`` alias, no ``[self.w, self.b]`` list an
optimizer updates in place, no getter returning it, and the attribute was not bound to
an array the caller still has (``self.w = w`` with ``w`` a parameter).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from np2tf.resolve import ARRAY_METHODS, Kind, Resolver

_STORING_METHODS = {"append", "extend", "insert", "add", "update", "setdefault", "appendleft"}


@dataclass
class ArrayAttribute:
    """What np2tf knows about ``self.<name>`` within one class."""

    name: str
    values: list[cst.BaseExpression] = field(default_factory=list)
    blocker: str | None = None


def _self_name(function: cst.FunctionDef) -> str | None:
    params = function.params.params
    if not params or any(isinstance(d.decorator, cst.Name) and d.decorator.value in ("staticmethod", "classmethod") for d in function.decorators):
        return None
    return params[0].name.value


def self_attribute(node: cst.CSTNode, receiver: str) -> str | None:
    """``name`` when ``node`` is ``<receiver>.name``."""
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == receiver:
        return node.attr.value
    return None


def _escape(resolver: Resolver, node: cst.Attribute) -> str | None:
    parent = resolver.parents.get(node)
    line = resolver.position(node)[0]
    label = f"`{node.value.value}.{node.attr.value}`"  # type: ignore[attr-defined]
    if isinstance(parent, (cst.Assign, cst.AnnAssign)) and parent.value is node:
        return f"{label} is also bound to another name (line {line}), which would keep the old array"
    if isinstance(parent, (cst.Element, cst.DictElement, cst.Yield, cst.Return)):
        return f"{label} is handed out at line {line} (returned or put in a container), so other code may hold the old array"
    if isinstance(parent, cst.Arg):
        call = resolver.parents.get(parent)
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value in _STORING_METHODS and not resolver.qualified_name(call.func):
            return f"{label} is stored by `.{call.func.attr.value}()` (line {line})"
    return None


def array_attributes(resolver: Resolver) -> dict[tuple[int, str], ArrayAttribute]:
    """Attributes of ``self`` that hold arrays, keyed by ``(id(class), name)``.

    An attribute counts when every assignment to it in the class's methods is an array
    expression. ``blocker`` says why writes to it cannot become rebindings.
    """
    found: dict[tuple[int, str], ArrayAttribute] = {}
    for klass in _classes(resolver):
        attrs: dict[str, ArrayAttribute] = {}
        reads: list[tuple[str, cst.Attribute]] = []
        for function in _methods(klass):
            receiver = _self_name(function)
            if receiver is None:
                continue
            for node in resolver.descendants(function):
                name = self_attribute(node, receiver)
                if name is None:
                    continue
                assert isinstance(node, cst.Attribute)
                parent = resolver.parents.get(node)
                if isinstance(parent, cst.AssignTarget):
                    assign = resolver.parents.get(parent)
                    value = assign.value if isinstance(assign, cst.Assign) else None
                    attrs.setdefault(name, ArrayAttribute(name)).values.append(value if value is not None else cst.Name("None"))
                elif isinstance(parent, cst.AnnAssign) and parent.target is node and parent.value is not None:
                    attrs.setdefault(name, ArrayAttribute(name)).values.append(parent.value)
                else:
                    reads.append((name, node))
        arrays = _array_attribute_names(resolver, attrs, receivers={_self_name(f) for f in _methods(klass)} - {None})
        for name, attr in attrs.items():
            if name not in arrays:
                continue
            for value in attr.values:
                if not (resolver.is_fresh(value) or _self_update(value, name)):
                    attr.blocker = f"`self.{name}` is bound to an array that other code may still hold (line {resolver.position(value)[0]})"
            for read_name, node in reads:
                if read_name == name and attr.blocker is None:
                    attr.blocker = _escape(resolver, node)
            found[(id(klass), name)] = attr
    return found


def _array_attribute_names(resolver: Resolver, attrs: dict[str, "ArrayAttribute"], receivers: set[str]) -> set[str]:
    """Attributes every assignment of which is an array, to a fixed point: a value built
    from another array attribute (``self.best = self.x.copy()``, ``self.v = 0.5 * self.v``)
    counts once that attribute does."""
    arrays: set[str] = set()

    def array_valued(value: cst.CSTNode, current: str) -> bool:
        if resolver.kind(value) is Kind.ARRAY:
            return True
        if isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name) and value.value.value in receivers:
            # optimistic for the attribute itself (`self.x = self.x + 1.0`): its other
            # assignments decide
            return value.attr.value in arrays or value.attr.value == current
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value in ARRAY_METHODS:
            return array_valued(value.func.value, current)
        if isinstance(value, cst.BinaryOperation):
            return array_valued(value.left, current) or array_valued(value.right, current)
        if isinstance(value, cst.UnaryOperation):
            return array_valued(value.expression, current)
        return False

    changed = True
    while changed:
        changed = False
        for name, attr in attrs.items():
            if name not in arrays and attr.values and any(array_valued(v, "") for v in attr.values) \
                    and all(array_valued(v, name) for v in attr.values):
                arrays.add(name)
                changed = True
    return arrays


def enclosing_class(resolver: Resolver, node: cst.CSTNode) -> tuple[cst.ClassDef, str] | None:
    """The class whose method contains ``node``, and that method's ``self`` name."""
    current = resolver.parents.get(node)
    function = None
    while current is not None:
        if isinstance(current, cst.FunctionDef) and function is None:
            function = current
        elif isinstance(current, cst.ClassDef):
            if function is None:
                return None
            receiver = _self_name(function)
            return (current, receiver) if receiver else None
        current = resolver.parents.get(current)
    return None


def _self_update(value: cst.CSTNode, name: str) -> bool:
    return isinstance(value, cst.BinaryOperation) and isinstance(value.left, cst.Attribute) and value.left.attr.value == name


def _classes(resolver: Resolver) -> list[cst.ClassDef]:
    return [n for n in resolver.nodes if isinstance(n, cst.ClassDef)]


def _methods(klass: cst.ClassDef) -> list[cst.FunctionDef]:
    body = klass.body.body if isinstance(klass.body, cst.IndentedBlock) else ()
    return [s for s in body if isinstance(s, cst.FunctionDef)]
