"""The module's classes and their instance attributes, for array inference (:mod:`np2tf.resolve`).

A training loop or a solver written as a class keeps its arrays in ``self.<name>``: bound in
``__init__``, read and written in methods, sometimes read or bound from outside
(``model.w``). :func:`index_classes` walks the module once and files every ``self.<name>``
store and read under its class; a base class and its in-module subclasses share one key
(they build one object). :class:`np2tf.resolve.Resolver` answers the questions
(``attribute_kind``: does ``self.u`` hold an array?) from this index.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

if TYPE_CHECKING:
    from np2tf.resolve import Resolver

# What a ``self.<name>`` store binds: the value (``None`` when unknown: a loop target,
# unpacking of something else than a tuple) and the ``self.<name>`` target node.
Store = tuple["cst.CSTNode | None", cst.CSTNode]


@dataclass
class ClassIndex:
    """Instance attributes of the module's classes.

    A class stands for its whole in-module hierarchy (a base and its subclasses share the
    attributes of one object): every key's class is the hierarchy's representative.
    """

    family: dict[cst.ClassDef, cst.ClassDef] = field(default_factory=dict)
    # the first parameter of each method (``self``) -> the family of its class
    receivers: dict[cst.CSTNode, cst.ClassDef] = field(default_factory=dict)
    stores: dict[tuple[cst.ClassDef, str], list[Store]] = field(default_factory=lambda: defaultdict(list))
    reads: dict[tuple[cst.ClassDef, str], list[cst.Attribute]] = field(default_factory=lambda: defaultdict(list))
    methods: dict[tuple[cst.ClassDef, str], list[cst.FunctionDef]] = field(default_factory=lambda: defaultdict(list))
    # the keys of ``self.<name>`` attributes, by name
    keys: dict[str, list[tuple[cst.ClassDef, str]]] = field(default_factory=lambda: defaultdict(list))
    # ``obj.<name>`` outside the classes' methods, by name: stores and reads
    outside_stores: dict[str, list[Store]] = field(default_factory=lambda: defaultdict(list))
    outside_reads: dict[str, list[cst.Attribute]] = field(default_factory=lambda: defaultdict(list))


def index_classes(resolver: Resolver, index: ClassIndex) -> ClassIndex:
    """Fill ``index`` with the module's classes and their instance attributes: one walk of
    the classes, and one of the module's attribute nodes when it has classes. ``resolver``
    already holds ``index``: filing an attribute asks ``resolver.attribute_key``, which
    reads the receivers filed first."""
    classes = [n for n in resolver.nodes if n.__class__ is cst.ClassDef]
    if not classes:
        return index
    family = {c: c for c in classes}

    def find(klass: cst.ClassDef) -> cst.ClassDef:
        while family[klass] is not klass:
            klass = family[klass]
        return klass

    for klass in classes:
        for base in klass.bases:  # type: ignore[attr-defined]
            referents = resolver.referents(base.value) if base.keyword is None and isinstance(base.value, cst.Name) else ()
            parent = getattr(referents[0], "node", None) if len(referents) == 1 else None
            if parent in family:
                family[find(klass)] = find(parent)  # type: ignore[arg-type]
    for klass in classes:
        index.family[klass] = representative = find(klass)  # type: ignore[arg-type]
        for statement in klass.body.body if isinstance(klass.body, cst.IndentedBlock) else ():  # type: ignore[attr-defined]
            if isinstance(statement, cst.FunctionDef):
                index.methods[(representative, statement.name.value)].append(statement)
                receiver = method_receiver(statement)
                if receiver is not None:
                    index.receivers[receiver] = representative
            elif isinstance(statement, cst.SimpleStatementLine):
                # `u = np.zeros(3)` in the class body: instances share it until they
                # bind their own, so it is not known to be an array of this instance
                # (`u = None` declares the attribute; None takes no writes). In a
                # decorated class (`@dataclass`) every annotated field is also bound
                # by a generated `__init__` to whatever the caller passes.
                for small in statement.body:
                    targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else []
                    if isinstance(small, cst.AnnAssign) and (small.value is not None or klass.decorators):  # type: ignore[attr-defined]
                        targets = [small.target]
                    for target in targets:
                        if isinstance(target, cst.Name) and (klass.decorators or not is_none(small.value)):  # type: ignore[attr-defined]
                            index.stores[(representative, target.value)].append((None, target))
    names: set[str] = set()
    covered = 0
    for klass in classes:
        start, end = resolver.order(klass)
        if start < covered:
            continue  # nested in a class walked already
        covered = end
        for node in resolver.nodes[start:end]:
            if node.__class__ is cst.Attribute:
                key = resolver.attribute_key(node)
                if key is not None:
                    names.add(key[1])
                    _file_attribute(resolver, node, index.stores[key], index.reads[key])  # type: ignore[arg-type]
    for key in {**index.stores, **index.reads}:
        index.keys[key[1]].append(key)
    for node in resolver.nodes:
        if node.__class__ is cst.Attribute and node.attr.value in names and resolver.attribute_key(node) is None:  # type: ignore[attr-defined]
            if resolver.qualified_name(node) is None:
                _file_attribute(resolver, node, index.outside_stores[node.attr.value], index.outside_reads[node.attr.value])  # type: ignore[arg-type, attr-defined]
    return index


def _file_attribute(resolver: Resolver, node: cst.Attribute, stores: list[Store], reads: list[cst.Attribute]) -> None:
    """Add ``node`` (``obj.name``) to the stores or the reads of its attribute."""
    parent = resolver.parents.get(node)
    if parent.__class__ is cst.AssignTarget:
        stores.append((resolver.parents[parent].value, node))  # type: ignore[attr-defined]
    elif parent.__class__ is cst.AnnAssign and parent.target is node:  # type: ignore[union-attr]
        if parent.value is not None:  # type: ignore[union-attr]
            stores.append((parent.value, node))  # type: ignore[union-attr]
    elif parent.__class__ is cst.Del:
        pass
    elif parent.__class__ is cst.AugAssign and parent.target is node:  # type: ignore[union-attr]
        reads.append(node)  # `self.w -= g`: an array stays one (NumPy updates it in place)
    elif resolver.is_load(node):
        reads.append(node)
    else:
        stores.append((_unpacked_value(resolver, node), node))

def _unpacked_value(resolver: Resolver, node: cst.Attribute) -> cst.CSTNode | None:
    """The value ``self.b`` gets from ``self.a, self.b = x, y`` (or from a NumPy call
    returning a tuple of arrays); ``None`` for any other unpacking or loop target."""
    element = resolver.parents.get(node)
    target = resolver.parents.get(element) if isinstance(element, cst.Element) else None
    assign_target = resolver.parents.get(target) if isinstance(target, (cst.Tuple, cst.List)) else None
    if not isinstance(assign_target, cst.AssignTarget):
        return None
    value = resolver.parents[assign_target].value  # type: ignore[attr-defined]
    position = target.elements.index(element)  # type: ignore[union-attr, arg-type]
    if any(isinstance(e, cst.StarredElement) for e in target.elements):  # type: ignore[union-attr]
        return None
    if isinstance(value, (cst.Tuple, cst.List)) and len(value.elements) == len(target.elements) \
            and not any(isinstance(e, cst.StarredElement) for e in value.elements):  # type: ignore[union-attr]
        return value.elements[position].value
    if resolver.returns_arrays(value) or (isinstance(value, cst.Call) and resolver.callees(value.func)):
        return cst.Subscript(value, [cst.SubscriptElement(cst.Index(cst.Integer(str(position))))])
    return None


def method_receiver(function: cst.FunctionDef) -> cst.Param | None:
    """The first parameter of a method (``self``); ``None`` for static and class methods."""
    params = function.params.params
    static = any(isinstance(d.decorator, cst.Name) and d.decorator.value in ("staticmethod", "classmethod") for d in function.decorators)
    return params[0] if params and not static else None


def is_none(value: cst.CSTNode | None) -> bool:
    """``None`` spelled as a name (``self.grad = None`` declares, it binds no array)."""
    return isinstance(value, cst.Name) and value.value == "None"
