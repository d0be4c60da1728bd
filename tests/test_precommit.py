"""The hooks in ``.pre-commit-hooks.yaml``, run by the real ``pre-commit`` on a temporary repository.

pre-commit installs np2tf from a snapshot of this checkout (its tracked and untracked,
non-ignored files, so uncommitted work is what gets tested) into its own virtualenv,
then runs the hooks as a user's repository would: ``pre-commit install`` and ``git
commit``. Installing takes 20-40 s, hence ``slow``; CI runs slow tests too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False)


def _snapshot(target: Path) -> str:
    """Copy this checkout's working tree into a new repository; return its commit."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    assert _git(target, "commit", "-q", "-m", "snapshot").returncode == 0
    return _git(target, "rev-parse", "HEAD").stdout.strip()


def test_hooks_install_pass_on_clean_code_and_fail_naming_the_file(tmp_path: Path) -> None:
    # the one installed beside this Python (`make test` runs the venv's Python, PATH as it was)
    beside = Path(sys.executable).parent / "pre-commit"
    executable = str(beside) if beside.is_file() else shutil.which("pre-commit")
    if executable is None:
        pytest.fail("pre-commit is not installed (pip install -e .[test])")
    snapshot = tmp_path / "np2tf"
    snapshot.mkdir()
    rev = _snapshot(snapshot)
    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {snapshot}\n  rev: {rev}\n  hooks:\n  - id: np2tf-check\n  - id: np2tf-convert\n    stages: [manual]\n",
        encoding="utf-8",
    )
    (project / "clean.py").write_text("import numpy as np\nx = np.zeros(3)\n", encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([executable, *args], cwd=project, capture_output=True, text=True, env=env, check=False)

    installed = pre_commit("install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _git(project, "add", "clean.py", ".pre-commit-config.yaml")
    commit = _git(project, "commit", "-m", "clean")
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "np2tf check" in commit.stdout + commit.stderr and "Passed" in commit.stdout + commit.stderr

    (project / "bad.py").write_text('import numpy as np\nx = np.load("data.npy")\n', encoding="utf-8")
    _git(project, "add", "bad.py")
    commit = _git(project, "commit", "-m", "bad")
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert "bad.py:2:5: N2T101" in output and "Failed" in output

    converted = pre_commit("run", "np2tf-convert", "--hook-stage", "manual", "--files", "clean.py")
    assert converted.returncode == 1
    assert "would convert clean.py" in converted.stdout + converted.stderr
