"""What the deep layer sees: a stable prefix (instructions + workspace map) first, then the task's files."""
from __future__ import annotations

import re
from pathlib import Path

SKIP_DIRS = {".git", ".codey", "__pycache__", "node_modules", ".venv", "venv", ".mypy_cache", ".pytest_cache", "dist", "build"}
CODE_SYSTEM = """You are Codey, a careful software engineer working in the user's project.
To create or change a file, reply with the file's path (relative to the project root) on its own line,
then the COMPLETE new file content in a fenced code block. For example, for a task to create greet.py:

greet.py
```python
def greet(name):
    return f"Hello, {name}!"


if __name__ == "__main__":
    print(greet("world"))
```

Rules: always write the whole file, never "..." or "rest of code unchanged"; only change files the task needs;
keep a short explanation outside the code blocks; Python scripts that are run directly use an `if __name__ == "__main__":` guard."""
QUESTION_SYSTEM = """You are Codey, a helpful software engineer. Answer the user's question about their project or about
programming, concisely and accurately, using the project files shown when they are relevant. Do not write files."""


def workspace_files(workspace: str, limit: int = 200) -> list[str]:
    root = Path(workspace)
    found = []
    for path in sorted(root.rglob("*")):
        if any(part in SKIP_DIRS or part.startswith(".") and part not in (".env.example",) for part in path.relative_to(root).parts):
            continue
        if path.is_file():
            found.append(str(path.relative_to(root)))
            if len(found) >= limit:
                break
    return found


def mentioned_files(request: str, files: list[str]) -> list[str]:
    """Workspace files the request names, by path or by bare file name."""
    words = set(re.findall(r"[\w./-]+", request))
    return [f for f in files if f in words or Path(f).name in words]


def build_messages(task: dict, workspace: str, feedback: str | None, budget_chars: int) -> list[tuple[str, str]]:
    files = workspace_files(workspace)
    system = CODE_SYSTEM if task["route"] != "question" else QUESTION_SYSTEM
    # Stable part ends here: system + file list change rarely, so llama.cpp can reuse their KV cache.
    prefix = system + "\n\nFiles in the project:\n" + ("\n".join(files) or "(none yet)")
    parts, used = [], len(prefix)
    for name in mentioned_files(task["request"], files):
        text = (Path(workspace) / name).read_text(errors="replace")
        if used + len(text) > budget_chars:
            text = text[: max(0, budget_chars - used)] + "\n… (truncated)"
        parts.append(f"{name}\n```\n{text}\n```")
        used += len(text)
    user = ("\n\n".join(parts) + "\n\n" if parts else "") + f"Task: {task['request']}"
    if feedback:
        user += f"\n\nYour previous attempt failed:\n{feedback}\nFix it and reply with the complete corrected file(s)."
    return [("system", prefix), ("user", user)]
