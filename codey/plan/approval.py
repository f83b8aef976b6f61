"""Which steps of a plan need the user's approval, and asking for it once, for the whole plan."""
from __future__ import annotations

from codey.graph.ports import UI
from codey.tools import permissions

DRAFTED = "a step the model planned that changes files (--undo can reverse it)"


def needed(tasks: list[dict], drafted: bool = False) -> list[tuple[str, str]]:
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


def ask(ui: UI, yes: bool, tasks: list[dict], drafted: bool) -> str:
    """The user's answer: "yes", "edit" or "no". On a terminal (without --yes) the user accepts, edits or cancels the
    plan, its commands shown as they will run; accepting approves them. Elsewhere a plan the model drafted runs only
    when all its steps are read-only (else Refused), while a plan split from the user's own words asks at each step."""
    if yes:
        return "yes"
    if not ui.interactive:
        if drafted:
            permissions.approve(ui, False, needed(tasks, drafted=True))
        return "yes"
    reply = ui.console.input("Run this plan? [Y]es / [e]dit / [n]o: ").strip().lower()
    answer = {"e": "edit", "edit": "edit", "n": "no", "no": "no"}.get(reply, "yes")
    if answer == "yes":
        for task in tasks:
            task["approved"] = True
    return answer
