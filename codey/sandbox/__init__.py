"""Scratch copies of the workspace, where model-written code is written, imported and tested before the user's
files change, and the confinement of the commands run in them.

Every copy lives in a folder of its own under one root Codey owns, $TMPDIR/codey-scratch-<uid>/, named after the
process that made it (pid and start time): copy/<workspace name>/ holds the files, home/ and tmp/ are the HOME and
TMPDIR of the commands confined to it, and the whole folder is the one place they may write. A folder is removed
when its `scratch` block ends, or at the next start of Codey if its owner died first (clean_stale).
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Iterator

from codey.app.errors import Refused
from codey.workspace.project import SKIP_DIRS
from codey.tools import shell

OWNER = re.compile(r"(\d+)\.(\d+)-")


def root(create: bool = True) -> Path:
    """The folder all scratch copies of this user live in; refused when someone else owns it (a shared /tmp)."""
    path = Path(tempfile.gettempdir()) / f"codey-scratch-{os.getuid()}"
    if create:
        path.mkdir(mode=0o700, exist_ok=True)
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise Refused(f"{path} is not a folder of this user's: remove it, or set TMPDIR to another folder")
    return path


def owner(pid: int) -> str | None:
    """pid.start-time of a running process (None if it is not running): what names the folders it owns."""
    import psutil

    try:
        return f"{pid}.{int(psutil.Process(pid).create_time())}"
    except psutil.NoSuchProcess:
        return None


@contextlib.contextmanager
def scratch(workspace: str | Path) -> Iterator[Path]:
    """A copy of workspace without SKIP_DIRS (.git, virtualenvs, caches), removed when the block ends. Symlinks
    that stay inside the workspace are kept as relative links; any that leads out is left out."""
    folder = Path(tempfile.mkdtemp(prefix=f"{owner(os.getpid())}-", dir=root()))
    try:
        source = Path(os.path.realpath(workspace))
        copy = folder / "copy" / (source.name or "workspace")
        copy_tree(source, copy)
        for name in ("home", "tmp"):
            (folder / name).mkdir()
        yield copy
    finally:
        remove(folder)


@contextlib.contextmanager
def confined(copy: Path, allow_env=()):
    """Every shell.run inside runs confined to the scratch folder of copy (see codey/tools/shell.py): no
    secret-looking variables but those in allow_env, HOME and TMPDIR of its own, the copy's source roots (its top
    and src/) first on PYTHONPATH, writes only in the folder. A context variable: a thread started inside begins
    unconfined unless run in a copy of this context (contextvars.copy_context)."""
    folder = copy.parent.parent
    sources = tuple(str(p) for p in (copy, copy / "src") if p.is_dir())
    token = shell.CONFINED.set(shell.Confinement(str(folder), str(folder / "home"), str(folder / "tmp"), sources,
                                                 tuple(allow_env)))
    try:
        yield
    finally:
        shell.CONFINED.reset(token)


def copy_tree(source: Path, copy: Path) -> None:
    """Regular files and directories are copied with their modes; fifos, sockets and devices are not."""
    copy.mkdir(parents=True)
    for dirpath, dirnames, filenames in os.walk(source):
        here = copy / os.path.relpath(dirpath, source)
        here.mkdir(parents=True, exist_ok=True)
        kept = []
        for name in dirnames:
            if name in SKIP_DIRS:
                continue
            if os.path.islink(os.path.join(dirpath, name)):
                relink(Path(dirpath, name), source, copy)
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            path = Path(dirpath, name)
            if name in SKIP_DIRS:
                continue
            if path.is_symlink():
                relink(path, source, copy)
            elif path.is_file():
                with contextlib.suppress(OSError):  # unreadable: the checks go without it, as the user's would
                    shutil.copy2(path, here / name)


def relink(link: Path, source: Path, copy: Path) -> None:
    """Recreate link in copy as a relative link when its target is inside source; drop it otherwise."""
    target = os.path.realpath(link)
    if os.path.commonpath([target, source]) != str(source):
        return
    made = copy / link.relative_to(source)
    os.symlink(os.path.relpath(copy / os.path.relpath(target, source), made.parent), made)


def remove(folder: Path) -> None:
    """Remove a scratch folder, even where a check took away its own write permission."""
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    for dirpath, dirnames, _ in os.walk(folder):
        for name in dirnames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                with contextlib.suppress(OSError):
                    os.chmod(path, 0o700)
    shutil.rmtree(folder, ignore_errors=True)


def clean_stale() -> None:
    """Remove the scratch folders whose owner process is no longer running (Codey was killed mid-check); called
    once at start."""
    try:
        folders = list(root(create=False).iterdir())
    except (FileNotFoundError, Refused):
        return
    for folder in folders:
        found = OWNER.match(folder.name)
        if found and owner(int(found.group(1))) != f"{found.group(1)}.{found.group(2)}":
            remove(folder)
