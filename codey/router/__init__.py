"""The reflex layer: decide what a request is, in rules first and with a small model only when they are unsure."""
from __future__ import annotations

import time

from codey.router import rules


def decide(request: str, models=None, allow_plan: bool = True) -> dict:
    """{"route", "tool", "args", "by", "reason", "latency_ms"} for one request; models is a Lifecycle or None."""
    start = time.perf_counter()
    decision = rules.match(request, allow_plan=allow_plan)
    if decision is None and models is not None:
        decision = models.router().route(request)
        if decision["route"] == "plan" and not allow_plan:
            decision["route"] = "code"
        if decision["route"] == "tool":
            decision.update(rules.guess_tool(request))
    if decision is None:
        decision = {"route": "question", "by": "default"}
    decision.setdefault("tool", None)
    decision.setdefault("args", {})
    decision["latency_ms"] = round((time.perf_counter() - start) * 1000, 2)
    return decision
