"""The search's rounds of drawing: a retry draws several candidates at once; an attempt that passed unchecked is
doubted with the model's own tests; a bug fix starts from the project's failing tests."""
from codey.checks import variants, verdicts
from codey.coder import own_tests
from codey.coder.candidate import candidate_of
from codey.coder.prompts import FAILING_BEFORE
from codey.coder.reply import draw, prose
from codey.graph.state import Context, State, current_task
from codey.search import candidates


RETRY_TEMPERATURES = (0.0, 0.6, 0.8)  # greedy first; a retry that repeats the same reply is wasted


DOUBTED = 2  # the model's tests an attempt must fail before more candidates are drawn (doubted)
CONFIRM = 4  # candidates drawn to compare with an attempt that passed its checks but crashed (confirm)


def widen(state: State, ctx: Context, messages, backups: dict) -> dict:
    """The last attempt passed, but it crashed on calls like the task's examples, or nothing checked what its code
    does. On a crash, more candidates are drawn to compare with it (confirm); otherwise the model writes tests from
    the task, and when the attempt fails two or more (doubted), they choose between it and more candidates drawn for
    the same prompt. The attempt's files come from the state: it has not been applied."""
    passed = state.get("passed") or {}
    if variants.crashes(state.get("verify") or {}):
        return confirm(state, ctx, messages, backups)
    with ctx.ui.phase("writing tests from the task", ctx.budget.left()):
        tests = own_tests.write(ctx.models.get("coder"), messages, passed)
    ctx.ui.info(f"wrote {len(tests)} tests from the task" + (": " + "; ".join(f"{c} == {e}" for c, e in tests[:3])
                                                             + ("; …" if len(tests) > 3 else "") if tests else ""))
    n = ctx.budget.affordable(state.get("steps") or [], ctx.settings.candidates - 1)
    if n and not doubted({"files": passed}, tests, backups, ctx):
        n = 0
    return {**beside(state, ctx, messages, backups, n), "own_tests": tests}


def confirm(state: State, ctx: Context, messages, backups: dict) -> dict:
    """The attempt passed its checks but crashed on calls like the task's examples: a few more candidates are drawn
    for the same prompt, and verify calls them all on those calls. One that passes as many checks without crashing
    replaces it (candidates.pick)."""
    return beside(state, ctx, messages, backups, ctx.budget.affordable(state.get("steps") or [], CONFIRM))


def beside(state: State, ctx: Context, messages, backups: dict, n: int) -> dict:
    """The attempt that passed (its files from the state: not yet applied) as the first candidate, and n more drawn
    for the same prompt (none: it alone); the answer stays the first attempt's."""
    kept = {"files": state.get("passed") or {}, "logprob": 0.0}  # sampled candidates score below 0: ties go to it
    if not n:
        return {"candidates": [kept], "result": {"ok": True}, "backups": backups, "widen": False,
                "attempts": state.get("attempts", 0) + 1}
    update = draft(state, ctx, messages, RETRY_TEMPERATURES[1], backups, n)
    update.pop("answer")
    return {**update, "candidates": [kept, *update["candidates"]], "widen": False}


def doubted(candidate: dict, tests: list, backups: dict, ctx: Context) -> bool:
    """Whether the candidate fails enough of the model's tests to be worth drawing more: two or more. The tests are
    guesses, and one failing is more often the guess's mistake than the code's (of 12 HumanEval first attempts that
    failed one of five, 11 were right, and no candidate drawn for them replaced one)."""
    if len(tests) < DOUBTED:
        return False
    found = candidates.trial(candidate, list(backups), ctx.workspace, ctx.settings, ctx.project, tests)
    passed, written = found["checks"].get("own_tests", [0, 0])
    return written - passed >= DOUBTED


def draft(state: State, ctx: Context, messages, temperature: float, backups: dict, n: int) -> dict:
    """A retry: several candidate replies drawn together, each turned into file texts (nothing is written here);
    verify checks them in scratch copies and applies the best."""
    attempt = state.get("attempts", 0)
    start = ctx.budget.spent()
    # a retry's reply is about as long as the first one that wrote a file; a longer one is going astray
    first = next((s["tokens"] for s in reversed(state.get("steps") or []) if s.get("node") == "code"
                  and "candidates" not in s and s.get("files")), 0)
    max_tokens = min(ctx.settings.coder.max_tokens, max(512, 3 * first) if first else ctx.settings.coder.max_tokens)
    with ctx.ui.phase(f"drawing {n} candidate replies", ctx.budget.left()):
        replies = draw(ctx, messages, n, temperature, max_tokens, seed=attempt * n)
    seconds = ctx.budget.spent() - start
    spec, tried, feedback = current_task(state)["spec"], list(state.get("backups") or {}), state.get("feedback") or ""
    drawn = [candidate_of(r["text"], r["truncated"], spec, ctx.workspace, backups, tried, feedback, r["logprob"])
             for r in replies]
    tokens = sum(r["tokens"] for r in replies)
    step = {"node": "code", "attempt": attempt + 1, "tokens": tokens, "seconds": round(seconds, 2),
            "tok_s": round(tokens / seconds, 1) if seconds else 0, "temperature": temperature,
            "candidates": len(drawn), "status": "ok"}
    return {"candidates": drawn, "result": {"ok": True}, "backups": backups, "answer": prose(replies[0]["text"]),
            "attempts": attempt + 1, "steps": [step]}


def before(task: dict, ctx: Context) -> tuple[dict, str]:
    """For a bug fix, the project's failing tests are the best evidence: run them once before the first attempt, in a
    scratch copy. The run is also the baseline the attempts are judged against (verify runs it when it must)."""
    if task["route"] != "code" or task["spec"]["kind"] != "bug" or not ctx.project.runner:
        return {}, ""
    found = candidates.baseline(ctx.workspace, ctx.settings, ctx.project)
    if found["checks"].get("tests") != "failed":
        return verdicts.record(found["checks"]), ""
    return verdicts.record(found["checks"]), FAILING_BEFORE.format(output=found["problems"][-1][-2500:])
