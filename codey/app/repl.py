"""The interactive prompt: one request per line (or per paste); models stay resident between requests until they
idle out."""
from __future__ import annotations

import select
import sys

from codey.app.errors import CodeyError
from codey.graph.checkpoint import codey_dir
from codey.memory.lifecycle import Lifecycle, rss_mb
from codey.workspace.secrets import redact

HELP = """Type a request, or:
  /threads      saved runs in this workspace
  /resume ID    continue a saved run
  /models       loaded models and RAM
  /undo         restore the files changed by the last step (/undo --yes even if they changed since)
  /exit         leave (Ctrl-D works too; Ctrl-C cancels the current request)"""


def _history(workspace: str) -> None:
    try:
        import atexit
        import readline
    except ImportError:
        return
    path = codey_dir(workspace) / "history"
    if path.exists():
        readline.read_history_file(path)
    atexit.register(save_history, readline, path)


def save_history(readline, path) -> None:
    """The prompt's history file, with the values of secret-looking environment variables redacted."""
    for i in range(readline.get_current_history_length()):
        line = readline.get_history_item(i + 1)
        if line and redact(line) != line:
            readline.replace_history_item(i, redact(line))
    readline.write_history_file(path)


def read_request() -> str:
    """One request; on a terminal, lines pasted together (a task description, a list of steps) stay one request."""
    lines = [input("> ")]
    while sys.stdin.isatty() and select.select([sys.stdin], [], [], 0.05)[0]:
        lines.append(input(""))
    return "\n".join(lines).strip()


def repl(workspace: str, settings, ui, args) -> int:
    from codey.app.cli import list_threads, run_task
    from codey.workspace.undo import undo_last

    models = Lifecycle(settings, ui)
    _history(workspace)
    ui.info(f"Codey in {workspace}. /help for commands.")
    try:
        while True:
            try:
                line = read_request()
            except EOFError:
                break
            except KeyboardInterrupt:
                print()
                continue
            for role in models.idle_roles(settings.idle_unload_s):
                models.unload(role)
            command, _, rest = line.partition(" ")
            try:
                if not line:
                    continue
                if command in ("/exit", "/quit"):
                    break
                if command == "/help":
                    ui.info(HELP)
                elif command == "/threads":
                    list_threads(workspace, args, ui)
                elif command == "/resume" and rest:
                    args.resume = rest.strip()
                    run_task(None, workspace, settings, ui, args, models=models)
                elif command == "/undo":
                    ui.info(undo_last(workspace, force=args.yes or rest.strip() == "--yes")["output"])
                elif command == "/models":
                    ui.info("\n".join(f"{role}: {m.path} (~{m.estimate.total_mb:.0f} MB)" for role, m in models.resident.items())
                            or "no models loaded")
                    ui.info(f"process RSS {rss_mb():.0f} MB of a {settings.memory_budget_mb} MB budget")
                elif command.startswith("/"):
                    ui.info(f"unknown command {command}; /help lists them")
                else:
                    run_task(line, workspace, settings, ui, args, models=models)
            except CodeyError as e:
                ui.error(str(e))
            except KeyboardInterrupt:
                ui.info("cancelled")
    finally:
        models.close()
    return 0
