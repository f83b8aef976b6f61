"""The command line: parse options, run, and turn outcomes into output and exit codes (only here)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from codey import __version__, sandbox
from codey.app.errors import BadInput, CodeyError

EXIT = {"done": 0, "failed": 1, "refused": 3, "interrupted": 130}
INTERNAL_ERROR = 4


def program() -> str:
    """How the user started Codey: the installed `codey` command, or `run.py` from a checkout."""
    return "codey" if Path(sys.argv[0]).name == "codey" else "run.py"


def invocation() -> str:
    return "codey" if program() == "codey" else "python run.py"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog=program(), description="Codey: a local AI software engineer.")
    p.add_argument("--version", action="version", version=f"codey {__version__}")
    p.add_argument("task", nargs="?", help="what to do; omit for the interactive prompt")
    p.add_argument("--file", metavar="PATH", help="read the request from a file ('-' reads stdin): for long texts")
    p.add_argument("-C", "--workspace", default=".", help="project directory to work in (default: current dir)")
    p.add_argument("--yes", action="store_true", help="approve destructive actions without asking")
    p.add_argument("--config", type=Path, help="config file (default: config.json beside run.py, or ~/.config/codey/ when installed)")
    p.add_argument("--thread-id", help="checkpoint thread id for this run (default: a new one)")
    p.add_argument("--debug", action="store_true", help="print every graph transition; pause between nodes on a tty")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout; human output to stderr")
    p.add_argument("--route-only", action="store_true", help="only print the routing decision ('-' reads stdin)")
    p.add_argument("--resume", metavar="THREAD_ID", help="continue a saved run from its first unfinished step")
    p.add_argument("--threads", action="store_true", help="list the saved runs in this workspace")
    p.add_argument("--graph", action="store_true", help="print the state machine as a Mermaid diagram")
    p.add_argument("--undo", action="store_true", help="restore the files changed by the last step")
    p.add_argument("--budget", type=seconds, metavar="SECONDS",
                   help="how long a request may search for working code before its best attempt is kept "
                        "(default: budget_s in config.json, 180)")
    return p.parse_args(argv)


def seconds(text: str) -> float:
    """A --budget value: a number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, not {text!r}")
    return value


def settings_of(args):
    """config.json's settings, with what the command line overrides."""
    from codey.app import config

    settings = config.load(args.config)
    return settings.model_copy(update={"budget_s": args.budget}) if args.budget else settings


def workspace_of(args) -> str:
    path = Path(args.workspace).expanduser()
    if not path.is_dir():
        raise BadInput(f"workspace {args.workspace} is not a directory")
    return str(path.resolve())


def read_request(path: str) -> str:
    """The request of --file PATH ('-': stdin), whole; unreadable or empty text is bad input."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).expanduser().read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"cannot read the request from {path}: not UTF-8 text") from None
    except OSError as e:
        raise BadInput(f"cannot read the request from {path}: {e.strerror or e}") from None
    if not text.strip():
        raise BadInput(f"the request in {path} is empty")
    return text


def request_of(args) -> str | None:
    """The request text from the argument or --file; None for the interactive prompt."""
    if args.file is not None:
        if args.task is not None:
            raise BadInput("give the request as an argument or with --file, not both")
        return read_request(args.file)
    if args.task is not None and not args.task.strip():
        raise BadInput(f"empty request: say what to do, e.g. {invocation()} \"git status\"")
    return args.task


def route_only(args, settings, ui) -> int:
    from codey import router
    from codey.memory.lifecycle import Lifecycle

    models = Lifecycle(settings, ui)
    requests = sys.stdin if args.task == "-" and args.file is None else [args.task]
    for line in requests:
        decision = router.decide(line.rstrip("\n"), models)
        out = {k: decision.get(k) for k in ("route", "tool", "args", "by", "latency_ms")}
        if decision.get("reason"):
            out["reason"] = decision["reason"]
        print(json.dumps(out), flush=True)
    return 0


def report(outcome: dict, budget_mb: int, args, ui) -> int:
    state = outcome["state"]
    status = state.get("status", "failed")
    tasks = state.get("tasks") or []
    answer = state.get("answer") or (tasks[-1].get("output", "") if tasks and state.get("route") != "plan" else "")
    code = 2 if state.get("route") == "error" and status != "refused" else EXIT.get(status, 1)
    if state.get("error"):
        ui.error(state["error"])
    for i, task in enumerate(tasks):
        if task.get("status") == "skipped" and len(tasks) > 1:
            ui.info(f"step {i + 1} ({task['request']}) {task.get('output') or 'skipped'}")
    thread = outcome["thread_id"]
    if resumable(state) and thread:
        ui.info(f"saved; continue with: {invocation()} -C {args.workspace} --resume {thread}")
    ui.info(f"{'✓' if code == 0 else '✗'} {status} in {outcome['timings']['total']:.1f}s · peak RSS "
            f"{outcome['peak_rss_mb']:.0f} MB of {budget_mb} MB budget"
            + (f" · thread {thread}" if thread else " · read-only, not saved"))
    if args.json:
        print(json.dumps({
            "thread_id": outcome["thread_id"], "status": status, "route": state.get("route"),
            "steps": state.get("steps", []), "tasks": tasks, "files_changed": state.get("files_changed", []),
            "answer": answer, "verify": state.get("verify"), "models_loaded": state.get("models_loaded", []),
            "timings": outcome["timings"], "peak_rss_mb": outcome["peak_rss_mb"], "error": state.get("error"),
            "budget_mb": budget_mb, "project": project_used(state),
        }))
    return code


def resumable(state: dict) -> bool:
    """A run that stopped after it was routed to real work; a request that could not be routed has nothing to resume."""
    return state.get("status") in ("interrupted", "failed") and bool(state.get("tasks")) and state.get("route") != "error"


def project_used(state: dict) -> dict | None:
    """The interpreter and test command the run's checks and tests used, and why (codey/workspace/project.py)."""
    return (state.get("result") or {}).get("project") or (state.get("verify") or {}).get("project")


def fast_path_applies(args) -> bool:
    """A plain one-shot request: read-only tool commands may skip the graph (see codey/app/fastpath.py)."""
    return bool(args.task) and (args.task != "-" or args.file is not None) and not (
        args.debug or args.thread_id or args.route_only or args.graph or args.undo or args.threads or args.resume)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from codey.app.ui import UI

    ui = UI(json_mode=args.json or args.route_only)
    try:
        sandbox.clean_stale()
        args.task = request_of(args)
        if fast_path_applies(args):
            from codey.app import fastpath

            outcome = fastpath.try_run(args.task, workspace_of(args), args.config, ui)
            if outcome:
                return report(outcome, outcome["budget_mb"], args, ui)
        settings = settings_of(args)
        if args.route_only:
            if not args.task:
                raise BadInput("--route-only needs a request, or '-' to read requests from stdin")
            return route_only(args, settings, ui)
        if args.graph:
            from codey.graph.graph import build

            print(build().get_graph().draw_mermaid())
            return 0
        workspace = workspace_of(args)
        if args.undo:
            from codey.workspace.undo import undo_last

            ui.info(undo_last(workspace, force=args.yes)["output"])
            if args.json:
                print(json.dumps({"status": "done"}))
            return 0
        if args.threads:
            return list_threads(workspace, args, ui)
        if args.resume:
            return run_task(None, workspace, settings, ui, args)
        if args.task is None:
            from codey.app.repl import repl

            return repl(workspace, settings, ui, args)
        return run_task(args.task, workspace, settings, ui, args)
    except CodeyError as e:
        ui.error(str(e))
        thread = e.details.get("thread_id")
        if thread:
            ui.info(f"saved; continue with: {invocation()} -C {args.workspace} --resume {thread}")
        if args.json:
            print(json.dumps({"status": e.status, "error": str(e), "exit_code": e.exit_code, "thread_id": thread}))
        return e.exit_code
    except KeyboardInterrupt:
        ui.error("interrupted")
        return 130
    except Exception as e:  # a bug in Codey: one line and where the traceback is, not the traceback
        from codey.workspace.secrets import redact

        log = crash_log()
        ui.error(f"internal error ({type(e).__name__}: {redact(str(e))[:200]}); the details are in {log}")
        if args.json:
            print(json.dumps({"status": "error", "error": f"internal error: {type(e).__name__}", "exit_code":
                              INTERNAL_ERROR, "log": str(log)}))
        return INTERNAL_ERROR


def crash_log() -> Path:
    """The current exception's traceback, secrets redacted, in Codey's cache folder."""
    import os
    import time
    import traceback

    from codey.workspace.secrets import redact

    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "codey" / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    log.write_text(f"codey {__version__} {' '.join(sys.argv[1:])}\n\n" + redact(traceback.format_exc()))
    return log


def run_task(task: str, workspace: str, settings, ui, args, models=None) -> int:
    from codey.app import runner
    from codey.graph.state import Context
    from codey.memory.lifecycle import Lifecycle
    from codey.search.budget import Budget

    own = models is None
    models = models or Lifecycle(settings, ui)
    ctx = Context(workspace=workspace, settings=settings, models=models, ui=ui, budget=Budget(settings.budget_s),
                  yes=args.yes, keep_models=not own)
    try:
        if task is None:
            outcome = runner.resume(args.resume, ctx, debug=args.debug)
        else:
            outcome = runner.run(task, ctx, thread_id=args.thread_id, debug=args.debug)
    finally:
        if own:
            models.close()
    return report(outcome, settings.memory_budget_mb, args, ui)


def list_threads(workspace: str, args, ui) -> int:
    from codey.app import runner

    found = runner.threads(workspace)
    if args.json:
        print(json.dumps({"threads": found}))
    for t in found:
        ui.info(f"{t['thread_id']}  {t['status']:<11} {t['steps_done']}/{t['steps_total']} steps  "
                f"{(t['updated'] or '')[:19]}  {t['request'][:60]}")
    if not found:
        ui.info("no saved runs in this workspace")
    return 0
