"""Choosing among candidate replies by their checks: each is written into its own scratch copy of the workspace
and checked there with the project's interpreter; the user's files are touched only by the one chosen. The files as
they are get the same checks in a scratch copy of their own: the baseline a change is judged against."""
from __future__ import annotations

import io
import json
import keyword
import os
import re
import tokenize
from collections import Counter
from pathlib import Path

from codey import sandbox
from codey.checks import verdicts
from codey.checks import check_code, score
from codey.checks.variants import RAISED, crashes
from codey.workspace.project import SKIP_DIRS
from codey.tools.fs import atomic_write

SCRATCH_MAX_BYTES = 50 * 2**20


def small(workspace: str, limit: int = SCRATCH_MAX_BYTES) -> bool:
    """Whether the workspace (without virtualenvs, .git and caches) is small enough to copy once per candidate."""
    total = 0
    for dirpath, dirnames, filenames in os.walk(workspace):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in filenames
                     if not os.path.islink(os.path.join(dirpath, f)))
        if total > limit:
            return False
    return True


def choose(candidates: list[dict], touched: list[str], workspace: str, settings, project, own_tests=(),
           tests_within: float | None = None, stated=(), words_asked=(),
           judge: verdicts.Judge | None = None, out=lambda: False, probes=()) -> tuple[int, list[dict | None]]:
    """Check the candidates ({"files": {path: text}, "logprob", "error"}), with the model's own tests if any; the
    index of the one to apply, and each one's trial (score, problems, checks), None for one never checked; stated
    are the request's examples (checks.check_code), words_asked its words (see overlap), judge the tests' verdict.

    The surest are checked first, and one that passes every check ends the search: the rest could only tie with it.
    probes are the task's example calls varied (codey/checks/variants.py): a candidate crashing on one is not
    flawless. The project's tests get tests_within seconds each (the tests are the same for all, so one that runs
    far longer than they did before is stuck in a loop, not slow). Checking stops when out() says the time is up."""
    trials: list[dict | None] = [None] * len(candidates)
    for i in sorted(range(len(candidates)), key=lambda i: -candidates[i]["logprob"]):
        trials[i] = trial(candidates[i], touched, workspace, settings, project, own_tests, tests_within, stated, judge,
                          probes)
        if flawless(trials[i]) or out():
            break
    uses = [overlap(words_asked, c.get("files") or {}) for c in candidates]
    return pick(trials, [c["logprob"] for c in candidates], uses), trials


def flawless(trial: dict) -> bool:
    """Passes every check it has, failures that were there before the change aside."""
    checks = trial["checks"]
    return (bool(checks) and not trial["problems"] and checks["passed"] > 0
            and checks["failed"] == len(checks.get("failing_before", [])) and not crashes(checks))


def baseline(workspace: str, settings, project, stated=(), touched: list[str] = (),
             tests_within: float | None = None) -> dict:
    """The checks of the files as they are, in a scratch copy: touched names the files to check besides the tests."""
    return trial({"files": {}}, list(touched), workspace, settings, project, tests_within=tests_within, stated=stated)


def trial(candidate: dict, touched: list[str], workspace: str, settings, project, own_tests=(),
          tests_within: float | None = None, stated=(), judge: verdicts.Judge | None = None, probes=()) -> dict:
    """The candidate's checks, run in a scratch copy of the workspace holding its files, confined to it."""
    if candidate.get("error"):
        return {"score": [-1, 0], "problems": [candidate["error"]], "checks": {}}
    with sandbox.scratch(workspace) as copy:
        scratch = str(copy)
        for name, text in candidate["files"].items():
            atomic_write(Path(scratch) / name, text)
        names = [n for n in dict.fromkeys([*touched, *candidate["files"]]) if (Path(scratch) / n).exists()]
        problems, checks = check_code(names, scratch, settings, project, own_tests, tests_within, stated, judge,
                                      confined=True, probes=probes)
    problems = [p.replace(scratch, workspace) for p in problems]
    return {"score": score(checks), "problems": problems, "checks": checks}


def pick(trials: list[dict | None], logprobs: list[float], uses: list[int] | None = None) -> int:
    """The candidate passing the most checks the task gives (its tests and examples), then crashing on the fewest
    calls like its examples, then passing the most of the model's own tests (guesses: they never outweigh one given
    check); among equals, one from the largest group that behaves alike (see alike), then the one using the most of
    what the request names (uses, see overlap), then the one the model was surest of. None: not checked."""
    uses = uses or [0] * len(trials)
    checked = [i for i, t in enumerate(trials) if t is not None]
    top = max(ranked(trials[i]) for i in checked)
    behaviour = alike(trials, [i for i in checked if ranked(trials[i]) == top])
    groups = Counter(behaviour.values())
    return max(checked, key=lambda i: (*ranked(trials[i]), groups[behaviour.get(i, f"below {i}")], uses[i],
                                       logprobs[i]))


def alike(trials: list[dict | None], best: list[int]) -> dict[int, str]:
    """The behaviour of each of the best candidates, as a key equal for those that behave alike: what their checks
    recorded (example outputs, failing tests) and what they gave on the varied calls (codey/checks/variants.py) that
    none of them raised on: a call one of them rejects may be outside what the task allows, where right answers
    differ."""
    probed = {i: trials[i]["checks"].get("probed", []) for i in best}
    n = max(map(len, probed.values()), default=0)
    answered = [k for k in range(n) if all(k < len(p) and not p[k].startswith(RAISED) for p in probed.values())]
    return {i: json.dumps([trials[i]["checks"].get("behaviour"), [probed[i][k] for k in answered]])
            if trials[i]["checks"] else f"error {i}" for i in best}


def ranked(trial: dict) -> tuple[list[int], int, int]:
    """The trial's score without the model's own tests, the calls like its examples it did not crash on (as a
    negative count), then how many of the model's tests it passed."""
    (passed, files), guessed = trial["score"], trial["checks"].get("own_tests", [0])[0]
    return [passed - guessed, files], -crashes(trial["checks"]), guessed


def overlap(asked, files: dict[str, str]) -> int:
    """How many of the request's words (asked, as words() gives them) the candidate's code uses as names: "with an
    HTML parser" is kept by code built on HTMLParser rather than on regular expressions, though both pass the same
    checks. Python code counts its identifiers only (not keywords, comments or strings), split into words at underscores and case changes."""
    used = set()
    for name, text in files.items():
        used |= words(" ".join(identifiers(text)) if name.endswith(".py") else text)
    return len(set(asked) & used)


def identifiers(source: str) -> list[str]:
    try:
        return [t.string for t in tokenize.generate_tokens(io.StringIO(source).readline)
                if t.type == tokenize.NAME and not keyword.iskeyword(t.string)]
    except (tokenize.TokenError, SyntaxError):
        return re.findall(r"\w+", source)


def words(text: str) -> set[str]:
    """Lower-case words of three letters or more, identifiers split at underscores and case changes."""
    parts = re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+", text)
    return {w.lower() for w in parts if len(w) >= 3}
