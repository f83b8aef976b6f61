"""Turn a model's reply into file edits, refusing replies that would destroy code, and apply them atomically.

Two formats, one module each (as Aider's coders): whole.py (a path line and a fenced block) and search_replace.py
(SEARCH/REPLACE blocks for parts of a file). Here: reading a reply in both, and writing what they make.
"""
from __future__ import annotations

import re
from pathlib import Path

from codey.app.errors import TaskFailed
from codey.coder.edits import search_replace, whole
from codey.coder.edits.blocks import FENCE, NAME, Edit, close_fence
from codey.coder.edits.search_replace import SEARCH_REPLACE
from codey.coder.edits.whole import new_file_name, repair_brackets
from codey.graph.ports import UI
from codey.tools.fs import atomic_write, rel, resolve
from codey.workspace import textfile, undo

__all__ = ["FENCE", "NAME", "SEARCH_REPLACE", "Edit", "parse", "new_file_name", "current", "new_texts", "write",
           "apply", "restore", "land"]

PLACEHOLDER = re.compile(
    r"^\s*(#|//|/\*|<!--)?\s*(\.\.\.|…)?\s*\(?(rest of|remaining|the rest|existing|unchanged|same as (before|above)|"
    r"previous (code|implementation)|other (methods|functions|code)|your code here|code here|implementation here|"
    r"keep (the )?(rest|existing))\b.*$|^\s*(#|//)\s*(\.\.\.|…)\s*$|^\s*(\.\.\.|…)\s*$",
    re.I | re.M,
)


def parse(reply: str, default_path: str | None = None) -> list[Edit]:
    """The reply's SEARCH/REPLACE edits, then its whole files (default_path names a lone unnamed block)."""
    reply = close_fence(reply)
    return search_replace.parse(reply, default_path) + whole.parse(reply, default_path)


def check(edit: Edit, old: str | None) -> None:
    """A reply with '... rest of code unchanged' style placeholders would delete code: reject it."""
    text = edit.content if edit.content is not None else edit.replace
    hit = PLACEHOLDER.search(text or "")
    if hit and not (old and hit.group(0).strip() in old):
        raise TaskFailed(f"{edit.path}: the reply contains a placeholder ({hit.group(0).strip()!r}); "
                         "write the complete code")
    if edit.content is not None and not edit.content.strip():
        raise TaskFailed(f"{edit.path}: the reply's block is empty")


def current(workspace: str, name: str) -> str | None:
    """A file's exact text (CRLF and BOM kept), or None when it does not exist: what backups hold and restore writes."""
    return textfile.read(resolve(workspace, name), name)


def new_texts(workspace: str, edits: list[Edit], keep_docs: bool = True) -> dict[str, str]:
    """The new text of every file the edits change, all computed before anything is written (so a bad block changes
    nothing). Edits work on the plain text the model sees; each result takes its file's own form (textfile.py)."""
    texts: dict[Path, str] = {}
    originals: dict[Path, str | None] = {}
    for edit in edits:
        target = resolve(workspace, edit.path)
        if target not in originals:
            originals[target] = textfile.read(target, edit.path)
        original = originals[target]
        old = texts.get(target, None if original is None else textfile.plain(original))
        check(edit, old)
        if edit.content is not None:
            texts[target] = whole.new_text(old, edit.content, target.suffix == ".py", keep_docs)
        else:
            texts[target] = search_replace.new_text(old, edit)
    return {rel(workspace, t): textfile.restyle(originals[t], repair_brackets(new) if t.suffix == ".py" else new)
            for t, new in texts.items()}


def write(workspace: str, texts: dict[str, str], backups: dict[str, str | None], ui: UI) -> list[str]:
    """Write new file texts as they are, keeping each file's first exact old text in backups; returns the files
    that changed."""
    changed = []
    for name, new in texts.items():
        target = resolve(workspace, name)
        old = textfile.read(target, name)
        backups.setdefault(name, old)
        if new != old:
            atomic_write(target, new)
            ui.diff(name, textfile.plain(old or ""), textfile.plain(new))
            changed.append(name)
    return changed


def apply(workspace: str, edits: list[Edit], backups: dict[str, str | None], ui: UI,
          keep_docs: bool = True) -> list[str]:
    return write(workspace, new_texts(workspace, edits, keep_docs), backups, ui)


def restore(workspace: str, backups: dict[str, str | None]) -> None:
    """Put every file back as it was before the code node touched it, byte for byte (mode kept by atomic_write)."""
    for name, old in backups.items():
        target = resolve(workspace, name)
        if old is None:
            target.unlink(missing_ok=True)
        else:
            atomic_write(target, old)


def land(workspace: str, files: dict[str, str], label: str, ui: UI) -> list[str]:
    """Apply an attempt's files to the workspace: all of them, once, with the undo record saved before the first byte
    is written. A write that fails puts back the files already written."""
    originals = {n: current(workspace, n) for n in files}
    changing = {n: t for n, t in files.items() if t != originals[n]}
    if not changing:
        return []
    undo.save_texts(workspace, {n: originals[n] for n in changing}, label)
    written: dict[str, str | None] = {}
    try:
        return write(workspace, changing, written, ui)
    except BaseException:
        restore(workspace, written)
        raise
