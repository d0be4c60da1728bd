"""NumPy functions that write into an argument: ``np.random.shuffle(x)``, ``np.copyto(a, b)``.

What it does:
    ``np.random.shuffle(x)`` -> ``x = n2t.random.shuffle(x)``: the runtime function
    returns the new value and the statement rebinds the written argument.

NumPy vs TensorFlow:
    Tensors are immutable; a plain rename would drop the write silently.

Example:
    ``np.copyto(dst, src)`` -> ``dst = n2t.copyto(dst, src)``

Fidelity:
    shim when the argument is a local array name that can be rebound and the call is a
    statement of its own; otherwise left unchanged with N2T200.
"""

from __future__ import annotations

import libcst as cst

from np2tf.rewrite import RewriteContext, named_rewrite, planner, register
from np2tf.rewrite.aliasing import rebind_blocker
from np2tf.rewrite.references import INPLACE_FUNCTIONS
from np2tf.ruleset import Rule



def _written(context: RewriteContext, call: cst.Call, rule: Rule) -> cst.BaseExpression | None:
    index = INPLACE_FUNCTIONS.get(rule.numpy, 0)
    if len(call.args) <= index or call.args[index].keyword is not None or call.args[index].star:
        return None
    return call.args[index].value


@planner
def plan_rebinds(context: RewriteContext) -> None:
    """Keep only the calls that are statements writing a rebindable local name."""
    for call, (rule, name) in list(context.custom_calls.items()):
        if name != "rebind_argument":
            continue
        assert isinstance(call, cst.Call)
        statement = context.resolver.parents.get(call)
        written = _written(context, call, rule)
        reason = None
        if not isinstance(statement, cst.Expr):
            reason = "its result is used, so np2tf cannot turn the call into a rebinding"
        elif not isinstance(written, cst.Name):
            reason = "the written argument is not a plain local name"
        else:
            reason = rebind_blocker(context.resolver, written)
        if reason is not None or not rule.tf:
            del context.custom_calls[call]
            context.report(call, "N2T200", f"`{rule.numpy}` writes into its argument; left unchanged: {reason or 'no target'}")
            continue
        context.replacements[call.func] = context.target(rule.tf)


@named_rewrite("rebind_argument")
def rebind_argument(context: RewriteContext, original: cst.Call, updated: cst.Call, rule: Rule) -> cst.BaseExpression | None:
    """Mark the enclosing statement for rebinding; the call itself is only renamed."""
    written = _written(context, original, rule)
    assert isinstance(written, cst.Name)
    statement = context.resolver.parents.get(original)
    if statement is not None:
        context.statement_rebinds[statement] = written.value
    return None


@register(cst.Expr)
def rebind_statement(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """``f(x, ...)`` as a statement -> ``x = f(x, ...)`` when marked by :func:`rebind_argument`."""
    assert isinstance(updated, cst.Expr)
    name = context.statement_rebinds.get(original)
    if name is None:
        return None
    return cst.Assign(targets=[cst.AssignTarget(cst.Name(name))], value=updated.value, semicolon=updated.semicolon)
