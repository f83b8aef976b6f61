"""The docstring examples check: a module's examples written as prose (`f(2) ==> 4`, `Input:` / `Output:`; read by
codey/checks/examples.py) are called and must give the value shown. It applies to a module (not a test file) whose
docstrings hold such examples."""
from __future__ import annotations

from codey.checks import calls, examples
from codey.checks.result import Check, File, Given


def applies(file: File, given: Given) -> bool:
    return not file.test and bool(examples.extract(file.text))


def run(file: File, given: Given) -> calls.Calls:
    found = calls.run(file, examples.extract(file.text), given, "examples", listed="examples")
    if found.failures:
        found.problems.append(f"the examples in the docstrings of {file.name} fail:\n" + "\n".join(found.failures[:4]))
    return found


CHECK = Check("examples", applies, run)
