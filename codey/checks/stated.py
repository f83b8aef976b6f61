"""The request's examples check: the examples the request gives (`f(1)` -> `2`, read by examples.stated) are the
user's spec for the functions of those names. It applies to a module (not a test file) that defines a function one
of them calls, less those its own docstrings repeat (the examples check runs those)."""
from __future__ import annotations

from codey.checks import calls, examples
from codey.checks.result import Check, File, Given


def mine(file: File, given: Given) -> list[tuple[str, str]]:
    return examples.stated_for(file.text, list(given.stated))


def applies(file: File, given: Given) -> bool:
    return not file.test and bool(mine(file, given))


def run(file: File, given: Given) -> calls.Calls:
    found = calls.run(file, mine(file, given), given, "stated", key="stated")
    if found.failures:
        found.problems.append(f"{file.name} does not do what the request's examples say:\n"
                              + "\n".join(found.failures[:4]))
    return found


CHECK = Check("stated", applies, run)
