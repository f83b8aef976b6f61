"""What the deep layer sees: a stable prefix (instructions + repo map) first, then the task's own files."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from codey.coder.prompts import (BUG_PREFILL, CODE_SYSTEM, COMPLETE_STUBS, EARLIER_WRONG, EXAMPLE, FAILING_BEFORE,
                                  ONLY_DEFINITION, QUESTION_SYSTEM, SEARCH_REPLACE_HELP)

SKIP_DIRS = {".git", ".codey", "__pycache__", "node_modules", ".venv", "venv", ".mypy_cache", ".pytest_cache",
             "dist", "build", ".tox", ".eggs"}
WHOLE_FILE_MAX_LINES = 150
DOCS = (".md", ".rst", ".txt")  # read as instructions, not written unless asked


def echoes_example(content: str | None) -> bool:
    """True for a block copied from the worked example instead of written for the task."""
    return bool(content and content.strip()) and content.strip() in EXAMPLE[1][1]


def workspace_files(workspace: str, limit: int = 300) -> list[str]:
    root = Path(workspace)
    found = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if any(p in SKIP_DIRS or (p.startswith(".") and p != ".env.example") for p in parts):
            continue
        if path.is_file():
            found.append("/".join(parts))
            if len(found) >= limit:
                break
    return found


def outline(path: Path) -> list[str]:
    """Top-level functions and classes (with methods) of a Python file, as signatures."""
    try:
        tree = ast.parse(path.read_text(errors="replace"))
    except (SyntaxError, ValueError):
        return []
    lines = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines.append(f"  {'async ' if isinstance(node, ast.AsyncFunctionDef) else ''}def {node.name}({ast.unparse(node.args)})")
        elif isinstance(node, ast.ClassDef):
            lines.append(f"  class {node.name}")
            lines += [f"    def {n.name}({ast.unparse(n.args)})" for n in node.body
                      if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return lines


def repo_map(workspace: str, files: list[str], budget_chars: int) -> tuple[str, dict[str, str]]:
    """A compact map of files and signatures, and an index of symbol name → file."""
    out, symbols, used = [], {}, 0
    for name in files:
        entry = [name]
        if name.endswith(".py"):
            sigs = outline(Path(workspace) / name)
            entry += sigs
            for sig in sigs:
                m = re.search(r"(?:def|class) (\w+)", sig)
                symbols.setdefault(m.group(1), name)
        text = "\n".join(entry)
        if used + len(text) > budget_chars:
            out.append(f"… and {len(files) - len(out)} more files")
            break
        out.append(text)
        used += len(text) + 1
    return "\n".join(out), symbols


def line_count(workspace: str, name: str) -> int:
    return (Path(workspace) / name).read_text(errors="replace").count("\n")


def unimplemented(name: str, text: str) -> list[str]:
    """Functions whose body is only a docstring, `pass` or `...` (stubs waiting for an implementation)."""
    if not name.endswith(".py"):
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    stubs = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = [b for b in node.body if not (isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant))]
            if all(isinstance(b, ast.Pass) for b in body):
                stubs.append(node.name)
    return stubs


def _lang(name: str) -> str:
    return {".py": "python", ".js": "javascript", ".ts": "typescript", ".sh": "bash", ".md": "markdown",
            ".html": "html", ".json": "json", ".toml": "toml", ".yaml": "yaml", ".yml": "yaml"}.get(Path(name).suffix, "")


def numbered(text: str, start: int = 1, end: int | None = None) -> str:
    lines = text.splitlines()
    end = min(end or len(lines), len(lines))
    return "\n".join(f"{i:4d} | {lines[i - 1]}" for i in range(max(1, start), end + 1))


def code_files(files: list[str]) -> list[str]:
    """The files of a list that hold code: not documents or lock files, and with a suffix."""
    return [f for f in files if not f.endswith((*DOCS, ".lock")) and Path(f).suffix]


def small_project(workspace: str, files: list[str], budget_chars: int, most: int = 6) -> list[str]:
    """A request that names nothing ("add a hello world route") is about the project as a whole: when its code
    is small, show all of it."""
    code = code_files(files)
    sizes = [(Path(workspace) / f).stat().st_size for f in code]
    return code if 0 < len(code) <= most and sum(sizes) <= budget_chars else []


def build_messages(task: dict, workspace: str, settings, feedback: str = "",
                   touched: list[str] = ()) -> list[tuple[str, str]]:
    """The prompt for one attempt. A retry sees the files as they were and the first attempt's prompt, plus a note
    on what went wrong: a 1.5B model asked to repair its own code mostly repeats it, while a fresh sample that knows
    the failure often gets it right (and the unchanged prompt reuses the whole KV cache). The task carries its
    spec (codey/coder/spec.py); touched are files this run's attempts and earlier steps write."""
    spec, model = task["spec"], settings.coder
    budget = max(2000, (model.n_ctx - model.max_tokens) * 3)  # ~3 characters per token
    files = workspace_files(workspace)
    system = CODE_SYSTEM if task["route"] != "question" else QUESTION_SYSTEM
    the_map = repo_map(workspace, files, budget // 4)[0]
    relevant = ([f for f in dict.fromkeys([*spec["files"], *touched]) if f in files]
                or small_project(workspace, files, budget // 3))
    if task["route"] != "question" and any(line_count(workspace, f) > WHOLE_FILE_MAX_LINES for f in relevant):
        system += SEARCH_REPLACE_HELP.format(lines=WHOLE_FILE_MAX_LINES)
    prefix = f"{system}\n\nProject files:\n{the_map or '(none yet)'}"
    # Stable part ends here: instructions + repo map change rarely, so llama.cpp reuses their KV cache.
    parts, used = [], len(prefix)
    stubs = []
    for name in relevant:
        text = (Path(workspace) / name).read_text(errors="replace")
        stubs += unimplemented(name, text)
        if used + len(text) > budget:
            text = text[: max(0, budget - used)] + "\n… (truncated)"
        if name.endswith(DOCS) and task["route"] != "question":  # fenced, the model echoes it back
            parts.append(f"{name} (for reference):\n{text.strip(chr(10))}")
        else:
            parts.append(f"{name}:\n```{_lang(name)}\n{text.strip(chr(10))}\n```")
        used += len(text)
    focus = None  # the definition holding a line the user points at
    for name, n in ((f["file"], f["line"]) for f in spec["focus"]):
        path = Path(workspace) / name
        if path.is_file():
            text = path.read_text(errors="replace")
            parts.append(f"Lines {max(1, n - 8)}-{n + 8} of {name} (line {n} marked):\n"
                         + numbered(text, n - 8, n + 8).replace(f"{n:4d} |", f"{n:4d}>|"))
            focus = focus or enclosing(name, text, n)
    user = ("\n\n".join(parts) + "\n\n" if parts else "") + f"Task: {task['request']}"
    if stubs:
        user += "\n" + COMPLETE_STUBS.format(stubs=", ".join(stubs))
    if feedback.startswith(FAILING_BEFORE.split("{")[0]):
        user += f"\n\n{feedback}"
    elif feedback:
        user += "\n\n" + EARLIER_WRONG.format(feedback=feedback)
    if task["route"] == "question":
        return [("system", prefix), ("user", user)]
    target = spec["target"]
    if target and focus and focus[0] == target:  # a whole-file reply would mostly copy the file back
        user += "\n" + ONLY_DEFINITION.format(target=target, name=focus[1])
    if target and spec["kind"] == "bug":
        return [("system", prefix), ("user", user), ("assistant", BUG_PREFILL)]
    if target:  # the reply starts inside the file's block: no prose, no other format, no need for the example
        return [("system", prefix), ("user", user), ("assistant", f"{target}\n```{_lang(target)}\n")]
    return [("system", prefix), *EXAMPLE, ("user", user)]


def enclosing(name: str, text: str, line: int) -> tuple[str, str] | None:
    """(file, name) of the top-level function or class of a Python file that holds a line."""
    try:
        tree = ast.parse(text) if name.endswith(".py") else None
    except SyntaxError:
        return None
    node = next((n for n in (tree.body if tree else []) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                 and n.lineno <= line <= n.end_lineno and not n.decorator_list), None)
    return (name, node.name) if node else None
