"""A task's end: close it and move to the next step whose condition holds (skipping the others), or end the run."""
from codey.graph.state import State, update_task
from codey.plan import conditions


def advance(state: State, problems: list[str], report: dict, outcome: str = "done") -> dict:
    """Close the current task; move to the next one whose condition holds (skipping the others), or finish."""
    if problems:
        return finish(state, "failed", report, problems[0])
    tasks = update_task(state, status=outcome)
    nxt = state.get("current", 0) + 1
    while nxt < len(tasks) and not conditions.met(tasks[nxt], tasks):
        tasks[nxt].update(status="skipped", output=conditions.why_skipped(tasks[nxt], tasks))
        nxt += 1
    update = {"verify": report, "tasks": tasks, "feedback": "", "backups": {}, "best": {}, "own_tests": [],
              "baseline": {}, "passed": {},
              "status": "running", "error": "",
              "steps": [{"node": "verify", "status": "ok" if outcome == "done" else outcome}]}
    if nxt < len(tasks):
        return {**update, "current": nxt, "attempts": 0}
    unhandled = conditions.unhandled_failure(tasks)
    if unhandled is not None:  # a failure a later step looked at but nothing answered: the run did not succeed
        failed = tasks[unhandled]
        return {**update, "status": "failed",
                "error": f"step {unhandled + 1} ({failed['request']}) failed: {failed.get('error') or 'see its output'}"}
    return {**update, "status": "done"}


def finish(state: State, status: str, report: dict, error: str | None = None) -> dict:
    update = {"verify": report, "status": status, "tasks": update_task(state, status=status),
              "steps": [{"node": "verify", "status": status}]}
    if error:
        update["error"] = error
    return update
