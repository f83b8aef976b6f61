"""Calling a module's functions with literal arguments and comparing what they give with the value expected: the
probe behind the docstring examples, the request's examples and the model's own tests. A call the probe never
reported on (the module does not load, the probe crashed or was stopped) is a failure, never a pass."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from codey.checks.result import File, Given, Result

TIMEOUT_S = 20

PROBE = r"""import ast, contextlib, io, json, math, runpy, sys
sys.path.insert(0, ".")


def value(shown):
    try:
        return ast.literal_eval(shown)
    except ValueError:  # repr(float("inf")) is inf, which literal_eval does not read
        return eval(shown, {"__builtins__": {}, "inf": math.inf, "nan": math.nan})


def same(got, expected, shown):
    if isinstance(expected, float) and isinstance(got, (int, float)):
        places = shown.partition(".")[2]
        if places.isdigit():  # 3.14 means "to two places"
            return round(got, len(places)) == expected
        return math.isclose(got, expected) or (math.isnan(got) and math.isnan(expected))
    return bool(got == expected)


with contextlib.redirect_stdout(io.StringIO()):
    ns = runpy.run_path(sys.argv[1])
for i, (call, shown) in enumerate(json.loads(sys.argv[2])):
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            got = eval(call, ns)
    except (Exception, SystemExit) as e:
        print(json.dumps({"i": i, "raised": f"{type(e).__name__}: {e}"}), flush=True)
        continue
    try:
        found = {"i": i, "got": repr(got)[:500], "ok": same(got, value(shown), shown)}
    except Exception as e:
        found = {"i": i, "got": f"a {type(got).__name__} that cannot be compared ({type(e).__name__}: {e})", "ok": False}
    print(json.dumps(found), flush=True)
"""


@dataclass
class Calls(Result):
    """The calls' outcome: passed and failed count calls, behaviour holds what each gave, in order."""
    failures: list[str] = field(default_factory=list)  # one line per call that did not give its value
    key: str = ""  # the report's [passed, run] for such calls across files ("": none)
    listed: str = ""  # the report's list of the files with such calls ("": none)

    @property
    def count(self) -> int:
        return self.passed + self.failed

    def into(self, report: dict) -> None:
        super().into(report)
        if self.key:
            passed, count = report.get(self.key, [0, 0])
            report[self.key] = [passed + self.passed, count + self.count]
        if self.listed:
            report[self.listed].append(self.file)


def run(file: File, found: list[tuple[str, str]], given: Given, check: str, key: str = "", listed: str = "") -> Calls:
    """Call each (call, repr of the expected value) in the module's namespace and compare; key, listed: see Calls."""
    probed = given.probe.script(PROBE, str(file.path), json.dumps(found), timeout=TIMEOUT_S)
    reports = {r["i"]: r for r in map(report, probed["output"].splitlines()) if r}
    failures, outputs = [], []
    for i, (call, shown) in enumerate(found):
        r = reports.get(i, {})
        outputs.append(r.get("got") or r.get("raised") or "")
        if "raised" in r:
            failures.append(f"`{call}` raises {r['raised']}")
        elif r and not r["ok"]:
            failures.append(f"`{call}` should give {shown} but gives {r['got']}")
    if probed["timed_out"]:
        failures.append(f"one of the examples does not finish within {TIMEOUT_S:g} s (an endless loop?)")
    elif len(reports) < len(found):
        error = [l for l in probed["output"].strip().splitlines() if not report(l)][-1:]
        failures.append(f"checking the examples stopped before {len(found) - len(reports)} of {len(found)} could "
                        f"run (exit code {probed['exit_code']})" + "".join(f": {e}" for e in error))
    passed = sum(bool(r.get("ok")) for r in reports.values())
    return Calls(check, file.name, passed, len(found) - passed, behaviour=outputs, failures=failures, key=key,
                 listed=listed)


def report(line: str) -> dict | None:
    """One example's result as the probe printed it; None for anything else on the probe's output."""
    try:
        found = json.loads(line)
    except ValueError:
        return None
    return found if isinstance(found, dict) and "i" in found else None
