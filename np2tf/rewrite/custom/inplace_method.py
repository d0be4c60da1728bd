"""In-place ndarray methods used as statements: ``a.sort()``, ``a.fill(0)``.

What it does:
    ``a.sort(axis=0)`` -> ``a = n2t.ndarray.sort(a, axis=0)`` when ``a`` is a local array
    that can be rebound (see ``np2tf/rewrite/aliasing.py``).

NumPy vs TensorFlow:
    Tensors are immutable, so the method returns the new value instead.

Example:
    ``order.sort()`` -> ``order = n2t.ndarray.sort(order)``

Fidelity:
    shim. Otherwise N2T201, left unchanged.
"""

from __future__ import annotations

import libcst as cst

from np2tf.resolve import Kind
from np2tf.rewrite import RewriteContext, register
from np2tf.rewrite.aliasing import rebind_blocker
from np2tf.rewrite.methods import INPLACE_METHODS


@register(cst.Expr)
def inplace_method(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """``a.sort()`` as a statement -> ``a = n2t.ndarray.sort(a)``."""
    assert isinstance(original, cst.Expr) and isinstance(updated, cst.Expr)
    call = original.value
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)):
        return None
    name = call.func.attr.value
    receiver = call.func.value
    if name not in INPLACE_METHODS or context.resolver.kind(receiver) is not Kind.ARRAY:
        return None
    rule = context.rules.method(name)
    if rule is None or not rule.converts:
        context.report(original, "N2T201", f"in-place `ndarray.{name}()` has no tensor equivalent; left unchanged", rule.guideline if rule else "")
        return None
    reason = rebind_blocker(context.resolver, receiver) if isinstance(receiver, cst.Name) else "the receiver is not a plain local name"
    if reason is not None:
        context.report(original, "N2T201", f"in-place `.{name}()` left unchanged: {reason}")
        return None
    new_call = updated.value
    assert isinstance(new_call, cst.Call) and isinstance(new_call.func, cst.Attribute)
    value = cst.Call(context.runtime(f"ndarray.{name}"), [cst.Arg(new_call.func.value), *new_call.args])
    return cst.Assign(targets=[cst.AssignTarget(cst.Name(receiver.value))], value=value, semicolon=updated.semicolon)
