"""plan: split a multi-step request into tasks, each routed like a request of its own."""
from langgraph.runtime import Runtime

from codey.plan import conditions, planner
from codey import router
from codey.app.errors import Refused, TaskFailed
from codey.graph.state import Context, State
from codey.router.rules import guess_tool, steps_of
from codey.tools import permissions


def plan(state: State, runtime: Runtime[Context]) -> dict:
    ctx, request = runtime.context, state["request"]
    try:
        while True:
            tasks, used = make_tasks(request, ctx)
            try:
                answer = ask(ctx, tasks, drafted="coder" in used)
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


def needing_approval(tasks: list[dict], drafted: bool = False) -> list[tuple[str, str]]:
    """(command as it will run, reason) of each step that must be approved before it runs: a tool step outside the
    free classes; in a plan the model drafted, any step that is not read-only."""
    found = []
    for task in tasks:
        if task["route"] == "tool" and task["tool"]:
            level, reason = permissions.classify(task["tool"], task["args"])
            if level == permissions.ASK or drafted and level != permissions.READ:
                found.append((permissions.shown(task["tool"], task["args"]), reason or DRAFTED))
        elif drafted and task["route"] == "code":
            found.append((f"write code: {task['request']}", DRAFTED))
    return found


DRAFTED = "a step the model planned that changes files (--undo can reverse it)"


def ask(ctx: Context, tasks: list[dict], drafted: bool) -> str:
    """On a terminal (without --yes) the user accepts, edits or cancels the plan, its commands shown as they will run;
    accepting approves them. Elsewhere a plan the model drafted runs only when all its steps are read-only, while a
    plan split from the user's own words asks at each step as it runs."""
    if ctx.yes:
        return "yes"
    if not ctx.ui.interactive:
        if drafted:
            permissions.approve(ctx.ui, False, needing_approval(tasks, drafted=True))
        return "yes"
    reply = ctx.ui.console.input("Run this plan? [Y]es / [e]dit / [n]o: ").strip().lower()
    answer = {"e": "edit", "edit": "edit", "n": "no", "no": "no"}.get(reply, "yes")
    if answer == "yes":
        for task in tasks:
            task["approved"] = True
    return answer


def make_tasks(request: str, ctx: Context) -> tuple[list[dict], list[str]]:
    """Numbered and "then" sequences split by rule; anything else is planned by the coder model.

    Returns the tasks and the models used to make them."""
    used: set[str] = set()
    steps = steps_of(request)
    if len(steps) >= 2:
        drafted = [(*conditions.split_condition(s), None) for s in steps]
    else:
        used.add("coder")
        drafted = model_steps(request, ctx)
    tasks = []
    for condition, text, kind in drafted:
        decision = router.decide(text, ctx.models, allow_plan=False)
        if decision["by"] == "model":
            used.add("router")
        if decision["by"] == "default" and kind:  # no rule matched: the planner's own label decides
            decision = {"route": kind, **(guess_tool(text) if kind == "tool" else {"tool": None, "args": {}})}
            if decision["route"] == "tool" and not decision["tool"]:
                decision["route"] = "code"
        if decision.get("refused"):
            raise Refused(f"refused: {decision['reason']} (step: {text})", {"models_loaded": sorted(used)})
        if decision["route"] == "error":
            decision["route"] = "question"
        tasks.append({"request": text, "route": decision["route"], "tool": decision["tool"],
                      "args": decision["args"], "status": "pending", "condition": condition})
    conditions.attach(tasks)
    ctx.ui.show("\n".join(f"{i}. {_when(t)}{t['request']}  [{t['tool'] or t['route']}]{_asks(t)}"
                          for i, t in enumerate(tasks, 1)), title="plan")
    return tasks, sorted(used)


def model_steps(request: str, ctx: Context) -> list[tuple[dict | None, str, str]]:
    """(condition, text, kind) of each step the coder plans; a condition looks at the step before it."""
    steps = planner.draft(request, ctx.models.get("coder"), ctx.ui)
    return [({"when": s.only_if.split()[-1], "step": i - 1} if s.only_if != "always" and i else None, s.action, s.kind)
            for i, s in enumerate(steps)]


def _asks(task: dict) -> str:
    found = needing_approval([task])
    return f"\n     runs `{found[0][0]}`: needs approval, {found[0][1]}" if found else ""


def _when(task: dict) -> str:
    cond = task.get("condition")
    return f"(if step {cond['step'] + 1} {cond['when']}) " if cond and cond.get("step") is not None else ""
