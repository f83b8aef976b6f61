"""A file's exact text and the plain form the model reads and writes (LF endings, no BOM), and back again.

Edits are matched and computed on the plain form; the result takes the old file's own form: its BOM, whether it
ends with a newline, and its line endings. Lines the edit left alone keep the ending they had; new or changed
lines take the file's dominant ending (CRLF when more lines end so than with LF), so a mixed file is not
normalised beyond the lines the edit changed.
"""
from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

from codey.app.errors import NotText

BOM = "\ufeff"


def read(target: Path, name: str) -> str | None:
    """The exact text of a file (CRLF kept), or None when it does not exist; a file that is not UTF-8 is refused."""
    if not target.is_file():
        return None
    data = target.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise NotText(f"{name} is not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); "
                         "Codey edits only UTF-8 files and left it unchanged") from None


def plain(text: str) -> str:
    """The text as the model sees it: LF endings, no BOM."""
    return text.removeprefix(BOM).replace("\r\n", "\n")


def _lines(text: str) -> list[tuple[str, str]]:
    """(body, ending) of each line; the last line's ending is '' when the text does not end with a newline."""
    pieces = text.split("\n")
    found = [(p[:-1], "\r\n") if p.endswith("\r") else (p, "\n") for p in pieces[:-1]]
    return found + [(pieces[-1], "")] if pieces[-1] else found


def restyle(old: str | None, new: str) -> str:
    """new (plain text) in the form of old (the file's exact text; None for a new file, which stays plain)."""
    new = plain(new)
    if old is None:
        return new
    bom, old = (BOM if old.startswith(BOM) else ""), old.removeprefix(BOM)
    if old and not old.endswith("\n"):
        new = new.removesuffix("\n")
    elif old and new and not new.endswith("\n"):
        new += "\n"
    if "\r\n" not in old:
        return bom + new
    before, after = _lines(old), _lines(new)
    crlf = sum(end == "\r\n" for _, end in before)
    dominant = "\r\n" if crlf > sum(end == "\n" for _, end in before) else "\n"
    endings = [dominant if end else "" for _, end in after]
    for i, j in _unchanged(before, after):
        if endings[j] and before[i][1]:
            endings[j] = before[i][1]
    return bom + "".join(body + end for (body, _), end in zip(after, endings))


def _unchanged(before: list[tuple[str, str]], after: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """(old index, new index) of the lines an edit left alone: the common head and tail, and what a diff matches in
    between (the middle alone is diffed, as a diff of a whole file full of blank lines is slow)."""
    head = 0
    while head < min(len(before), len(after)) and before[head][0] == after[head][0]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail][0] == after[-1 - tail][0]:
        tail += 1
    pairs = [(k, k) for k in range(head)] + [(len(before) - 1 - k, len(after) - 1 - k) for k in range(tail)]
    matcher = SequenceMatcher(None, [b for b, _ in before[head:len(before) - tail]],
                              [b for b, _ in after[head:len(after) - tail]])
    for i, j, size in matcher.get_matching_blocks():
        pairs += [(head + i + k, head + j + k) for k in range(size)]
    return pairs
