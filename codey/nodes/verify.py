"""verify: check that what was done actually holds. A tool step's postconditions; a code attempt's candidates, each
in a scratch copy (codey/search/attempt.py); a failed step a later one watches hands the decision on."""
from langgraph.runtime import Runtime

from codey.graph.state import Context, State, current_task
from codey.plan import conditions
from codey.plan.progress import advance, finish
from codey.search import attempt
from codey.tools import postconditions


def verify(state: State, runtime: Runtime[Context]) -> dict:
    ctx, task = runtime.context, current_task(state)
    if state.get("status") == "failed" and task["route"] == "tool" and conditions.watched(state.get("current", 0), state["tasks"]):
        ctx.ui.info(f"step {state.get('current', 0) + 1} failed; later steps decide what happens next")
        return advance(state, [], {"ok": False, "error": state.get("error")}, outcome="failed")
    if state.get("status") in ("failed", "refused"):
        return finish(state, state["status"], {"ok": False, "error": state.get("error")})
    if task["route"] == "tool":
        problems = postconditions.check(task, ctx.workspace)
        return advance(state, problems, {"ok": not problems, "problems": problems})
    if task["route"] == "question":
        return advance(state, [], {"ok": True})
    return attempt.judge(state, ctx)
