"""Undo: before a step changes files, their old state is saved under .codey/undo/; undo_last() puts it back."""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from codey.errors import TaskFailed
from codey.graph.checkpoint import codey_dir
from codey.tools.fs import atomic_write, rel, resolve

MAX_SNAPSHOT_BYTES = 100 * 2**20


def _records(workspace: str) -> Path:
    path = codey_dir(workspace) / "undo"
    path.mkdir(exist_ok=True)
    return path


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def snapshot(workspace: str, paths: list[str], label: str) -> bool:
    """Save the current state of paths (which may not exist yet); False when they are too big to keep."""
    targets = [resolve(workspace, p) for p in paths if p]
    if sum(_size(t) for t in targets if t.exists()) > MAX_SNAPSHOT_BYTES:
        return False
    record = _records(workspace) / f"{time.time_ns()}"
    (record / "files").mkdir(parents=True)
    entries = []
    for i, target in enumerate(targets):
        kind = "dir" if target.is_dir() else "file" if target.exists() else "missing"
        if kind == "dir":
            shutil.copytree(target, record / "files" / str(i), symlinks=True)
        elif kind == "file":
            shutil.copy2(target, record / "files" / str(i))
        entries.append({"path": rel(workspace, target), "kind": kind})
    (record / "manifest.json").write_text(json.dumps({"label": label, "entries": entries}))
    return True


def save_texts(workspace: str, originals: dict[str, str | None], label: str) -> None:
    """Record files as they were before a code edit (None: the file did not exist)."""
    record = _records(workspace) / f"{time.time_ns()}"
    (record / "files").mkdir(parents=True)
    entries = []
    for i, (name, text) in enumerate(originals.items()):
        if text is not None:
            (record / "files" / str(i)).write_text(text)
        entries.append({"path": name, "kind": "missing" if text is None else "file"})
    (record / "manifest.json").write_text(json.dumps({"label": label, "entries": entries}))


def undo_last(workspace: str) -> dict:
    """Restore the most recent record and drop it."""
    records = sorted(_records(workspace).iterdir(), key=lambda p: int(p.name))
    if not records:
        raise TaskFailed("nothing to undo")
    record = records[-1]
    manifest = json.loads((record / "manifest.json").read_text())
    for i, entry in enumerate(manifest["entries"]):
        target, saved = resolve(workspace, entry["path"]), record / "files" / str(i)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        if entry["kind"] == "dir":
            shutil.copytree(saved, target, symlinks=True)
        elif entry["kind"] == "file":
            atomic_write(target, saved.read_text()) if saved.stat().st_size < MAX_SNAPSHOT_BYTES and _is_text(saved) \
                else shutil.copy2(saved, target)
    shutil.rmtree(record)
    paths = [e["path"] for e in manifest["entries"]]
    return {"output": f"undid: {manifest['label']} ({', '.join(paths)})", "files_changed": paths}


def _is_text(path: Path) -> bool:
    try:
        path.read_text()
        return True
    except UnicodeDecodeError:
        return False
