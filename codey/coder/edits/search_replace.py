"""The SEARCH/REPLACE format: a file name line, then blocks that replace one place in that file each."""
from __future__ import annotations

import re

from codey.app.errors import TaskFailed
from codey.coder.edits.blocks import Edit, name_before

SEARCH_REPLACE = re.compile(
    r"^<{5,9} ?SEARCH[^\n]*\n(?P<search>.*?)^={5,9}[ \t]*\n(?P<replace>.*?)^>{5,9} ?REPLACE[^\n]*$", re.M | re.S)


def parse(reply: str, default_path: str | None = None) -> list[Edit]:
    edits = []
    for m in SEARCH_REPLACE.finditer(reply):
        path = name_before(reply, m.start()) or default_path
        if path is None:
            raise TaskFailed("a SEARCH/REPLACE block has no file name line above it")
        edits.append(Edit(path, search=m.group("search"), replace=m.group("replace")))
    return edits


def new_text(old: str | None, edit: Edit) -> str:
    """The file's text after the edit; a file that does not exist yet can only be created by an empty SEARCH."""
    if old is None:
        if edit.search.strip():
            raise TaskFailed(f"{edit.path} does not exist, so a SEARCH block cannot match; write the whole file")
        return edit.replace
    return replace_once(old, edit.search, edit.replace, edit.path)


def replace_once(text: str, search: str, replace: str, path: str) -> str:
    """Replace the one place `search` matches: exactly, then ignoring trailing spaces, then indentation."""
    if search.strip() == "":
        raise TaskFailed(f"{path}: a SEARCH block is empty")
    count = text.count(search)
    if count == 1:
        return text.replace(search, replace, 1)
    lines, want = text.splitlines(keepends=True), search.splitlines()
    for key in (str.rstrip, str.strip):
        hits = [i for i in range(len(lines) - len(want) + 1)
                if all(key(lines[i + j]) == key(w) for j, w in enumerate(want))]
        if len(hits) == 1:
            i = hits[0]
            shift = _indent(lines[i]) - _indent(want[0]) if key is str.strip else 0
            new = [_reindent(l, shift) for l in replace.splitlines(keepends=True)]
            return "".join(lines[:i] + new + lines[i + len(want):])
        if len(hits) > 1 or count > 1:
            raise TaskFailed(f"{path}: a SEARCH block matches {max(len(hits), count)} places; include more lines to make it unique")
    first = next((w for w in want if w.strip()), "")
    raise TaskFailed(f"{path}: a SEARCH block matches nothing in the file (it starts with {first.strip()[:60]!r}); "
                     "copy the lines exactly")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _reindent(line: str, shift: int) -> str:
    if shift > 0:
        return " " * shift + line if line.strip() else line
    return line[min(-shift, _indent(line)):]
