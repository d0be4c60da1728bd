"""Golden fixtures: input -> expected output and diagnostics.

Each ``fixtures/<area>/<case>.in.py`` converts to ``<case>.out.py`` (``noop/`` cases and
cases without one must come back byte-identical) with the diagnostics in
``<case>.report.txt`` (absent when there are none). Every output must compile and be
stable under a second conversion (Black's ``assert_stable``). Regenerate with
``pytest tests/test_fixtures.py --update-fixtures`` and review the diff.
"""

from __future__ import annotations

import pytest

from fixture_catalogue import Fixture, all_fixtures
from np2tf.pipeline import convert_source
from np2tf.options import Options

FIXTURES = all_fixtures()


def _options(fixture: Fixture) -> Options:
    flags = fixture.flags
    random = flags[flags.index("--random") + 1] if "--random" in flags else "tf"
    return Options(allow_approximate="--allow-approximate" in flags, random=random)


def _report(diagnostics: list) -> str:
    return "".join(d.format().removeprefix(f"{d.path}:") + "\n" for d in diagnostics)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.id for f in FIXTURES])
def test_fixture(fixture: Fixture, request: pytest.FixtureRequest) -> None:
    source = fixture.input.read_text(encoding="utf-8")
    converted = convert_source(source, fixture.input.name, _options(fixture))
    report = _report(converted.diagnostics)
    if request.config.getoption("--update-fixtures"):
        if fixture.noop or converted.code == source:
            fixture.output.unlink(missing_ok=True)
        else:
            fixture.output.write_text(converted.code, encoding="utf-8")
        if report:
            fixture.report.write_text(report, encoding="utf-8")
        else:
            fixture.report.unlink(missing_ok=True)
    expected = fixture.output.read_text(encoding="utf-8") if fixture.output.exists() else source
    if fixture.noop:
        assert not fixture.output.exists(), "noop fixtures have no .out.py"
    assert converted.code == expected
    expected_report = fixture.report.read_text(encoding="utf-8") if fixture.report.exists() else ""
    assert report == expected_report
    compile(converted.code, fixture.input.name, "exec")
    again = convert_source(converted.code, fixture.input.name, _options(fixture))
    assert again.code == converted.code, "a second conversion must change nothing"


def test_there_are_fixtures() -> None:
    assert len(FIXTURES) >= 10
