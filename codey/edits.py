"""Turn a model's reply into file edits, refusing replies that would destroy code, and apply them atomically."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from codey.errors import TaskFailed
from codey.tools.fs import atomic_write, rel, resolve

FENCE = re.compile(r"^(?P<fence>```|~~~)(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
NAME = re.compile(r"([\w./-]*[\w-]+\.[A-Za-z0-9]+|Makefile|Dockerfile)")
PLACEHOLDER = re.compile(
    r"^\s*(#|//|/\*|<!--)?\s*(\.\.\.|…)?\s*\(?(rest of|remaining|the rest|existing|unchanged|same as (before|above)|"
    r"previous (code|implementation)|other (methods|functions|code)|your code here|code here|implementation here|"
    r"keep (the )?(rest|existing))\b.*$|^\s*(#|//)\s*(\.\.\.|…)\s*$|^\s*(\.\.\.|…)\s*$",
    re.I | re.M,
)


@dataclass
class Edit:
    path: str
    content: str


def _name_before(text: str, start: int) -> str | None:
    """The file name a model writes just above a fence: 'hello.py', '### `hello.py`', '**File: hello.py**'."""
    for line in reversed(text[:start].rstrip("\n").splitlines()[-2:]):
        found = NAME.findall(line.replace("`", " ").replace("*", " "))
        if found:
            return found[-1].strip("./") if found[-1].startswith("./") else found[-1]
        if line.strip():
            break
    return None


def parse(reply: str, default_path: str | None = None) -> list[Edit]:
    """Whole-file blocks: a file name on the line above a fenced block (or in its info string)."""
    edits: dict[str, Edit] = {}
    blocks = list(FENCE.finditer(reply))
    for m in blocks:
        info_names = NAME.findall(m.group("info"))
        path = (info_names[-1] if info_names else None) or _name_before(reply, m.start())
        if path is None and default_path and len(blocks) == 1:
            path = default_path
        if path is None:
            continue
        edits[path] = Edit(path, m.group("body"))
    return list(edits.values())


def check(edit: Edit, old: str | None) -> None:
    """A reply with '... rest of code unchanged' style placeholders would delete code: reject it."""
    hit = PLACEHOLDER.search(edit.content)
    if hit and not (old and hit.group(0).strip() in old):
        raise TaskFailed(f"{edit.path}: the reply contains a placeholder ({hit.group(0).strip()!r}); "
                         "write the complete file")
    if not edit.content.strip():
        raise TaskFailed(f"{edit.path}: the reply's block is empty")


def apply(workspace: str, edits: list[Edit], backups: dict[str, str | None], ui) -> list[str]:
    """Check every edit first, then write them; backups get each file's original text the first time."""
    targets = [(edit, resolve(workspace, edit.path)) for edit in edits]
    for edit, target in targets:
        check(edit, target.read_text() if target.is_file() else None)
    changed = []
    for edit, target in targets:
        name = rel(workspace, target)
        old = target.read_text() if target.is_file() else None
        backups.setdefault(name, old)
        new = edit.content if edit.content.endswith("\n") else edit.content + "\n"
        if new != old:
            atomic_write(target, new)
            ui.diff(name, old or "", new)
            changed.append(name)
    return changed


def restore(workspace: str, backups: dict[str, str | None]) -> None:
    """Put every file back as it was before the code node touched it."""
    for name, old in backups.items():
        target = Path(workspace) / name
        if old is None:
            target.unlink(missing_ok=True)
        else:
            atomic_write(target, old)
