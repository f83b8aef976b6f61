"""Doctests (`>>> call` lines in docstrings), run with the project's interpreter, read the way their author meant them.

doctest compares printed text, and docstrings are written by people: `"21"` where repr prints '21', a list wrapped
over two lines, `f(x) == y` with no `True` under it, or a `\\n` in a docstring that is not raw, which splits the
example's line so doctest cannot even parse the docstring. Code that does what such examples say passes them here;
an example that cannot be read at all is skipped and reported, never counted as a pass or a failure."""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from codey.checks.result import Check, File, Given, Result

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


@dataclass
class Doctests(Result):
    unreadable: list[str] = field(default_factory=list)  # examples skipped because doctest cannot parse them

    def into(self, report: dict) -> None:
        super().into(report)
        report["doctests"].append(self.file)
        if self.unreadable:
            report["unreadable_examples"] = report.get("unreadable_examples", []) + self.unreadable


def applies(file: File, given: Given) -> bool:
    return ">>> " in file.text


def run(file: File, given: Given) -> Doctests:
    """Run the file's doctests; a run that reports no counts (the module does not load, the probe crashed, it was
    stopped) is one failure, never a pass."""
    found = given.probe.script(PROBE, file.name, timeout=TIMEOUT_S)
    unreadable = re.findall(r"^UNREADABLE (.*)$", found["output"], re.M)
    counted = re.search(r"^(\d+) passed and (\d+) failed\.$", found["output"], re.M)
    passed, failed = map(int, counted.groups()) if counted else (0, 1)
    result = Doctests("doctests", file.name, passed, failed, unreadable=unreadable)
    if found["exit_code"] == 0:
        return result
    failure = unfinished(found["output"]) if found["timed_out"] else failures(found["output"])
    if failure:
        result.behaviour.append(failure)
        result.problems.append(f"the docstring examples in {file.name} fail:\n" + failure)
    elif failed:  # the probe ended without a report (the module exits while loading): not a pass
        result.problems.append(f"the docstring examples in {file.name} did not run: the process ended before "
                               "doctest reported")
    return result


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


CHECK = Check("doctests", applies, run)
