"""run_tool: run one canonical tool inside the workspace, asking first for anything outside the free classes."""
import time

from langgraph.runtime import Runtime

from codey.workspace import undo
from codey.app.errors import Refused, TaskFailed
from codey.coder.prompts import COMMIT_MESSAGE
from codey.graph.state import Context, State, current_task, update_task
from codey.tools import fs, permissions, registry

FILE_CHANGING = {"write_file", "delete_path", "move_path", "copy_path", "mkdir"}
NOT_SAVED = "(shown, not saved: this output lists the environment, secrets included)"


def approve(ctx: Context, task: dict, name: str, args: dict) -> None:
    """Read-only and undoable calls run freely; the others need --yes, a yes typed on a terminal, or the plan's
    approval given before it ran."""
    level, reason = permissions.classify(name, args)
    if level == permissions.ASK and not task.get("approved"):
        permissions.approve(ctx.ui, ctx.yes, [(permissions.shown(name, args), reason)])


def write_commit_message(ctx: Context, files: list[str]) -> str:
    """A one-line commit message written by the coder from the diff of what the commit stages."""
    from codey.tools import git

    diff = "\n".join(git.stage(ctx.workspace, files)) + "\n" + git.git_diff(ctx.workspace, staged=True)["output"][:6000]
    chat = ctx.models.get("coder")
    with ctx.ui.spinner("writing a commit message"):
        reply = chat.invoke([("system", COMMIT_MESSAGE), ("user", diff)]).content
    line = next((l.strip(" `\"'") for l in reply.splitlines() if l.strip(" `\"'")), "Update files")
    return line[:72]


def call_args(state: State, ctx: Context, name: str, args: dict) -> tuple[dict, list[str]]:
    """The arguments the call gets beyond the task's: a commit takes the files this run changed, and a message
    written by the coder when none was given. Returns them and the models loaded for them."""
    if name != "git_commit" or args.get("command"):
        return args, []
    args = {**args, "files": state.get("files_changed") or []}
    if args.get("message"):
        return args, []
    return {**args, "message": write_commit_message(ctx, args["files"])}, ["coder"]


def run_tool(state: State, runtime: Runtime[Context]) -> dict:
    ctx, task = runtime.context, current_task(state)
    name, args = task.get("tool"), task.get("args") or {}
    start = time.perf_counter()
    step = {"node": "run_tool", "action": name, "args": args}
    models_loaded: list[str] = []
    try:
        if name not in registry.TOOLS:
            raise TaskFailed(f"could not tell which tool to run for: {task['request']}")
        approve(ctx, task, name, args)
        runs = registry.runs(name, args)
        if runs in FILE_CHANGING and not undo.snapshot(ctx.workspace, fs.touched(runs, args), permissions.shown(name, args)):
            permissions.approve(ctx.ui, ctx.yes or bool(task.get("approved")),
                                [(permissions.shown(name, args), "it is too large to snapshot, so --undo could not reverse it")])
        full, models_loaded = call_args(state, ctx, name, args)
        result = registry.call(name, ctx.workspace, full, {"shell": ctx.settings.shell_timeout_s,
                                                           "run_tests": ctx.settings.test_timeout_s},
                               ctx.project if registry.TOOLS[runs].in_project else None)
        status, error = "done", None
    except (TaskFailed, Refused) as e:
        result, status, error = {**e.details, "output": e.details.get("output", "")}, e.status, str(e)
    ctx.ui.show(result.get("output", ""), title=permissions.shown(name or "tool", args))
    if permissions.unsaved(name or "", args):
        result = {"output": NOT_SAVED}
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
