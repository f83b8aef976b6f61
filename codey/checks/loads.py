"""The load check: a changed module (not a test file) must load in the project's Python. Executing its top level
(not its main guard) catches bad imports and names at load time; loading that does not finish is a problem, never a
pass."""
from __future__ import annotations

import ast
import builtins
import re

from codey.checks.compiles import Stage
from codey.checks.result import Check, File, Given
from codey.workspace.project import where as project_name

TIMEOUT_S = 20  # loading a module runs its top level only: longer is an endless loop (or network) at import
PROBE = "import runpy, sys; sys.path.insert(0, '.'); runpy.run_path(sys.argv[1])"


def run(file: File, given: Given) -> Stage:
    problems = undefined_in_main(file.name, file.text) or load(file, given)
    if problems:
        return Stage("load", file.name, failed=1, problems=problems, behaviour=[f"{file.name} does not load"],
                     key="loaded")
    return Stage("load", file.name, passed=1, key="loaded")


def load(file: File, given: Given) -> list[str]:
    found = given.probe.script(PROBE, str(file.path), timeout=TIMEOUT_S)
    if found["timed_out"]:
        return [f"loading {file.path.name} does not finish within {TIMEOUT_S} s: move the work its top level does "
                "(a loop, a server, input()) into functions or behind `if __name__ == \"__main__\":`"]
    if found["exit_code"] == 0:
        return []
    missing = re.search(r"No module named '([\w.]+)'", found["output"])
    if missing:
        module, place = missing.group(1).split(".")[0], project_name(given.project.python, given.workspace)
        return [f"{file.path.name} imports {module}, which is not installed in {place}: rewrite it without {module} "
                "(use the standard library or packages that are installed)"]
    return [f"loading {file.path.name} fails:\n" + found["output"][-2000:]]


def undefined_in_main(name: str, text: str) -> list[str]:
    """Loading a module skips its main guard, so check statically that what the guard calls exists (small models
    copy a `main()` call from examples into files that define no main)."""
    tree = ast.parse(text)
    defined = set(dir(builtins))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
    if "*" in defined:  # a star import could define anything
        return []
    guards = [n for n in tree.body if isinstance(n, ast.If) and "__main__" in ast.unparse(n.test)]
    calls = [c.func.id for g in guards for c in ast.walk(g) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)]
    missing = [c for c in dict.fromkeys(calls) if c not in defined]
    return [f"{name}: the `if __name__ == \"__main__\":` block calls {', '.join(m + '()' for m in missing)}, which "
            "the file does not define"] if missing else []


CHECK = Check("load", lambda file, given: not file.test, run, gate=True)
