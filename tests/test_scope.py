"""np2tf/scope.py gives libcst's answers: node order, scopes, names and positions.

Every fixture, a few of np2tf's own larger modules and a set of tricky snippets are
analysed both ways, node by node, against libcst's ``ScopeProvider`` and
``PositionProvider``.
"""

from __future__ import annotations

import collections
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider, ScopeProvider

from np2tf import scope as S

ROOT = Path(__file__).resolve().parent.parent

SNIPPETS = {
    "dotted_imports": "import numpy.linalg\nimport os.path as p, numpy\nnumpy.linalg.norm(x)\np.join(numpy.pi)\nnumpy.fft.fft(y)\n",
    "shadowing": "import numpy as np\ndef f(np):\n    return np.sum(1)\ndef g():\n    x = np.ones(3)\n    np = 2\n    return np\n",
    "read_before_assign": "x = 1\ndef f():\n    print(x)\n    for i in range(3):\n        y = y + x if i else 0\n    x = 2\n    return x\n",
    "global_nonlocal": "a = 1\ndef f():\n    global a\n    a = 2\n    b = 1\n    def g():\n        nonlocal b\n        b += a\n    return g\n",
    "class_scope": "import numpy as np\nclass A:\n    np = None\n    x = np\n    def m(self):\n        return np.zeros(2)\n    y = [np for _ in range(2)]\n",
    "comprehensions": "xs = [[1]]\nflat = [y for x in xs for y in x if y]\nd = {k: v for k, v in zip(a, b)}\ng = (i for i in range(3))\ns = {i async for i in z}\n",
    "lambda_defaults": "import numpy as np\nf = lambda x, y=np.pi: x + y\ndef h(a: np.ndarray = np.zeros(2), *args, b=1, **kw) -> np.ndarray:\n    return a\n",
    "decorators": "import functools as ft\n@ft.wraps(f)\n@(d := deco)\ndef w(): pass\n@dataclass\nclass C(Base, metaclass=M): x: int = 1\n",
    "walrus_with_except": "with open(p) as (f, g), q as h:\n    pass\ntry:\n    pass\nexcept E as e:\n    del e\nif (n := len(a)) > 1: n += 1\n",
    "string_annotations": "from typing import List, Literal, cast, TypeVar\nimport numpy as np\ndef f(x: 'np.ndarray', y: List['np.float64']) -> 'List[np.ndarray]':\n    z: Literal['np'] = cast('np.ndarray', x)\n    T = TypeVar('T', bound='np.generic')\n    return z\n",
    "typing_module": "import typing\nx: typing.Optional['np.ndarray'] = typing.cast('int', 1)\n",
    "match": "match p:\n    case [x, *rest] if x:\n        pass\n    case {'k': v, **kw}:\n        pass\n    case Point(x=0, y=yy) | Q(a as b):\n        pass\n",
    "fstrings_and_calls": "v = f'{a!r:>{w}} {b=}'\nprint(f'{x:.1f}', *args, sep='', **kw)\nz = a.b().c[d](e)\n",
    "async_and_loops": "async def f():\n    async for i in g():\n        await h(i)\n    async with a as b:\n        pass\n    for x, (y, z) in q:\n        pass\n    else:\n        pass\n    while w:\n        break\n",
    "elif_and_suites": "if a: b = 1\nelif c:\n    d = 2\nelif e: f = 3; g = 4\nelse:\n    h = 5\nfor i in x: j = i\n",
    "positions_multiline": "x = f(\n    a,\n    b=c[\n        1:2],\n)\nclass K(\n    B,\n):\n    def m(\n        self,\n    ) -> None:\n        '''doc\n        more'''\n        return g(  # c\n            self\n        )\n",
    "crlf": "import numpy as np\r\n\r\ndef f(x):\r\n    return np.sum(\r\n        x)\r\n",
    "tabs": "if x:\n\ty = 1\n\tif y:\n\t\tz = np.ones(\n\t\t\t3)\n",
}


def _files() -> list[Path]:
    own = ("scope.py", "resolve.py", "rewrite/aliasing.py", "insert/_analysis.py")
    return sorted((ROOT / "fixtures").rglob("*.py")) + [ROOT / "np2tf" / name for name in own]


def _key(assignment: object) -> tuple:
    return (type(assignment).__name__.removeprefix("Builtin"), assignment.name, id(getattr(assignment, "node", None)), assignment._index)  # type: ignore[attr-defined]


def compare(text: str) -> list[str]:
    """Every difference between np2tf.scope and libcst on ``text`` (empty when they agree)."""
    errors: list[str] = []
    module = cst.parse_module(text)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)

    # index: libcst's visit order without trivia, same parents
    reference: list[cst.CSTNode] = []
    parents: dict[cst.CSTNode, cst.CSTNode] = {}

    class Visitor(cst.CSTVisitor):
        stack: list[cst.CSTNode] = []

        def on_visit(self, node: cst.CSTNode) -> bool:
            if self.stack:
                parents[node] = self.stack[-1]
            reference.append(node)
            self.stack.append(node)
            return True

        def on_leave(self, original_node: cst.CSTNode) -> None:
            self.stack.pop()

    module.visit(Visitor())
    reference = [n for n in reference if not isinstance(n, S._TRIVIA)]
    index = S.index(module)
    if [id(n) for n in reference] != [id(n) for n in index.nodes]:
        errors.append("node order")
    elif any(index.parents[n] is not parents[n] for n in index.nodes[1:]):
        errors.append("parents")

    # scopes, node by node, and what each scope holds
    theirs = wrapper.resolve(ScopeProvider)
    mine = S.analyze(module)
    pairs: dict[object, S.Scope] = {}
    ours = set(map(id, index.nodes))
    for node, scope in theirs.items():
        if scope is None or id(node) not in ours:
            continue
        found = mine.scopes.get(node)
        if found is None or pairs.setdefault(scope, found) is not found:
            errors.append(f"scope of {type(node).__name__}")
    for node in index.nodes:
        if node in mine.scopes and node not in theirs:
            errors.append(f"extra scope for {type(node).__name__}")
    for scope, found in pairs.items():
        if collections.Counter(map(_key, scope.assignments)) != collections.Counter(map(_key, found.assignments)):  # type: ignore[attr-defined]
            errors.append(f"assignments in {type(scope).__name__}")
        for name in set(scope._accesses_by_name) | set(found._accesses_by_name):  # type: ignore[attr-defined]
            if {id(a.node) for a in scope.accesses[name]} != {id(a.node) for a in found.accesses[name]}:  # type: ignore[attr-defined]
                errors.append(f"accesses of {name}")
        for node in {id(a.node): a.node for a in scope.accesses}.values():  # type: ignore[attr-defined]
            want = {_key(a) for access in scope._accesses_by_node[node] for a in access.referents}  # type: ignore[attr-defined]
            got = {_key(a) for access in found._accesses_by_node.get(node, ()) for a in access.referents}
            if want != got:
                errors.append(f"referents of {type(node).__name__}")
        by_key = {_key(a): a for a in found.assignments}
        for assignment in scope.assignments:  # type: ignore[attr-defined]
            other = by_key.get(_key(assignment))
            if other is not None and {id(a.node) for a in assignment.references} != {id(a.node) for a in other.references}:
                errors.append(f"references of {assignment.name}")
    for node in index.nodes:
        if isinstance(node, (cst.Name, cst.Attribute)) and theirs.get(node) is not None:
            want = {(q.name, q.source.name) for q in theirs[node].get_qualified_names_for(node)}  # type: ignore[union-attr]
            got = {(q.name, q.source.name) for q in mine.scopes[node].get_qualified_names_for(node)}
            if want != got:
                errors.append(f"qualified names of {module.code_for_node(node)}: {want} != {got}")

    # positions
    positions = wrapper.resolve(PositionProvider)
    starts = S.Positions(module, text, index)
    for node in index.nodes:
        want_pos = positions[node].start
        if starts.start(node) != (want_pos.line, want_pos.column):
            errors.append(f"position of {type(node).__name__} at {want_pos.line}:{want_pos.column}")
            break
    if starts._fallback is not None and "\r" not in text.replace("\r\n", ""):
        errors.append("positions fell back to libcst")
    return errors


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet_matches_libcst(name: str) -> None:
    assert compare(SNIPPETS[name]) == []


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_file_matches_libcst(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        compile(text, str(path), "exec", dont_inherit=True)
    except SyntaxError:
        pytest.skip("not valid Python")
    assert compare(text) == []


def test_referents_of_a_name_assigned_thousands_of_times() -> None:
    """SciPy's _lebedev.py: referents are worked out on demand, with libcst's answers."""
    text = "def f(v):\n" + "".join(f"    v = g(v, {i})\n" for i in range(3000)) + "    return v\n"
    analysis = S.analyze(cst.parse_module(text))
    function = [s for s in analysis.all_scopes if isinstance(s, S.FunctionScope)][0]
    reads = function.accesses["v"]
    assert len(reads) == 3001
    # flow-insensitive, as libcst: a read sees every earlier assignment in its scope
    assert len(reads[-1].referents) == 3001
    assert sum(len(a.referents) for a in reads) == sum(range(1, 3002))


def test_lone_carriage_returns_fall_back() -> None:
    text = "x = 1\ry = f(\r  2)\n"
    module = cst.parse_module(text)
    index = S.index(module)
    call = next(n for n in index.nodes if isinstance(n, cst.Call))
    want = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)[call].start
    assert S.Positions(module, text, index).start(call) == (want.line, want.column)
