"""A request's tasks: its steps (split by rule, or drafted by the coder when the rules find one), each routed like a
request of its own, with its condition pointed at the earlier step it tests."""
from __future__ import annotations

from codey import router
from codey.app.errors import Refused
from codey.graph.ports import UI, Models
from codey.plan import approval, conditions, planner, steps
from codey.router.rules import guess_tool


def make(request: str, models: Models, ui: UI) -> tuple[list[dict], list[str]]:
    """Numbered and "then" sequences split by rule; anything else is planned by the coder model.

    Returns the tasks and the models used to make them."""
    used: set[str] = set()
    found = steps.steps_of(request)
    if len(found) >= 2:
        drafted = [(*steps.split_condition(s), None) for s in found]
    else:
        used.add("coder")
        drafted = model_steps(request, models, ui)
    tasks = []
    for condition, text, kind in drafted:
        decision = router.decide(text, models, allow_plan=False)
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
    return conditions.attach(tasks), sorted(used)


def model_steps(request: str, models: Models, ui: UI) -> list[tuple[dict | None, str, str]]:
    """(condition, text, kind) of each step the coder plans; a condition looks at the step before it."""
    drafted = planner.draft(request, models.get("coder"), ui)
    return [({"when": s.only_if.split()[-1], "step": i - 1} if s.only_if != "always" and i else None, s.action, s.kind)
            for i, s in enumerate(drafted)]


def listing(tasks: list[dict]) -> str:
    """The plan as the user sees it: numbered steps, their conditions, and the commands that need approval."""
    return "\n".join(f"{i}. {_when(t)}{t['request']}  [{t['tool'] or t['route']}]{_asks(t)}"
                     for i, t in enumerate(tasks, 1))


def _asks(task: dict) -> str:
    found = approval.needed([task])
    return f"\n     runs `{found[0][0]}`: needs approval, {found[0][1]}" if found else ""


def _when(task: dict) -> str:
    cond = task.get("condition")
    return f"(if step {cond['step'] + 1} {cond['when']}) " if cond and cond.get("step") is not None else ""
