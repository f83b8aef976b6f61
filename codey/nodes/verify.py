"""verify: check that what was done actually holds; failed code goes back to the coder, then gets rolled back."""
import ast
import builtins
import re
import textwrap
from pathlib import Path

from langgraph.runtime import Runtime

from codey import conditions, edits, examples, undo
from codey.graph.state import Context, State, current_task, update_task
from codey.project import where as project_name
from codey.tools import shell, testing


def check_tool(task: dict, result: dict, workspace: str) -> list[str]:
    """Postconditions a user would check by hand; returns the problems found."""
    path = (task.get("args") or {}).get("path")
    target = Path(workspace) / path if path else None
    if task["tool"] == "mkdir" and not all((Path(workspace) / p).is_dir() for p in (path or "").split() or [""]):
        return [f"{path} is not a directory after mkdir"]
    if task["tool"] == "write_file" and not (target and target.is_file()):
        return [f"{path} does not exist after writing it"]
    if task["tool"] == "delete_path" and target and target.exists():
        return [f"{path} still exists"]
    return []


def check_code(changed: list[str], workspace: str, settings, project) -> tuple[list[str], dict]:
    """Compile changed Python files, load them, run their docstring examples, then the project's tests, all with
    the project's interpreter and test command."""
    problems, checks = [], {"compiled": [], "doctests": [], "examples": [], "tests": None}
    for name in [n for n in changed if n.endswith(".py")]:
        path, is_test = Path(workspace) / name, Path(name).name.startswith("test_")
        text = path.read_text()
        try:
            compile(text, name, "exec")
            checks["compiled"].append(name)
        except SyntaxError as e:
            problems.append(f"{name} does not compile: {e.msg} (line {e.lineno})\n{(e.text or '').rstrip()}")
            continue
        if not is_test:
            problems += undefined_in_main(name, text) or load_module(path, workspace, project)
        if "Flask(" in text and not problems:
            problems += smoke_flask(name, workspace, project)
        if ">>> " in text:
            run = shell.run([project.python, "-m", "doctest", name], workspace, 60, project.env)
            checks["doctests"].append(name)
            if run["exit_code"] != 0:
                problems.append(f"the docstring examples in {name} fail:\n" + doctest_failures(run["output"]))
        if not problems and not is_test:
            count, failures = examples.check(path, text, workspace, project)
            checks["examples"] += [name] if count else []
            if failures:
                problems.append(f"the examples in the docstrings of {name} fail:\n" + "\n".join(failures[:4]))
    if not problems and project.runner:
        run = testing.run_tests(workspace, project, settings.test_timeout_s)
        checks["tests"], checks["tests_summary"] = run["outcome"], run["summary"]
        if run["outcome"] == "failed":
            problems.append(f"{run['summary']}\n" + shorten(run["output"]))
    return problems, checks


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


def doctest_failures(output: str, most: int = 4) -> str:
    """doctest's report, condensed to what a small model can act on: call, expected, got."""
    def section(label: str, block: str) -> str | None:
        found = re.search(rf"(?:^|\n){label}:\n((?:    .*\n?)+)", block)
        return textwrap.dedent(found.group(1)).strip() if found else None

    found = []
    for block in output.split("*" * 70):
        example, expected, got = (section(label, block) for label in ("Failed example", "Expected", "Got"))
        if example is None:
            continue
        raised = re.search(r"Exception raised:\n(?:.*\n)*?\s*(\w+(?:Error|Exception)\b.*)", block)
        if expected is not None and got is not None:
            found.append(f"`{example}` should give {expected} but gives {got}")
        elif raised:
            found.append(f"`{example}` raises {raised.group(1).strip()}")
        elif expected is not None:
            found.append(f"`{example}` should give {expected} but gives None (nothing printed)")
    return "\n".join(found[:most]) or output[-2500:]


def shorten(output: str, head: int = 2200, tail: int = 800) -> str:
    """The first failures and the summary: the middle of a long test report adds little."""
    return output if len(output) <= head + tail else output[:head] + "\n…\n" + output[-tail:]


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
    """A Flask app's pages must render: request every GET route without arguments through the test client."""
    run = shell.run([project.python, "-c", FLASK_PROBE, name], workspace, 30, project.env)
    failures = [l for l in run["output"].splitlines() if l.startswith("GET ")]
    missing = [l.rsplit(": ", 1)[-1] for l in failures if "TemplateNotFound" in l]
    hint = f" (write the template file templates/{missing[0]} too)" if missing else ""
    return [f"{name}: " + "; ".join(failures[:5]) + hint] if failures else []


# What a small model reaches for first, and the standard library module that does the job when it is missing.
STDLIB_FOR = {"bs4": "html.parser.HTMLParser", "lxml": "html.parser.HTMLParser", "yaml": "json", "toml": "tomllib",
              "dateutil": "datetime", "aiohttp": "asyncio with urllib.request", "httpx": "urllib.request",
              "click": "argparse", "typer": "argparse", "termcolor": "plain print", "colorama": "plain print"}


def load_module(path: Path, workspace: str, project) -> list[str]:
    """Execute the module's top level (not its main guard) in the project's Python: catches bad imports and names
    at load time."""
    run = shell.run([project.python, "-c", "import runpy, sys; sys.path.insert(0, '.'); runpy.run_path(sys.argv[1])",
                     str(path)], workspace, 20, project.env)
    if run["exit_code"] == 0 or run["timed_out"]:
        return []
    missing = re.search(r"No module named '([\w.]+)'", run["output"])
    if missing:
        module = missing.group(1).split(".")[0]
        instead = f"use {STDLIB_FOR[module]} from the standard library" if module in STDLIB_FOR else \
            "use the standard library or packages that are installed"
        place = project_name(project.python, workspace)
        return [f"{path.name} imports {module}, which is not installed in {place}: rewrite it without {module} ({instead})"]
    return [f"loading {path.name} fails:\n" + run["output"][-2000:]]


def verify(state: State, runtime: Runtime[Context]) -> dict:
    ctx, task, result = runtime.context, current_task(state), state.get("result") or {}
    if state.get("status") == "failed" and task["route"] == "tool" and conditions.watched(state.get("current", 0), state["tasks"]):
        ctx.ui.info(f"step {state.get('current', 0) + 1} failed; later steps decide what happens next")
        return _advance(state, [], {"ok": False, "error": state.get("error")}, outcome="failed")
    if state.get("status") in ("failed", "refused"):
        return _finish(state, state["status"], {"ok": False, "error": state.get("error")})
    if task["route"] == "tool":
        problems = check_tool(task, result, ctx.workspace)
        return _advance(state, problems, {"ok": not problems, "problems": problems})
    if task["route"] == "question":
        return _advance(state, [], {"ok": True})
    if not result.get("ok"):
        problems, checks = [result.get("error", "the edit could not be applied")], {}
    else:
        touched = [f for f in (state.get("backups") or {}) if (Path(ctx.workspace) / f).exists()]
        problems, checks = check_code(touched, ctx.workspace, ctx.settings, ctx.project)
        if checks.get("tests") == "could_not_run":
            ctx.ui.info(f"could not run the project's tests: {checks['tests_summary']}")
    report = {"ok": not problems, "problems": problems, **checks, "attempts": state.get("attempts", 0),
              "project": ctx.project.describe()}
    if not problems and state.get("backups"):
        undo.save_texts(ctx.workspace, state["backups"], task["request"])
    if problems and result.get("refused"):
        return _finish(state, "refused", report, problems[0])
    if problems and state.get("attempts", 0) < ctx.settings.max_attempts:
        ctx.ui.info(f"verify failed (attempt {state.get('attempts', 0)}): {headline(problems[0])} — retrying")
        return {"verify": report, "feedback": "\n".join(problems),
                "steps": [{"node": "verify", "status": "retry", "problems": [p[:300] for p in problems]}]}
    if problems:
        edits.restore(ctx.workspace, state.get("backups") or {})
        ctx.ui.info("gave up; restored the files as they were")
        return _finish(state, "failed", report, f"verification failed after {state.get('attempts', 0)} attempt(s): "
                       + headline(problems[0]))
    return _advance(state, [], report)


def headline(problem: str) -> str:
    """A problem's first line, with its first detail when the line only introduces a list ("... fail:")."""
    lines = problem.strip().splitlines()
    return " ".join(lines[:2]) if lines[0].endswith(":") and len(lines) > 1 else lines[0]


def _advance(state: State, problems: list[str], report: dict, outcome: str = "done") -> dict:
    """Close the current task; move to the next one whose condition holds (skipping the others), or finish."""
    if problems:
        return _finish(state, "failed", report, problems[0])
    tasks = update_task(state, status=outcome)
    nxt = state.get("current", 0) + 1
    while nxt < len(tasks) and not conditions.met(tasks[nxt], tasks):
        tasks[nxt].update(status="skipped", output=conditions.why_skipped(tasks[nxt], tasks))
        nxt += 1
    update = {"verify": report, "tasks": tasks, "feedback": "", "backups": {}, "status": "running", "error": "",
              "steps": [{"node": "verify", "status": "ok" if outcome == "done" else outcome}]}
    if nxt < len(tasks):
        return {**update, "current": nxt, "attempts": 0}
    unhandled = conditions.unhandled_failure(tasks)
    if unhandled is not None:  # a failure a later step looked at but nothing answered: the run did not succeed
        failed = tasks[unhandled]
        return {**update, "status": "failed",
                "error": f"step {unhandled + 1} ({failed['request']}) failed: {failed.get('error') or 'see its output'}"}
    return {**update, "status": "done"}


def _finish(state: State, status: str, report: dict, error: str | None = None) -> dict:
    update = {"verify": report, "status": status, "tasks": update_task(state, status=status),
              "steps": [{"node": "verify", "status": status}]}
    if error:
        update["error"] = error
    return update
