"""The reflex layer: decide what a request is, in rules first and with a small model only when they are unsure."""
from __future__ import annotations

import time

from codey.router import command, rules


def decide(request: str, models=None, allow_plan: bool = True) -> dict:
    """{"route", "tool", "args", "by", "reason", "latency_ms"} for one request; models is a Lifecycle or None.

    When no rule matches, the request is answered as a question (measured more accurate than asking the router
    model, see docs/router.md) unless config says router_fallback = "model". A short request no rule made a command
    is first offered to the coder as a look at the machine or files, run when it only reads (router/command.py).
    """
    start = time.perf_counter()
    decision = rules.match(request, allow_plan=allow_plan)
    if decision is None and models is not None and models.settings.router_fallback == "model":
        decision = models.router().route(request)
        if decision["route"] == "plan" and not allow_plan:
            decision["route"] = "code"
        if decision["route"] == "tool":
            decision.update(rules.guess_tool(request))
            if not decision["tool"]:  # a tool we cannot name is not runnable; answering is the safe reading
                decision["route"] = "question"
    if models is not None and command.worth_asking(request, decision):
        decision = command.translate(request, models) or decision
    if decision is None:
        decision = {"route": "question", "by": "default"}
    decision.setdefault("tool", None)
    decision.setdefault("args", {})
    decision["latency_ms"] = round((time.perf_counter() - start) * 1000, 2)
    return decision
