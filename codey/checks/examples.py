"""Docstring examples written as prose, not doctests (`f(2) ==> 4`, `f([1, 2]) should return 3`, `f(12) = 14`,
`f(3) -> 19 - 5 - 6 = 8`, `For n = 5, k = 2, the output should be 8`, `Input: [1, 2]` or `Input: arr = [1, 2], k = 3`
/ `Output: 3`), and the examples a request gives: each read as a call and the value it should give, which the
prose and stated checks then call (codey/checks/calls.py).

They are the spec a small model most often misreads, and doctest cannot run them. Only examples whose arguments and
expected value are plain Python literals are checked; anything else is skipped rather than guessed."""
import ast
import builtins
import re

SEPARATOR = re.compile(r"\s*(?:#\s*)?(?:==>|=>|➞|-->|->|==|returns?|should return|should be|gives|(?<=\s)=(?=\s))\s*(.+?)\s*$")
# A value shown with its working: `-> 19 - 5 - 6 = 8`, `== 1 + 9 + 0 + 0 = 10`.
WORKED = re.compile(r"[\d\s+\-*/().]+=\s*(.+)")
FOR_ARGS = re.compile(r"\bFor (\w+ = [^\n]+?)\s+the (?:output|result) should be ([^\n]+)")
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
    depth, quote, escaped = 0, None, False
    for i in range(doc.index("(", start), len(doc)):
        c = doc[i]
        if quote:
            quote = None if c == quote and not escaped else quote
            escaped = c == "\\" and not escaped
        elif c in "'\"":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return doc[start:i + 1]
    return None


def one_line(call: str) -> str:
    """A call written over several lines, on one (spaces inside its strings kept)."""
    return re.sub(r"\s*\n\s*", " ", call)


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
        value = expected and (first_literal(expected.group(1)) or first_literal(worked(expected.group(1))))
        if value:
            found.append((one_line(call), value[0], rest.lstrip().startswith("= ")))
    if defines(name, doc):  # `tri(4) = 3` is a term of the sequence `tri(n) = ...`, maybe not what tri returns
        found = [f for f in found if not f[2]]
    found = [(call, value) for call, value, _ in found]
    pairs = [(next((a for a in arguments(m.group(1)) if fits(f"{name}({a})", params)), ""), m.group(2))
             for m in FOR_ARGS.finditer(doc)]
    for given, output in pairs + [m.groups() for m in INPUT_OUTPUT.finditer(doc)]:
        call = f"{name}({given.strip().rstrip(',')})"
        try:
            if fits(call, params):
                found.append((positional(call, params), literal(output)))
        except ValueError:
            continue
    return found


def positional(call: str, params: list[str]) -> str:
    """`f(k = 3, arr = [1])` as `f([1], 3)`: the example holds whatever the code names its parameters."""
    node = ast.parse(call, mode="eval").body
    named = {k.arg: k.value for k in node.keywords}
    values = node.args + [named[p] for p in params[len(node.args):]]  # fits(): each parameter given once
    return f"{ast.unparse(node.func)}({', '.join(ast.get_source_segment(call, v) for v in values)})"


def arguments(text: str) -> list[str]:
    """What `For n = 5, k = 2, the sum is 7 the output should be` may give as the arguments, the most first: the
    whole text, then the text up to each comma that is not followed by another argument (`n = 5, k = 2`)."""
    return [text.rstrip(", ")] + [text[:m.start()] for m in reversed(list(re.finditer(",", text)))
                                  if not re.match(r"\s*\w+ = ", text[m.end():])]


def worked(text: str) -> str:
    """The value at the end of a worked computation (`19 - 5 - 6 = 8`), or ""."""
    found = WORKED.fullmatch(text)
    return found.group(1) if found else ""


def defines(name: str, doc: str) -> bool:
    """Whether the docstring writes a formula for name (`tri(n) = 1 + n / 2`): the name is then a mathematical
    sequence, and `name(4) = 3` one of its terms rather than a call's result."""
    for m in re.finditer(rf"(?<![\w.]){re.escape(name)}\(", doc):
        call = call_at(doc, m.start())
        if call and not literal_call(call) and re.match(r"\s*=\s", doc[m.start() + len(call):]):
            return True
    return False


def fits(call: str, params: list[str]) -> bool:
    """Whether a call spelled from `Input: ...` passes every parameter once: `[1, 2]` for one parameter, or
    `arr = [1, 2], k = 3` naming them."""
    if not literal_call(call):
        return False
    node = ast.parse(call, mode="eval").body
    given = params[:len(node.args)] + [k.arg for k in node.keywords]
    return len(node.args) <= len(params) and sorted(given) == sorted(params)


def extract(source: str) -> list[tuple[str, str]]:
    """Every checkable prose example in the module's top-level functions: (call, repr of the expected value)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    bound |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    bound |= {(a.asname or a.name).split(".")[0] for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
              for a in n.names}
    found = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            params, doc = [a.arg for a in node.args.args], docstring(node)
            found += prose_examples(node.name, params, doc)
            if old := former_name(node.name, doc, bound):
                found += [(node.name + call[len(old):], e) for call, e in prose_examples(old, params, doc)]
    return list(dict.fromkeys((c, repr(e)) for c, e in found))


def former_name(name: str, doc: str, bound: set[str]) -> str | None:
    """The one name a function's docstring examples call that nothing in the module defines, when they never call
    the function itself: the name it had when they were written (`list_sort([...]) => [...]` in sorted_list_sum)."""
    if re.search(rf"(?<![\w.]){re.escape(name)}\(", doc):
        return None
    called = {m.group(1) for m in re.finditer(r"(?<![\w.])([A-Za-z_]\w*)\([^\n]*\)\s*(?:#\s*)?(?:==>|=>|➞|-->|->|==)",
                                             doc)}
    unknown = [c for c in called if c not in bound and c not in dir(builtins)]
    return unknown[0] if len(unknown) == 1 else None


# What may stand between a call and the value it gives in a request's text: markdown (backticks, a table's `|`,
# a code block's fence and language) around an arrow, `==`, `is`, "returns" or "should be".
STATED = re.compile(r"[`\s|]*?(?:#\s*)?(?:==>|=>|➞|→|-->|->|==|\||\bis\b|\breturns?\b|\bshould (?:return|be|give)\b|"
                    r"\bgives\b|\bevaluates to\b|(?<=\s)=(?=\s))[`\s|]*(?:python|text)?\n?", re.I)


# Words around an example that say it is what the code does now, not what it should do: "`f(2)` returns `5`
# instead of `4`", "currently `f(2)` gives `5`", "fix the bug where `f(2)` is `5`".
AS_IS = re.compile(r"\b(?:instead|but|wrong(?:ly)?|incorrect(?:ly)?|bug|currently|rather than|broken)\b", re.I)


def stated(text: str) -> list[tuple[str, str]]:
    """The examples a request's own text gives, in markdown or prose (`f(1)` -> `2`, a table row | `f(1)` | `2` |, a
    call in one code block and "returns" the value in the next, `>>> f(1)` over `2`): (call, repr of the expected
    value). They are the user's spec for the functions of those names; anything not a plain literal is skipped, and
    so is what a bug report says the code does now."""
    found = []
    for m in re.finditer(r"(?<![\w.])[A-Za-z_]\w*\(", text):
        call = call_at(text, m.start())
        if not call or not literal_call(call):
            continue
        end, before = m.start() + len(call), text[text.rfind("\n", 0, m.start()) + 1:m.start()]
        if before.strip() == ">>>":
            start = text.find("\n", end) + 1
        else:
            separator = STATED.match(text, end)
            start = separator.end() if separator else 0
        value = first_literal(text[start:start + 4000]) if start else None
        after = text[start + value[1]:start + value[1] + 200].split("\n", 1)[0].split(". ", 1)[0] if value else ""
        if value and not (AS_IS.search(before) or AS_IS.search(after)):
            found.append((one_line(call), repr(value[0])))
    return list(dict.fromkeys(found))


def stated_for(source: str, given: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The request's examples that call a top-level function of this module, less those its docstrings repeat."""
    try:
        defined = {n.name for n in ast.parse(source).body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    except SyntaxError:
        return []
    own = set(extract(source))
    return [(c, e) for c, e in given if c.split("(", 1)[0] in defined and (c, e) not in own]


# Where a value ends inside a sentence that goes on: "; ", ". ", a closing parenthesis, a remark in parentheses
# after it ("'No' (it starts with a digit)"), or the next example's call
# ("f(1) returns 2, and f(3) returns 4"). Not a bare space: "returns 2 times the input" does not mean 2.
VALUE_END = re.compile(r"(?=;|\.(?:\s|$)|\s*\)|\s+\(|,?\s+(?:and\s+|or\s+)?[A-Za-z_]\w*\(|,\s+(?:and|or)\b)")


def first_literal(text: str) -> tuple | None:
    """(value, characters read) for the literal that opens text: up to a backtick or the end of its line, or else to
    where a sentence going on past it resumes; None if there is none."""
    line = text.split("\n", 1)[0]
    for part in (text.split("`", 1)[0], line, *(line[:m.start()] for m in VALUE_END.finditer(line))):
        try:
            return (literal(part), len(part)) if part.strip() else None
        except ValueError:
            continue
    return None
