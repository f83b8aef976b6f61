"""Judging a code attempt: every candidate checked in a scratch copy, the best chosen; accepted, it is applied once;
failed, it goes back to the coder while the budget and attempts last; out of both, the best attempt is kept only
when it beats the files as they were."""
from codey.app.ui import duration
from codey.checks import score, verdicts
from codey.coder import edits, own_tests
from codey.checks import examples, variants
from codey.graph.state import Context, State, current_task
from codey.plan.progress import advance, finish
from codey.search import budget, candidates


def judge(state: State, ctx: Context) -> dict:
    """verify's update for a code attempt (the candidates the code node drew)."""
    task, result = current_task(state), state.get("result") or {}
    known = dict(state.get("baseline") or {})
    began, drawn = ctx.budget.spent(), len(state.get("candidates") or [])
    with ctx.ui.phase(f"checking {drawn} candidate{'s' if drawn > 1 else ''}", ctx.budget.left()):
        problems, checks, update = check_attempt(state, ctx, judge_of(state, ctx, known))
    checked = [s for s in update.get("report", {}).get("candidates", []) if s is not None]
    took = {"seconds": round(ctx.budget.spent() - began, 2), "checked": len(checked)}
    steps = [*(state.get("steps") or []), {"node": "verify", **took}]  # what the budget's estimates go by
    chosen, backups = update.pop("chosen", {}), state.get("backups") or {}
    update["baseline"] = known
    report = {"ok": not problems, "problems": problems, **checks, **(verdicts.verdict(checks) if checks else {}),
              "attempts": state.get("attempts", 0), "project": ctx.project.describe(), **update.pop("report", {})}
    if not problems and unproven(state, ctx, checks, chosen, backups) and ctx.budget.affordable(steps, 2) == 2:
        ctx.ui.info("no tests checked what the new code does: writing tests from the task")
        return {**update, "verify": report, "widen": True, "passed": chosen,
                "steps": [{"node": "verify", "status": "widen", **took}]}
    if not problems and doubted(state, ctx, checks) and ctx.budget.affordable(steps, 2) == 2:
        ctx.ui.info(f"the attempt passes its checks but crashes on {variants.crashes(checks)} of "
                    f"{len(checks['probed'])} calls like the task's examples: drawing more candidates to compare")
        return {**update, "verify": report, "widen": True, "passed": chosen,
                "steps": [{"node": "verify", "status": "confirm", **took}]}
    if problems and result.get("refused"):
        return timed({**update, **finish(state, "refused", report, problems[0])}, took)
    best = remember(state, chosen, problems, checks)
    more = problems and state.get("attempts", 0) < ctx.settings.max_attempts
    if more and ctx.budget.affordable(steps, 1):
        ctx.ui.info(f"verify failed (attempt {state.get('attempts', 0)}): {headline(problems[0])} — retrying "
                    f"({duration(ctx.budget.left())} left)")
        return {**update, "verify": report, "feedback": "\n".join(problems), "best": best, "passed": {},
                "steps": [{"node": "verify", "status": "retry", "problems": [p[:300] for p in problems], **took}]}
    if problems:
        longer = ctx.budget.longer(steps, ctx.settings.max_attempts - state.get("attempts", 0),
                                   ctx.settings.candidates) if more else 0
        return timed({**update, **give_up(state, ctx, report, problems, best, backups, longer)}, took)
    tell(ctx, checks)
    changed = edits.land(ctx.workspace, chosen, task["request"], ctx.ui)
    return timed({**update, "files_changed": changed, **advance(state, [], report)}, took)


def timed(update: dict, took: dict) -> dict:
    """The update with how long the attempt's checks took on its step, for the budget's estimates."""
    return {**update, "steps": [{**s, **took} for s in update["steps"]]}


def judge_of(state: State, ctx: Context, known: dict) -> verdicts.Judge:
    """The tests' verdict for this task's attempts: against the baseline in known (run here on first need, in a
    scratch copy of the files as they are, and kept for the task's later attempts), with the tests the request names."""
    def before() -> dict:
        if not known:
            known.update(verdicts.record(candidates.baseline(ctx.workspace, ctx.settings, ctx.project)["checks"]))
        return known

    return verdicts.Judge(before, tuple(current_task(state)["spec"]["named_tests"]))


def tell(ctx: Context, checks: dict) -> None:
    """Say what the tests did not show of an accepted attempt: that they could not run, and failures that were there
    before the change."""
    failing = checks.get("failing_before") or []
    if failing:
        ctx.ui.info(f"{len(failing)} test{'s' if len(failing) > 1 else ''} already failed before the change: "
                    + verdicts.shown(failing))
    if checks.get("tests") == "could_not_run":
        ctx.ui.info(f"not verified by tests: {checks['tests_summary']}")


def check_attempt(state: State, ctx: Context, judge: verdicts.Judge) -> tuple[list[str], dict, dict]:
    """The checks of the code node's attempt (its candidates, one or several), each in a scratch copy; the update
    carries the chosen one's files as "chosen" (nothing is applied here)."""
    result, drawn = state.get("result") or {}, state.get("candidates") or []
    if not drawn:
        return [result.get("error", "the reply had no edit")], {}, {}
    index, trials = candidates.choose(drawn, list(state.get("backups") or {}), ctx.workspace, ctx.settings,
                                      ctx.project, state.get("own_tests") or (), tests_within(state, ctx),
                                      stated(state), current_task(state)["spec"]["words"], judge,
                                      ctx.budget.out, probes(state))
    scores = [t and t["score"] for t in trials]
    if len(drawn) > 1 or state.get("own_tests"):
        ctx.ui.info(f"checked {len(drawn) - scores.count(None)} of {len(drawn)} candidates "
                    f"({'tests' if state.get('own_tests') else 'checks'} passed: "
                    f"{', '.join(str(s[0]) if s else '-' for s in scores)}); candidate {index + 1} is the best")
    update = {"candidates": [], "report": {"candidates": scores, "chosen": index + 1}}
    if drawn[index].get("error"):
        return trials[index]["problems"], {}, update
    checks = trials[index]["checks"]
    for example in checks.get("unreadable_examples", []):
        ctx.ui.info(f"skipped a docstring example doctest cannot read (a \\n in a docstring that is not raw?): {example}")
    return trials[index]["problems"], checks, {**update, "chosen": drawn[index]["files"]}


def stated(state: State) -> list[tuple[str, str]]:
    """The examples the task gives (`f(1)` -> `2`), in its text or a document it names ("does what SPEC.md
    describes"): the user's spec, checked like docstring examples."""
    return [(call, expected) for call, expected in current_task(state)["spec"]["examples"]]


def unproven(state: State, ctx: Context, checks: dict, chosen: dict[str, str], backups: dict) -> bool:
    """The greedy attempt passed, but nothing the task gave checked what it does: no tests, no examples in the request
    or in the files as they were (examples the attempt wrote itself agree with it whatever it does). When it wrote
    functions a test could call, it is worth tests of the model's own from the task and, if it fails two or more, a
    few more candidates. Where the task's own examples had passed, that round won 2 HumanEval problems and lost 1 of
    164, for ~8 s of tests on each and ~25 s more on the quarter it drew for (session 28)."""
    if (current_task(state)["route"] != "code" or state.get("attempts") != 1 or state.get("own_tests")
            or ctx.settings.candidates < 2 or ctx.settings.max_attempts < 2 or given(checks, backups)):
        return False
    texts = [text for name, text in chosen.items() if name.endswith(".py")]
    return any(own_tests.functions(t) for t in texts) and candidates.small(ctx.workspace)


def doubted(state: State, ctx: Context, checks: dict) -> bool:
    """The first attempt passed its checks but crashed on calls like the task's examples (codey/checks/variants.py):
    a bug they missed, most likely, and worth a few more candidates to compare it with."""
    return (current_task(state)["route"] == "code" and state.get("attempts") == 1 and ctx.settings.candidates > 1
            and variants.crashes(checks) > 0 and candidates.small(ctx.workspace))


def probes(state: State) -> list[str]:
    """The calls to compare candidates on: the task's examples, from the files as they were and the request, with an
    argument varied (codey/checks/variants.py)."""
    return variants.of_task([text for text in (state.get("backups") or {}).values() if text], stated(state))


def given(checks: dict, backups: dict) -> bool:
    """Whether checks the task gave passed: the project's tests, the request's examples (check_code ran them), or the
    docstring examples of the files as they were before the attempt."""
    if checks.get("tests") in ("passed", "failed") or checks.get("stated"):
        return True
    return checks.get("passed", 0) > 0 and any(
        text and (">>> " in text or examples.extract(text)) for text in backups.values())


def tests_within(state: State, ctx: Context) -> float:
    """The time a candidate's run of the project's tests gets: ten times what the last attempt's run took (at least
    30 s), as the tests are the same; a candidate stuck in a loop would otherwise hold up the run for test_timeout_s.
    No more than the budget has left, unless that is under twice the last run: a run cut shorter tells nothing."""
    took = (state.get("verify") or {}).get("tests_seconds")
    usual = min(ctx.settings.test_timeout_s, max(30.0, 10 * took)) if took else ctx.settings.test_timeout_s
    return ctx.budget.timeout(usual, floor=2 * took if took else budget.MIN_TESTS_S)


def remember(state: State, files: dict[str, str], problems: list[str], checks: dict) -> dict:
    """The attempt that passed the most checks so far: its files' texts, score and problems."""
    best = state.get("best") or {}
    if not problems or "passed" not in checks or score(checks) <= best.get("score", [-1]):
        return best
    return {"files": files, "score": score(checks), "attempt": state.get("attempts", 0),
            "problems": [p[:2000] for p in problems]}


def give_up(state: State, ctx: Context, report: dict, problems: list[str], best: dict, backups: dict,
            longer: int = 0) -> dict:
    """Keep the best attempt when it passes more checks than the files as they were (checked in a scratch copy);
    otherwise leave them as they are: no attempt was ever written to them. longer: the --budget that would let the
    search finish, when the budget ended it (0: its attempts did)."""
    attempts = state.get("attempts", 0)
    search = f"; the {ctx.budget.seconds:.0f} s budget ran out: search longer with --budget {longer}" if longer else ""
    report = {**report, "search_longer": longer} if longer else report
    if best:
        original = candidates.baseline(ctx.workspace, ctx.settings, ctx.project, stated(state), list(backups),
                                       tests_within(state, ctx))["score"]
        if best["score"] > original:
            return keep(state, ctx, report, best, original, search)
    closest = f" (the best attempt: {described(best['score'])})" if best else ""
    ctx.ui.info(f"gave up; the files are as they were{closest}")
    return finish(state, "failed", report,
                   f"verification failed after {attempts} attempt(s): " + headline(problems[0]) + search)


def keep(state: State, ctx: Context, report: dict, best: dict, original: list[int], search: str = "") -> dict:
    """Apply the best attempt (the undo record first) and say plainly what still fails."""
    changed = edits.land(ctx.workspace, best["files"], current_task(state)["request"], ctx.ui)
    kept = (f"kept attempt {best['attempt']}, which got further than the files as they were ({described(best['score'])}"
            f" against {described(original)}); still failing: {headline(best['problems'][0])}")
    ctx.ui.info(f"gave up; {kept} (--undo restores the files as they were)")
    report = {**report, "problems": best["problems"], "kept_attempt": best["attempt"], "score": best["score"],
              "score_before": original}
    return {"files_changed": changed, **finish(state, "failed", report,
                                                f"verification failed after {state.get('attempts', 0)} attempt(s); "
                                                f"{kept}{search}")}


def described(score: list[int]) -> str:
    return f"{score[0]} checks of behaviour passed, {score[1]:.0%} of compile and load checks"


def headline(problem: str) -> str:
    """A problem's first line, with its first detail when the line only introduces a list ("... fail:")."""
    lines = problem.strip().splitlines()
    return " ".join(lines[:2]) if lines[0].endswith(":") and len(lines) > 1 else lines[0]
