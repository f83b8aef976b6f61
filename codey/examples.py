"""Docstring examples written as prose, not doctests (`f(2) ==> 4`, `f([1, 2]) should return 3`,
`For n = 5 the output should be 8`, `Input: [1, 2]` / `Output: 3`): extracted and checked by calling the function.

They are the spec a small model most often misreads, and doctest cannot run them. Only examples whose arguments and
expected value are plain Python literals are checked; anything else is skipped rather than guessed."""
import ast
import json
import re
from pathlib import Path

from codey.tools import shell

SEPARATOR = re.compile(r"\s*(?:==>|=>|➞|-->|->|==|#?\s*returns?|should return|should be|gives)\s*(.+?)\s*$")
FOR_PARAM = re.compile(r"\bFor (\w+) = (.+?),? (?:[^\n]*? )?the output should be ([^\n]+)")
INPUT_OUTPUT = re.compile(r"\bInput:[ \t]*(\S[^\n]*)\n\s*Output:[ \t]*(\S[^\n]*)")
WORDS = {"true": True, "false": False, "none": None}


def literal(text: str):
    """The Python value a docstring spells (`true` and a full stop allowed); raises ValueError if there is none."""
    text = text.strip()
    for candidate in (text.rstrip(".,;"), text, text.rstrip(".,;").lower()):  # "should return 4." means 4
        if candidate in WORDS:
            return WORDS[candidate]
        try:
            return ast.literal_eval(candidate)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
    raise ValueError(text)


def docstring(node: ast.FunctionDef) -> str:
    """The function's docstring, also when a statement comes before it (`import math` then the docstring)."""
    for stmt in node.body[:2]:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
            return stmt.value.value
    return ""


def call_at(doc: str, start: int) -> str | None:
    """The call that opens at doc[start] (`name(`), up to its balanced closing parenthesis."""
    depth, quote = 0, None
    for i in range(doc.index("(", start), len(doc)):
        c = doc[i]
        if quote:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return doc[start:i + 1]
    return None


def literal_call(call: str) -> bool:
    try:
        node = ast.parse(call.replace("\n", " "), mode="eval").body
        if not isinstance(node, ast.Call):
            return False
        for arg in node.args + [k.value for k in node.keywords]:
            ast.literal_eval(arg)
        return True
    except (ValueError, SyntaxError, TypeError):
        return False


def prose_examples(name: str, params: list[str], doc: str) -> list[tuple[str, object]]:
    """(call, expected value) pairs for one function."""
    found = []
    for m in re.finditer(rf"(?<![\w.>]){re.escape(name)}\(", doc):
        line_start = doc.rfind("\n", 0, m.start()) + 1
        if doc[line_start:m.start()].strip().startswith(">>>"):
            continue  # a doctest: doctest runs it
        call = call_at(doc, m.start())
        if not call or not literal_call(call):
            continue
        rest = doc[m.start() + len(call):].split("\n", 1)[0]
        expected = SEPARATOR.match(rest)
        try:
            found.append((" ".join(call.split()), literal(expected.group(1))))
        except (AttributeError, ValueError):
            continue
    if len(params) == 1:
        pairs = [(m.group(2), m.group(3)) for m in FOR_PARAM.finditer(doc) if m.group(1) == params[0]]
        for given, output in pairs + [m.groups() for m in INPUT_OUTPUT.finditer(doc)]:
            try:
                literal(given)
                expected = literal(output)
            except ValueError:
                continue
            found.append((f"{name}({given.strip().rstrip(',')})", expected))
    return found


def extract(source: str) -> list[tuple[str, str]]:
    """Every checkable prose example in the module's top-level functions: (call, repr of the expected value)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found += prose_examples(node.name, [a.arg for a in node.args.args], docstring(node))
    return list(dict.fromkeys((c, repr(e)) for c, e in found))


PROBE = r"""import ast, json, runpy, sys
sys.path.insert(0, ".")
ns = runpy.run_path(sys.argv[1])
for call, expected in json.loads(sys.argv[2]):
    expected = ast.literal_eval(expected)
    try:
        got = eval(call, ns)
    except Exception as e:
        print(f"`{call}` raises {type(e).__name__}: {e}", flush=True)
        continue
    same = got == expected
    if isinstance(expected, float) and isinstance(got, (int, float)):
        places = len(repr(expected).split(".")[1])
        same = round(got, places) == expected
    if not same:
        print(f"`{call}` should give {expected!r} but gives {got!r}", flush=True)
"""


def check(path: Path, source: str, workspace: str, project, timeout: float = 20) -> tuple[int, list[str]]:
    """How many prose examples the module (path, holding source) has, and one line per example it does not satisfy,
    checked with the project's interpreter."""
    found = extract(source)
    if not found:
        return 0, []
    run = shell.run([project.python, "-c", PROBE, str(path), json.dumps(found)], workspace, timeout, project.env)
    failures = [l for l in run["output"].splitlines() if l.startswith("`")]
    if run["timed_out"]:
        failures.append(f"one of the examples does not finish within {timeout:.0f} s (an endless loop?)")
    return len(found), failures
