"""Options that change what a conversion produces (as opposed to how a run reports)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    """Conversion options.

    Attributes:
        allow_approximate: also apply rules whose fidelity is ``approximate``.
        tf_function: the performance transforms of :mod:`np2tf.insert` (``tf.function``,
            compiled loops, ``vectorized_map``). ``"off"`` leaves the code eager,
            ``"auto"`` applies them where analysis finds them safe and worth it,
            ``"all"`` wherever they are safe, worth it or not.
        jit: also compile the inserted ``tf.function``s with XLA (``jit_compile=True``)
            where the code has static shapes.
        explain: report every performance decision (N2T4xx), even with ``tf_function="off"``.
        device: place converted entry points under ``tf.device(n2t.device(<device>))``;
            ``NP2TF_DEVICE`` overrides it at run time. ``None`` adds no scope.
        random: ``"tf"`` draws random numbers with TF ops (:mod:`np2tf.runtime.random`:
            ``np.random.seed``/``RandomState`` reproduce NumPy's MT19937 stream, so seeded
            programs get NumPy's numbers; ``default_rng`` draws from ``tf.random.Generator``,
            other numbers, N2T105); ``"numpy"`` draws with NumPy's own generators on the host
            (:mod:`np2tf.runtime.random_numpy`: bit-identical streams, for verifying a
            conversion; no XLA, no GPU).
    """

    allow_approximate: bool = False
    tf_function: str = "auto"
    jit: bool | None = None
    explain: bool = False
    device: str | None = None
    random: str = "tf"
