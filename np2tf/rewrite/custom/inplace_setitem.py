"""Subscript writes into arrays: ``a[idx] = v`` and ``a[idx] op= v``.

What it does:
    Turns a write into a new tensor bound to the same name:
    ``a[idx] = v`` -> ``a = n2t.setitem(a, n2t.s_[idx], v)`` and
    ``a[idx] += v`` -> ``a = n2t.setitem(a, n2t.s_[idx], a[idx] + v)``.
    ``n2t.s_`` keeps the index exactly as written, for every index kind.

NumPy vs TensorFlow:
    Tensors are immutable. Rebinding is the same program only when nothing else refers to
    the old array (see ``np2tf/rewrite/aliasing.py``); otherwise the write is left as it
    is with N2T200, naming what blocks it. ``a[idx] += v`` keeps NumPy's buffered
    semantics: a repeated index in ``idx`` is written once, not accumulated.

Example:
    ``dist[i] = np.sum((X - c) ** 2)`` -> ``dist = n2t.setitem(dist, n2t.s_[i], tnp.sum((X - c) ** 2))``

Fidelity:
    shim.
"""

from __future__ import annotations

import libcst as cst

from np2tf.resolve import Kind
from np2tf.rewrite import RewriteContext, register
from np2tf.rewrite.aliasing import rebind_blocker

_OPERATORS: dict[type[cst.BaseAugOp], type[cst.BaseBinaryOp]] = {
    cst.AddAssign: cst.Add,
    cst.SubtractAssign: cst.Subtract,
    cst.MultiplyAssign: cst.Multiply,
    cst.DivideAssign: cst.Divide,
    cst.FloorDivideAssign: cst.FloorDivide,
    cst.ModuloAssign: cst.Modulo,
    cst.PowerAssign: cst.Power,
    cst.MatrixMultiplyAssign: cst.MatrixMultiply,
    cst.BitAndAssign: cst.BitAnd,
    cst.BitOrAssign: cst.BitOr,
    cst.BitXorAssign: cst.BitXor,
    cst.LeftShiftAssign: cst.LeftShift,
    cst.RightShiftAssign: cst.RightShift,
}


def _array_write(context: RewriteContext, target: cst.CSTNode, statement: cst.CSTNode) -> bool:
    """Whether ``target`` (original) is a subscript write np2tf can rebind; reports why not."""
    if not isinstance(target, cst.Subscript):
        return False
    resolver = context.resolver
    base = target.value
    if isinstance(base, cst.Subscript) and resolver.kind(base) is Kind.ARRAY:
        context.report(statement, "N2T200", "chained subscript write (`a[i][j] = v`) into an array; left unchanged", "write `a[i, j] = v` instead")
        return False
    if not isinstance(base, cst.Name):
        if resolver.kind(base) is Kind.ARRAY:
            context.report(statement, "N2T200", "subscript write into an array that is not a plain local name; left unchanged")
        return False
    if resolver.kind(base) is not Kind.ARRAY:
        value = getattr(statement, "value", None)
        if _maybe_array_parameter(context, base, value):
            context.report(statement, "N2T200", f"write into parameter `{base.value}`, which may hold an array: NumPy writes into the caller's array, a tensor cannot be written; left unchanged", "return the new array and rebind it at the call sites")
        return False
    reason = rebind_blocker(resolver, base)
    if reason is not None:
        context.report(statement, "N2T200", f"in-place write to `{base.value}` left unchanged: {reason}", f"copy first (`{base.value} = {base.value}.copy()`) if the write need not be seen elsewhere")
        return False
    return True


def _maybe_array_parameter(context: RewriteContext, name: cst.Name, value: cst.CSTNode | None) -> bool:
    """A parameter of unknown type that the function treats as an array."""
    resolver = context.resolver
    referents = resolver.referents(name)
    if not any(isinstance(getattr(a, "node", None), cst.Param) for a in referents):
        return False
    if value is not None and resolver.kind(value) is Kind.ARRAY:
        return True
    scope = resolver.scopes.get(name)
    for access in scope.accesses[name.value] if scope is not None else ():
        arg = resolver.parents.get(access.node)
        call = resolver.parents.get(arg) if isinstance(arg, cst.Arg) else None
        if isinstance(call, cst.Call) and resolver.numpy_name(call.func):
            return True
    return False


def _index(context: RewriteContext, subscript: cst.Subscript) -> cst.BaseExpression:
    return cst.Subscript(context.runtime("s_"), subscript.slice)


@register(cst.Assign)
def setitem(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """``a[idx] = v`` -> ``a = n2t.setitem(a, n2t.s_[idx], v)``."""
    assert isinstance(original, cst.Assign) and isinstance(updated, cst.Assign)
    if len(original.targets) != 1:
        for t in original.targets:
            if isinstance(t.target, cst.Subscript) and context.resolver.kind(t.target.value) is Kind.ARRAY:
                context.report(original, "N2T200", "chained assignment with a subscript write into an array; left unchanged", "split it into separate statements")
        return None
    if not _array_write(context, original.targets[0].target, original):
        return None
    target = updated.targets[0].target
    assert isinstance(target, cst.Subscript)
    call = cst.Call(context.runtime("setitem"), [cst.Arg(target.value), cst.Arg(_index(context, target)), cst.Arg(updated.value)])
    return updated.with_changes(targets=[cst.AssignTarget(target.value)], value=call)


@register(cst.AugAssign)
def augmented_setitem(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """``a[idx] += v`` -> ``a = n2t.setitem(a, n2t.s_[idx], a[idx] + v)``; checks ``a += v``."""
    assert isinstance(original, cst.AugAssign) and isinstance(updated, cst.AugAssign)
    resolver = context.resolver
    if isinstance(original.target, cst.Name):
        # `a += v` already rebinds a tensor; it is only wrong when NumPy's in-place
        # update would have been seen through another reference.
        if _maybe_array_parameter(context, original.target, original.value):
            context.report(original, "N2T200", f"in-place update of parameter `{original.target.value}`, which may hold an array, becomes a rebinding: NumPy updates the caller's array", "return the new array and rebind it at the call sites")
        elif resolver.kind(original.target) is Kind.ARRAY:
            reason = rebind_blocker(resolver, original.target)
            if reason is not None:
                context.report(original, "N2T200", f"in-place update of `{original.target.value}` becomes a rebinding: {reason}", "check that nothing else needs to see the update")
        return None
    if not _array_write(context, original.target, original):
        return None
    target = updated.target
    assert isinstance(target, cst.Subscript)
    operator = _OPERATORS[type(updated.operator)]()
    current = cst.Subscript(target.value, target.slice)
    value = cst.BinaryOperation(current, operator, updated.value)
    call = cst.Call(context.runtime("setitem"), [cst.Arg(target.value), cst.Arg(_index(context, target)), cst.Arg(value)])
    return cst.Assign(targets=[cst.AssignTarget(target.value)], value=call, semicolon=updated.semicolon)
