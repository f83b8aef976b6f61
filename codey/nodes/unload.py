"""unload: give memory back when the lifecycle manager says the models are no longer needed."""
from langgraph.runtime import Runtime

from codey.graph.state import Context, State


def unload(state: State, runtime: Runtime[Context]) -> dict:
    ctx = runtime.context
    # A one-shot run is over, so everything goes; the REPL keeps models until they idle out.
    roles = ctx.models.idle_roles(ctx.settings.idle_unload_s) if ctx.keep_models else list(ctx.models.resident)
    freed = {role: round(ctx.models.unload(role), 1) for role in roles}
    return {"steps": [{"node": "unload", "status": "ok", "unloaded": list(freed), "freed_mb": freed}]}
