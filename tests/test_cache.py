"""The content-hash cache (np2tf/cache.py): hits, invalidation, and no libcst on a warm run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from np2tf.options import Options
from np2tf.pipeline import Action, RunSettings, run

ROOT = Path(__file__).resolve().parent.parent
SOURCE = 'import numpy as np\nx = np.load("a.npy")\ny = np.sum(np.ones(3))\n'


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NP2TF_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "src"
    root.mkdir()
    (root / "a.py").write_text(SOURCE, encoding="utf-8")
    (root / "b.py").write_text("print(1)\n", encoding="utf-8")
    return root


def test_second_run_comes_from_the_cache_with_the_same_results(tree: Path) -> None:
    settings = RunSettings(jobs=1)
    first = run([tree], Action.DIFF, Options(), settings=settings)
    second = run([tree], Action.DIFF, Options(), settings=settings)
    assert first.cached == 0 and second.cached == 2
    assert [(f.path, f.status, f.diagnostics) for f in first.files] == [(f.path, f.status, f.diagnostics) for f in second.files]
    assert first.diffs == second.diffs and second.diffs


def test_changed_content_or_options_miss(tree: Path) -> None:
    settings = RunSettings(jobs=1)
    run([tree], Action.CHECK, Options(), settings=settings)
    (tree / "a.py").write_text(SOURCE + "z = 1\n", encoding="utf-8")
    assert run([tree], Action.CHECK, Options(), settings=settings).cached == 1
    assert run([tree], Action.CHECK, Options(allow_approximate=True), settings=settings).cached == 0
    assert run([tree], Action.CHECK, Options(), settings=RunSettings(jobs=1, cache=False)).cached == 0


def test_a_warm_check_does_not_import_libcst(tree: Path, tmp_path: Path) -> None:
    code = (
        "import sys\nfrom np2tf.cli import main\n"
        f"try:\n    main(['check', {str(tree)!r}, '-j', '1'])\nexcept SystemExit as e:\n    print('exit', e.code)\n"
        "print('libcst' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NP2TF_CACHE_DIR": str(tmp_path / "cache")}
    outputs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.split() for _ in range(2)]
    assert outputs[0][-3:] == ["exit", "1", "True"]
    assert outputs[1][-3:] == ["exit", "1", "False"]


def test_cache_folder_ignores_itself(tree: Path, tmp_path: Path) -> None:
    run([tree], Action.CHECK, Options(), settings=RunSettings(jobs=1))
    assert (tmp_path / "cache" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
