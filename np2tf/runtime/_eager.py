"""Eager ops as plain kernels, not each as a one-op function (TensorFlow's default).

TensorFlow runs every eager op as a one-op function ("eager op as function"): the first
call of each op signature (op, dtypes, attributes) builds, instantiates and optimizes that
function, 0.4-1.2 ms on this machine's CPU, and later calls pass through the function
runtime (8-60 us). Converted code runs many distinct ops eagerly once or a few times:
NumPy's random streams in TF ops, module-level setup, the first (tiered) call of compiled
functions. With the option off an op's first call costs 0.05-0.6 ms and later ones 5-50 us
(``docs/runtime-performance.md``, "Eager ops as plain kernels").

TensorFlow reads the option once, when its eager context starts, and has no public switch
for it (the C API's ``TFE_ContextOptionsSetRunEagerOpAsFunction``; the Python context
always passes ``True``). So this starts the context with the option off, if nothing has
started it yet (converted code imports the runtime before running any op); otherwise it
leaves TensorFlow as it is. ``NP2TF_EAGER_OP_AS_FUNCTION=1`` keeps TensorFlow's default.
"""

from __future__ import annotations

import os

ENV = "NP2TF_EAGER_OP_AS_FUNCTION"


def start_context() -> bool:
    """Start TensorFlow's eager context now, with eager ops as plain kernels unless
    ``NP2TF_EAGER_OP_AS_FUNCTION=1``; whether this call set the option (False: the context
    ran already, or this TensorFlow has no such option, or the environment keeps it)."""
    from tensorflow.python import pywrap_tfe
    from tensorflow.python.eager import context

    ctx = context.context()
    if getattr(ctx, "_initialized", True):
        return False  # the context runs already: leave it
    setter = getattr(pywrap_tfe, "TFE_ContextOptionsSetRunEagerOpAsFunction", None)
    if setter is None or os.environ.get(ENV, "0") == "1":
        ctx.ensure_initialized()
        return False
    pywrap_tfe.TFE_ContextOptionsSetRunEagerOpAsFunction = lambda options, enable: setter(options, False)
    try:
        ctx.ensure_initialized()
    finally:
        pywrap_tfe.TFE_ContextOptionsSetRunEagerOpAsFunction = setter
    return True
