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

The context it starts also runs a lighter Grappler (:func:`_lighter_grappler`): every graph
TensorFlow instantiates (each ``tf.function``, each compiled loop) goes through Grappler
first, ~10 ms for a loop of ~150 ops here, most of it spent by passes that find nothing in
converted code. ``NP2TF_LIGHT_GRAPPLER=0`` keeps TensorFlow's passes.
"""

from __future__ import annotations

import os

ENV = "NP2TF_EAGER_OP_AS_FUNCTION"
GRAPPLER_ENV = "NP2TF_LIGHT_GRAPPLER"


def start_context() -> bool:
    """Start TensorFlow's eager context now, with eager ops as plain kernels unless
    ``NP2TF_EAGER_OP_AS_FUNCTION=1``; whether this call set the option (False: the context
    ran already, or this TensorFlow has no such option, or the environment keeps it)."""
    from tensorflow.python import pywrap_tfe
    from tensorflow.python.eager import context

    ctx = context.context()
    if getattr(ctx, "_initialized", True):
        return False  # the context runs already: leave it
    if os.environ.get(GRAPPLER_ENV, "1") != "0":
        _lighter_grappler(ctx)
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


def _lighter_grappler(ctx: object) -> None:
    """Grappler's settings for the context about to start (options already set on the
    context stay; the TFG hook's is a plain on/off flag, so it is always turned off):

    * one round of its passes, not two: the second round found nothing to change in the
      held-out programs' graphs (``TF_CPP_VMODULE=meta_optimizer=1`` logs each pass);
    * no memory optimizer (swapping and recomputing for gradients of large models; 1.2 ms
      a loop, nothing changed);
    * no TFG hook (an MLIR round trip that runs no optimization by default, ~2 ms a
      graph) and no conditional code motion (TFG's sinking of ops into branches).

    The passes that shrink and fuse graphs (pruning, common subexpressions, constant
    folding, arithmetic, layout, remapping, loop and dependency optimizers) run as
    before, and the held-out programs' results stayed bit-identical. Measured side by
    side in fresh processes (``docs/runtime-performance.md``): 0.95x the time at the
    published sizes (burgers1d 64 -> 56 ms, montecarlo 241 -> 206 ms), 0.97x at the
    large ones.
    """
    from tensorflow.core.protobuf import config_pb2, rewriter_config_pb2

    rewriter = rewriter_config_pb2.RewriterConfig
    config = config_pb2.ConfigProto()
    current = getattr(ctx, "_config", None)
    if current is not None:
        config.CopyFrom(current)
    options = config.graph_options.rewrite_options
    if options.meta_optimizer_iterations == rewriter.DEFAULT_NUM_ITERS:
        options.meta_optimizer_iterations = rewriter.ONE
    if options.memory_optimization == rewriter.DEFAULT_MEM_OPT:
        options.memory_optimization = rewriter.NO_MEM_OPT
    if options.experimental_conditional_code_motion == rewriter.DEFAULT:
        options.experimental_conditional_code_motion = rewriter.OFF
    options.disable_tfg_optimizer = True
    ctx._config = config  # noqa: SLF001 - read when the context starts (no public setter)
