"""Filesystem tools, all confined to the workspace: a path that resolves outside it is refused."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from codey.app.errors import PathEscape, TaskFailed

MAX_READ_BYTES = 200_000


def resolve(workspace: str, path: str) -> Path:
    """The real path of `path` inside the workspace; symlinks are followed before the check."""
    root = Path(workspace).resolve()
    if not path or not str(path).strip():
        raise TaskFailed("no path given")
    target = (root / os.path.expanduser(path)).resolve()
    if target != root and root not in target.parents:
        raise PathEscape(f"refused: {path} is outside the workspace {root}")
    return target


def rel(workspace: str, target: Path) -> str:
    return str(target.relative_to(Path(workspace).resolve())) or "."


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(target: Path, text: str | bytes, mode: int | None = None) -> None:
    """Write through a temp file in the same directory and rename, so a reader never sees half a file. The text is
    written as it is (no newline translation); the file keeps its mode, or takes `mode`, or the umask's."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        if mode is not None:
            os.chmod(tmp, mode)
        elif target.exists():
            shutil.copymode(target, tmp)
        else:  # mkstemp makes 0600 files; a new file gets the mode the user's umask gives, as `open` would
            os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def touched(name: str, args: dict) -> list[str]:
    """The workspace paths a file tool may change: mkdir takes several separated by spaces (as mkdir(1) does)."""
    if name == "mkdir":
        return (args.get("path") or "").split() or [args.get("path")]
    return [args.get("path"), args.get("dest")]


def mkdir(workspace: str, path: str) -> dict:
    """Create one directory, or several given separated by spaces (as mkdir(1) does)."""
    targets = [resolve(workspace, p) for p in touched("mkdir", {"path": path})]
    for target in targets:
        if target.exists() and not target.is_dir():
            raise TaskFailed(f"{rel(workspace, target)} exists and is not a directory")
    created, lines = [], []
    for target in targets:
        name = rel(workspace, target)
        if target.exists():
            lines.append(f"{name}/ already exists")
        else:
            target.mkdir(parents=True)
            created.append(name + "/")
            lines.append(f"created {name}/")
    return {"output": "\n".join(lines), "files_changed": created}


def read_file(workspace: str, path: str) -> dict:
    target = resolve(workspace, path)
    if not target.exists():
        raise TaskFailed(f"{path}: no such file")
    if target.is_dir():
        return list_dir(workspace, path)
    data = target.read_bytes()[:MAX_READ_BYTES]
    if b"\0" in data[:8192]:
        raise TaskFailed(f"{path} looks like a binary file ({target.stat().st_size} bytes)")
    text = data.decode("utf-8", "replace")
    if target.stat().st_size > MAX_READ_BYTES:
        text += f"\n… (truncated at {MAX_READ_BYTES} bytes)"
    return {"output": text}


def list_dir(workspace: str, path: str = ".") -> dict:
    target = resolve(workspace, path or ".")
    if not target.is_dir():
        raise TaskFailed(f"{path}: no such directory")
    entries = sorted(target.iterdir(), key=lambda p: (not p.is_dir(), p.name.lower()))
    lines = [p.name + ("/" if p.is_dir() else "") for p in entries if p.name not in (".git", ".codey")]
    return {"output": "\n".join(lines) or "(empty)"}


def write_file(workspace: str, path: str, content: str | None = None) -> dict:
    target = resolve(workspace, path)
    if target.is_dir():
        raise TaskFailed(f"{path} is a directory")
    name = rel(workspace, target)
    if content is None:  # touch
        if target.exists():
            target.touch()
            return {"output": f"touched {name}", "files_changed": []}
        content = ""
    atomic_write(target, content)
    return {"output": f"wrote {name} ({len(content.encode())} bytes)", "files_changed": [name]}


def delete_path(workspace: str, path: str) -> dict:
    target = resolve(workspace, path)
    if target == Path(workspace).resolve():
        raise PathEscape("refused: will not delete the workspace itself")
    if not target.exists() and not target.is_symlink():
        raise TaskFailed(f"{path}: no such file or directory")
    name = rel(workspace, target)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    else:
        target.unlink()
    return {"output": f"deleted {name}", "files_changed": [name]}


def move_path(workspace: str, path: str, dest: str) -> dict:
    src, dst = resolve(workspace, path), resolve(workspace, dest)
    if not src.exists():
        raise TaskFailed(f"{path}: no such file or directory")
    if dst.is_dir():
        dst = dst / src.name
    if dst.exists():
        raise TaskFailed(f"{rel(workspace, dst)} already exists")
    dst.parent.mkdir(parents=True, exist_ok=True)
    os.replace(src, dst)
    return {"output": f"moved {rel(workspace, src)} → {rel(workspace, dst)}",
            "files_changed": [rel(workspace, src), rel(workspace, dst)]}


def copy_path(workspace: str, path: str, dest: str) -> dict:
    src, dst = resolve(workspace, path), resolve(workspace, dest)
    if not src.exists():
        raise TaskFailed(f"{path}: no such file or directory")
    if dst.is_dir():
        dst = dst / src.name
    if dst.exists():
        raise TaskFailed(f"{rel(workspace, dst)} already exists")
    if src.is_dir():
        shutil.copytree(src, dst, symlinks=True)
    else:
        shutil.copy2(src, dst)
    return {"output": f"copied {rel(workspace, src)} → {rel(workspace, dst)}", "files_changed": [rel(workspace, dst)]}
