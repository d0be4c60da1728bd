"""Arrays held in instance attributes (np2tf/rewrite/attributes.py, ``Resolver.classes``).

Array inference knows ``self.u`` is an array when every store to it binds one, through
locals and other attributes (``new = 2.0 * self.u - self.u_prev; ...; self.u = new``),
method results, tuple targets and the class's in-module hierarchy. Writes into such an
attribute become rebindings only when nothing else can hold the old array; otherwise they
stay NumPy (pinned) or are left with N2T200. Structure tests read the converted code and
the diagnostics; differential tests run ``main()`` under NumPy and converted and compare
values and dtypes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_autograph_blocks import _convert, _run_both
from test_equivalence import assert_same

# The bug report: both writes were left as item assignments with no diagnostic, so the
# converted program raised TypeError on a tensor.
WAVE = """\
import numpy as np

class Wave:
    def __init__(self, n):
        self.u = np.zeros(n)
        self.u_prev = np.zeros(n)
        self.u[n // 2] = 1.0

    def step(self):
        new = 2.0 * self.u - self.u_prev
        new[0] = 0.0
        new[-1] = 0.0
        self.u_prev = self.u
        self.u = new
"""

WAVE_MAIN = """
def main():
    w = Wave(8)
    for _ in range(3):
        w.step()
    return w.u, w.u_prev
"""


def _codes(notes: list[str]) -> list[str]:
    return [n.split(" ", 1)[0] for n in notes]


def _n2t200(notes: list[str]) -> list[str]:
    return [n for n in notes if n.startswith("N2T200")]


# -- the report's program -------------------------------------------------------------


def _converts_like_numpy(source: str, tmp_path: Path, *fragments: str) -> Any:
    """Convert ``source``: each of ``fragments`` is in the output and nothing is left with
    N2T200; ``main()`` gives NumPy's values and dtypes. Returns NumPy's result."""
    code, notes = _convert(source)
    for fragment in fragments:
        assert fragment in code, code
    assert not _n2t200(notes), notes
    expected, actual, _ = _run_both(source, tmp_path)
    assert_same(expected, actual)
    return expected


def test_wave_writes_convert() -> None:
    code, notes = _convert(WAVE + "\nw = Wave(8)\nfor _ in range(3):\n    w.step()\nRESULT = w.u\n")
    assert "self.u = n2t.setitem(self.u, n2t.s_[n // 2], 1.0)" in code, code
    assert "new = n2t.setitem(new, n2t.s_[0], 0.0)" in code, code
    assert "new = n2t.setitem(new, n2t.s_[-1], 0.0)" in code, code
    assert "= np.zeros" not in code, code
    assert not _n2t200(notes), notes


def test_wave_matches_numpy(tmp_path: Path) -> None:
    expected, actual, _ = _run_both(WAVE + WAVE_MAIN, tmp_path)
    assert expected[0][4] == 4.0  # the program does something
    assert_same(expected, actual)


# -- aliases ----------------------------------------------------------------------------


ALIAS = """\
import numpy as np

class Grid:
    def __init__(self, n):
        self.u = np.zeros(n)
        self.u[0] = 1.0

    def poke(self, v):
        x = self.u
        x[1] = v
        self.u[2] = 2 * v

def main():
    g = Grid(5)
    g.poke(3.0)
    return g.u
"""


def test_a_write_through_an_alias_of_an_attribute_is_not_a_silent_rebinding(tmp_path: Path) -> None:
    code, notes = _convert(ALIAS)
    assert "x = n2t.setitem" not in code, code
    assert "        x[1] = v\n" in code, code
    # `self.u` stays a NumPy array, so the write through `x` reaches it
    assert "self.u = np.zeros(n)" in code, code
    assert any("`self.u` kept as NumPy" in n and "`self.u` is also bound to another name (line 9)" in n for n in notes), notes
    assert any("in-place write to `x` left unchanged" in n for n in notes), notes
    expected, actual, _ = _run_both(ALIAS, tmp_path)
    assert list(expected) == [1.0, 3.0, 6.0, 0.0, 0.0]
    assert_same(expected, actual)


def test_an_alias_that_cannot_be_pinned_is_reported_at_every_write() -> None:
    # `self.u = new` also binds a tensor: pinning `np.zeros` alone cannot keep NumPy's
    # meaning, so every write stays as written, each with N2T200.
    source = WAVE + "\n    def poke(self):\n        x = self.u\n        x[0] = 5.0\n\n    def kick(self):\n        self.u[1] += 0.5\n"
    code, notes = _convert(source)
    assert "        self.u[n // 2] = 1.0\n" in code and "        x[0] = 5.0\n" in code and "        self.u[1] += 0.5\n" in code, code
    written = _n2t200(notes)
    assert sum("in-place write to `self.u` left unchanged: `self.u` is also bound to another name (line 17)" in n for n in written) == 2, notes
    assert any("in-place write to `x` left unchanged" in n for n in written), notes


def test_writes_made_while_init_builds_the_object_convert_despite_later_aliases() -> None:
    # `x = self.u` runs after `__init__` is done with the array: its writes cannot be seen
    # through `x`; the write through `x` itself is reported (a tensor cannot take it).
    source = WAVE + "\n    def poke(self):\n        x = self.u\n        x[0] = 5.0\n"
    code, notes = _convert(source)
    assert "self.u = n2t.setitem(self.u, n2t.s_[n // 2], 1.0)" in code, code
    assert "        x[0] = 5.0\n" in code, code
    assert [n for n in _n2t200(notes) if "`x`" in n] == _n2t200(notes) != [], notes


def test_an_attribute_copied_into_another_without_rebinding_keeps_both_names(tmp_path: Path) -> None:
    source = """\
import numpy as np

class Keep:
    def __init__(self, n):
        self.a = np.zeros(n)

    def keep(self):
        self.old = self.a
        self.a[1] = 7.0

def main():
    k = Keep(3)
    k.keep()
    return k.a, k.old
"""
    code, notes = _convert(source)
    assert "self.a[1] = 7.0" in code and "self.a = np.zeros(n)" in code, code
    assert any("`self.a` kept as NumPy" in n for n in notes), notes
    expected, actual, _ = _run_both(source, tmp_path)
    assert list(expected[1]) == [0.0, 7.0, 0.0]  # NumPy: `old` sees the write
    assert_same(expected, actual)


def test_a_handover_with_a_call_before_the_rebinding_is_an_escape() -> None:
    # `self.kick()` writes `self.u` while `self.u_prev` still holds the same array
    source = WAVE.replace("        self.u_prev = self.u\n", "        self.u_prev = self.u\n        self.kick()\n") + (
        "\n    def kick(self):\n        self.u[1] += 0.5\n"
    )
    code, notes = _convert(source)
    assert "self.u = n2t.setitem(self.u" not in code, code
    assert any("`self.u` is also bound to another name (line 13)" in n for n in _n2t200(notes)), notes


COUNTER = """\
import numpy as np

class Counter:
    def __init__(self, n):
        self.counts = np.zeros(n)

    def add(self, i):
        self.counts[i] += 1.0

"""


def test_outside_aliases_see_writes_made_by_later_method_calls(tmp_path: Path) -> None:
    source = COUNTER + """\
def main():
    c = Counter(3)
    snapshot = c.counts
    c.add(1)
    c.add(1)
    return snapshot, c.counts
"""
    code, notes = _convert(source)
    assert "self.counts[i] += 1.0" in code, code
    assert any("`c.counts` is also bound to another name (line 12)" in n for n in notes), notes
    expected, actual, _ = _run_both(source, tmp_path)
    assert list(expected[0]) == [0.0, 2.0, 0.0]  # NumPy: the snapshot is the same array
    assert_same(expected, actual)


def test_a_last_read_after_every_method_call_is_no_escape(tmp_path: Path) -> None:
    # the common ending of a program: `return {"counts": c.counts, ...}`
    source = COUNTER + """\
def main():
    c = Counter(3)
    for i in [0, 2, 2]:
        c.add(i)
    return {"counts": c.counts, "total": np.sum(c.counts)}
"""
    expected = _converts_like_numpy(source, tmp_path,
        "self.counts = n2t.setitem(self.counts, n2t.s_[i], self.counts[i] + 1.0)")
    assert list(expected["counts"]) == [1.0, 0.0, 2.0]


# -- class hierarchies -----------------------------------------------------------------


SUBCLASS = """\
import numpy as np

class Base:
    def __init__(self, n):
        self.u = np.zeros(n)
        self.u_prev = np.zeros(n)

class Wave(Base):
    def __init__(self, n):
        super().__init__(n)
        self.u[n // 2] = 1.0

    def step(self):
        new = 2.0 * self.u - self.u_prev
        new[0] = 0.0
        new[-1] = 0.0
        self.u_prev, self.u = self.u, new

    def kick(self):
        self.u[1] += 0.5

def main():
    w = Wave(8)
    for _ in range(3):
        w.step()
        w.kick()
    return w.u, w.u_prev
"""


def test_a_subclass_writes_an_attribute_its_base_class_creates(tmp_path: Path) -> None:
    code, notes = _convert(SUBCLASS)
    assert "self.u = n2t.setitem(self.u, n2t.s_[n // 2], 1.0)" in code, code
    assert "self.u = n2t.setitem(self.u, n2t.s_[1], self.u[1] + 0.5)" in code, code
    assert "new = n2t.setitem(new, n2t.s_[0], 0.0)" in code, code
    assert not _n2t200(notes), notes
    expected, actual, _ = _run_both(SUBCLASS, tmp_path)
    assert_same(expected, actual)


def test_a_subclass_escape_blocks_the_base_class_writes() -> None:
    # the escape is in the subclass, the write in the base class: one object, one decision
    source = """\
import numpy as np

class Base:
    def __init__(self, n):
        self.u = np.zeros(n)

    def bump(self):
        self.u[0] += 1.0

class Sub(Base):
    def keep(self):
        return [self.u]
"""
    code, notes = _convert(source)
    assert "self.u[0] += 1.0" in code and "np.zeros(n)" in code, code
    assert any("`self.u` kept as NumPy" in n and "line 12" in n for n in notes), notes


# -- how attributes get their arrays -----------------------------------------------------


def test_tuple_targets_swap_and_unpack(tmp_path: Path) -> None:
    source = """\
import numpy as np

def init(n):
    return np.zeros(n), np.arange(n, dtype=np.int64)

class Pair:
    def __init__(self, n):
        self.a, self.b = np.zeros(n), np.ones(n)
        self.c, self.k = init(n)

    def swap(self):
        self.a, self.b = self.b, self.a
        self.a[0] += 1.0
        self.k[1] = 7

def main():
    p = Pair(3)
    p.swap()
    p.swap()
    return p.a, p.b, p.k
"""
    expected = _converts_like_numpy(source, tmp_path,
        "self.a = n2t.setitem(self.a, n2t.s_[0], self.a[0] + 1.0)",
        "self.k = n2t.setitem(self.k, n2t.s_[1], 7)")
    assert expected[2].dtype.name == "int64"


def test_method_results_and_lazy_none(tmp_path: Path) -> None:
    source = """\
import numpy as np

class Model:
    def __init__(self, n):
        self.w = self.make(n)
        self.grad = None

    def make(self, n):
        return np.linspace(0.0, 1.0, n, dtype=np.float32)

    def fit(self):
        self.grad = np.ones_like(self.w)
        self.grad[0] = 0.0
        self.w[1:] -= 0.5 * self.grad[1:]

def main():
    m = Model(4)
    m.fit()
    m.fit()
    return m.w, m.grad
"""
    expected = _converts_like_numpy(source, tmp_path,
        "self.grad = n2t.setitem(self.grad, n2t.s_[0], 0.0)",
        "self.w = n2t.setitem(self.w, n2t.s_[1:]")
    assert expected[0].dtype.name == "float32"


def test_an_attribute_bound_to_an_array_only_it_holds_converts(tmp_path: Path) -> None:
    source = """\
import numpy as np

class Grid:
    def __init__(self, u0):
        self.u = u0

    def hit(self):
        self.u[0] = 1.0

def main():
    g = Grid(np.zeros(3))
    g.hit()
    u1 = np.ones(3, dtype=np.float32)
    h = Grid(u1)
    h.hit()
    return g.u, h.u
"""
    expected = _converts_like_numpy(source, tmp_path,
        "self.u = n2t.setitem(self.u, n2t.s_[0], 1.0)")
    assert list(expected[1]) == [1.0, 1.0, 1.0] and expected[1].dtype.name == "float32"


def test_an_attribute_bound_to_a_caller_array_is_reported() -> None:
    source = """\
import numpy as np

class Grid:
    def __init__(self, u0):
        self.u = u0

    def hit(self):
        self.u[0] = 1.0

def main():
    u0 = np.zeros(3)
    Grid(u0).hit()
    return u0
"""
    code, notes = _convert(source)
    assert "        self.u[0] = 1.0\n" in code, code
    assert any("in-place write to `self.u` left unchanged: `self.u` is bound to an array that other code may still hold (line 5)" in n for n in notes), notes


@pytest.mark.parametrize(
    "store",
    ["np.zeros(n) if n else None", "np.zeros(n) if n else []"],
    ids=["none_branch", "list_branch"],
)
def test_an_attribute_only_sometimes_an_array_is_reported(store: str) -> None:
    source = f"""\
import numpy as np

class Maybe:
    def __init__(self, n):
        self.u = {store}

    def hit(self):
        self.u[0] = 1.0
"""
    code, notes = _convert(source)
    assert "        self.u[0] = 1.0\n" in code, code
    assert any("write into `self.u`, which may hold an array" in n for n in _n2t200(notes)), notes


def test_attributes_that_never_hold_arrays_say_nothing() -> None:
    source = """\
import numpy as np

class Log:
    def __init__(self):
        self.rows = []
        self.by_name = {}
        self.total = np.zeros(2)

    def add(self, name, row):
        self.rows.append(row)
        self.by_name[name] = row
        self.total = self.total + row
"""
    code, notes = _convert(source)
    assert "self.by_name[name] = row" in code, code
    assert not _n2t200(notes), notes


def test_converting_twice_changes_nothing() -> None:
    code, _ = _convert(SUBCLASS)
    again, notes = _convert(code)
    assert again == code
    assert not _n2t200(notes), notes


def test_writes_through_locals_views_and_method_parameters_are_reported() -> None:
    source = """\
import numpy as np

class A:
    def __init__(self, n):
        self.u = np.zeros(n)
        self.v = np.ones(n)
        self.w = np.arange(n, dtype=float)
        self.z = np.zeros(n)

    def view_write(self):
        v = self.v[1:]
        v[0] = 5.0

    def local_then_back(self):
        u = self.u
        u[0] = 1.0
        self.u = u

    def helper(self, arr):
        arr[0] = 9.0

    def call_helper(self):
        self.helper(self.w)

    def methods(self):
        self.z.fill(3.0)
"""
    code, notes = _convert(source)
    for line in ("v[0] = 5.0", "u[0] = 1.0", "arr[0] = 9.0"):
        assert f"        {line}\n" in code, code
    assert any("in-place write to `v` left unchanged" in n for n in notes), notes
    assert any("in-place write to `u` left unchanged" in n for n in notes), notes
    assert any("in-place write to `arr` left unchanged: `arr` is a parameter" in n for n in notes), notes
    # `self.z` is held by nothing else: its in-place method is a rebinding (tests below)
    assert "        self.z = n2t.ndarray.fill(self.z, 3.0)\n" in code, code
    assert not any(n.startswith("N2T201") for n in notes), notes


def test_dataclass_fields_and_writes_outside_the_class_are_reported() -> None:
    source = """\
import numpy as np
from dataclasses import dataclass

@dataclass
class S:
    u: np.ndarray

    def reset(self):
        self.u = np.zeros(3)

    def poke(self):
        self.u[0] = 1.0

class W:
    u: np.ndarray

    def __init__(self):
        self.u = np.zeros(3)

    def poke(self):
        self.u[0] = 1.0

s = S(np.ones(3))
s.poke()
w = W()
w.u[1] = 2.0
"""
    code, notes = _convert(source)
    # the dataclass's generated __init__ binds the caller's array: not known to be ours
    assert "        self.u[0] = 1.0\n" in code, code
    assert any("write into `self.u`, which may hold an array" in n for n in notes), notes
    # a bare annotation in a plain class declares the attribute: W.u converts ...
    assert "        self.u = n2t.setitem(self.u, n2t.s_[0], 1.0)\n" in code, code
    # ... but a write from outside cannot be followed to the instance
    assert "w.u[1] = 2.0\n" in code, code
    assert any("write into `w.u`, which may hold an array" in n for n in notes), notes


def test_a_handover_to_an_array_still_shared_is_an_escape() -> None:
    # `self.u = self.u_prev` right after `self.u_prev = self.u`: both name the old array
    source = """\
import numpy as np

class Bad:
    def __init__(self, n):
        self.u = np.zeros(n)
        self.u_prev = np.zeros(n)

    def step(self):
        self.u_prev = self.u
        self.u = self.u_prev
        self.u_prev[0] += 1.0
"""
    code, notes = _convert(source)
    assert "        self.u_prev[0] += 1.0\n" in code, code
    assert any("in-place write to `self.u_prev` left unchanged" in n for n in _n2t200(notes)), notes


# -- in-place methods on array attributes ----------------------------------------------

GRID = """\
import numpy as np

class Grid:
    def __init__(self, n):
        self.u = np.arange(n)
        self.order = np.arange(n)[::-1].copy()
        self.m = np.array([[3.0, 1.0, 2.0], [0.5, 2.5, 1.5]])

    def reset(self, value):
        self.u.fill(value)
        (self.order).sort()
        self.m.sort(axis=0)

    def poke(self):
        self.u[0] = 7
        self.m.fill(-1.0); self.m[1, 1] = 4.0

"""


def test_in_place_methods_on_an_array_attribute_become_rebindings(tmp_path: Path) -> None:
    source = GRID + """\
def main():
    g = Grid(4)
    g.reset(2.7)
    first = (g.u.copy(), g.order.copy(), g.m.copy())
    g.poke()
    return first, (g.u, g.order, g.m)
"""
    expected = _converts_like_numpy(source, tmp_path,
        "        self.u = n2t.ndarray.fill(self.u, value)\n",
        "        self.order = n2t.ndarray.sort((self.order))\n",  # the target drops the parentheses
        "        self.m = n2t.ndarray.sort(self.m, axis=0)\n",
        "        self.m = n2t.ndarray.fill(self.m, -1.0); self.m = n2t.setitem(self.m, n2t.s_[1, 1], 4.0)\n",
        "        self.u = n2t.setitem(self.u, n2t.s_[0], 7)\n")
    _, notes = _convert(source)
    assert not any(n.startswith(("N2T200", "N2T201")) for n in notes), notes
    (u, order, m), (u2, order2, m2) = expected
    assert u.dtype == np.int64 and list(u) == [2, 2, 2, 2]  # NumPy casts the fill value to the array's dtype
    assert list(order) == [0, 1, 2, 3] and order.dtype == np.int64
    assert m.tolist() == [[0.5, 1.0, 1.5], [3.0, 2.5, 2.0]]
    assert list(u2) == [7, 2, 2, 2] and list(order2) == [0, 1, 2, 3]
    assert m2.tolist() == [[-1.0, -1.0, -1.0], [-1.0, 4.0, -1.0]]
    # converting the output again changes nothing
    code, _ = _convert(source)
    assert _convert(code)[0] == code


def test_an_in_place_method_on_an_aliased_attribute_stays_reported(tmp_path: Path) -> None:
    source = """\
import numpy as np

class Grid:
    def __init__(self, n):
        self.u = np.arange(n, dtype=float)

    def reset(self):
        snap = self.u
        self.u.fill(0)
        return snap

def main():
    g = Grid(4)
    snap = g.reset()
    return snap, g.u
"""
    code, notes = _convert(source)
    assert "        snap = self.u\n        self.u.fill(0)\n" in code, code
    assert "n2t.ndarray.fill" not in code, code
    # `self.u` stays NumPy, so the fill reaches `snap` as it does in NumPy
    assert "self.u = np.arange(n, dtype=float)" in code, code
    assert any(n.startswith("N2T200 in-place write to `self.u` kept as NumPy") and "`self.u` is also bound to another name (line 8)" in n for n in notes), notes
    expected, actual, _ = _run_both(source, tmp_path)
    assert list(expected[0]) == [0.0, 0.0, 0.0, 0.0]  # NumPy: the alias sees the fill
    assert_same(expected, actual)


def test_an_attribute_method_that_has_no_tensor_equivalent_blocks_every_write_to_it() -> None:
    source = """\
import numpy as np

class Grid:
    def __init__(self, n):
        self.u = np.arange(n)[::-1].copy()
        self.w = np.zeros(n)

    def go(self):
        self.u.sort()
        self.u.setflags(write=True)
        self.w.fill(1.0)
"""
    code, notes = _convert(source)
    assert "        self.u.sort()\n        self.u.setflags(write=True)\n" in code, code
    assert any(n.startswith("N2T201 in-place write to `self.u` left unchanged: `ndarray.setflags()` has no tensor equivalent") for n in notes), notes
    assert any(n.startswith("N2T201 in-place write to `self.u` left unchanged: the write on line 10 cannot be converted") for n in notes), notes
    # another attribute is decided on its own
    assert "        self.w = n2t.ndarray.fill(self.w, 1.0)\n" in code, code


def test_an_in_place_method_on_an_attribute_outside_its_class_is_reported() -> None:
    source = """\
import numpy as np

class Grid:
    def __init__(self, n):
        self.u = np.arange(n, dtype=float)

    def bump(self):
        self.u[0] += 1.0

g = Grid(4)
g.u.fill(3.0)
g.bump()
RESULT = g.u
"""
    code, notes = _convert(source)
    # np2tf does not follow `g` to its class: left as written, which raises on a tensor
    assert "\ng.u.fill(3.0)\n" in code, code
    assert any(n.startswith("N2T201 in-place `.fill()` on `g.u`, which may hold an array") for n in notes), notes


def test_in_place_methods_on_local_names_are_unchanged(tmp_path: Path) -> None:
    source = """\
import numpy as np

def main():
    u = np.zeros(3, dtype=np.float32)
    u.fill(1.5)
    order = np.array([3, 1, 2])
    order.sort()
    return u, order
"""
    expected = _converts_like_numpy(source, tmp_path,
        "    u = n2t.ndarray.fill(u, 1.5)\n", "    order = n2t.ndarray.sort(order)\n")
    _, notes = _convert(source)
    assert not any(n.startswith("N2T201") for n in notes), notes
    assert expected[0].dtype == np.float32 and list(expected[0]) == [1.5, 1.5, 1.5]
    assert list(expected[1]) == [1, 2, 3]
