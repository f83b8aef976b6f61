"""The interactive prompt: one request per line, models stay resident between requests."""
from __future__ import annotations

from codey.memory.lifecycle import Lifecycle

HELP = "Type a request, or /help, /models, /exit."


def repl(workspace: str, settings, ui, args) -> int:
    from codey.cli import run_task

    models = Lifecycle(settings, ui)
    ui.info(f"Codey in {workspace}. {HELP}")
    try:
        while True:
            try:
                line = ui.console.input("> ").strip()
            except EOFError:
                break
            if not line:
                continue
            if line in ("/exit", "/quit"):
                break
            if line == "/help":
                ui.info(HELP)
            elif line == "/models":
                ui.info("\n".join(f"{role}: {m.path} (~{m.estimate.total_mb:.0f} MB)" for role, m in models.resident.items())
                        or "no models loaded")
            else:
                try:
                    run_task(line, workspace, settings, ui, args, models=models)
                except KeyboardInterrupt:
                    ui.info("cancelled")
    finally:
        models.close()
    return 0
