"""Behaviour beyond the examples: the task's example calls with one argument varied at a time (a list reversed or
shortened, a number one higher, a string reversed), called on a candidate and recorded, never judged a failure.
The calls come from the task (the files as they were, the request), so every candidate gets the same ones.

Two things are read from them. Code that crashes on an input like its examples (an exception its own `raise` did not
throw: an IndexError, max() of an empty list, a loop that never ends) most likely has a bug the examples missed, so
it is doubted and compared with more candidates. And among candidates equal otherwise, the largest group that
behaves alike on these inputs is more often right than any one of them (the clustering of AlphaCode)."""
from __future__ import annotations

import ast
import doctest
import json
from dataclasses import dataclass, field

from codey.checks import examples
from codey.checks.calls import report as reported
from codey.checks.result import Check, File, Given, Result

EACH_S = 1.0  # one varied call: code that takes longer on an input like its examples is stuck
MAX_CALLS = 24
RAISED = "!"  # what an output that is an exception starts with
CRASHED = "!crash "  # ... one the code's own `raise` did not throw (a refusal of the input is "!raise ")

PROBE = r"""import contextlib, io, json, os, runpy, signal, sys, traceback
sys.path.insert(0, ".")


class Slow(Exception):
    pass


def stop(*_):
    raise Slow()


def shown(value):
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, (list, tuple)):
        return type(value).__name__ + "[" + ", ".join(map(shown, value)) + "]"
    return repr(value)[:300]


signal.signal(signal.SIGALRM, stop)
with contextlib.redirect_stdout(io.StringIO()):
    ns = runpy.run_path(sys.argv[1])
for i, call in enumerate(json.loads(sys.argv[2])):
    signal.setitimer(signal.ITIMER_REAL, float(sys.argv[3]))
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            got = shown(eval(call, ns))
    except (Exception, SystemExit) as e:
        last = traceback.extract_tb(e.__traceback__)[-1]
        mine = os.path.abspath(last.filename) == os.path.abspath(sys.argv[1])
        meant = mine and (last.line or "").startswith("raise") and not isinstance(e, Slow)
        got = ("!raise " if meant else "!crash ") + type(e).__name__
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    print(json.dumps({"i": i, "got": got}), flush=True)
"""


def example_calls(texts: list[str], stated=()) -> list[str]:
    """The calls the task's examples make with literal arguments: the doctests and prose examples of the files as
    they were (texts), and the request's own examples (stated, (call, expected) pairs)."""
    calls = [call for call, _ in stated]
    for text in texts:
        calls += [e.source.strip() for e in doctests(text)]
        calls += [call for call, _ in examples.extract(text)]
    return [c for c in dict.fromkeys(calls) if arguments(c) is not None]


def of_task(texts: list[str], stated=()) -> list[str]:
    """The varied calls for a task: its examples' calls (example_calls) with an argument varied (variants)."""
    return variants(example_calls(texts, stated))


def crashes(checks: dict) -> int:
    """How many varied calls the checked code crashed on (a check report's "probed")."""
    return sum(o.startswith(CRASHED) for o in checks.get("probed", []))


def doctests(text: str) -> list[doctest.Example]:
    try:
        return doctest.DocTestParser().get_examples(text)
    except ValueError:
        return []


def arguments(call: str) -> tuple[str, list, dict] | None:
    """(function name, positional values, keyword values) of a call to a plain name with literal arguments."""
    try:
        node = ast.parse(call, mode="eval").body
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            return None
        return (node.func.id, [ast.literal_eval(a) for a in node.args],
                {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg})
    except (SyntaxError, ValueError, TypeError):
        return None


def varied(value) -> list:
    """Values like value, in the domain it suggests: same types, same elements, same sign."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, value + 2] + ([value - 1] if value > 0 else [value - 1] if value < 0 else [])
    if isinstance(value, float):
        return [value + 0.5, value * 2]
    if isinstance(value, str):
        return [value[::-1], value[1:], value + value[:1]] if value else ["a"]
    if isinstance(value, (list, tuple)):
        kind = type(value)
        found = [kind(reversed(value)), kind(value[1:]), kind([*value, *value[:1]])]
        try:
            found.append(kind(sorted(value)))
        except TypeError:
            pass
        return found if value else []
    return []


def variants(calls: list[str], limit: int = MAX_CALLS) -> list[str]:
    """The example calls with one argument varied at a time, taken in turn from each call so the first limit cover
    them all; none of them is one of the examples."""
    per_call = []
    for call in calls:
        name, args, kwargs = arguments(call)
        made = []
        for i, arg in enumerate(args):
            made += [shaped(name, [*args[:i], v, *args[i + 1:]], kwargs) for v in varied(arg)]
        for key, arg in kwargs.items():
            made += [shaped(name, args, {**kwargs, key: v}) for v in varied(arg)]
        per_call.append(made)
    taken = [c for row in zip_longest(per_call) for c in row]
    return [c for c in dict.fromkeys(taken) if c not in calls][:limit]


def zip_longest(rows: list[list[str]]) -> list[list[str]]:
    return [[row[i] for row in rows if i < len(row)] for i in range(max(map(len, rows), default=0))]


def shaped(name: str, args: list, kwargs: dict) -> str:
    return f"{name}({', '.join([*map(repr, args), *(f'{k}={v!r}' for k, v in kwargs.items())])})"


@dataclass
class Probed(Result):
    """What the module gave on each varied call, in order (RAISED and a name: it raised that exception)."""
    outputs: list[str] = field(default_factory=list)

    def into(self, report: dict) -> None:
        super().into(report)
        report["probed"] = report.get("probed", []) + self.outputs


def mine(file: File, given: Given) -> list[str]:
    defined = {n.name for n in ast.parse(file.text).body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return [c for c in given.probes if c.split("(", 1)[0] in defined]


def applies(file: File, given: Given) -> bool:
    return not file.test and bool(given.probes) and bool(mine(file, given))


def run(file: File, given: Given) -> Probed:
    found = mine(file, given)
    probed = given.probe.script(PROBE, str(file.path), json.dumps(found), str(EACH_S),
                                timeout=5 + EACH_S * len(found))
    got = {r["i"]: r["got"] for r in map(reported, probed["output"].splitlines()) if r and "got" in r}
    return Probed("variants", file.name, outputs=[got.get(i, CRASHED + "Stopped") for i in range(len(found))])


CHECK = Check("variants", applies, run)
