"""Tests the model writes from the task, for code that no tests check (at most a few examples). They are guesses,
so they only choose among candidates — a candidate failing them is not a failure.

Written from the task and the functions' signatures and docstrings only, never from a candidate's body: a test
read off the code would agree with that code whatever it does."""
import ast
import re

ASK = ("Write tests for this task. Only the function signatures and docstrings are shown; the code itself is "
       "not.\n\n"
       "Task:\n{request}\n\nFunctions:\n```python\n{signatures}\n```\n\n"
       "Write {n} assert statements, one per line, each calling a function above with literal arguments and "
       "comparing the result with == to the literal value the task requires. Cover different cases the task "
       "describes, not only its examples. Reply with only the asserts in one ```python block.")


def functions(text: str) -> list[ast.FunctionDef]:
    """The module's top-level functions that take arguments: the ones a test can call with literals."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.args.args and not n.name.startswith("_")]


def signatures(files: dict[str, str]) -> str:
    """Each function's signature and docstring (the spec a stub gives), never its body."""
    lines = []
    for text in files.values():
        for node in functions(text):
            head = (f"def {node.name}({ast.unparse(node.args)})"
                    + (f" -> {ast.unparse(node.returns)}" if node.returns else "") + ":")
            doc = quoted(ast.get_docstring(node, clean=False) or "")
            lines.append(f'{head}\n    """{doc}"""\n    ...' if doc else f"{head} ...")
    return "\n".join(lines)


def quoted(doc: str) -> str:
    """A docstring made safe to show between triple double quotes (one written with ''' may hold them)."""
    doc = doc.replace('"""', r'\"\"\"')
    return doc[:-1] + r'\"' if doc.endswith('"') and not doc.endswith(r'\"') else doc


def messages(request: str, files: dict[str, str], n: int = 5) -> list[tuple[str, str]]:
    return [("system", "You write precise unit tests in Python."),
            ("user", ASK.format(request=request.strip(), signatures=signatures(files), n=n))]


def parse(reply: str, names: set[str]) -> list[tuple[str, str]]:
    """(call, repr of the expected value) for each `assert f(...) == literal` (or bare `assert f(...)`, `assert not
    f(...)`) calling one of names with literal arguments; anything else is dropped rather than guessed."""
    found = []
    for line in re.findall(r"^\s*(assert .+)$", reply, re.M):
        try:
            test = ast.parse(line.strip()).body[0].test
            call, expected = split(test)
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in names:
                for arg in call.args + [k.value for k in call.keywords]:
                    ast.literal_eval(arg)
                found.append((ast.unparse(call), repr(expected)))
        except (SyntaxError, ValueError, TypeError, IndexError, AttributeError, RecursionError, MemoryError):
            continue
    return list(dict.fromkeys(found))


def split(test: ast.expr) -> tuple[ast.expr, object]:
    """The call an assert tests and the value it expects; raises ValueError for any other shape."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        return test.left, ast.literal_eval(test.comparators[0])
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return test.operand, False
    if isinstance(test, ast.Call):
        return test, True
    raise ValueError(ast.unparse(test))


def write(chat, request: str, files: dict[str, str], n: int = 5) -> list[list[str]]:
    """The model's tests for the functions in files, greedy (one short reply): n of them, as asked, though a small
    model may go on listing cases for a thousand tokens."""
    reply = ""
    for chunk in chat.stream(messages(request, files, n), temperature=0.0):
        reply += chunk.content
        complete = reply.split("\n")[:-1]
        if reply.count("```") >= 2 or sum(l.lstrip().startswith("assert ") for l in complete) >= n:
            break  # the block is closed (what follows is commentary), or holds what was asked
    names = {node.name for text in files.values() for node in functions(text)}
    return [list(t) for t in parse(reply, names)]
