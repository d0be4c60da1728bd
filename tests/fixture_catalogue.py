"""The golden fixture catalogue shared by the fixture and equivalence tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@dataclass(frozen=True)
class Fixture:
    """One golden case: ``<name>.in.py`` with optional ``.out.py`` and ``.report.txt``."""

    input: Path

    @property
    def id(self) -> str:
        return self.input.relative_to(FIXTURES).as_posix().removesuffix(".in.py")

    @property
    def output(self) -> Path:
        return self.input.with_name(self.input.name.replace(".in.py", ".out.py"))

    @property
    def report(self) -> Path:
        return self.input.with_name(self.input.name.replace(".in.py", ".report.txt"))

    @property
    def flags(self) -> list[str]:
        first = self.input.read_text(encoding="utf-8").split("\n", 1)[0]
        return first.removeprefix("# fixture:").split() if first.startswith("# fixture:") else []

    @property
    def noop(self) -> bool:
        return self.input.parent.name == "noop"


def all_fixtures() -> list[Fixture]:
    return [Fixture(p) for p in sorted(FIXTURES.rglob("*.in.py"))]
