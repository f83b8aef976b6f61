"""Conditions on earlier plan steps ("3. if pass, git push"), decided from real outcomes, never by a model.

Reading a condition from a step's words is codey/plan/steps.py's."""
from __future__ import annotations


def attach(tasks: list[dict]) -> list[dict]:
    """Point each condition at the nearest earlier step whose outcome it can test (tests first, else any)."""
    for i, task in enumerate(tasks):
        cond = task.get("condition")
        if cond and "step" not in cond:
            earlier = [j for j in range(i) if tasks[j].get("tool") in ("run_tests", "shell")] or list(range(i))
            cond["step"] = earlier[-1] if earlier else None
    return tasks


def met(task: dict, tasks: list[dict]) -> bool:
    cond = task.get("condition")
    if not cond or cond.get("step") is None:
        return True
    outcome = tasks[cond["step"]].get("status")
    return outcome == "done" if cond["when"] == "passed" else outcome == "failed"


def watched(index: int, tasks: list[dict]) -> bool:
    """True when a later step's condition looks at this step's outcome, so its failure is an answer, not an abort."""
    return any((t.get("condition") or {}).get("step") == index for t in tasks[index + 1:])


def why_skipped(task: dict, tasks: list[dict]) -> str:
    cond = task["condition"]
    step = tasks[cond["step"]]
    did = "did not pass" if cond["when"] == "passed" else "did not fail"
    return f"skipped: step {cond['step'] + 1} ({step['request']}) {did}" + (f": {step['error']}" if step.get("error") else "")


def unhandled_failure(tasks: list[dict]) -> int | None:
    """The first failed step that no later "if it fails" step ran for; None when every failure was answered."""
    for i, task in enumerate(tasks):
        answered = any((t.get("condition") or {}).get("step") == i and t["condition"]["when"] == "failed"
                       and t.get("status") == "done" for t in tasks[i + 1:])
        if task.get("status") == "failed" and not answered:
            return i
    return None
