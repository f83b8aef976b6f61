"""Undo: before a step changes files, their old state is saved under .codey/undo/; undo_last() puts it back.

A record is a folder of saved files with its manifest.json written last (atomically), so a record without one was
never finished and is dropped. The manifest holds each path's kind, mode and the parent folders the step would
create; once the step is over it is sealed with a fingerprint of what the step left, so undo can refuse to throw
away changes made since. Saved files are the user's own bytes, kept exact; the label is redacted of secrets.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

from codey.workspace import textfile
from codey.app.errors import Refused, TaskFailed
from codey.graph.checkpoint import codey_dir
from codey.workspace.secrets import redact
from codey.tools.fs import atomic_write, current_umask, rel, resolve

MAX_SNAPSHOT_BYTES = 100 * 2**20
MANIFEST = "manifest.json"
STALE_NS = 3600 * 10**9  # an unfinished record older than this was left by a Codey that stopped


def _records(workspace: str) -> Path:
    path = codey_dir(workspace) / "undo"
    path.mkdir(exist_ok=True)
    return path


def _finished(workspace: str) -> list[Path]:
    """Records oldest first. Unfinished ones (no manifest) are skipped, and removed once old enough that no Codey
    can still be writing them."""
    found = []
    for record in sorted(_records(workspace).iterdir(), key=lambda p: int(p.name) if p.name.isdigit() else -1):
        if (record / MANIFEST).is_file():
            found.append(record)
        elif record.name.isdigit() and time.time_ns() - int(record.name) > STALE_NS:
            shutil.rmtree(record, ignore_errors=True)
    return found


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _new_parents(workspace: str, target: Path) -> list[str]:
    """The folders above target that do not exist yet (outermost first): writing target would create them."""
    root, missing = Path(workspace).resolve(), []
    for parent in target.parents:
        if parent == root or parent.exists():
            break
        missing.append(rel(workspace, parent))
    return missing[::-1]


def _entry(workspace: str, target: Path, kind: str) -> dict:
    entry = {"path": rel(workspace, target), "kind": kind}
    if kind == "missing":
        entry["parents"] = _new_parents(workspace, target)
    else:
        entry["mode"] = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~current_umask()
    return entry


def _write_record(workspace: str, label: str, saves: list[tuple[dict, object]]) -> None:
    """saves: (manifest entry, a function saving its file to a path, or None); the manifest goes last."""
    record = _records(workspace) / f"{time.time_ns()}"
    (record / "files").mkdir(parents=True)
    for i, (_, save) in enumerate(saves):
        if save:
            save(record / "files" / str(i))
    manifest = {"label": redact(label), "entries": [entry for entry, _ in saves]}
    atomic_write(record / MANIFEST, json.dumps(manifest))


def snapshot(workspace: str, paths: list[str], label: str) -> bool:
    """Save the current state of paths (which may not exist yet); False when they are too big to keep."""
    targets = list(dict.fromkeys(resolve(workspace, p) for p in paths if p))
    if sum(_size(t) for t in targets if t.exists()) > MAX_SNAPSHOT_BYTES:
        return False
    saves = []
    for target in targets:
        if target.is_dir():
            saves.append((_entry(workspace, target, "dir"), lambda to, t=target: shutil.copytree(t, to, symlinks=True)))
        elif target.exists():
            saves.append((_entry(workspace, target, "file"), lambda to, t=target: shutil.copy2(t, to)))
        else:
            saves.append((_entry(workspace, target, "missing"), None))
    _write_record(workspace, label, saves)
    return True


def save_texts(workspace: str, originals: dict[str, str | None], label: str) -> None:
    """Record files as they were before a code edit (None: the file did not exist). Best called before the edit:
    then the folders it will create are known, and a file still holding its original text is kept as its bytes."""
    saves = []
    for name, text in originals.items():
        target = resolve(workspace, name)
        entry = _entry(workspace, target, "missing" if text is None else "file")
        saves.append((entry, None if text is None else lambda to, t=_exact(target, text): to.write_bytes(t)))
    _write_record(workspace, label, saves)


def _exact(target: Path, text: str) -> bytes:
    """text as bytes: the file's own when it holds the same text (CRLF or a BOM a newline-translating read lost)."""
    data = target.read_bytes() if target.is_file() else b""
    if textfile.plain(data.decode("utf-8", "replace")) == textfile.plain(text):
        return data
    return text.encode("utf-8")


def _fingerprint(target: Path) -> str:
    """What is at target now: missing, or a hash of its bytes and modes (a folder: of everything in it)."""
    if not target.exists() and not target.is_symlink():
        return "missing"
    digest = hashlib.sha256()
    for path in _tree(target):
        digest.update(str(path.relative_to(target)).encode() + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + os.readlink(path).encode())
        elif path.is_file():
            digest.update(oct(path.stat().st_mode & 0o7777).encode() + hashlib.sha256(path.read_bytes()).digest())
        else:
            digest.update(b"dir:" + oct(path.stat().st_mode & 0o7777).encode())
    return digest.hexdigest()


def _tree(target: Path) -> list[Path]:
    """target and, for a folder, everything under it (symlinks not followed), in a stable order."""
    found = [target]
    if target.is_dir() and not target.is_symlink():
        for top, dirs, files in os.walk(target):
            found += [Path(top) / n for n in dirs + files]
    return sorted(found)


def seal(workspace: str) -> None:
    """Fingerprint what the steps left in every record not sealed yet (the newest ones)."""
    for record in reversed(_finished(workspace)):
        manifest = json.loads((record / MANIFEST).read_text())
        if "after" in manifest:
            break
        manifest["after"] = {e["path"]: _fingerprint(resolve(workspace, e["path"])) for e in manifest["entries"]}
        atomic_write(record / MANIFEST, json.dumps(manifest))


def _changed(workspace: str, manifest: dict) -> list[str]:
    after = manifest.get("after") or {}
    return [p for p, print_ in after.items() if _fingerprint(resolve(workspace, p)) != print_]


def _remove(target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists() or target.is_symlink():
        target.unlink()


def _put_back(workspace: str, entry: dict, saved: Path) -> list[str]:
    """Restore one entry; what was done, one line each."""
    target, name = resolve(workspace, entry["path"]), entry["path"]
    existed = f"removed {name}/" if target.is_dir() else f"removed {name}" if target.exists() else None
    if entry["kind"] == "file":
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        atomic_write(target, saved.read_bytes(), mode=entry["mode"])
        return [f"restored {name}"]
    _remove(target)
    if entry["kind"] == "dir":
        shutil.copytree(saved, target, symlinks=True)
        return [f"restored {name}/"]
    done = [existed] if existed else []
    for parent in reversed(entry.get("parents", [])):
        folder = resolve(workspace, parent)
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            done.append(f"removed folder {parent}/")
        elif folder.is_dir():
            done.append(f"kept folder {parent}/ (not empty)")
    return done


def undo_last(workspace: str, force: bool = False) -> dict:
    """Restore the most recent record and drop it; refused when its files changed since, unless forced."""
    records = _finished(workspace)
    if not records:
        raise TaskFailed("nothing to undo")
    record = records[-1]
    manifest = json.loads((record / MANIFEST).read_text())
    changed = [] if force else _changed(workspace, manifest)
    if changed:
        raise Refused(f"refused: {', '.join(changed)} changed since Codey's step ({manifest['label']}); undoing it "
                      "would lose those changes; re-run with --yes to undo anyway")
    done = []
    for i, entry in enumerate(manifest["entries"]):
        done += _put_back(workspace, entry, record / "files" / str(i))
    shutil.rmtree(record)
    paths = [e["path"] for e in manifest["entries"]]
    lines = "\n".join(done) or "nothing had changed"
    return {"output": f"undid: {manifest['label']}\n{lines}", "files_changed": paths}
