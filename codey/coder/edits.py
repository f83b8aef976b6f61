"""Turn a model's reply into file edits, refusing replies that would destroy code, and apply them atomically.

Two formats: a whole file (path line + fenced block) and SEARCH/REPLACE blocks for parts of a file.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from codey.workspace import textfile
from codey.app.errors import TaskFailed
from codey.tools.fs import atomic_write, rel, resolve

FENCE = re.compile(r"^(?P<fence>```|~~~)(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
# File names have a known extension, so "sys.argv" or "requests.get" in prose is not taken for one
EXTENSIONS = ("py|pyi|ipynb|md|rst|txt|json|ya?ml|toml|cfg|ini|conf|env|lock|html?|css|s[ac]ss|jsx?|tsx?|mjs|vue|"
              "sh|bash|zsh|ps1|rs|go|c|h|cc|cpp|hpp|java|kt|rb|php|sql|csv|tsv|xml|svg|lua|swift|tf|gradle|dockerfile")
NAME = re.compile(rf"([\w./-]*[\w-]+\.(?:{EXTENSIONS})(?![\w])|Makefile|Dockerfile)")
SEARCH_REPLACE = re.compile(
    r"^<{5,9} ?SEARCH[^\n]*\n(?P<search>.*?)^={5,9}[ \t]*\n(?P<replace>.*?)^>{5,9} ?REPLACE[^\n]*$", re.M | re.S)
PLACEHOLDER = re.compile(
    r"^\s*(#|//|/\*|<!--)?\s*(\.\.\.|…)?\s*\(?(rest of|remaining|the rest|existing|unchanged|same as (before|above)|"
    r"previous (code|implementation)|other (methods|functions|code)|your code here|code here|implementation here|"
    r"keep (the )?(rest|existing))\b.*$|^\s*(#|//)\s*(\.\.\.|…)\s*$|^\s*(\.\.\.|…)\s*$",
    re.I | re.M,
)


@dataclass
class Edit:
    path: str
    content: str | None = None  # whole file
    search: str | None = None  # or one SEARCH/REPLACE pair
    replace: str | None = None


def _name_before(text: str, start: int) -> str | None:
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


def parse(reply: str, default_path: str | None = None) -> list[Edit]:
    reply = close_fence(reply)
    edits: list[Edit] = []
    for m in SEARCH_REPLACE.finditer(reply):
        path = _name_before(reply, m.start()) or default_path
        if path is None:
            raise TaskFailed("a SEARCH/REPLACE block has no file name line above it")
        edits.append(Edit(path, search=m.group("search"), replace=m.group("replace")))
    blocks = [m for m in FENCE.finditer(reply) if not SEARCH_REPLACE.search(m.group("body"))]
    for m in blocks:
        info_names = NAME.findall(m.group("info"))
        body, inside = _name_inside(m.group("body"))
        path = (info_names[-1] if info_names else None) or _name_before(reply, m.start()) or inside
        if path is None and default_path and len(blocks) == 1 and fits(m.group("info"), default_path):
            path = default_path
        if path is not None:
            edits = [e for e in edits if not (e.path == path and e.content is not None)] + [Edit(path, body)]
    return edits


NEW_FILE_NAMES = {"python": "main.py", "py": "main.py", "html": "index.html", "javascript": "index.js", "js": "index.js",
                  "bash": "script.sh", "sh": "script.sh", "css": "style.css"}


def new_file_name(reply: str, workspace: str) -> str | None:
    """A name for the one unnamed code block of a reply that creates something ('app.py' for a web app,
    'main.py' for other Python); never the name of a file that already exists."""
    blocks = list(FENCE.finditer(reply))
    if len(blocks) != 1:
        return None
    lang = blocks[0].group("info").strip().lower()
    name = NEW_FILE_NAMES.get(lang)
    if name == "main.py" and re.search(r"\b(Flask|FastAPI)\(", blocks[0].group("body")):
        name = "app.py"
    return name if name and not (Path(workspace) / name).exists() else None


LANG_SUFFIX = {"python": ".py", "py": ".py", "markdown": ".md", "md": ".md", "html": ".html", "javascript": ".js",
               "js": ".js", "json": ".json", "bash": ".sh", "sh": ".sh", "text": ".txt", "plaintext": ".txt", "txt": ".txt"}


def fits(info: str, path: str) -> bool:
    """Whether a block's language can be the content of path (a markdown block is not a .py file)."""
    lang = (info.split() or [""])[0].lower()
    return lang not in LANG_SUFFIX or LANG_SUFFIX[lang] == Path(path).suffix


def _name_inside(body: str) -> tuple[str, str | None]:
    """A block whose first line is its file name ('calc.py' or '# calc.py'): the name, and the code without
    a bare name line (which would not run)."""
    first, _, rest = body.partition("\n")
    bare = NAME.fullmatch(first.strip())
    comment = NAME.fullmatch(first.strip().lstrip("#/ ").strip()) if first.lstrip().startswith(("#", "//")) else None
    if bare:
        return rest, bare.group(0)
    return body, comment.group(0) if comment else None


def check(edit: Edit, old: str | None) -> None:
    """A reply with '... rest of code unchanged' style placeholders would delete code: reject it."""
    text = edit.content if edit.content is not None else edit.replace
    hit = PLACEHOLDER.search(text or "")
    if hit and not (old and hit.group(0).strip() in old):
        raise TaskFailed(f"{edit.path}: the reply contains a placeholder ({hit.group(0).strip()!r}); "
                         "write the complete code")
    if edit.content is not None and not edit.content.strip():
        raise TaskFailed(f"{edit.path}: the reply's block is empty")


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


def _top_level(tree) -> dict[str, tuple[int, int]]:
    """name → (first line incl. decorators, last line) of each top-level function and class, 1-based."""
    spans = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            spans[node.name] = (start, node.end_lineno)
    return spans


def merge_definitions(old: str, new: str) -> str | None:
    """Small models often reply with only the functions they changed. Splice those into the old file by name
    (new names go before the main guard, new imports after the old ones) instead of dropping everything else.
    Returns None when the reply is a whole file or cannot be read as Python."""
    try:
        old_tree, new_tree = ast.parse(old), ast.parse(new)
    except SyntaxError:
        return None
    old_spans, new_spans = _top_level(old_tree), _top_level(new_tree)
    if not new_spans or set(old_spans) <= set(new_spans):
        return None
    old_lines, new_lines = old.splitlines(), new.splitlines()
    pieces = {name: new_lines[a - 1:b] for name, (a, b) in new_spans.items()}
    for name, (a, b) in sorted(old_spans.items(), key=lambda kv: -kv[1][0]):
        if name in pieces:
            old_lines[a - 1:b] = pieces.pop(name)
    if pieces:
        guard = next((n.lineno - 1 for n in old_tree.body if isinstance(n, ast.If) and "__main__" in ast.unparse(n.test)),
                     len(old_lines))
        added = [line for body in pieces.values() for line in ["", ""] + body]
        old_lines[guard:guard] = added + ["", ""] if guard < len(old_lines) else added
    imports = [new_lines[n.lineno - 1] for n in new_tree.body if isinstance(n, (ast.Import, ast.ImportFrom))
               and new_lines[n.lineno - 1] not in old_lines]
    last_import = max([n.end_lineno for n in old_tree.body if isinstance(n, (ast.Import, ast.ImportFrom))], default=0)
    old_lines[last_import:last_import] = imports
    return "\n".join(old_lines) + "\n"


def _docstrings(tree: ast.AST, prefix: str = "") -> dict[str, ast.Expr]:
    """Docstring nodes of every function and class, by qualified name."""
    found = {}
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = prefix + node.name
            if ast.get_docstring(node) is not None:
                found[name] = node.body[0]
            found.update(_docstrings(node, name + "."))
    return found


def keep_docstrings(old: str, new: str) -> str:
    """Put back docstrings the reply altered: echoing a function, small models corrupt its examples
    ('>>> f([1, 2]))'). Used unless the task asks to change documentation."""
    try:
        old_docs, new_docs = _docstrings(ast.parse(old)), _docstrings(ast.parse(new))
    except SyntaxError:
        return new
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for name, node in sorted(new_docs.items(), key=lambda kv: -kv[1].lineno):
        before = old_docs.get(name)
        if before is None or before.col_offset != node.col_offset:
            continue
        original = old_lines[before.lineno - 1:before.end_lineno]
        if new_lines[node.lineno - 1:node.end_lineno] != original:
            new_lines[node.lineno - 1:node.end_lineno] = original
    return "\n".join(new_lines) + "\n"


def repair_brackets(text: str, limit: int = 8) -> str:
    """Drop stray closing brackets that small models emit ('nullable=False))'), when that makes the file compile."""
    fixed = text
    for _ in range(limit):
        try:
            compile(fixed, "<edit>", "exec")
            return fixed
        except SyntaxError as e:
            m = re.match(r"unmatched '([)\]}])'", e.msg or "")
            lines = fixed.split("\n")
            if not m or not e.lineno or m.group(1) not in lines[e.lineno - 1]:
                return text
            line = lines[e.lineno - 1]
            cut = line.rfind(m.group(1))
            lines[e.lineno - 1] = line[:cut] + line[cut + 1:]
            fixed = "\n".join(lines)
    return text


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
            text = edit.content if edit.content.endswith("\n") else edit.content + "\n"
            if old is not None and target.suffix == ".py":
                text = merge_definitions(old, repair_brackets(text)) or text
                text = keep_docstrings(old, text) if keep_docs else text
            texts[target] = text
        elif old is None:
            if edit.search.strip():
                raise TaskFailed(f"{edit.path} does not exist, so a SEARCH block cannot match; write the whole file")
            texts[target] = edit.replace
        else:
            texts[target] = replace_once(old, edit.search, edit.replace, edit.path)
    return {rel(workspace, t): textfile.restyle(originals[t], repair_brackets(new) if t.suffix == ".py" else new)
            for t, new in texts.items()}


def write(workspace: str, texts: dict[str, str], backups: dict[str, str | None], ui) -> list[str]:
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


def apply(workspace: str, edits: list[Edit], backups: dict[str, str | None], ui, keep_docs: bool = True) -> list[str]:
    return write(workspace, new_texts(workspace, edits, keep_docs), backups, ui)


def restore(workspace: str, backups: dict[str, str | None]) -> None:
    """Put every file back as it was before the code node touched it, byte for byte (mode kept by atomic_write)."""
    for name, old in backups.items():
        target = resolve(workspace, name)
        if old is None:
            target.unlink(missing_ok=True)
        else:
            atomic_write(target, old)
