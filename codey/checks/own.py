"""The model's own tests check: the [call, expected] pairs the model wrote from the task (codey/coder/own_tests.py)
for a function a module defines, called like examples. They are guesses that only rank candidates, so a failure is
never a problem; the report's own_tests is [passed, run]."""
from __future__ import annotations

from codey.checks import calls
from codey.checks.result import Check, File, Given
from codey.coder import own_tests


def mine(file: File, given: Given) -> list[tuple[str, str]]:
    defined = {n.name for n in own_tests.functions(file.text)}
    return [t for t in given.own_tests if t[0].split("(", 1)[0] in defined]


def applies(file: File, given: Given) -> bool:
    return not file.test and bool(mine(file, given))


def run(file: File, given: Given) -> calls.Calls:
    return calls.run(file, mine(file, given), given, "own_tests", key="own_tests")


CHECK = Check("own_tests", applies, run)
