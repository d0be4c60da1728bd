"""Masked ufunc calls: ``np.divide(a, b, out=np.zeros_like(a), where=b != 0)``.

What it does:
    ``np.divide(a, b, out=np.zeros_like(a), where=b != 0)`` ->
    ``n2t.ufunc.masked(n2t.divide(a, b), b != 0, tnp.zeros_like(a))``: the ufunc's result
    where ``where`` holds, ``out``'s values elsewhere, in ``out``'s dtype and shape.

NumPy vs TensorFlow:
    TF ufuncs take neither ``out=`` nor ``where=``. When ``out=`` is a fresh array (a call
    or any expression but a name) nothing else can see the buffer, so the masked result
    is the whole meaning of the call. ``out=name`` stays with the ``out=`` rules (N2T102
    when combined with ``where=``).

Example:
    ``safe = np.divide(1.0, x, out=np.zeros_like(x), where=x != 0)``
    -> ``safe = n2t.ufunc.masked(n2t.divide(1.0, x), x != 0, tnp.zeros_like(x))``

Fidelity:
    shim. The ufunc is evaluated everywhere and masked afterwards (NumPy skips the masked
    elements): values are NumPy's, but a division by zero under the mask produces inf/nan
    that ``tf.where`` discards, which matters only to gradients.
"""

from __future__ import annotations

import libcst as cst

from np2tf.rewrite import RewriteContext, named_rewrite
from np2tf.ruleset import Rule


def is_masked_ufunc_call(rule: Rule, call: cst.Call, used: list[str]) -> bool:
    """Whether ``call`` is a ufunc call whose only unsupported arguments are a fresh
    ``out=`` and ``where=`` (both by keyword)."""
    if sorted(used) != ["out", "where"] or "casting" not in (rule.args or ()):
        return False
    out = next((a for a in call.args if a.keyword is not None and a.keyword.value == "out"), None)
    where = any(a.keyword is not None and a.keyword.value == "where" for a in call.args)
    if out is None or not where:
        return False  # `np.add(a, b, out, where=m)`: `out` passed by position
    return not isinstance(out.value, (cst.Name, cst.Attribute, cst.Subscript))


@named_rewrite("ufunc_where")
def ufunc_where(context: RewriteContext, original: cst.Call, updated: cst.Call, rule: Rule) -> cst.BaseExpression | None:
    """Drop ``out=``/``where=`` and wrap the call in ``n2t.ufunc.masked``."""
    keep = [a for a in updated.args if not (a.keyword is not None and a.keyword.value in ("out", "where"))]
    out = next(a.value for a in updated.args if a.keyword is not None and a.keyword.value == "out")
    where = next(a.value for a in updated.args if a.keyword is not None and a.keyword.value == "where")
    if keep:
        keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    call = updated.with_changes(func=context.target(rule.tf), args=keep)
    return cst.Call(context.target("np2tf.runtime.ufunc.masked"), [cst.Arg(call), cst.Arg(where), cst.Arg(out)])
