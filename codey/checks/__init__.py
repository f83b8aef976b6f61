"""The checks verify runs on changed code, with the project's interpreter and test command: compile, load, doctests,
docstring examples, the project's tests. Each counts what passed, so attempts can be compared by how far they got."""
import ast
import builtins
import io
import re
import tokenize
import time
from pathlib import Path

from codey.checks import doctests, examples, verdicts
from codey.coder import own_tests as model_tests
from codey.memory.lifecycle import rss_mb
from codey.workspace.project import where as project_name
from codey.tools import shell, testing

LOAD_TIMEOUT_S = 20  # loading a module runs its top level only: longer is an endless loop (or network) at import
PAGES_TIMEOUT_S = 30


def check_code(changed: list[str], workspace: str, settings, project, own_tests=(),
               tests_within: float | None = None, stated=(), judge: verdicts.Judge | None = None) -> tuple[list[str], dict]:
    """Compile changed Python files, load them, run their doctests and docstring examples, then the project's tests.

    Every check that can still run does (a failed doctest does not skip the tests): checks["passed"] and ["failed"]
    count the checks of behaviour (doctests, examples, pages, tests), "compiled" and "loaded" name the files that
    got that far (see score), and "behaviour" records what the code did (example outputs, failing tests), to
    compare candidates that pass equally many. Each command may use what the memory budget leaves (the code is the
    model's). own_tests, the model's [call, expected] pairs (codey/own_tests.py), count like examples but are never
    problems: they are guesses that only rank candidates. stated, the examples the request gives
    (examples.stated), are checked like docstring examples on the functions they call. The project's tests get
    tests_within seconds (default test_timeout_s); checks["tests_seconds"] says how long they took. judge decides
    which of their failures are the change's (codey/verdicts.py; by default, all of them); "failing_before" lists
    the ones that were there before it and do not count."""
    with shell.memory_cap(max(256.0, settings.memory_budget_mb - rss_mb())):
        problems, checks = [], fresh()
        names = checks["files"] = [n for n in changed if n.endswith(".py")]
        for name in names:
            problems += check_file(name, workspace, project, checks, stated)
            if own_tests and not is_test(name) and name in checks["loaded"]:
                check_own(Path(workspace) / name, own_tests, workspace, project, checks)
        if project.runner and len(checks["compiled"]) == len(names):
            problems += check_tests(changed, workspace, project, tests_within or settings.test_timeout_s, checks,
                                    judge or verdicts.Judge())
    return problems, checks


def check_tests(changed: list[str], workspace: str, project, timeout: float, checks: dict, judge) -> list[str]:
    """The project's tests, counted into checks; returns the problems the judge finds with them."""
    start = time.perf_counter()
    run = testing.run_tests(workspace, project, timeout)
    checks["tests_seconds"] = round(time.perf_counter() - start, 2)
    checks.update(tests=run["outcome"], tests_summary=run["summary"], tests_failing=run["failing"],
                  tests_timed_out=run["timed_out"])
    tally(checks, run["passed"], run["failed"])
    checks["behaviour"] += run["failing"]
    problems, excused = judge(run, changed, workspace)
    if excused:
        checks["failing_before"] = excused
    return problems


def fresh() -> dict:
    """The counts of checks before any has run."""
    return {"files": [], "compiled": [], "loaded": [], "doctests": [], "examples": [], "tests": None, "passed": 0,
            "failed": 0, "behaviour": []}


def score(checks: dict) -> list[float]:
    """How far an attempt got, compared as a list: behaviour checks passed first, then the share of its files' compile
    and load checks that pass (a share, so a candidate cannot gain by writing extra files that merely compile)."""
    due = sum(1 if is_test(n) else 2 for n in checks.get("files", []))
    done = len(checks.get("compiled", [])) + len(checks.get("loaded", []))
    return [checks.get("passed", 0), done / due if due else 0.0]


def is_test(name: str) -> bool:
    """A test file is compiled, not loaded: importing it would only define its tests."""
    return Path(name).name.startswith("test_")


def tally(checks: dict, passed: int, failed: int) -> None:
    checks["passed"] += passed
    checks["failed"] += failed


def check_own(path: Path, own_tests, workspace: str, project, checks: dict) -> None:
    """The model's tests that call a function this file defines, counted into checks["own_tests"] [passed, run]."""
    defined = {n.name for n in model_tests.functions(path.read_text())}
    mine = [tuple(t) for t in own_tests if t[0].split("(", 1)[0] in defined]
    found = examples.check_calls(path, mine, workspace, project)
    checks["behaviour"] += found.outputs
    tally(checks, found.passed, found.count - found.passed)
    passed, count = checks.get("own_tests", [0, 0])
    checks["own_tests"] = [passed + found.passed, count + found.count]


def check_file(name: str, workspace: str, project, checks: dict, stated=()) -> list[str]:
    """One changed Python file's checks, counted into checks; returns its problems."""
    path, test = Path(workspace) / name, is_test(name)
    text = path.read_text()
    try:
        compile(text, name, "exec")
    except SyntaxError as e:
        checks["behaviour"].append(f"{name} does not compile")
        return [f"{name} does not compile: {e.msg} (line {e.lineno})\n{(e.text or '').rstrip()}"
                + early_quote(text, e.lineno)]
    checks["compiled"].append(name)
    if not test:
        problems = undefined_in_main(name, text) or load_module(path, workspace, project)
        if problems:
            checks["behaviour"].append(f"{name} does not load")
            return problems
        checks["loaded"].append(name)
    problems = []
    if "Flask(" in text and re.search(r"^\s*(from flask import|import flask)", text, re.M):
        problems = smoke_flask(name, workspace, project)
        tally(checks, not problems, bool(problems))
    if ">>> " in text:
        found = doctests.check(name, workspace, project)
        checks["doctests"].append(name)
        tally(checks, found.passed, found.failed)
        if found.unreadable:
            checks["unreadable_examples"] = checks.get("unreadable_examples", []) + found.unreadable
        if found.failure:
            checks["behaviour"].append(found.failure)
            problems.append(f"the docstring examples in {name} fail:\n" + found.failure)
        elif found.failed:  # the probe ended without a report (the module exits while loading): not a pass
            problems.append(f"the docstring examples in {name} did not run: the process ended before doctest reported")
    if not test:
        found = examples.check(path, text, workspace, project)
        checks["examples"] += [name] if found.count else []
        checks["behaviour"] += found.outputs
        tally(checks, found.passed, found.count - found.passed)
        if found.failures:
            problems.append(f"the examples in the docstrings of {name} fail:\n" + "\n".join(found.failures[:4]))
        found = examples.check_calls(path, examples.stated_for(text, list(stated)), workspace, project)
        checks["behaviour"] += found.outputs
        tally(checks, found.passed, found.count - found.passed)
        if found.count:
            passed, count = checks.get("stated", [0, 0])
            checks["stated"] = [passed + found.passed, count + found.count]
        if found.failures:
            problems.append(f"{name} does not do what the request's examples say:\n" + "\n".join(found.failures[:4]))
    return problems


def early_quote(text: str, lineno: int | None) -> str:
    """A hint when a string on the failing line ends at a quote meant to be inside it (`r'(?:'[a-z]+)'`, `'don't'`):
    escaping that one quote makes the line parse. Small models write such strings often and repeat them on retry
    unless told where the string really ends."""
    lines = text.splitlines(keepends=True)
    if not lineno or lineno > len(lines):
        return ""
    line = lines[lineno - 1]
    for token in strings(line):
        end = token.end[1] - 1
        fixed = lines[:lineno - 1] + [line[:end] + "\\" + line[end:]] + lines[lineno:]
        try:
            compile("".join(fixed), "<hint>", "exec")
        except SyntaxError as e:
            if e.lineno == lineno:
                continue
        other = '"' if token.string[-1] == "'" else "'"
        return (f"\nThe string {token.string} ends at a quote meant to be inside it: write it with the other "
                f"quotes ({other}…{other}) or escape that quote.")
    return ""


def strings(line: str) -> list[tokenize.TokenInfo]:
    """The one-line string literals of a line, as far as it tokenizes."""
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(line).readline):
            if token.type == tokenize.STRING and token.start[0] == token.end[0] == 1:
                found.append(token)
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


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


FLASK_PROBE = """import runpy, sys
sys.path.insert(0, ".")
from flask import Flask
apps = [v for v in runpy.run_path(sys.argv[1]).values() if isinstance(v, Flask)]
for app in apps:
    app.testing = True
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static":
            try:
                app.test_client().get(rule.rule)
            except Exception as e:
                print(f"GET {rule.rule} raises {type(e).__name__}: {e}")
"""


def smoke_flask(name: str, workspace: str, project) -> list[str]:
    """A Flask app's pages must render: request every GET route without arguments through the test client. A probe
    that crashes (the app does not import, flask is missing) or does not finish is a problem too, never a pass."""
    run = shell.run([project.python, "-c", FLASK_PROBE, name], workspace, PAGES_TIMEOUT_S, project.env)
    failures = [l for l in run["output"].splitlines() if l.startswith("GET ")]
    missing = [l.rsplit(": ", 1)[-1] for l in failures if "TemplateNotFound" in l]
    hint = f" (write the template file templates/{missing[0]} too)" if missing else ""
    if failures:
        return [f"{name}: " + "; ".join(failures[:5]) + hint]
    if run["timed_out"]:
        return [f"{name}: requesting its pages through Flask's test client does not finish within {PAGES_TIMEOUT_S} s "
                "(an endless loop, or a request to the network?)"]
    if run["exit_code"] != 0:
        return [f"{name}: requesting its pages through Flask's test client fails:\n" + run["output"][-2000:]]
    return []


def load_module(path: Path, workspace: str, project) -> list[str]:
    """Execute the module's top level (not its main guard) in the project's Python: catches bad imports and names
    at load time. Loading that does not finish is a problem, never a pass."""
    run = shell.run([project.python, "-c", "import runpy, sys; sys.path.insert(0, '.'); runpy.run_path(sys.argv[1])",
                     str(path)], workspace, LOAD_TIMEOUT_S, project.env)
    if run["timed_out"]:
        return [f"loading {path.name} does not finish within {LOAD_TIMEOUT_S} s: move the work its top level does "
                "(a loop, a server, input()) into functions or behind `if __name__ == \"__main__\":`"]
    if run["exit_code"] == 0:
        return []
    missing = re.search(r"No module named '([\w.]+)'", run["output"])
    if missing:
        module, place = missing.group(1).split(".")[0], project_name(project.python, workspace)
        return [f"{path.name} imports {module}, which is not installed in {place}: rewrite it without {module} "
                "(use the standard library or packages that are installed)"]
    return [f"loading {path.name} fails:\n" + run["output"][-2000:]]
