"""The state machine: seven nodes, wired. Nothing but wiring lives here."""
from langgraph.graph import START, StateGraph

from codey.graph import edges
from codey.graph.state import Context, State
from codey.nodes.code import code
from codey.nodes.load_model import load_model
from codey.nodes.plan import plan
from codey.nodes.route import route
from codey.nodes.run_tool import run_tool
from codey.nodes.unload import unload
from codey.nodes.verify import verify


def build(checkpointer=None):
    g = StateGraph(State, context_schema=Context)
    for node in (route, plan, load_model, code, run_tool, verify, unload):
        g.add_node(node.__name__, node)
    g.add_edge(START, "route")
    g.add_conditional_edges("route", edges.after_route)
    g.add_conditional_edges("plan", edges.after_plan)
    g.add_conditional_edges("load_model", edges.after_load)
    g.add_edge("code", "verify")
    g.add_edge("run_tool", "verify")
    g.add_conditional_edges("verify", edges.after_verify)
    g.add_edge("unload", "__end__")
    return g.compile(checkpointer=checkpointer)
