"""The whole-file format: a file name (above the fence, in its info string or on its first line) and the file's
code in a fenced block. Small models often send only the functions they changed, or echo docstrings wrongly:
the new text is merged with the old one."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from codey.coder.edits.blocks import FENCE, NAME, Edit, name_before
from codey.coder.edits.search_replace import SEARCH_REPLACE

LANG_SUFFIX = {"python": ".py", "py": ".py", "markdown": ".md", "md": ".md", "html": ".html", "javascript": ".js",
               "js": ".js", "json": ".json", "bash": ".sh", "sh": ".sh", "text": ".txt", "plaintext": ".txt", "txt": ".txt"}
NEW_FILE_NAMES = {"python": "main.py", "py": "main.py", "html": "index.html", "javascript": "index.js", "js": "index.js",
                  "bash": "script.sh", "sh": "script.sh", "css": "style.css"}


def parse(reply: str, default_path: str | None = None) -> list[Edit]:
    """One edit per named file, the last block of each; a block holding SEARCH/REPLACE blocks is not a file."""
    edits: list[Edit] = []
    blocks = [m for m in FENCE.finditer(reply) if not SEARCH_REPLACE.search(m.group("body"))]
    for m in blocks:
        info_names = NAME.findall(m.group("info"))
        body, inside = _name_inside(m.group("body"))
        path = (info_names[-1] if info_names else None) or name_before(reply, m.start()) or inside
        if path is None and default_path and len(blocks) == 1 and fits(m.group("info"), default_path):
            path = default_path
        if path is not None:
            edits = [e for e in edits if e.path != path] + [Edit(path, body)]
    return edits


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


def new_text(old: str | None, content: str, python: bool, keep_docs: bool = True) -> str:
    """The file's text from a block: for an existing Python file, the block's definitions spliced into the old
    text and the old docstrings kept (unless keep_docs is False: the task changes documentation)."""
    text = content if content.endswith("\n") else content + "\n"
    if old is not None and python:
        text = merge_definitions(old, repair_brackets(text)) or text
        text = keep_docstrings(old, text) if keep_docs else text
    return text


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
