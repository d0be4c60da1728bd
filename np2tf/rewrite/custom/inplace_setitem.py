"""Subscript writes into arrays: ``a[idx] = v`` and ``a[idx] op= v``.

What it does:
    Turns a write into a new tensor bound to the same name:
    ``a[idx] = v`` -> ``a = n2t.setitem(a, n2t.s_[idx], v)`` and
    ``a[idx] += v`` -> ``a = n2t.setitem(a, n2t.s_[idx], a[idx] + v)``.
    ``n2t.s_`` keeps the index exactly as written, for every index kind.

NumPy vs TensorFlow:
    Tensors are immutable. Rebinding is the same program only when nothing else refers to
    the old array; ``np2tf/rewrite/mutation.py`` decides, and otherwise keeps the array in
    NumPy or leaves the write with N2T200, naming what blocks it. ``a[idx] += v`` keeps NumPy's buffered
    semantics: a repeated index in ``idx`` is written once, not accumulated.

Example:
    ``dist[i] = np.sum((X - c) ** 2)`` -> ``dist = n2t.setitem(dist, n2t.s_[i], tnp.sum((X - c) ** 2))``

Fidelity:
    shim.
"""

from __future__ import annotations

import libcst as cst

from np2tf.rewrite import RewriteContext, register

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


def _planned(context: RewriteContext, statement: cst.CSTNode) -> bool:
    mutation = context.mutations.get(statement)
    return mutation is not None and mutation.convert


def _index(context: RewriteContext, subscript: cst.Subscript) -> cst.BaseExpression:
    return cst.Subscript(context.runtime("s_"), subscript.slice)


def _flatten(target: cst.Subscript) -> cst.Subscript:
    """``a[i][j]`` -> ``a[i, j]`` (planned only when ``i`` is an integer, where they agree)."""
    if isinstance(target.value, cst.Subscript):
        inner = target.value
        first = inner.slice[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        return cst.Subscript(inner.value, [*inner.slice[:-1], first, *target.slice])
    return target


def _inline_write(context: RewriteContext, original: cst.CSTNode, target: cst.BaseExpression, value: cst.BaseExpression) -> cst.Assign | None:
    """``a.T[i] = v`` -> ``a = tnp.transpose(n2t.setitem(a.T, n2t.s_[i], v))``: a write through
    a view expression of ``a`` becomes a write into the view, put back into ``a``."""
    mutation = context.mutations.get(original)
    if mutation is None or not mutation.inline:
        return None
    assert isinstance(target, cst.Subscript) and isinstance(mutation.name, cst.Name)
    base = cst.Name(mutation.name.value)
    view = target.value
    if mutation.inline == "flat":
        view = cst.Call(context.target("tf.experimental.numpy.ravel"), [cst.Arg(base)])
    written = cst.Call(context.runtime("setitem"), [cst.Arg(view), cst.Arg(_index(context, target)), cst.Arg(value)])
    if mutation.inline == "transpose":
        new: cst.BaseExpression = cst.Call(context.target("tf.experimental.numpy.transpose"), [cst.Arg(written)])
    elif mutation.inline == "flat":
        new = cst.Call(context.runtime("reshape_as"), [cst.Arg(written), cst.Arg(base)])
    else:
        assert isinstance(view, cst.Subscript)
        new = cst.Call(context.runtime("setitem"), [cst.Arg(base), cst.Arg(_index(context, view)), cst.Arg(written)])
    return cst.Assign(targets=[cst.AssignTarget(base)], value=new)


@register(cst.Assign)
def setitem(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """``a[idx] = v`` -> ``a = n2t.setitem(a, n2t.s_[idx], v)``."""
    assert isinstance(original, cst.Assign) and isinstance(updated, cst.Assign)
    if not _planned(context, original):
        return None
    inline = _inline_write(context, original, updated.targets[0].target, updated.value) if len(updated.targets) == 1 else None
    if inline is not None:
        return updated.with_changes(targets=inline.targets, value=inline.value)
    writes = []
    for assign_target in updated.targets:
        target = assign_target.target
        assert isinstance(target, cst.Subscript)
        target = _flatten(target)
        call = cst.Call(context.runtime("setitem"), [cst.Arg(target.value), cst.Arg(_index(context, target)), cst.Arg(updated.value)])
        writes.append(cst.Assign(targets=[cst.AssignTarget(target.value)], value=call))
    if len(writes) == 1:
        return updated.with_changes(targets=writes[0].targets, value=writes[0].value)
    # `g[0, 1] = g[2, 2] = 1` (a literal or a name, so evaluating it per write is the same).
    return cst.FlattenSentinel([*writes[:-1], writes[-1].with_changes(semicolon=updated.semicolon)])  # type: ignore[return-value]


@register(cst.AugAssign)
def augmented_setitem(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """``a[idx] += v`` -> ``a = n2t.setitem(a, n2t.s_[idx], a[idx] + v)``."""
    assert isinstance(original, cst.AugAssign) and isinstance(updated, cst.AugAssign)
    if not _planned(context, original):
        return None
    target = updated.target
    assert isinstance(target, cst.Subscript)
    operator = _OPERATORS[type(updated.operator)]()
    inline = _inline_write(context, original, target, cst.BinaryOperation(cst.Subscript(target.value, target.slice), operator, updated.value))
    if inline is not None:
        return inline.with_changes(semicolon=updated.semicolon)
    target = _flatten(target)
    current = cst.Subscript(target.value, target.slice)
    value = cst.BinaryOperation(current, operator, updated.value)
    call = cst.Call(context.runtime("setitem"), [cst.Arg(target.value), cst.Arg(_index(context, target)), cst.Arg(value)])
    return cst.Assign(targets=[cst.AssignTarget(target.value)], value=call, semicolon=updated.semicolon)
