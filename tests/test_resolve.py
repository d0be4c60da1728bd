"""Unit tests for np2tf/resolve.py: NumPy names under every import form, shadowing, arrays."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper

from np2tf.resolve import Kind, Resolver
from np2tf.ruleset import load_rules


def _resolver(source: str) -> Resolver:
    return Resolver(MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True), load_rules())


def _refs(source: str) -> list[str]:
    return [r.qualified_name for r in _resolver(source).references()]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import numpy as np\nnp.zeros(3)\n", ["numpy.zeros"]),
        ("import numpy\nnumpy.linalg.norm(x)\n", ["numpy.linalg.norm"]),
        ("from numpy import zeros as z\nz(3)\n", ["numpy.zeros"]),
        ("import numpy.linalg as la\nla.inv(a)\n", ["numpy.linalg.inv"]),
        ("from numpy.random import rand\nrand(2)\n", ["numpy.random.rand"]),
        ("from numpy import linalg\nlinalg.det(a)\n", ["numpy.linalg.det"]),
        ("import numpy as np\nx = np.float32\n", ["numpy.float32"]),
        ("def f():\n    import numpy as np\n    return np.ones(2)\n", ["numpy.ones"]),
    ],
    ids=["import_as", "import_plain", "from_import_as", "submodule_as", "from_submodule", "from_import_module", "dtype_value", "local_import"],
)
def test_every_import_form_resolves(source: str, expected: list[str]) -> None:
    assert _refs(source) == expected


def test_shadowing_parameter_is_not_numpy() -> None:
    assert _refs("import numpy as np\ndef f(np):\n    return np.sum(1)\n") == []


def test_local_assignment_shadows_import() -> None:
    assert _refs("import numpy as np\ndef f():\n    np = object()\n    return np.sum\n") == []


def test_uses_in_nested_scopes_resolve() -> None:
    source = (
        "import numpy as np\n"
        "class C:\n"
        "    def m(self, d=np.float64):\n"
        "        f = lambda v: np.exp(v)\n"
        "        return [np.abs(r) for r in self.rows]\n"
        "@deco(np.pi)\n"
        "def g(x: np.ndarray) -> np.ndarray:\n"
        "    return x\n"
    )
    assert sorted(_refs(source)) == sorted(["numpy.float64", "numpy.exp", "numpy.abs", "numpy.pi", "numpy.ndarray", "numpy.ndarray"])


def test_chains_through_calls_are_not_numpy_names() -> None:
    # libcst names `np.arange(6).reshape` "numpy.arange.reshape"; only dotted chains count.
    assert _refs("import numpy as np\ny = np.arange(6).reshape(2, 3)\n") == ["numpy.arange"]


def _kind_of_last(source: str, name: str) -> Kind:
    resolver = _resolver(source)
    loads = [n for n in resolver.nodes if isinstance(n, cst.Name) and n.value == name and resolver.is_load(n)]
    return resolver.kind(loads[-1])


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("import numpy as np\nx = np.zeros(3)\ny = x\n", Kind.ARRAY),
        ("import numpy as np\nx = np.zeros(3) + 1\ny = x\n", Kind.ARRAY),
        ("import numpy as np\nx = [1, 2]\ny = x\n", Kind.OTHER),
        ("import numpy as np\ndef f(x):\n    return x\n", Kind.UNKNOWN),
        ("import numpy as np\ndef f(x: np.ndarray):\n    return x\n", Kind.ARRAY),
        ("import numpy as np\nx = np.zeros(3)\nx = x.sum()\ny = x\n", Kind.ARRAY),
        ("import numpy as np\nif c:\n    x = np.zeros(3)\nelse:\n    x = []\ny = x\n", Kind.UNKNOWN),
        ("import numpy as np\ndef f(u0):\n    u = u0.copy()\n    u[1:, 1:] = 0\n    return u\n", Kind.ARRAY),
    ],
    ids=["numpy_call", "arithmetic", "list", "unannotated_param", "annotated_param", "method_result", "mixed_branches", "indexed_like_array"],
)
def test_array_inference(source: str, kind: Kind) -> None:
    name = "u" if "u0" in source else "x"
    assert _kind_of_last(source, name) is kind


def test_views_are_not_fresh_copies_are() -> None:
    resolver = _resolver("import numpy as np\na = np.zeros(3)\nb = a.reshape(3)\nc = a.copy()\nd = np.asarray(a)\n")
    values = {n.targets[0].target.value: n.value for n in resolver.nodes if isinstance(n, cst.Assign)}
    assert resolver.is_fresh(values["a"]) and resolver.is_fresh(values["c"])
    assert not resolver.is_fresh(values["b"]) and not resolver.is_fresh(values["d"])
