"""What both edit formats read in a reply: its code fences and the file names written next to them."""
from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"^(?P<fence>```|~~~)(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
# File names have a known extension, so "sys.argv" or "requests.get" in prose is not taken for one
EXTENSIONS = ("py|pyi|ipynb|md|rst|txt|json|ya?ml|toml|cfg|ini|conf|env|lock|html?|css|s[ac]ss|jsx?|tsx?|mjs|vue|"
              "sh|bash|zsh|ps1|rs|go|c|h|cc|cpp|hpp|java|kt|rb|php|sql|csv|tsv|xml|svg|lua|swift|tf|gradle|dockerfile")
NAME = re.compile(rf"([\w./-]*[\w-]+\.(?:{EXTENSIONS})(?![\w])|Makefile|Dockerfile)")


@dataclass
class Edit:
    path: str
    content: str | None = None  # whole file
    search: str | None = None  # or one SEARCH/REPLACE pair
    replace: str | None = None


def name_before(text: str, start: int) -> str | None:
    """The file name a model writes just above a block: 'hello.py', '### `hello.py`', '**File: hello.py**'."""
    for line in reversed(text[:start].rstrip("\n").splitlines()[-2:]):
        if line.strip().startswith(("```", "~~~")):
            continue
        found = NAME.findall(line.replace("`", " ").replace("*", " "))
        if found:
            return found[-1][2:] if found[-1].startswith("./") else found[-1]
        if line.strip():
            break
    return None


def close_fence(reply: str) -> str:
    """A complete reply that ends inside a code block (the model stopped before the closing ```) is closed."""
    fences = re.findall(r"^(```|~~~)", reply, re.M)
    if len(fences) % 2 == 0:
        return reply
    return reply + ("" if reply.endswith("\n") else "\n") + fences[-1] + "\n"
