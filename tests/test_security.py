"""Converting is reading: no user code runs, and ``-o`` writes only inside its directory.

Each "would it run?" case plants code that, if imported or executed, creates a marker
file; the run must finish with the marker absent.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = "import numpy as np\n\nx = np.sum(np.ones(3))\n"


def _marker_code(marker: Path) -> str:
    return f"open({str(marker)!r}, 'w').write('ran')\n"


def _np2tf(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # A subprocess whose cwd is the user's tree: anything np2tf imported by name from
    # there (numpy.py, a package, sitecustomize) would run.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NP2TF_CACHE_DIR": str(cwd / ".cache-test")}
    return subprocess.run([sys.executable, "-m", "np2tf", *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_user_code_is_never_imported_or_run(tmp_path: Path) -> None:
    tree = tmp_path / "project"
    marker = tmp_path / "marker"
    (tree / "pkg").mkdir(parents=True)
    (tree / "pkg" / "__init__.py").write_text(_marker_code(marker))
    (tree / "numpy.py").write_text(_marker_code(marker))  # shadows numpy for code run from here
    (tree / "tensorflow.py").write_text(_marker_code(marker))
    (tree / "libcst_helpers.py").write_text(_marker_code(marker))
    (tree / "sitecustomize.py").write_text(_marker_code(marker))
    (tree / "main.py").write_text(
        "import numpy as np\nimport pkg\nfrom pkg import thing\n" + _marker_code(marker) + "x = np.sum(np.ones(3))\n"
        "if __name__ == '__main__':\n    " + _marker_code(marker)
    )
    (tree / "evil_cookie.py").write_text("# -*- coding: utf-8 -*-\nimport numpy as np\nexec(" + repr(_marker_code(marker)) + ")\n")
    result = _np2tf("convert", tree, cwd=tree)
    assert result.returncode == 0, result.stderr
    assert "tnp.sum" in (tree / "main.py").read_text()
    assert not marker.exists(), "np2tf ran user code"


def test_converter_never_imports_numpy_or_tensorflow(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(GOOD)
    probe = (
        "import sys\nfrom np2tf.cli import main\n"
        "try:\n    main(['convert', '--no-cache', 'm.py'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'numpy', 'tensorflow'}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr
    assert "tnp.sum" in (tmp_path / "m.py").read_text()


def test_configuration_cannot_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    tree = tmp_path / "project"
    tree.mkdir()
    payload = f"__import__('os').system('touch {marker}')"
    (tree / "pyproject.toml").write_text(
        "[tool.np2tf]\n"
        f'exclude = ["{payload}", "$(touch {marker})", "`touch {marker}`"]\n'
        f'runtime = "{payload}"\n'
        f'device = "{payload}"\n'
    )
    (tree / "m.py").write_text(GOOD)
    result = _np2tf("convert", tree, cwd=tree)
    assert result.returncode in (0, 2), result.stderr  # refused or ignored, never a crash
    assert not marker.exists(), "configuration values were executed"
    (tree / "pyproject.toml").write_text(f"[tool.np2tf]\nplugins = [\"{payload}\"]\n")
    result = _np2tf("convert", tree, cwd=tree)
    assert result.returncode == 2 and "unknown" in result.stderr
    assert not marker.exists()


def _tree_with_traps(tmp_path: Path) -> tuple[Path, Path, Path]:
    src = tmp_path / "src"
    outside = tmp_path / "outside"
    (src / "sub").mkdir(parents=True)
    outside.mkdir()
    victim = outside / "victim.py"
    victim.write_text(GOOD)
    (src / "a.py").write_text(GOOD)
    (src / "sub" / "b.py").write_text(GOOD)
    (src / "link_out.py").symlink_to(victim)  # a module that is really outside the tree
    (src / "dir_out").symlink_to(outside, target_is_directory=True)
    (src / "..evil.py").write_text(GOOD)  # dots in a name are just a name
    return src, outside, victim


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def test_output_dir_writes_nothing_outside(tmp_path: Path) -> None:
    src, outside, victim = _tree_with_traps(tmp_path)
    before_src, before_outside = _snapshot(src), _snapshot(outside)
    out = tmp_path / "out"
    result = _np2tf("convert", src, "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _snapshot(outside) == before_outside, "a file outside the output directory changed"
    assert _snapshot(src) == before_src, "-o must leave the sources alone"
    assert "tnp.sum" in (out / "a.py").read_text() and "tnp.sum" in (out / "sub" / "b.py").read_text()
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve())
    assert victim.read_text() == GOOD


def test_output_dir_with_planted_symlinks_is_not_written_through(tmp_path: Path) -> None:
    src, outside, victim = _tree_with_traps(tmp_path)
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    (out / "a.py").symlink_to(victim)  # an earlier output tree someone tampered with
    (out / "sub" / "b.py").symlink_to(victim)
    result = _np2tf("convert", src, "-o", out, cwd=tmp_path)
    assert victim.read_text() == GOOD, "np2tf wrote through a symlink out of the output directory"
    assert result.returncode != 123 or "Traceback" not in result.stderr, result.stderr


def test_output_dir_inside_the_input_does_not_recurse(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.py").write_text(GOOD)
    out = src / "converted"
    for _ in range(2):  # the second run finds the first run's output inside its input
        result = _np2tf("convert", src, "-o", out, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert (src / "a.py").read_text() == GOOD
    assert "tnp.sum" in (out / "a.py").read_text()
    assert not (out / "converted").exists(), "the output tree was converted into itself"


@pytest.mark.parametrize("name", ["../escape.py", "/abs/escape.py", "..", "a/../../escape.py"])
def test_crafted_relative_paths_stay_inside(tmp_path: Path, name: str) -> None:
    from np2tf import pipeline

    out = tmp_path / "out"
    out.mkdir()
    try:
        target = pipeline._inside(out, Path(name))
    except ValueError:
        return  # refused: fine
    assert target.is_relative_to(out.resolve())
