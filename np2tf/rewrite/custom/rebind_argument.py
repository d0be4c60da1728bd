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
from np2tf.rewrite.references import target_for
from np2tf.ruleset import Rule



@planner(order=20)
def plan_rebinds(context: RewriteContext) -> None:
    """Rename the calls whose mutation ``rewrite/mutation.py`` decided to convert."""
    for call, (rule, name) in list(context.custom_calls.items()):
        if name not in ("rebind_argument", "out_argument"):
            continue
        mutation = context.mutations.get(context.resolver.parents.get(call))
        if mutation is None or not mutation.convert:
            del context.custom_calls[call]
            continue
        context.replacements[call.func] = context.target(target_for(context, rule))


@named_rewrite("rebind_argument")
def rebind_argument(context: RewriteContext, original: cst.Call, updated: cst.Call, rule: Rule) -> cst.BaseExpression | None:
    """Mark the enclosing statement for rebinding; the call itself is only renamed."""
    statement = context.resolver.parents.get(original)
    mutation = context.mutations.get(statement)
    if statement is not None and mutation is not None:
        context.statement_rebinds[statement] = mutation.label
    return None


@register(cst.Expr)
def rebind_statement(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """``f(x, ...)`` as a statement -> ``x = f(x, ...)`` when marked by :func:`rebind_argument`."""
    assert isinstance(updated, cst.Expr)
    name = context.statement_rebinds.get(original)
    if name is None:
        return None
    # `name` may list several names (`u, v`) when a function now returns two parameters.
    return cst.Assign(targets=[cst.AssignTarget(cst.parse_expression(name))], value=updated.value, semicolon=updated.semicolon)
