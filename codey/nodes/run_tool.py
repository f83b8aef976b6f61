"""run_tool: run one canonical tool inside the workspace, asking before anything destructive."""
import time

from langgraph.runtime import Runtime

from codey import undo
from codey.errors import Refused, TaskFailed
from codey.graph.state import Context, State, current_task, update_task
from codey.tools import fs, registry


def approve(ctx: Context, action: str) -> None:
    """Destructive actions need --yes or a yes typed on a terminal; without either they are refused."""
    if ctx.yes:
        return
    if ctx.ui.interactive:
        if ctx.ui.confirm(f"{action} is destructive. Go ahead?"):
            return
        raise Refused(f"refused: you declined {action}")
    raise Refused(f"refused: {action} is destructive; re-run with --yes to allow it")


FILE_CHANGING = {"write_file", "delete_path", "move_path", "copy_path", "mkdir"}


def write_commit_message(ctx: Context) -> str:
    """A one-line commit message written by the coder from the staged diff."""
    from codey.tools import git

    diff = git.git_add(ctx.workspace)["output"] + "\n" + git.git_diff(ctx.workspace, staged=True)["output"][:6000]
    chat = ctx.models.get("coder")
    with ctx.ui.spinner("writing a commit message"):
        reply = chat.invoke([("system", "Write one short imperative git commit subject line (max 72 characters) "
                                        "for this diff. Reply with the line only."), ("user", diff)]).content
    line = next((l.strip(" `\"'") for l in reply.splitlines() if l.strip(" `\"'")), "Update files")
    return line[:72]


def describe(name: str, args: dict) -> str:
    shown = " ".join(str(v) for k, v in args.items() if k in ("path", "dest", "name", "command", "message"))
    return f"{name} {shown}".strip()


def run_tool(state: State, runtime: Runtime[Context]) -> dict:
    ctx, task = runtime.context, current_task(state)
    name, args = task.get("tool"), task.get("args") or {}
    start = time.perf_counter()
    step = {"node": "run_tool", "action": name, "args": args}
    models_loaded: list[str] = []
    try:
        if name not in registry.TOOLS:
            raise TaskFailed(f"could not tell which tool to run for: {task['request']}")
        if registry.risk(name, args) == "destructive":
            approve(ctx, describe(name, args))
        if name in FILE_CHANGING and not undo.snapshot(ctx.workspace, fs.touched(name, args), describe(name, args)):
            ctx.ui.info("(too large to snapshot: this step cannot be undone)")
        if name == "git_commit" and not args.get("message"):
            args = {**args, "message": write_commit_message(ctx)}
            models_loaded = ["coder"]
        result = registry.call(name, ctx.workspace, args, {"shell": ctx.settings.shell_timeout_s,
                                                           "run_tests": ctx.settings.test_timeout_s},
                               ctx.project if registry.TOOLS[name].in_project else None)
        status, error = "done", None
    except (TaskFailed, Refused) as e:
        result, status, error = {**e.details, "output": e.details.get("output", "")}, e.status, str(e)
    ctx.ui.show(result.get("output", ""), title=describe(name or "tool", args))
    step.update(status=status, ms=round((time.perf_counter() - start) * 1000, 1))
    update = {
        "result": {k: v for k, v in result.items() if k != "files_changed"},
        "files_changed": result.get("files_changed", []),
        "tasks": update_task(state, status=status, output=(result.get("output") or "")[:4000],
                             **({"error": error} if error else {})),
        "steps": [step],
        "models_loaded": models_loaded,
    }
    if error:
        update.update(status=status, error=error)
    return update
