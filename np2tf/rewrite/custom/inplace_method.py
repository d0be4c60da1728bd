"""In-place ndarray methods used as statements: ``a.sort()``, ``a.fill(0)``.

What it does:
    ``a.sort(axis=0)`` -> ``a = n2t.ndarray.sort(a, axis=0)`` when ``a`` is a local array
    that can be rebound (see ``np2tf/rewrite/aliasing.py``), and
    ``self.u.fill(0.0)`` -> ``self.u = n2t.ndarray.fill(self.u, 0.0)`` when ``self.u`` is
    an array attribute whose writes can be rebindings (``np2tf/rewrite/attributes.py``).

NumPy vs TensorFlow:
    Tensors are immutable, so the method returns the new value instead.

Example:
    ``order.sort()`` -> ``order = n2t.ndarray.sort(order)``

Fidelity:
    shim. ``np2tf/rewrite/mutation.py`` decides; otherwise N2T201, left unchanged.
"""

from __future__ import annotations

import libcst as cst

from np2tf.rewrite import RewriteContext, register


@register(cst.Expr)
def inplace_method(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """``a.sort()`` as a statement -> ``a = n2t.ndarray.sort(a)``."""
    assert isinstance(original, cst.Expr) and isinstance(updated, cst.Expr)
    mutation = context.mutations.get(original)
    if mutation is None or not mutation.convert or mutation.kind != "method":
        return None
    call = original.value
    assert isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
    name, receiver = call.func.attr.value, mutation.name
    new_call = updated.value
    assert isinstance(new_call, cst.Call) and isinstance(new_call.func, cst.Attribute)
    value = cst.Call(context.runtime(f"ndarray.{name}"), [cst.Arg(new_call.func.value), *new_call.args])
    # The receiver is the target: `u` for a local, `self.u` for an array attribute.
    target = cst.Name(receiver.value) if isinstance(receiver, cst.Name) else new_call.func.value.with_changes(lpar=[], rpar=[])
    return cst.Assign(targets=[cst.AssignTarget(target)], value=value, semicolon=updated.semicolon)
