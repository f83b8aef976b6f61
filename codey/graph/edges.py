"""Routing functions: which node runs next, decided from plain state."""
from typing import Literal

from langgraph.graph import END

from codey.graph.state import State, current_task


def _work(state: State) -> Literal["run_tool", "load_model"]:
    return "run_tool" if current_task(state)["route"] == "tool" else "load_model"


def _wrap_up(state: State) -> Literal["unload", "__end__"]:
    return "unload" if state.get("models_loaded") else END


def after_route(state: State) -> Literal["plan", "run_tool", "load_model", "__end__"]:
    if state.get("status") in ("failed", "refused"):
        return END
    return "plan" if state["route"] == "plan" else _work(state)


def after_plan(state: State) -> Literal["run_tool", "load_model", "unload", "__end__"]:
    return _wrap_up(state) if state.get("status") in ("failed", "refused") else _work(state)


def after_load(state: State) -> Literal["code", "unload", "__end__"]:
    return _wrap_up(state) if state.get("status") == "refused" else "code"


def after_verify(state: State) -> Literal["code", "run_tool", "load_model", "unload", "__end__"]:
    if state.get("status") in ("done", "failed", "refused"):
        return _wrap_up(state)
    if state.get("feedback") or state.get("widen"):
        return "code"
    return _work(state)
