"""Tests the model writes from the task, for code that no tests check (at most a few examples). They are guesses,
so they only choose among candidates — a candidate failing them is not a failure.

Asked for as a new turn after the coder's own prompt for the task, which shows the files as they were: the model
reuses that prompt's KV cache (only the new turn is read), and it sees the task and the functions' signatures, never
a candidate's body — a test read off the code would agree with that code whatever it does."""
import ast
import re

from codey.coder.prompts import OWN_TESTS

TOKENS_PER_TEST = 64  # a test runs to ~30 tokens; the cap stops one line that repeats an argument without end



def functions(text: str) -> list[ast.FunctionDef]:
    """The module's top-level functions that take arguments: the ones a test can call with literals."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.args.args and not n.name.startswith("_")]


def signatures(files: dict[str, str]) -> str:
    """Each function's signature line, never its body (nor a docstring the attempt may have written from it)."""
    return "\n".join(f"def {node.name}({ast.unparse(node.args)})"
                     + (f" -> {ast.unparse(node.returns)}" if node.returns else "") + ": ..."
                     for text in files.values() for node in functions(text))


def messages(conversation: list[tuple[str, str]], files: dict[str, str], n: int = 5) -> list[tuple[str, str]]:
    """The coder's prompt for the task (without a prefilled reply), then the ask for tests as the next turn."""
    head = conversation[:-1] if conversation[-1][0] == "assistant" else conversation
    return [*head, ("user", OWN_TESTS.format(signatures=signatures(files), n=n))]


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


def write(chat, conversation: list[tuple[str, str]], files: dict[str, str], n: int = 5) -> list[list[str]]:
    """The model's tests for the functions in files, greedy (one short reply) after the coder's conversation for the
    task: n of them, as asked, though a small model may go on listing cases for a thousand tokens."""
    reply = ""
    for chunk in chat.stream(messages(conversation, files, n), temperature=0.0, max_tokens=TOKENS_PER_TEST * n):
        reply += chunk.content
        complete = reply.split("\n")[:-1]
        if reply.count("```") >= 2 or sum(l.lstrip().startswith("assert ") for l in complete) >= n:
            break  # the block is closed (what follows is commentary), or holds what was asked
    names = {node.name for text in files.values() for node in functions(text)}
    return [list(t) for t in parse(reply, names)]
