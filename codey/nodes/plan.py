"""plan: split a multi-step request into tasks, each routed like a request of its own (codey/plan/)."""
from langgraph.runtime import Runtime

from codey.app.errors import Refused, TaskFailed
from codey.graph.state import Context, State
from codey.plan import approval, tasks as plans


def plan(state: State, runtime: Runtime[Context]) -> dict:
    ctx, request = runtime.context, state["request"]
    try:
        while True:
            tasks, used = plans.make(request, ctx.models, ctx.ui)
            ctx.ui.show(plans.listing(tasks), title="plan")
            try:
                answer = approval.ask(ctx.ui, ctx.yes, tasks, drafted="coder" in used)
            except Refused as e:  # the drafted plan's commands were not approved: the coder still unloads
                raise Refused(str(e), {"models_loaded": used}) from None
            if answer == "edit":
                request = ctx.ui.console.input("plan> ") or request
                continue
            break
    except TaskFailed as e:
        return {"status": "failed", "error": str(e), "models_loaded": ["coder"],
                "steps": [{"node": "plan", "status": "failed"}]}
    except Refused as e:  # one refused or unapproved step refuses the whole plan, before any step runs
        return {"status": "refused", "error": str(e), "models_loaded": e.details.get("models_loaded", []),
                "steps": [{"node": "plan", "status": "refused"}]}
    update = {"tasks": tasks, "current": 0, "models_loaded": used,
              "steps": [{"node": "plan", "status": "ok", "by": "model" if "coder" in used else "rule",
                         "tasks": [t["request"] for t in tasks]}]}
    if answer == "no":
        update.update(status="refused", error="plan cancelled")
    return update
