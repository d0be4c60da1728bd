"""Writes keep what the file was (bytes' conventions, mode, owner) and are all-or-nothing.

The kill test starts ``np2tf convert`` on a few hundred files in a subprocess, SIGKILLs it
at random moments and checks that every file is either the original or the complete
conversion, and that nothing np2tf left behind ends in ``.py``.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import np2tf.emit
from np2tf.cli import main
from np2tf.pipeline import convert_source

ROOT = Path(__file__).resolve().parent.parent
GOOD = "import numpy as np\n\nx = np.sum(np.ones(3))\n"
TEMP_NAME = re.compile(r"^\..+\.np2tf-\d+-[0-9a-f]+\.tmp$")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh result cache per test, so no test is answered from another's results."""
    monkeypatch.setenv("NP2TF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def _convert(*args: str) -> None:
    result = CliRunner().invoke(main, ["convert", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


def test_crlf_is_kept_for_every_line(tmp_path: Path) -> None:
    path = tmp_path / "crlf.py"
    source = "import numpy as np\r\n\r\ndef f(a):\r\n    b = np.zeros(3)\r\n    b[0] = 1\r\n    return np.sum(a) + b\r\n"
    path.write_bytes(source.encode())
    _convert(str(path))
    data = path.read_bytes()
    assert b"tnp." in data
    assert data.count(b"\n") == data.count(b"\r\n"), "inserted and rewritten lines use the file's newline"
    assert data.decode() == convert_source(source.replace("\r\n", "\n")).code.replace("\n", "\r\n")


def test_bom_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "bom.py"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    _convert(str(path))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)
    assert b"tnp.sum" in data


def test_latin1_file_stays_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\nimport numpy as np\ns = 'caf\xe9'\nx = np.sum(np.ones(3))\n")
    _convert(str(path))
    data = path.read_bytes()
    assert b"'caf\xe9'" in data and b"tnp.sum" in data
    assert data.startswith(b"# -*- coding: latin-1 -*-\n")


def test_utf8_without_cookie_stays_utf8(tmp_path: Path) -> None:
    path = tmp_path / "utf8.py"
    path.write_text("import numpy as np\ns = 'café 日本'\nx = np.sum(np.ones(3))\n", encoding="utf-8")
    _convert(str(path))
    assert "'café 日本'" in path.read_text(encoding="utf-8")


def test_executable_bit_and_mode_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "script.py"
    path.write_text("#!/usr/bin/env python\n" + GOOD)
    path.chmod(0o751)
    _convert(str(path))
    assert "tnp.sum" in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o751


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_owner_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "owned.py"
    path.write_text(GOOD)
    os.chown(path, 65534, 65534)
    _convert(str(path))
    assert "tnp.sum" in path.read_text()
    assert (path.stat().st_uid, path.stat().st_gid) == (65534, 65534)


def test_symlink_stays_a_link_and_its_target_is_converted(tmp_path: Path) -> None:
    target = tmp_path / "real.py"
    target.write_text(GOOD)
    link = tmp_path / "link.py"
    link.symlink_to(target.name)
    _convert(str(link))
    assert link.is_symlink()
    assert "tnp.sum" in target.read_text()


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "plain.py"
    path.write_text("import numpy as np\nprint(np.__version__)\n")
    before = path.stat()
    _convert(str(tmp_path))
    after = path.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporaries_are_removed_on_the_next_write(tmp_path: Path) -> None:
    path = tmp_path / "good.py"
    path.write_text(GOOD)
    stale = tmp_path / f".good.py.np2tf-{_dead_pid()}-abcd1234.tmp"
    stale.write_text("half a file")
    live = tmp_path / f".good.py.np2tf-{os.getpid()}-abcd1234.tmp"  # a run still going
    live.write_text("in flight")
    other = tmp_path / "notes.tmp"
    other.write_text("not ours")
    _convert(str(path))
    assert not stale.exists()
    assert live.exists() and other.exists()
    assert "tnp.sum" in path.read_text()


def test_failed_replace_leaves_original_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "good.py"
    path.write_text(GOOD)

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np2tf.emit.os, "replace", broken_replace)
    with pytest.raises(OSError):
        np2tf.emit.write_atomic(path, b"converted")
    monkeypatch.undo()
    assert path.read_text() == GOOD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.py"]


def _make_tree(root: Path, count: int) -> dict[str, str]:
    """``count`` small NumPy modules in a few folders; returns name -> source.

    Sources repeat (a few templates times a few sizes), so the expected conversions are
    computed once per distinct source, not once per file.
    """
    rng = random.Random(count)
    templates = [
        "import numpy as np\n\nx = np.sum(np.ones({n}))\n",
        "import numpy as np\n\n\ndef f(a):\n    return np.mean(a, axis=0) * {n}\n",
        "import numpy\n\ny = numpy.zeros(({n}, 2)).T\n",
        "from numpy import cumsum\n\nz = cumsum([{n}, 2, 3])\n",
        "# no numpy here\nvalue = {n}\n",
    ]
    sources: dict[str, str] = {}
    for i in range(count):
        name = f"pkg{i % 7}/mod_{i}.py"
        sources[name] = rng.choice(templates).format(n=rng.randint(1, 4))
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(sources[name])
    return sources


def _check_tree(root: Path, originals: dict[str, str], expected: dict[str, str]) -> int:
    """Every module is the original or the full conversion; returns how many converted."""
    converted = 0
    for name, original in originals.items():
        text = (root / name).read_text()
        assert text in (original, expected[original]), f"torn file {name}:\n{text}"
        converted += text != original
    for path in root.rglob("*"):
        if path.is_file():
            name = path.relative_to(root).as_posix()
            if name.startswith(".np2tf_cache/"):  # the result cache: np2tf's own, never a module
                assert not name.endswith(".py"), f"stray module in the cache: {name}"
                continue
            assert name in originals or TEMP_NAME.match(path.name), f"stray file {name}"
            assert not (TEMP_NAME.match(path.name) and path.name.endswith(".py"))
    return converted


def _start(*paths: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "np2tf", "convert", "-q", "--no-cache", *map(str, paths)],
        cwd=paths[0],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so the kill reaches any worker processes too
    )


@pytest.mark.slow
def test_sigkill_at_random_moments_leaves_no_torn_file(tmp_path: Path) -> None:
    pristine = tmp_path / "pristine"
    originals = _make_tree(pristine, 300)
    expected = {text: convert_source(text).code for text in set(originals.values())}
    rng = random.Random(int(os.environ.get("NP2TF_KILL_SEED", "1")))
    # Time one full run first, so the kills land inside the run however fast np2tf gets.
    probe = tmp_path / "probe"
    shutil.copytree(pristine, probe)
    started = time.monotonic()
    _start(probe).wait()
    full = time.monotonic() - started
    kills = 0
    tree = pristine
    for attempt in range(4):
        tree = tmp_path / f"run{attempt}"
        shutil.copytree(pristine, tree)
        process = _start(tree)
        time.sleep(rng.uniform(0.3, 0.9) * full)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        _check_tree(tree, originals, expected)
    assert kills >= 2, "the run finished before it could be killed; make the tree bigger"
    # A run after the kill finishes the job and clears the temporaries the kill left. Only
    # the folders the kill interrupted are rerun, to keep the test short.
    temps = [p for p in tree.rglob("*") if TEMP_NAME.match(p.name)]
    pending = [n for n, text in originals.items() if (tree / n).read_text() != expected[text]]
    folders = sorted({p.parent for p in temps} | {(tree / n).parent for n in pending[:1]})
    process = _start(*folders)
    assert process.wait(timeout=600) == 0
    for folder in folders:
        for path in folder.iterdir():
            assert not TEMP_NAME.match(path.name), f"temporary not cleaned up: {path}"
            name = path.relative_to(tree).as_posix()
            assert path.read_text() == expected[originals[name]]
    _check_tree(tree, originals, expected)
