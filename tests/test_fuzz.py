"""Property tests: on any program, the converter never crashes, its output compiles, a
second conversion changes nothing, and files without NumPy come back byte-identical.

Three sources of programs:

* hypothesmith's random valid Python (mostly NumPy-free: must be left alone);
* random programs with NumPy spliced in, from a small grammar over the rule tables'
  names: import spellings and aliases, arguments, scopes, in-place writes, shadowing;
* mutations of the golden fixtures (lines dropped, duplicated or swapped, aliases
  renamed, the whole module nested into a function).

The default budget keeps this file around a minute; ``NP2TF_FUZZ_EXAMPLES=5000`` (per
test) runs the long campaign. Known converter bugs found here have their own minimal
tests at the bottom (``xfail`` until fixed by the owners of the code).
"""

from __future__ import annotations

import os
import random
import re
import warnings
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from np2tf.options import Options
from np2tf.parse import ParseFailure
from np2tf.pipeline import Status, convert_file, convert_source
from np2tf.ruleset import load_rules

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures").rglob("*.in.py"))
RULES = load_rules()
_SCALE = int(os.environ.get("NP2TF_FUZZ_EXAMPLES", "0"))
_METHOD_USE = re.compile(r"\.\s*(?:" + "|".join(map(re.escape, sorted(RULES.methods))) + r")\b")


def _budget(default: int) -> settings:
    return settings(
        max_examples=_SCALE or default,
        # CI runs a fixed, reproducible sample; NP2TF_FUZZ_EXAMPLES runs explore afresh.
        derandomize=not _SCALE,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


def _compiles(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<fuzz>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def check_conversion(text: str, options: Options | None = None) -> str | None:
    """Convert ``text`` and check every property; returns the output (``None`` if refused)."""
    try:
        first = convert_source(text, "fuzz.py", options, RULES).code
    except ParseFailure:
        # Refusing is only allowed for input that really is bad or too deep for libcst.
        assert not _compiles(text) or text.count("(") + text.count("[") > 100 or text.count("\n") > 20000
        return None
    except RecursionError:
        return None  # convert_file reports this as N2T002; see test_bad_input
    assert _compiles(first), f"output does not compile:\n{first}"
    if "numpy" not in text:
        assert first == text, "a file without NumPy must come back byte-identical"
    second = convert_source(first, "fuzz.py", options, RULES).code
    assert second == first, f"a second conversion changed the output:\n--- first\n{first}\n--- second\n{second}"
    return first


# --- hypothesmith: random valid programs -------------------------------------------------


@_budget(25)
@given(hypothesmith.from_grammar())
def test_random_valid_programs(text: str) -> None:
    check_conversion(text)


@_budget(10)
@given(hypothesmith.from_node())
def test_random_cst_programs(text: str) -> None:
    check_conversion(text)


# --- NumPy spliced into random programs ---------------------------------------------------

FUNCTIONS = sorted(name for name, rule in RULES.functions.items() if rule.kind == "function")
CONSTANTS = sorted(name for name, rule in RULES.functions.items() if rule.kind in {"constant", "dtype"})
METHODS = sorted(RULES.methods)
ALIASES = ["np", "numpy", "N", "onp", "tnp", "tf", "n2t", "jnp"]  # tf/tnp/n2t collide with what np2tf adds
LITERALS = ["0", "1", "-2", "3.5", "True", "None", "[1, 2, 3]", "[[1.0, 2.0], [3.0, 4.0]]", "(2, 3)", "'i'", "range(4)"]


class _Program:
    """Builds one random module text from hypothesis draws."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.module_alias = draw(st.sampled_from(ALIASES))
        self.style = draw(st.sampled_from(["alias", "plain", "from", "submodule"]))
        self.from_names: dict[str, str] = {}
        self.arrays = ["a", "b"]
        self.lines: list[str] = []

    def header(self) -> list[str]:
        if self.style == "alias":
            return [f"import numpy as {self.module_alias}"]
        if self.style == "plain":
            return ["import numpy"]
        if self.style == "submodule":
            return [f"import numpy as {self.module_alias}", "import numpy.linalg as la", "from numpy import random as npr"]
        picks = self.draw(st.lists(st.sampled_from(FUNCTIONS + CONSTANTS), min_size=1, max_size=4, unique=True))
        parts = []
        for name in picks:
            short = name.rsplit(".", 1)[1]
            local = self.draw(st.sampled_from([short, f"{short}_", f"np_{short}"]))
            self.from_names[name] = local
            module = name.rsplit(".", 1)[0]
            parts.append(f"from {module} import {short}" + (f" as {local}" if local != short else ""))
        return parts

    def ref(self, qualified: str) -> str:
        if qualified in self.from_names:
            return self.from_names[qualified]
        tail = qualified.removeprefix("numpy.")
        if self.style == "plain":
            return f"numpy.{tail}"
        if self.style == "from":
            return f"{self.from_names and next(iter(self.from_names.values()))}" if self.draw(st.booleans()) else self.literal()
        return f"{self.module_alias}.{tail}"

    def literal(self) -> str:
        return self.draw(st.sampled_from(LITERALS + self.arrays))

    def argument(self, depth: int) -> str:
        kind = self.draw(st.integers(0, 9))
        if kind == 0 and depth < 2:
            return self.call(depth + 1)
        if kind == 1:
            return f"axis={self.draw(st.sampled_from(['0', '-1', 'None', '(0, 1)']))}"
        if kind == 2 and self.style != "from":
            return f"dtype={self.ref(self.draw(st.sampled_from(CONSTANTS)))}"
        if kind == 3:
            return self.draw(st.sampled_from(["out=a", "keepdims=True", "order='F'", "*args", "**kw", "where=a > 0"]))
        return self.literal()

    def call(self, depth: int = 0) -> str:
        kind = self.draw(st.integers(0, 6))
        if kind == 0:
            target = self.draw(st.sampled_from(self.arrays))
            method = self.draw(st.sampled_from(METHODS))
            return f"{target}.{method}" + ("" if self.draw(st.booleans()) else f"({self.argument(depth)})")
        if kind == 1 and CONSTANTS:
            return self.ref(self.draw(st.sampled_from(CONSTANTS)))
        name = self.draw(st.sampled_from(FUNCTIONS))
        args = [self.argument(depth) for _ in range(self.draw(st.integers(0, 3)))]
        args.sort(key=lambda a: ("=" in a and not a.startswith("where") and "==" not in a) or a.startswith("*"))
        return f"{self.ref(name)}({', '.join(args)})"

    def statement(self, indent: str, depth: int) -> list[str]:
        kind = self.draw(st.integers(0, 13))
        target = self.draw(st.sampled_from(self.arrays + ["c", "d"]))
        if kind <= 3:
            return [f"{indent}{target} = {self.call()}"]
        if kind == 4:
            return [f"{indent}{target}[{self.draw(st.sampled_from(['0', '1:', '..., 0', 'a > 0', ':, None']))}] = {self.literal()}"]
        if kind == 5:
            return [f"{indent}{target} {self.draw(st.sampled_from(['+=', '*=', '-=', '@=', '//=']))} {self.literal()}"]
        if kind == 6:
            return [f"{indent}{target}.{self.draw(st.sampled_from(['sort()', 'fill(0)', 'resize(4)', 'shape = (2, 2)', 'T']))}"]
        if kind == 7:
            return [f"{indent}{self.draw(st.sampled_from(['b = a', 'c = a[1:]', 'd = a.view()', 'a, b = b, a', 'del c']))}"]
        if kind == 8:
            return [f"{indent}{self.draw(st.sampled_from(['np = 3', 'numpy = None', 'def tnp(): pass', 'tf = object()']))}"]
        if kind == 9:
            return [f"{indent}print({self.call()}, [{self.call()} for i in range(2)], lambda q: {self.call()})"]
        if depth >= 3:
            return [f"{indent}pass"]
        inner = indent + "    "
        body = [line for _ in range(self.draw(st.integers(1, 3))) for line in self.statement(inner, depth + 1)]
        header = self.draw(
            st.sampled_from(
                [
                    "def f(a, b=None, *args, **kw):",
                    "async def g(a):",
                    "class C:",
                    "for i in range(3):",
                    "while a is None:",
                    "if a is not None:",
                    "with open('x') as fh:",
                    "try:",
                    "@decorator\ndef h(np):",
                ]
            )
        )
        header = header.replace("\n", "\n" + indent)
        lines = [f"{indent}{header}", *body]
        if header == "try:":
            lines += [f"{indent}except ImportError:", f"{inner}import numpy as np"]
        if header.startswith("def f"):
            lines.append(f"{inner}return {self.draw(st.sampled_from(self.arrays))}")
        return lines


@st.composite
def numpy_programs(draw: st.DrawFn) -> str:
    program = _Program(draw)
    body = [line for _ in range(draw(st.integers(1, 6))) for line in program.statement("", 0)]
    header = program.header()
    where = draw(st.integers(0, len(body)))
    lines = body[:where] + header + body[where:] if draw(st.booleans()) else header + body
    return "\n".join(lines) + "\n"


@_budget(40)
@given(numpy_programs())
def test_numpy_programs(text: str) -> None:
    check_conversion(text)


@_budget(15)
@given(numpy_programs(), st.booleans())
def test_numpy_programs_with_approximate_and_crlf(text: str, approximate: bool) -> None:
    options = Options(allow_approximate=approximate)
    lf = check_conversion(text, options)
    crlf = check_conversion(text.replace("\n", "\r\n"), options)
    if lf is not None and crlf is not None:
        assert crlf == lf.replace("\n", "\r\n"), "CRLF files must convert like LF files, keeping CRLF"


# --- mutations of the fixtures -------------------------------------------------------------


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        if not lines:
            break
        op = rng.randrange(6)
        i = rng.randrange(len(lines))
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            alias = rng.choice(ALIASES)
            lines = [line.replace("np.", f"{alias}.").replace("as np", f"as {alias}") for line in lines]
        elif op == 4:
            lines = ["def wrapper():"] + ["    " + line if line.strip() else line for line in lines] + ["    return None"]
        else:
            lines = ["import numpy as np", *lines] if rng.random() < 0.5 else [line.replace("import numpy as np", "import numpy") for line in lines]
    return "\n".join(lines) + "\n"


@_budget(10)
@given(st.sampled_from(FIXTURES), st.randoms(use_true_random=False))
def test_fixture_mutations(fixture: Path, rng: random.Random) -> None:
    check_conversion(_mutate(fixture.read_text(encoding="utf-8"), rng))


@_budget(6)
@given(st.sampled_from(FIXTURES))
def test_fixtures_nested_in_a_function(fixture: Path) -> None:
    text = fixture.read_text(encoding="utf-8")
    nested = "def wrapper():\n" + "".join("    " + line if line.strip() else line for line in text.splitlines(keepends=True))
    check_conversion(nested if nested.endswith("\n") else nested + "\n")


# --- files: what is written to disk -------------------------------------------------------


@_budget(10)
@given(hypothesmith.from_grammar() | numpy_programs())
def test_files_without_a_numpy_import_are_never_touched(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "m.py"
    path.write_text(text, encoding="utf-8")
    result = convert_file(path, "m.py", Options(), RULES)
    assert result.status is not Status.INTERNAL_ERROR, result.diagnostics
    if not re.search(r"(?m)(?:^|[;:])[ \t]*(?:import[ \t][^\n#]*\bnumpy\b|from[ \t]+numpy\b)", text):
        assert result.status is Status.UNCHANGED and not result.diagnostics


# --- converter bugs the fuzzers found, kept as regression tests ---------------------------


def test_known_bug_methods_rewritten_without_numpy() -> None:
    text = '"""Talks about numpy."""\n\n\ndef total(d):\n    return d.sum()\n'
    assert convert_source(text, "m.py", None, RULES).code == text


def test_known_bug_setitem_after_method_result_is_not_idempotent() -> None:
    text = "import numpy as np\nd = a.size\nd[0] = 0\n"
    first = convert_source(text, "m.py", None, RULES).code
    assert convert_source(first, "m.py", None, RULES).code == first


def test_constant_bound_name_is_stable_under_a_second_conversion() -> None:
    # Found by test_numpy_programs: `b = np.False_` then `b.real` converted only on the
    # second pass, once `np.False_` had become `n2t.False_`.
    text = "import numpy as np\nfor i in range(3):\n    b = np.False_\na = b.real\n"
    first = convert_source(text, "m.py", None, RULES).code
    assert convert_source(first, "m.py", None, RULES).code == first
    assert "b.real" in first


def test_view_method_result_is_stable_under_a_second_conversion() -> None:
    # Found on SciPy's test_quantile.py: `p0 = p.ravel(); p0[1] = 0.` is a write through a
    # view (left with N2T200); after conversion `n2t.ndarray.ravel(p)` must still be a view.
    text = "import numpy as np\ndef f(p):\n    p0 = p.ravel()\n    p0[1] = 0.\n    return p0\n"
    first = convert_source(text, "m.py", None, RULES).code
    assert convert_source(first, "m.py", None, RULES).code == first
    assert "p0[1] = 0." in first


def test_dtype_constructor_result_is_stable_under_a_second_conversion() -> None:
    # Found on NumPy's test_umath.py: `x = np.float64(...)` becomes `tnp.asarray(..., dtype=)`,
    # which must be an array on the first pass too, or `y = x.copy(); y[::4] = 1` flips.
    text = "import numpy as np\nx = np.float64(np.ones(8))\ny = x.copy()\ny[3:-1:4] = 1.0\n"
    first = convert_source(text, "m.py", None, RULES).code
    assert convert_source(first, "m.py", None, RULES).code == first


def test_view_function_spelling_is_stable_under_a_second_conversion() -> None:
    # Found on NumPy's ma tests: `xd = x.diagonal()` becomes `tnp.diagonal(x)`, still a view.
    text = "import numpy as np\ndef f():\n    x = np.ma.zeros((3, 3))\n    x[0, 0] = 10\n    xd = x.diagonal()\n    x[1, 1] = 15\n    return xd\n"
    first = convert_source(text, "m.py", None, RULES).code
    assert convert_source(first, "m.py", None, RULES).code == first
