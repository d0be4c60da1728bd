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


@pytest.mark.parametrize(
    ("source", "name", "kind"),
    [
        # a parameter rebound to its copy and indexed like an array (libcst lets the later
        # read see both bindings: the parameter's unknown kind no longer hides the array)
        ("def f(x):\n    x = x.copy()\n    x[0:2, 1] = 1.0\n    return x\n", "x", Kind.ARRAY),
        # masks lists cannot take: a NumPy predicate, the array compared with itself
        ("import numpy as np\ndef f(x):\n    x[np.isnan(x)] = 0.0\n    return x\n", "x", Kind.ARRAY),
        ("def f(x, b):\n    x[(x < -b) | (x > b)] = 0.0\n    return x\n", "x", Kind.ARRAY),
        # a name bound only to a NumPy predicate
        ("import numpy as np\ndef f(a, c):\n    bad = ~np.isfinite(a)\n    c[bad] = 0.0\n    return c\n", "c", Kind.ARRAY),
        # Python's bool index: `names[score > 0]` picks from a list
        ("def f(names, score):\n    return names[score > 0]\n", "names", Kind.UNKNOWN),
        ("def f(names, score):\n    flag = score > 0\n    return names[flag]\n", "names", Kind.UNKNOWN),
        # a dict with bool keys can take a comparison of something else
        ("def f(d, a, b):\n    d[a > b] = 1\n    return d\n", "d", Kind.UNKNOWN),
        # pandas Series take masks too: no evidence where pandas is imported
        ("import numpy as np\nimport pandas as pd\ndef f(x):\n    x[np.isnan(x)] = 0.0\n    return x\n", "x", Kind.UNKNOWN),
    ],
    ids=["param_rebound_to_copy", "isnan_mask", "self_compared", "predicate_name", "bool_pick", "bool_pick_name", "dict_bool_key", "pandas_module"],
)
def test_boolean_mask_indices_are_evidence_of_an_array(source: str, name: str, kind: Kind) -> None:
    assert _kind_of_last(source, name) is kind


def test_views_are_not_fresh_copies_are() -> None:
    resolver = _resolver("import numpy as np\na = np.zeros(3)\nb = a.reshape(3)\nc = a.copy()\nd = np.asarray(a)\n")
    values = {n.targets[0].target.value: n.value for n in resolver.nodes if isinstance(n, cst.Assign)}
    assert resolver.is_fresh(values["a"]) and resolver.is_fresh(values["c"])
    assert not resolver.is_fresh(values["b"]) and not resolver.is_fresh(values["d"])


# -- instance attributes -------------------------------------------------------------------


def _attribute_kind(source: str, text: str = "self.u") -> Kind:
    """The kind of the last read of ``text`` (an attribute written as in the source)."""
    resolver = _resolver(source)
    module = cst.Module([])
    reads = [n for n in resolver.nodes if isinstance(n, cst.Attribute) and module.code_for_node(n) == text and resolver.is_load(n)]
    return resolver.kind(reads[-1])


WAVE = """\
import numpy as np

class Wave:
    def __init__(self, n):
        self.u = np.zeros(n)
        self.u_prev = np.zeros(n)

    def step(self):
        new = 2.0 * self.u - self.u_prev
        self.u_prev = self.u
        self.u = new
        return self.u
"""


@pytest.mark.parametrize(
    ("source", "text", "kind"),
    [
        (WAVE, "self.u", Kind.ARRAY),  # `self.u = new`, `new` built from `self.u`: a cycle
        (WAVE, "self.u_prev", Kind.ARRAY),  # bound from another array attribute
        ("import numpy as np\nclass A:\n    def __init__(self):\n        self.u = np.zeros(3)\n    def f(self):\n        self.u = []\n        return self.u\n", "self.u", Kind.UNKNOWN),
        ("import numpy as np\nclass A:\n    def __init__(self):\n        self.u = None\n    def f(self):\n        self.u = np.ones(2)\n        return self.u\n", "self.u", Kind.ARRAY),
        ("import numpy as np\nclass A:\n    def f(self):\n        return self.u\n", "self.u", Kind.UNKNOWN),  # never bound here
        ("import numpy as np\nclass A:\n    u = 0\n    def __init__(self):\n        self.u = np.ones(2)\n    def f(self):\n        return self.u\n", "self.u", Kind.UNKNOWN),  # class attribute
        ("import numpy as np\nclass A:\n    def __init__(self):\n        self.u = np.ones(2)\n    def f(self):\n        return self.u\na = A()\na.u = [1]\n", "self.u", Kind.UNKNOWN),  # bound outside
        ("import numpy as np\nclass A:\n    def __init__(self):\n        self.u = self.make()\n    def make(self):\n        return np.ones(2)\n    def f(self):\n        return self.u\n", "self.u", Kind.ARRAY),
        ("import numpy as np\ndef init():\n    return np.ones(2), 0.5\nclass A:\n    def __init__(self):\n        self.u, self.c = init()\n    def f(self):\n        return self.u + self.c\n", "self.u", Kind.ARRAY),
        ("import numpy as np\ndef init():\n    return np.ones(2), 0.5\nclass A:\n    def __init__(self):\n        self.u, self.c = init()\n    def f(self):\n        return self.u + self.c\n", "self.c", Kind.UNKNOWN),
        ("import numpy as np\nclass A:\n    def __init__(self):\n        self.u, self.v = [np.ones(2), np.zeros(2)]\n    def f(self):\n        return self.v\n", "self.v", Kind.ARRAY),
        ("import numpy as np\nclass A:\n    def __init__(self):\n        for self.u in range(3):\n            pass\n        self.u = np.ones(2)\n    def f(self):\n        return self.u\n", "self.u", Kind.UNKNOWN),
    ],
    ids=["cycle_through_local", "from_attribute", "list_elsewhere", "none_then_array", "unbound", "class_attribute", "bound_outside",
         "method_result", "unpacked_function_result", "unpacked_scalar", "unpacked_list_display", "loop_target"],
)
def test_attribute_inference(source: str, text: str, kind: Kind) -> None:
    assert _attribute_kind(source, text) is kind


def test_subclass_reads_the_base_class_attribute() -> None:
    source = "import numpy as np\nclass Base:\n    def __init__(self):\n        self.u = np.ones(2)\nclass Sub(Base):\n    def f(self):\n        return self.u\n"
    assert _attribute_kind(source) is Kind.ARRAY
    # ... and a subclass binding it to something else makes it unknown in the base too
    source += "class Other(Sub):\n    def g(self):\n        self.u = 'text'\n"
    assert _attribute_kind(source) is Kind.UNKNOWN


def test_only_a_method_receiver_is_self() -> None:
    # a nested function's own first parameter, a static method's and a rebound `self` are not the instance
    nested = "import numpy as np\nclass A:\n    def __init__(self):\n        self.u = np.ones(2)\n    def f(self):\n        def g(other):\n            return other.u\n        return g\n"
    assert _attribute_kind(nested, "other.u") is Kind.UNKNOWN
    static = "import numpy as np\nclass A:\n    def __init__(self):\n        self.u = np.ones(2)\n    @staticmethod\n    def f(self):\n        return self.u\n"
    assert _attribute_kind(static) is Kind.UNKNOWN
    rebound = "import numpy as np\nclass A:\n    def __init__(self):\n        self.u = np.ones(2)\n    def f(self, o):\n        if o:\n            self = o\n        return self.u\n"
    assert _attribute_kind(rebound) is Kind.UNKNOWN
    # a closure reads the method's `self`: the instance
    closure = "import numpy as np\nclass A:\n    def __init__(self):\n        self.u = np.ones(2)\n    def f(self):\n        def g():\n            return self.u\n        return g\n"
    assert _attribute_kind(closure) is Kind.ARRAY


def test_init_parameters_take_the_arguments_of_the_class_calls() -> None:
    source = "import numpy as np\nclass A:\n    def __init__(self, u0, n):\n        self.u = u0\n    def f(self):\n        return self.u\nA(np.zeros(3), 2)\nA(u0=np.ones(3), n=1)\n"
    assert _attribute_kind(source) is Kind.ARRAY
    # a class used as a base (or as a value) may be called from anywhere
    assert _attribute_kind(source + "class B(A):\n    pass\n") is Kind.UNKNOWN


def test_method_results_are_fresh_when_every_return_is() -> None:
    source = "import numpy as np\nclass A:\n    def make(self):\n        return np.zeros(2)\n    def view(self):\n        return self.u.T\n    def f(self):\n        a = self.make()\n        b = self.view()\n"
    resolver = _resolver(source)
    values = {n.targets[0].target.value: n.value for n in resolver.nodes if isinstance(n, cst.Assign)}
    assert resolver.is_fresh(values["a"]) and not resolver.is_fresh(values["b"])
