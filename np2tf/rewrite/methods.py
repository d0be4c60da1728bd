"""Rewrite ndarray methods and attributes that tensors lack or spell differently.

What it does:
    ``x.sum(axis=0)`` on a value known to be an array becomes the row's target with the
    receiver first (``tnp.sum(x, axis=0)``). On a receiver of unknown type it becomes
    ``n2t.ndarray.sum(x, axis=0)``, which does NumPy's thing for tensors and arrays and
    calls ``x.sum(axis=0)`` on anything else, so a user class with a ``sum`` method keeps
    working. Receivers known not to be arrays (lists, dicts, strings, modules) are left
    alone, and so are methods tensors already have with NumPy's meaning (``native``).

NumPy vs TensorFlow:
    With NumPy behaviour on, tensors have ``reshape``, ``T``, ``ravel``... but not
    ``sum``, ``dot``, ``copy``, ``argmax``, ``item``, ``std``; and ``x.astype(float)``
    gives float32 on a tensor, float64 in NumPy.

Example:
    ``w.dot(x).argmax()`` -> ``tnp.argmax(tnp.dot(w, x))`` when ``w`` is a NumPy array.

Fidelity:
    As the row says. In-place methods (``sort``, ``fill``...) are handled by
    ``custom/inplace_method.py``.
"""

from __future__ import annotations

import libcst as cst

from np2tf.resolve import Kind
from np2tf.rewrite import RewriteContext, register
from np2tf.rewrite.mutation import INPLACE_METHODS
from np2tf.ruleset import Rule

_SKIP_RECEIVERS = {"self", "cls", "super"}


def _receiver_kind(context: RewriteContext, receiver: cst.BaseExpression) -> Kind:
    resolver = context.resolver
    if isinstance(receiver, cst.Name) and receiver.value in _SKIP_RECEIVERS:
        return Kind.OTHER
    if isinstance(receiver, cst.Call) and isinstance(receiver.func, cst.Name) and receiver.func.value == "super":
        return Kind.OTHER
    if resolver.qualified_name(receiver) is not None:
        return Kind.OTHER  # an imported module or object: `math.floor`, `np.linalg`
    return resolver.kind(receiver)


def method_rule(context: RewriteContext, attribute: cst.Attribute) -> tuple[Rule, Kind] | None:
    """The row and receiver kind for ``receiver.name``, when np2tf should act on it."""
    rule = context.rules.method(attribute.attr.value)
    if rule is None or rule.native:
        return None
    kind = _receiver_kind(context, attribute.value)
    if kind is Kind.OTHER:
        return None
    if rule.fidelity == "untranslatable" or not rule.converts:
        if kind is Kind.ARRAY:
            context.report(
                attribute,
                "N2T300",
                f"`ndarray.{attribute.attr.value}` has no tensor equivalent; left unchanged",
                rule.guideline,
            )
        return None
    if rule.fidelity == "approximate" and not context.options.allow_approximate:
        if kind is Kind.ARRAY:
            context.report(attribute, "N2T103", f"`ndarray.{attribute.attr.value}` converts only approximately: {rule.difference}", "pass --allow-approximate to convert it anyway")
        return None
    if attribute.attr.value == "argsort" and attribute not in context.tie_orders_reported:
        from np2tf.rewrite.references import report_tie_order

        context.tie_orders_reported.add(attribute)
        call = context.resolver.parents.get(attribute)
        report_tie_order(context, attribute, call if isinstance(call, cst.Call) and call.func is attribute else None, f"{cst.Module([]).code_for_node(attribute)}()")
    return rule, kind


def _written_inline(context: RewriteContext, attribute: cst.Attribute) -> bool:
    subscript = context.resolver.parents.get(attribute)
    holder = context.resolver.parents.get(subscript) if isinstance(subscript, cst.Subscript) else None
    statement = context.resolver.parents.get(holder) if isinstance(holder, cst.AssignTarget) else holder
    mutation = context.mutations.get(statement) if statement is not None else None
    return mutation is not None and mutation.convert and bool(mutation.inline)


def method_target(context: RewriteContext, rule: Rule, kind: Kind, name: str) -> cst.BaseExpression:
    """The function a method call becomes, for a receiver of ``kind``."""
    if kind is Kind.ARRAY and rule.tf:
        return context.target(rule.tf)
    return context.runtime(f"ndarray.{name}")


@register(cst.Call)
def method_call(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """``x.sum(...)`` -> ``tnp.sum(x, ...)`` or ``n2t.ndarray.sum(x, ...)``."""
    assert isinstance(original, cst.Call) and isinstance(updated, cst.Call)
    func = original.func
    if not isinstance(func, cst.Attribute) or not isinstance(updated.func, cst.Attribute):
        return None
    name = func.attr.value
    if name in INPLACE_METHODS or context.resolver.numpy_name(func):
        return None
    if name == "view" and not original.args and _receiver_kind(context, func.value) is Kind.ARRAY:
        # `a.view()` is `a` itself for a tensor: writes through either name are written
        # back to the other by rewrite/views.py, or reported.
        return updated.func.value.with_changes(lpar=updated.lpar, rpar=updated.rpar) if updated.lpar else updated.func.value
    found = method_rule(context, func)
    if found is None:
        return None
    rule, kind = found
    if rule.kind == "attribute":
        return None  # `x.T(...)` is not a thing; leave it
    if any(a.star for a in original.args) and rule.unsupported_args:
        return None
    used = [a.keyword.value for a in original.args if a.keyword and a.keyword.value in rule.unsupported_args]
    if used:
        context.report(original, "N2T102", f"`ndarray.{name}` argument `{used[0]}=` has no TensorFlow equivalent; call left unchanged", rule.difference)
        return None
    receiver = cst.Arg(updated.func.value)
    args = [receiver, *updated.args]
    if rule.rename_args:
        args = [a.with_changes(keyword=cst.Name(rule.rename_args[a.keyword.value])) if a.keyword and a.keyword.value in rule.rename_args else a for a in args]
    return cst.Call(func=method_target(context, rule, kind, name), args=args, lpar=updated.lpar, rpar=updated.rpar)


@register(cst.Attribute)
def method_attribute(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """``x.itemsize`` -> ``n2t.ndarray.itemsize(x)`` for attributes tensors lack."""
    assert isinstance(original, cst.Attribute) and isinstance(updated, cst.Attribute)
    rule = context.rules.method(original.attr.value)
    if rule is None or rule.kind != "attribute" or not context.resolver.is_load(original):
        return None
    parent = context.resolver.parents.get(original)
    if isinstance(parent, cst.Call) and parent.func is original:
        return None
    if context.resolver.numpy_name(original):
        return None
    if _written_inline(context, original):
        return None  # `a.flat[i] = v`: custom/inplace_setitem.py writes it back into `a`
    found = method_rule(context, original)
    if found is None:
        return None
    rule, kind = found
    return cst.Call(func=method_target(context, rule, kind, original.attr.value), args=[cst.Arg(updated.value)], lpar=updated.lpar, rpar=updated.rpar)
