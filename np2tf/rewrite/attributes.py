"""Arrays held in instance attributes (``self.w``) and whether writes to them can rebind.

A training loop written as a class keeps its state in attributes: ``self.w =
np.zeros(d)`` in ``__init__``, then ``self.w -= lr * g`` or ``self.w[i] = v`` in a
method. Which attributes hold arrays is array inference's answer
(``Resolver.attribute_key``, ``Resolver.classes``): every store to the attribute in the
class's hierarchy, and ``obj.w = v`` anywhere else, binds an array. Rebinding the
attribute to a new tensor gives NumPy's result as long as nothing else holds the old
array: no ``w = self.w`` alias, no ``[self.w, self.b]`` list an optimizer updates in
place, no getter returning it, the attribute was not bound to an array the caller still
has (``self.w = w`` with ``w`` a parameter), and no code outside the class keeps
``obj.w`` while a method writes into it.

Two hand-overs keep their NumPy meaning and are not escapes: ``self.u = new`` with ``new``
a fresh local array nothing reads afterwards, and ``self.u_prev = self.u`` when
``self.u`` is rebound right after (``self.u = new``, or ``self.u_prev, self.u = self.u,
new``), so the old array has one holder again before anything can write into it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

import libcst as cst

from np2tf.classes import is_none as _is_none
from np2tf.resolve import Kind, Resolver
from np2tf.rewrite.aliasing import _dead_alias, owned

_STORING_METHODS = {"append", "extend", "insert", "add", "update", "setdefault", "appendleft"}
# ndarray methods that write into their receiver (rewrite/mutation.py and methods.py use
# them too).
INPLACE_METHODS = {"sort", "fill", "resize", "put", "itemset", "partition", "setflags", "setfield", "byteswap"}


@dataclass
class ArrayAttribute:
    """What np2tf knows about ``self.<name>`` within one class hierarchy."""

    name: str
    values: list[cst.BaseExpression] = field(default_factory=list)
    blocker: str | None = None


def attribute_id(resolver: Resolver, node: cst.CSTNode) -> tuple[int, str] | None:
    """The key of :func:`array_attributes` for ``node`` when it is ``self.<name>``."""
    key = resolver.attribute_key(node)
    return (id(key[0]), key[1]) if key is not None else None


def _label(node: cst.Attribute) -> str:
    receiver = node.value
    text = receiver.value if isinstance(receiver, cst.Name) else cst.Module([]).code_for_node(receiver)
    return f"`{text}.{node.attr.value}`"


def _escape(resolver: Resolver, node: cst.Attribute) -> str | None:
    parent = resolver.parents.get(node)
    label = _label(node)
    if isinstance(parent, (cst.Assign, cst.AnnAssign)) and parent.value is node:
        return f"{label} is also bound to another name (line {resolver.position(node)[0]}), which would keep the old array"
    if isinstance(parent, (cst.Element, cst.DictElement, cst.Yield, cst.Return)):
        return f"{label} is handed out at line {resolver.position(node)[0]} (returned or put in a container), so other code may hold the old array"
    if isinstance(parent, cst.Arg):
        call = resolver.parents.get(parent)
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value in _STORING_METHODS and not resolver.qualified_name(call.func):
            return f"{label} is stored by `.{call.func.attr.value}()` (line {resolver.position(node)[0]})"
    return None


def array_attributes(resolver: Resolver) -> dict[tuple[int, str], ArrayAttribute]:
    """Attributes of ``self`` that hold arrays, keyed by ``(id(class), name)`` with the
    class standing for its hierarchy (:func:`attribute_id`).

    ``blocker`` says why writes to the attribute cannot become rebindings.
    """
    index = resolver.classes()
    found: dict[tuple[int, str], ArrayAttribute] = {}
    holders: dict[tuple[cst.CSTNode, str], list[int] | None] = {}  # _holder_uses, memoised
    for key, own_stores in index.stores.items():
        if not own_stores or resolver.attribute_kind(key) is not Kind.ARRAY:
            continue
        stores = resolver.attribute_stores(key)
        attr = ArrayAttribute(key[1], [v for v, _ in stores if v is not None and not _is_none(v)])
        for value, target in stores:
            if not _is_none(value) and not _owned_value(resolver, value):
                attr.blocker = f"`self.{key[1]}` is bound to an array that other code may still hold (line {resolver.position(target)[0]})"
                break
        reads = index.reads.get(key, [])
        # Written only while `__init__` builds the object (`self.u[0, :] = 0.0`), before
        # any other method runs: a later `return self.u` cannot see an old array.
        constructed = not _written_after_construction(resolver, reads) and not _init_calls_methods(resolver, key[0])
        for node in reads:
            if attr.blocker is None and not _handed_over(resolver, node) and not (constructed and not _in_init(resolver, node)):
                attr.blocker = _escape(resolver, node)
        if attr.blocker is None and not constructed:
            # `frames.append(w.u)` or `snap = w.u` outside the class, then a method writes
            # `self.u[...]`: NumPy's snapshot sees the write. Writes in `__init__` run
            # before outside code can hold the array.
            for node in index.outside_reads.get(key[1], []):
                if attr.blocker is None and resolver.kind(node.value) is not Kind.ARRAY and not _last_look(resolver, node, holders):
                    attr.blocker = _escape(resolver, node)
        found[(id(key[0]), key[1])] = attr
    return found


def may_hold_array(resolver: Resolver, node: cst.CSTNode) -> bool:
    """``self.<name>`` that is not known to hold arrays only, but some store binds one
    (``self.u = None`` in ``__init__``, ``self.u = np.zeros(n)`` in ``setup``) or NumPy
    is given it (``np.sum(self.u)``): a write into it may meet a tensor."""
    key = resolver.attribute_key(node)
    if key is None:
        # `w.u[0] = 1.0` outside the class: `w` may be an instance of a class whose `u`
        # holds arrays (np2tf does not follow instances).
        name = node.attr.value if isinstance(node, cst.Attribute) else None
        index = resolver.classes()
        keys = index.keys.get(name, []) if name is not None else []
        return bool(keys) and resolver.kind(node.value) is not Kind.ARRAY and any(  # type: ignore[attr-defined]
            resolver.attribute_kind(k) is Kind.ARRAY or _some_store_may_be_array(resolver, k) for k in keys)
    return _some_store_may_be_array(resolver, key) or _given_to_numpy(resolver, key)


def _some_store_may_be_array(resolver: Resolver, key: tuple[cst.ClassDef, str]) -> bool:
    return any(value is not None and _maybe_array_value(resolver, value) for value, _ in resolver.attribute_stores(key))


def _given_to_numpy(resolver: Resolver, key: tuple[cst.ClassDef, str]) -> bool:
    for read in resolver.classes().reads.get(key, []):
        arg = resolver.parents.get(read)
        call = resolver.parents.get(arg) if isinstance(arg, cst.Arg) else None
        if isinstance(call, cst.Call) and resolver.numpy_name(call.func) is not None:
            return True
    return False


def _maybe_array_value(resolver: Resolver, value: cst.CSTNode) -> bool:
    if isinstance(value, cst.IfExp):
        return _maybe_array_value(resolver, value.body) or _maybe_array_value(resolver, value.orelse)
    if isinstance(value, cst.BooleanOperation):
        return _maybe_array_value(resolver, value.left) or _maybe_array_value(resolver, value.right)
    return resolver.kind(value) is Kind.ARRAY


def _owned_value(resolver: Resolver, value: cst.CSTNode | None, visiting: frozenset[cst.CSTNode] = frozenset()) -> bool:
    """A value the attribute alone holds once bound: a fresh array, a fresh local array
    nothing reads afterwards (``self.u = new``), a parameter every caller passes such an
    array for, or another attribute's array handed over. ``visiting``: the values asked
    about further up (a swap hands two arrays over to each other)."""
    if value is None or owned(resolver, value):
        return value is not None
    if value in visiting:
        return isinstance(value, cst.Attribute)  # `self.a, self.b = self.b, self.a`
    visiting = visiting | {value}
    if isinstance(value, cst.Name):
        referents = resolver.referents(value)
        param = getattr(referents[0], "node", None) if len(referents) == 1 else None
        if isinstance(param, cst.Param):
            # `Grid(np.zeros(n))`: every call hands `__init__` an array no one else holds
            arguments = resolver._call_arguments(param)
            return bool(arguments) and all(_owned_value(resolver, a, visiting) for a in arguments)  # type: ignore[arg-type]
        return _dead_alias(resolver, value, None)
    return isinstance(value, cst.Attribute) and resolver.attribute_key(value) is not None and _handed_over(resolver, value, visiting)


def _handed_over(resolver: Resolver, read: cst.Attribute, visiting: frozenset[cst.CSTNode] = frozenset()) -> bool:
    """``self.u_prev = self.u`` (or ``x = self.u``, or ``self.u_prev, self.u = self.u,
    new``) where ``self.u`` is rebound, to an array it alone holds, in the same statement
    or by the statements right after, before anything could write into the old array
    through ``self.u``."""
    key = resolver.attribute_key(read)
    parent = resolver.parents.get(read)
    if isinstance(parent, cst.Element) and isinstance(resolver.parents.get(parent), (cst.Tuple, cst.List)):
        parent = resolver.parents.get(resolver.parents.get(parent))
        if not (isinstance(parent, cst.Assign) and parent.value is resolver.parents.get(resolver.parents.get(read))):
            return False
    elif not (isinstance(parent, cst.Assign) and parent.value is read):
        return False
    if key is None or any(isinstance(t.target, cst.Subscript) for t in parent.targets):
        return False
    visiting = visiting | {read}
    if _rebinds(resolver, parent, key):
        # `self.u_prev, self.u = self.u, new`
        return _owned_value(resolver, _bound_value(resolver, parent, key), visiting)
    line = resolver.parents.get(parent)
    block = resolver.parents.get(line)
    if not isinstance(line, cst.SimpleStatementLine) or not isinstance(block, (cst.IndentedBlock, cst.Module)):
        return False
    for small in _following(line, parent, block):
        if not isinstance(small, cst.Assign) or any(isinstance(t.target, cst.Subscript) for t in small.targets):
            return False
        if not _harmless(resolver, small.value):
            return False
        if _rebinds(resolver, small, key):
            return _owned_value(resolver, _bound_value(resolver, small, key), visiting)
    return False


def _bound_value(resolver: Resolver, assign: cst.Assign, key: tuple[cst.ClassDef, str]) -> cst.CSTNode | None:
    """The value ``assign`` binds to the attribute ``key`` (``None`` when unpacked from
    something else than a tuple display)."""
    for target in assign.targets:
        if resolver.attribute_key(target.target) == key:
            return assign.value
        elements = target.target.elements if isinstance(target.target, (cst.Tuple, cst.List)) else ()
        values = assign.value.elements if isinstance(assign.value, (cst.Tuple, cst.List)) else ()
        for i, element in enumerate(elements):
            if resolver.attribute_key(element.value) == key:
                return values[i].value if len(values) == len(elements) and not isinstance(values[i], cst.StarredElement) else None
    return None


def _following(line: cst.SimpleStatementLine, small: cst.BaseSmallStatement, block: cst.IndentedBlock | cst.Module) -> Iterator[cst.BaseSmallStatement]:
    """The small statements after ``small`` up to the next compound statement."""
    yield from line.body[line.body.index(small) + 1 :]
    for statement in itertools.islice(block.body, block.body.index(line) + 1, None):
        if not isinstance(statement, cst.SimpleStatementLine):
            return
        yield from statement.body


def _rebinds(resolver: Resolver, assign: cst.Assign, key: tuple[cst.ClassDef, str]) -> bool:
    """Whether ``assign`` binds the attribute ``key`` (alone or in a tuple target)."""
    for target in assign.targets:
        elements = [e.value for e in target.target.elements] if isinstance(target.target, (cst.Tuple, cst.List)) else [target.target]
        if any(resolver.attribute_key(e) == key for e in elements):
            return True
    return False


def _harmless(resolver: Resolver, value: cst.CSTNode) -> bool:
    """No call in ``value`` that could write an attribute (a method of ``self``, a user
    function): NumPy calls and array methods only."""
    for node in resolver.descendants(value):
        if isinstance(node, cst.Call):
            func = node.func
            if resolver.numpy_name(func) is not None and not any(a.keyword is not None and a.keyword.value == "out" for a in node.args):
                continue
            if isinstance(func, cst.Attribute) and func.attr.value not in INPLACE_METHODS and resolver.kind(func.value) is Kind.ARRAY:
                continue
            return False
    return True


def _written_after_construction(resolver: Resolver, reads: list[cst.Attribute]) -> bool:
    """Whether some method other than ``__init__`` writes into the attribute's array
    (``self.u[i] = v``, ``self.u += v``, ``self.u.sort()``, ``np.add.at(self.u, ...)``)."""
    for node in reads:
        if _in_init(resolver, node):
            continue
        parent = resolver.parents.get(node)
        if isinstance(parent, cst.AugAssign) and parent.target is node:
            return True
        if isinstance(parent, cst.Subscript) and parent.value is node and not resolver.is_load(parent):
            return True
        if isinstance(parent, cst.Subscript) and isinstance(resolver.parents.get(parent), cst.AugAssign):
            return True
        if isinstance(parent, cst.Attribute) and parent.attr.value in INPLACE_METHODS:
            return True
        if isinstance(parent, cst.Arg) and isinstance(resolver.parents.get(resolver.parents.get(parent)), cst.Expr):
            return True  # a call for its effect: it may write its argument
    return False


def _init_calls_methods(resolver: Resolver, family: cst.ClassDef) -> bool:
    """Whether an ``__init__`` of the class hierarchy calls ``self.<method>()`` (which could
    hand out an attribute before ``__init__`` writes into it) or passes ``self`` on."""
    index = resolver.classes()
    for init in index.methods.get((family, "__init__"), []):
        for node in resolver.descendants(init.body):
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and resolver.attribute_key(node.func) is not None:
                return True
            if isinstance(node, cst.Arg) and isinstance(node.value, cst.Name) and _is_receiver(resolver, node.value):
                return True
    return False


def _is_receiver(resolver: Resolver, name: cst.Name) -> bool:
    referents = resolver.referents(name)
    return len(referents) == 1 and getattr(referents[0], "node", None) in resolver.classes().receivers


def _in_init(resolver: Resolver, node: cst.CSTNode) -> bool:
    current = resolver.parents.get(node)
    while current is not None and not isinstance(current, (cst.FunctionDef, cst.Lambda)):
        current = resolver.parents.get(current)
    return isinstance(current, cst.FunctionDef) and current.name.value == "__init__"


def _last_look(resolver: Resolver, node: cst.Attribute, memo: dict[tuple[cst.CSTNode, str], list[int] | None]) -> bool:
    """``return {"w": model.w}`` or ``RESULT = w.u``: no method of the object can run after
    the read, so no write can reach the array it hands out. ``obj.u`` outside a loop, on a
    temporary (``P().fit(X).w_``) or on a local name that is used only as ``obj.attr`` and
    ``obj.method()`` (never passed on, stored or used in a nested function), with no
    ``obj.method()`` call after the read."""
    holder = node.value
    current = resolver.parents.get(node)
    while current is not None and not isinstance(current, (cst.FunctionDef, cst.Lambda, cst.Module)):
        if isinstance(current, (cst.For, cst.While, cst.CompFor)):
            return False
        current = resolver.parents.get(current)
    if isinstance(holder, cst.Call):
        return True  # nothing else names the object
    if current is None or not isinstance(holder, cst.Name):
        return False  # `self.model.w`, `models[0].w`: held elsewhere too
    uses = _holder_uses(resolver, current, holder, memo)
    return uses is not None and all(end <= resolver.order(node)[0] for end in uses)


def _holder_uses(resolver: Resolver, function: cst.CSTNode, holder: cst.Name, cache: dict[tuple[cst.CSTNode, str], list[int] | None]) -> list[int] | None:
    """Where each ``holder.method()`` call in ``function`` ends (in source order), when
    ``holder`` is a local name used there only as ``holder.attr`` and ``holder.method()``;
    else ``None``. Memoised per function and name: a script reads many ``obj.attr``."""
    key = (function, holder.value)
    if key in cache:
        return cache[key]
    cache[key] = None
    scope = resolver.scopes.get(holder)
    referents = resolver.referents(holder)
    if not referents or any(getattr(a, "scope", None) is not scope or isinstance(getattr(a, "node", None), cst.Param) for a in referents):
        return None  # a parameter or an enclosing function's name: others hold the object
    calls = []
    for name in resolver.descendants(function):
        if name.__class__ is not cst.Name or name.value != holder.value or not resolver.is_load(name):  # type: ignore[attr-defined]
            continue
        if resolver.scopes.get(name) is not scope:
            return None  # a nested function may call its methods at any time
        parent = resolver.parents.get(name)
        if not (isinstance(parent, cst.Attribute) and parent.value is name):
            return None  # the object itself is passed on, stored or aliased
        call = resolver.parents.get(parent)
        if isinstance(call, cst.Call) and call.func is parent:
            calls.append(resolver.order(call)[1])
    cache[key] = calls
    return calls
