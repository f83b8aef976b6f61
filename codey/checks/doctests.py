"""Doctests (`>>> call` lines in docstrings), run with the project's interpreter, read the way their author meant them.

doctest compares printed text, and docstrings are written by people: `"21"` where repr prints '21', a list wrapped
over two lines, `f(x) == y` with no `True` under it, or a `\\n` in a docstring that is not raw, which splits the
example's line so doctest cannot even parse the docstring. Code that does what such examples say passes them here;
an example that cannot be read at all is skipped and reported, never counted as a pass or a failure."""
import re
import textwrap
from typing import NamedTuple

from codey.tools import shell

TIMEOUT_S = 60

PROBE = r'''import ast, doctest, importlib.util, os, re, sys
sys.path.insert(0, ".")


def compiles(source):
    try:
        compile(source, "<doctest>", "single")
        return True
    except SyntaxError:
        return False


def asserts(source):
    """`f(x) == y` with nothing expected: the author means it holds (no one expects a comparison to print nothing)."""
    try:
        return isinstance(ast.parse(source, mode="eval").body, ast.Compare)
    except SyntaxError:
        return False


class Parser(doctest.DocTestParser):
    def parse(self, string, name="<string>"):
        try:
            found = super().parse(string, name)
        except ValueError:  # one unreadable example: read the others one by one
            found = []
            for chunk in re.split(r"(?m)^(?=[ \t]*>>>)", string):
                try:
                    found += super().parse(chunk, name)
                except ValueError:
                    print("UNREADABLE " + chunk.strip().split("\n")[0])
        kept = []
        for part in found:
            if isinstance(part, doctest.Example):
                if not compiles(part.source):
                    print("UNREADABLE >>> " + part.source.strip().split("\n")[0])
                    continue
                if not part.want.strip() and asserts(part.source):
                    part.want = "True\n"
            kept.append(part)
        return kept


def literal(text):
    try:
        return True, ast.literal_eval(text.strip())
    except Exception:
        return False, None


class Checker(doctest.OutputChecker):
    """The same literal value spelled another way passes: other quotes, other line breaks, dict keys in another
    order. Not 8 for 8.0: the type is part of what an example shows."""
    def check_output(self, want, got, optionflags):
        if super().check_output(want, got, optionflags):
            return True
        (a_ok, a), (b_ok, b) = literal(want), literal(got)
        return a_ok and b_ok and type(a) is type(b) and a == b


path = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.abspath(path)))  # as `python -m doctest` does: siblings import
name = os.path.splitext(os.path.basename(path))[0]
spec = importlib.util.spec_from_file_location(name, path)
module = importlib.util.module_from_spec(spec)
sys.modules[name] = module
spec.loader.exec_module(module)
runner = doctest.DocTestRunner(checker=Checker(), verbose=True)
for test in doctest.DocTestFinder(parser=Parser()).find(module, name):
    runner.run(test)
sys.exit(1 if runner.summarize(verbose=True).failed else 0)
'''


class Result(NamedTuple):
    passed: int
    failed: int
    failure: str  # what failed, condensed ("" when nothing did)
    unreadable: list[str]  # examples skipped because doctest cannot parse them


def check(name: str, workspace: str, project) -> Result:
    """Run the file's doctests; a run that reports no counts (the module does not load, the probe crashed) is one
    failure."""
    run = shell.run([project.python, "-u", "-c", PROBE, name], workspace, TIMEOUT_S, project.env)
    unreadable = re.findall(r"^UNREADABLE (.*)$", run["output"], re.M)
    counted = re.search(r"^(\d+) passed and (\d+) failed\.$", run["output"], re.M)
    passed, failed = map(int, counted.groups()) if counted else (0, 1)
    if run["exit_code"] == 0:
        return Result(passed, failed, "", unreadable)
    return Result(passed, failed, unfinished(run["output"]) if run["timed_out"] else failures(run["output"]), unreadable)


def unfinished(output: str) -> str:
    """A doctest run that was killed: the example it was on (the last one the verbose run began) never finished."""
    tried = re.findall(r"^Trying:\n\s+(.+)$", output, re.M)
    return f"`{tried[-1] if tried else 'an example'}` does not finish within {TIMEOUT_S} s (an endless loop?)"


def failures(output: str, most: int = 4) -> str:
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
