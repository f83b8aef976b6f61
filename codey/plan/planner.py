"""The model planner: a request the rules cannot split ("scaffold a flask app") becomes typed steps.

The coder writes the plan as JSON constrained by the Plan schema (llama.cpp turns the schema into a grammar),
and pydantic validates it; a reply that still fails validation is retried once, then reported.
"""
from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from codey.app.errors import TaskFailed
from codey.coder.prompts import PLAN_EXAMPLE, PLAN_SYSTEM
from codey.graph.ports import UI, Chat


class Step(BaseModel):
    action: str = Field(min_length=3, max_length=300, description="one instruction, as a user would type it")
    kind: Literal["tool", "code", "question"]
    only_if: Literal["always", "previous step passed", "previous step failed"] = "always"


class Plan(BaseModel):
    steps: list[Step] = Field(min_length=1, max_length=8)





def draft(request: str, chat: Chat, ui: UI) -> list[Step]:
    """Ask the model for a plan; one retry with the validation error, then a clear failure."""
    messages = [("system", PLAN_SYSTEM), ("user", PLAN_EXAMPLE[0]), ("assistant", PLAN_EXAMPLE[1]), ("user", request)]
    fmt = {"type": "json_object", "schema": Plan.model_json_schema()}
    error = ""
    for temperature in (0.0, 0.3):
        with ui.spinner("planning"):
            reply = "".join(c.content for c in chat.stream(messages, temperature=temperature, response_format=fmt))
        try:
            return Plan.model_validate(json.loads(reply)).steps
        except (ValueError, ValidationError) as e:
            error = str(e).splitlines()[0]
            messages = messages + [("assistant", reply), ("user", f"That is not a valid plan ({error}). "
                                                                  "Reply with the JSON plan only.")]
    raise TaskFailed(f"could not make a plan for this request (the model's plan was invalid twice: {error}); "
                     "try numbered steps, e.g. '1. ... 2. ...'")
