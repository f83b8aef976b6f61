"""load_model: make the coder resident, within the RAM budget (the lifecycle manager may refuse); a coder on a
server is checked instead (it answers and lists the model)."""
from langgraph.runtime import Runtime

from codey.app.errors import BudgetExceeded
from codey.graph.state import Context, State


def load_model(state: State, runtime: Runtime[Context]) -> dict:
    models = runtime.context.models
    try:
        models.get("coder")
    except BudgetExceeded as e:
        return {"status": "refused", "error": str(e), "steps": [{"node": "load_model", "status": "refused"}]}
    return {"models_loaded": ["coder"],
            "steps": [{"node": "load_model", "status": "ok", "model": models.spec("coder").model,
                       "load_s": models.load_times.get("coder", 0.0)}]}
